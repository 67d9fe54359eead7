// A string-keyed, insert-only memo for many threads (shaped words, word
// breaks): a batch meets the same words in article after article. Split into
// shards with a lock each, so that threads seldom wait for one another.
// Values never move once inserted, so references to them stay valid as long
// as the cache lives.
#pragma once
#include <array>
#include <atomic>
#include <cstddef>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace satzwerk::text {

template <class Value>
class ConcurrentCache {
 public:
  // The value for key; make() computes it on a miss, outside the lock. Two
  // threads missing the same key at once both compute it and the first value
  // stored wins, so make() must give equal values for equal keys.
  template <class Make>
  const Value& get(std::string_view key, Make&& make) {
    const std::size_t h = Hash{}(key);
    Shard& s = shards_[h % kShards];
    {
      std::lock_guard lock(s.mutex);
      if (auto it = s.map.find(key); it != s.map.end()) return it->second;
    }
    Value v = make();
    std::lock_guard lock(s.mutex);
    auto [it, inserted] = s.map.try_emplace(std::string(key), std::move(v));
    if (inserted) size_.fetch_add(1, std::memory_order_relaxed);
    return it->second;
  }

  std::size_t size() const { return size_.load(std::memory_order_relaxed); }

 private:
  static constexpr std::size_t kShards = 32;
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  struct Shard {
    std::mutex mutex;
    std::unordered_map<std::string, Value, Hash, std::equal_to<>> map;
  };
  std::array<Shard, kShards> shards_;
  std::atomic<std::size_t> size_{0};
};

}  // namespace satzwerk::text
