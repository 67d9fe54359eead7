// German hyphenation (de.md section 7, rules H1–H12).
//
// Liang's pattern algorithm over the dehyph-exptl patterns (reformed spelling),
// plus what patterns alone cannot do safely (de.md 7a):
//   - a token filter (H10, H12) that refuses numbers, acronyms, URLs, …,
//   - an exception dictionary that overrides the patterns (H5, H8),
//   - a compound-joint classification for the line breaker's penalties (H9).
// Data files (data/hyphenation/): patterns-de.pat, exceptions-de.txt.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "text/concurrent_cache.h"

namespace satzwerk::text {

// Priority class of a break for the line breaker (H9: main joints get the
// lowest penalty, syllable breaks inside a member the highest).
enum class BreakKind : uint8_t {
  Syllable,       // inside a compound member (or a prefix boundary)
  CompoundJoint,  // between two members of a compound
  HardHyphen,     // right after an existing '-' (no extra hyphen is added, H10)
};

// A permitted line break inside a word. `offset` is the byte offset in the
// original UTF-8 token of the first letter that would begin the next line;
// soft hyphens and ZWNJs in front of that letter stay on the first line.
struct BreakPoint {
  uint32_t offset;
  BreakKind kind;
  friend bool operator==(const BreakPoint&, const BreakPoint&) = default;
};

// How an all-caps token is read (H10 vs C3).
enum class CapsReading : uint8_t {
  Acronym,  // default: ÖPNV, UNESCO, NÖGKK are never hyphenated (H10)
  Word,     // text set in capitals by a style: STRASSE → STRAS·SE (C3)
};

class Hyphenator {
 public:
  // Loads patterns-de.pat and exceptions-de.txt from `hyphenation_dir`
  // (data/hyphenation of the source tree). Throws std::runtime_error naming
  // the file and line when a file is missing or malformed.
  static Hyphenator load(const std::string& hyphenation_dir);

  // Permitted breaks of one token (no spaces; may carry punctuation or quotes
  // at its edges, hyphens, soft hyphens, ZWNJs), sorted by offset. Returns
  // nothing for tokens that must not be hyphenated (H10, H12). Results are
  // remembered per token (up to kMemoTokens of them): text repeats its words.
  std::vector<BreakPoint> breaks(std::string_view token,
                                 CapsReading caps = CapsReading::Acronym) const;
  static constexpr std::size_t kMemoTokens = 1 << 20;

  // The token with `marker` at every break: "Di·gi·ta·li·sie·rung". An
  // existing hyphen stays as it is ("Online-Werk·zeug"); soft hyphens are
  // shown only as the marker.
  std::string mark(std::string_view token, std::string_view marker = "\u00B7",
                   CapsReading caps = CapsReading::Acronym) const;

  Hyphenator(Hyphenator&&) noexcept;
  Hyphenator& operator=(Hyphenator&&) noexcept;
  ~Hyphenator();

  // Data that is immutable after load(); shared read-only by all threads.
  struct Tables;

 private:
  explicit Hyphenator(std::unique_ptr<const Tables> tables);
  std::vector<BreakPoint> compute_breaks(std::string_view token, CapsReading caps) const;
  std::unique_ptr<const Tables> tables_;
  // Thread-safe and invisible from outside: breaks() gives the same either way.
  std::unique_ptr<ConcurrentCache<std::vector<BreakPoint>>> memo_;
};

}  // namespace satzwerk::text
