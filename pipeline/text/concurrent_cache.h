// A string-keyed, insert-only memo for many threads (shaped words, word
// breaks): a batch meets the same words in article after article. Split into
// shards with a lock each, so that threads seldom wait for one another. Each
// shard finds its entries through a flat open-addressing index of (hash,
// entry) pairs: a lookup touches one index line and the entry itself, where a
// node-based map would chase a bucket and a list first, and lookups are most
// of the memo's time. Values never move once inserted, so references to them
// stay valid as long as the cache lives.
#pragma once
#include <algorithm>
#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace satzwerk::text {

template <class Value>
class ConcurrentCache {
 public:
  // The value for key; make() computes it on a miss, outside the lock. Two
  // threads missing the same key at once both compute it and the first value
  // stored wins, so make() must give equal values for equal keys.
  template <class Make>
  const Value& get(std::string_view key, Make&& make) {
    const std::uint64_t h = std::hash<std::string_view>{}(key);
    Shard& s = shards_[h % kShards];
    {
      std::lock_guard lock(s.mutex);
      if (const Entry* e = s.find(key, h)) return e->value;
    }
    Value v = make();
    std::lock_guard lock(s.mutex);
    if (const Entry* e = s.find(key, h)) return e->value;
    size_.fetch_add(1, std::memory_order_relaxed);
    return s.insert(key, h, std::move(v)).value;
  }

  std::size_t size() const { return size_.load(std::memory_order_relaxed); }

 private:
  static constexpr std::size_t kShards = 32;  // the hash's low 5 bits pick the shard
  struct Entry {
    std::string key;
    std::uint64_t hash;
    Value value;
  };
  struct Slot {
    std::uint64_t hash = 0;
    const Entry* entry = nullptr;  // nullptr: free
  };
  struct Shard {
    std::mutex mutex;
    std::vector<Slot> slots;     // power-of-two size, at most half full
    std::deque<Entry> entries;   // a deque never moves what it holds

    const Entry* find(std::string_view key, std::uint64_t h) const {
      if (slots.empty()) return nullptr;
      const std::size_t mask = slots.size() - 1;
      for (std::size_t i = (h / kShards) & mask;; i = (i + 1) & mask) {
        const Slot& slot = slots[i];
        if (!slot.entry) return nullptr;
        if (slot.hash == h && slot.entry->key == key) return slot.entry;
      }
    }
    const Entry& insert(std::string_view key, std::uint64_t h, Value&& v) {
      if (2 * (entries.size() + 1) > slots.size()) {
        slots.assign(std::max<std::size_t>(64, 2 * slots.size()), Slot{});
        for (const Entry& e : entries) place(e);
      }
      entries.push_back(Entry{std::string(key), h, std::move(v)});
      place(entries.back());
      return entries.back();
    }
    void place(const Entry& e) {
      const std::size_t mask = slots.size() - 1;
      std::size_t i = (e.hash / kShards) & mask;
      while (slots[i].entry) i = (i + 1) & mask;
      slots[i] = {e.hash, &e};
    }
  };
  std::array<Shard, kShards> shards_;
  std::atomic<std::size_t> size_{0};
};

}  // namespace satzwerk::text
