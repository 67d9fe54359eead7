#include "text/char_class.h"

#include <algorithm>
#include <iterator>

namespace satzwerk::text {
namespace {

struct CharRange {
  char32_t first;
  char32_t last;
};

#include "text/char_class_table.inc"

template <std::size_t N>
bool in_ranges(const CharRange (&table)[N], char32_t c) {
  // First range whose last >= c; c is inside it iff first <= c.
  const auto it = std::lower_bound(std::begin(table), std::end(table), c,
                                   [](const CharRange& r, char32_t v) { return r.last < v; });
  return it != std::end(table) && it->first <= c;
}

}  // namespace

// ASCII and Latin-1 (German text is almost entirely made of them) are
// answered without a table search.
bool is_letter(char32_t c) {
  if (c < 0x80) return (c | 0x20) >= U'a' && (c | 0x20) <= U'z';
  if (c < 0x100) return (c >= 0xC0 && c != 0xD7 && c != 0xF7) || c == 0xAA || c == 0xB5 || c == 0xBA;
  return in_ranges(kLetterRanges, c);
}

bool is_upper(char32_t c) {
  if (c < 0x80) return c >= U'A' && c <= U'Z';
  if (c < 0x100) return c >= 0xC0 && c <= 0xDE && c != 0xD7;
  return in_ranges(kUpperRanges, c);
}

bool is_decimal_digit(char32_t c) {
  if (c < 0x100) return is_ascii_digit(c);
  return in_ranges(kDigitRanges, c);
}

}  // namespace satzwerk::text
