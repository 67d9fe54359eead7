#include "text/unicode_nfc.h"

#include <algorithm>
#include <cstdint>
#include <iterator>

namespace satzwerk::text {
namespace {

struct CombiningClassRange {
  char32_t first;
  char32_t last;
  std::uint8_t combining_class;
};
struct CodePointRange {
  char32_t first;
  char32_t last;
};
struct Decomposition {
  char32_t code_point;
  std::uint16_t offset;  // into kDecompositionPool
  std::uint8_t length;
};
struct Composition {
  char32_t first;
  char32_t second;
  char32_t composite;
};

#include "text/nfc_table.inc"

// Hangul syllables compose and decompose arithmetically (Unicode ch. 3.12).
constexpr char32_t kHangulSBase = 0xAC00, kHangulLBase = 0x1100, kHangulVBase = 0x1161,
                   kHangulTBase = 0x11A7;
constexpr char32_t kHangulLCount = 19, kHangulVCount = 21, kHangulTCount = 28;
constexpr char32_t kHangulNCount = kHangulVCount * kHangulTCount;
constexpr char32_t kHangulSCount = kHangulLCount * kHangulNCount;

bool is_hangul_syllable(char32_t c) { return c >= kHangulSBase && c < kHangulSBase + kHangulSCount; }

template <typename Range, std::size_t N>
const Range* find_range(const Range (&table)[N], char32_t c) {
  const auto it = std::lower_bound(std::begin(table), std::end(table), c,
                                   [](const Range& r, char32_t v) { return r.last < v; });
  return (it != std::end(table) && it->first <= c) ? it : nullptr;
}

// True for characters that NFC may change or that may combine with what
// precedes them; everything else is copied through untouched.
bool is_unstable(char32_t c) { return c >= kFirstUnstable && find_range(kUnstable, c) != nullptr; }

std::uint8_t combining_class(char32_t c) {
  if (c < 0x300) return 0;
  const auto* r = find_range(kCombiningClasses, c);
  return r ? r->combining_class : 0;
}

void append_decomposed(char32_t c, std::u32string& out) {
  if (c < 0xC0) {  // nothing below À decomposes canonically
    out.push_back(c);
    return;
  }
  if (is_hangul_syllable(c)) {
    const char32_t s = c - kHangulSBase;
    out.push_back(kHangulLBase + s / kHangulNCount);
    out.push_back(kHangulVBase + (s % kHangulNCount) / kHangulTCount);
    if (s % kHangulTCount != 0) out.push_back(kHangulTBase + s % kHangulTCount);
    return;
  }
  const auto it = std::lower_bound(std::begin(kDecompositions), std::end(kDecompositions), c,
                                   [](const Decomposition& d, char32_t v) { return d.code_point < v; });
  if (it == std::end(kDecompositions) || it->code_point != c) {
    out.push_back(c);
    return;
  }
  out.append(kDecompositionPool + it->offset, it->length);
}

// Canonical ordering: stable sort of every run of non-starters by class.
// Runs are a handful of marks, so insertion sort is the right tool.
void reorder_marks(std::u32string& s) {
  for (std::size_t i = 1; i < s.size(); ++i) {
    const std::uint8_t cc = combining_class(s[i]);
    if (cc == 0) continue;
    std::size_t j = i;
    while (j > 0) {
      const std::uint8_t prev = combining_class(s[j - 1]);
      if (prev == 0 || prev <= cc) break;
      std::swap(s[j - 1], s[j]);
      --j;
    }
  }
}

// Primary composite of a starter and a following character, or 0.
char32_t compose_pair(char32_t a, char32_t b) {
  if (a >= kHangulLBase && a < kHangulLBase + kHangulLCount && b >= kHangulVBase &&
      b < kHangulVBase + kHangulVCount) {
    return kHangulSBase + ((a - kHangulLBase) * kHangulVCount + (b - kHangulVBase)) * kHangulTCount;
  }
  if (is_hangul_syllable(a) && (a - kHangulSBase) % kHangulTCount == 0 && b > kHangulTBase &&
      b < kHangulTBase + kHangulTCount) {
    return a + (b - kHangulTBase);
  }
  const auto it = std::lower_bound(
      std::begin(kCompositions), std::end(kCompositions), std::pair{a, b},
      [](const Composition& c, const std::pair<char32_t, char32_t>& v) {
        return c.first != v.first ? c.first < v.first : c.second < v.second;
      });
  return (it != std::end(kCompositions) && it->first == a && it->second == b) ? it->composite : 0;
}

// Canonical composition of a decomposed, reordered sequence (UAX #15):
// a character joins the last starter unless a mark of equal or higher class
// stands between them ("blocked").
void compose(const std::u32string& decomposed, std::u32string& out) {
  constexpr std::size_t kNoStarter = static_cast<std::size_t>(-1);
  std::size_t starter = kNoStarter;
  int last_class = -1;
  for (const char32_t c : decomposed) {
    const int cc = combining_class(c);
    if (starter != kNoStarter && (last_class < cc || last_class == 0)) {
      if (const char32_t composite = compose_pair(out[starter], c); composite != 0) {
        out[starter] = composite;
        continue;
      }
    }
    if (cc == 0) starter = out.size();
    last_class = cc;
    out.push_back(c);
  }
}

}  // namespace

std::u32string to_nfc(std::u32string_view text) {
  const auto unstable = [](char32_t c) { return is_unstable(c); };
  auto next_unstable = std::find_if(text.begin(), text.end(), unstable);
  if (next_unstable == text.end()) return std::u32string(text);

  std::u32string out;
  out.reserve(text.size());
  std::u32string scratch;
  std::size_t done = 0;  // text[0, done) has been written to out
  while (next_unstable != text.end()) {
    std::size_t u = static_cast<std::size_t>(next_unstable - text.begin());
    // A segment runs from the last stable character before the unstable run
    // (it may be the starter the marks belong to) to the next stable one; a
    // stable character never composes with anything before it, so segments
    // can be normalised independently.
    const std::size_t begin = u > done ? u - 1 : done;
    std::size_t end = u;
    while (end < text.size() && is_unstable(text[end])) ++end;
    out.append(text.substr(done, begin - done));
    scratch.clear();
    for (std::size_t k = begin; k < end; ++k) append_decomposed(text[k], scratch);
    reorder_marks(scratch);
    compose(scratch, out);
    done = end;
    next_unstable = std::find_if(text.begin() + static_cast<std::ptrdiff_t>(end), text.end(), unstable);
  }
  out.append(text.substr(done));
  return out;
}

}  // namespace satzwerk::text
