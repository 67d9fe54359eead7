#include <doctest/doctest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "text/concurrent_cache.h"

using satzwerk::text::ConcurrentCache;

TEST_CASE("a concurrent cache computes a value on a miss and returns the stored one afterwards") {
  ConcurrentCache<std::string> cache;
  int made = 0;
  auto make = [&] {
    ++made;
    return std::string("wert");
  };
  const std::string& a = cache.get("schlüssel", make);
  const std::string& b = cache.get("schlüssel", make);
  CHECK(a == "wert");
  CHECK(&a == &b);  // the same stored value, not a copy
  CHECK(made == 1);
  CHECK(cache.size() == 1);
  // Keys are bytes: an embedded NUL and a prefix are different keys.
  cache.get(std::string_view("schl\0", 5), make);
  cache.get("schl", make);
  CHECK(cache.size() == 3);
}

TEST_CASE("threads asking for the same keys all see one value per key") {
  ConcurrentCache<std::vector<int>> cache;
  std::atomic<int> made{0};
  constexpr int kKeys = 500;
  std::vector<std::thread> threads;
  std::vector<std::vector<const std::vector<int>*>> seen(4, std::vector<const std::vector<int>*>(kKeys));
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&, t] {
      for (int k = 0; k < kKeys; ++k) {
        const int key = (k * 7 + t * 13) % kKeys;
        seen[t][key] = &cache.get("k" + std::to_string(key), [&] {
          ++made;
          return std::vector<int>{key, key * 2};
        });
      }
    });
  for (auto& th : threads) th.join();
  CHECK(cache.size() == kKeys);
  CHECK(made >= kKeys);  // a key two threads missed at once is made twice, stored once
  for (int k = 0; k < kKeys; ++k) {
    for (int t = 1; t < 4; ++t) CHECK(seen[t][k] == seen[0][k]);
    CHECK(*seen[0][k] == std::vector<int>{k, 2 * k});
  }
}
