// German typographic normalisation; rule IDs refer to typography/de.md.
//
// Design: the text is decoded once into code points (NFC), every code point
// carries a "locked" flag for the protected spans of N0, and the rules run as
// a few linear passes in the order of N3. A pass either rewrites characters
// one-for-one in place (quotes) or collects non-overlapping edits that are
// applied in one rebuild (ellipsis, dashes, spaces). Rules never look across
// a line break and never change a locked character.

#include "text/normalize.h"

#include "text/char_class.h"
#include "text/unicode_nfc.h"
#include "text/utf8.h"

#include <algorithm>
#include <cstdint>
#include <vector>

namespace satzwerk::text {
namespace {

// ---------------------------------------------------------------------------
// Characters

constexpr char32_t kNbsp = U'\u00A0';        // unbreakable word space (S3, S6, E1)
constexpr char32_t kNnbsp = U'\u202F';       // Festabstand (S1, S2, S4, S5, S8, S9, S10)
constexpr char32_t kEnDash = U'\u2013';
constexpr char32_t kEmDash = U'\u2014';
constexpr char32_t kMinus = U'\u2212';
constexpr char32_t kEllipsis = U'\u2026';
constexpr char32_t kApostrophe = U'\u2019';  // A1
constexpr char32_t kSharpS = U'\u00DF';

constexpr std::u32string_view kNbspText = U"\u00A0";
constexpr std::u32string_view kNnbspText = U"\u202F";
constexpr std::u32string_view kEnDashText = U"\u2013";
constexpr std::u32string_view kMinusText = U"\u2212";
constexpr std::u32string_view kEllipsisText = U"\u2026";
constexpr std::u32string_view kTimesText = U"\u00D7";
constexpr std::u32string_view kDoubleSText = U"SS";

// Horizontal white space, including the special spaces this code produces
// (N1: rules accept their own output as input).
bool is_space(char32_t c) {
  if (c < 0xA0) return c == U' ' || c == U'\t';
  return c == kNbsp || c == kNnbsp || (c >= 0x2000 && c <= 0x200A) || c == 0x205F || c == 0x3000 ||
         c == 0x1680;
}

bool is_line_break(char32_t c) {
  return (c >= U'\n' && c <= U'\r') || c == 0x85 || c == 0x2028 || c == 0x2029;
}

// 0 is what Buffer returns outside the text: it behaves like a line break.
bool is_line_edge(char32_t c) { return c == 0 || is_line_break(c); }

bool is_blank_or_edge(char32_t c) { return is_space(c) || is_line_edge(c); }

// ---------------------------------------------------------------------------
// The text under normalisation

struct Buffer {
  std::u32string chars;
  std::vector<std::uint8_t> locked;  // 1 = inside a protected span (N0)

  std::size_t size() const { return chars.size(); }
  // Out-of-range reads give 0 so that context checks need no bounds tests.
  char32_t at(std::size_t i) const { return i < chars.size() ? chars[i] : 0; }
  char32_t before(std::size_t i, std::size_t k = 1) const { return i >= k ? chars[i - k] : 0; }
  bool is_free(std::size_t i) const { return i < chars.size() && locked[i] == 0; }

  // True if s occurs at i and none of its characters is protected.
  bool matches(std::size_t i, std::u32string_view s) const {
    if (i > chars.size() || chars.size() - i < s.size()) return false;
    for (std::size_t k = 0; k < s.size(); ++k) {
      if (chars[i + k] != s[k] || locked[i + k] != 0) return false;
    }
    return true;
  }

  std::size_t skip_spaces(std::size_t i) const {
    while (i < chars.size() && is_space(chars[i])) ++i;
    return i;
  }
  std::size_t skip_spaces_back(std::size_t i) const {
    while (i > 0 && is_space(chars[i - 1])) --i;
    return i;
  }
  std::size_t skip_digits(std::size_t i) const {
    while (i < chars.size() && is_ascii_digit(chars[i])) ++i;
    return i;
  }
  std::size_t skip_digits_back(std::size_t i) const {
    while (i > 0 && is_ascii_digit(chars[i - 1])) --i;
    return i;
  }
};

// A replacement of [begin, end) (empty range = insertion).
struct Edit {
  std::size_t begin;
  std::size_t end;
  std::u32string_view replacement;  // always a static literal
};

class Edits {
 public:
  void replace(std::size_t begin, std::size_t end, std::u32string_view text) {
    list_.push_back({begin, end, text});
  }
  void insert(std::size_t at, std::u32string_view text) { replace(at, at, text); }

  // Turns the white-space run [begin, end) – possibly empty – into exactly
  // one special space. Several rules share it; a run that is already that
  // space is left alone.
  void join(const Buffer& b, std::size_t begin, std::size_t end, char32_t space) {
    if (end == begin + 1 && b.chars[begin] == space) return;
    replace(begin, end, space == kNbsp ? kNbspText : kNnbspText);
  }

  // Applies all edits in one rebuild. Where two rules claim overlapping text
  // the earlier edit wins (identical duplicates are common, e.g. S1 and S8 on
  // "Z. B.").
  void apply_to(Buffer& b) {
    if (list_.empty()) return;
    std::stable_sort(list_.begin(), list_.end(), [](const Edit& x, const Edit& y) {
      return x.begin != y.begin ? x.begin < y.begin : x.end < y.end;
    });
    Buffer out;
    out.chars.reserve(b.size() + list_.size());
    out.locked.reserve(b.size() + list_.size());
    std::size_t copied = 0;
    std::size_t last_insertion = static_cast<std::size_t>(-1);
    for (const Edit& e : list_) {
      if (e.begin < copied) continue;
      if (e.begin == e.end) {
        if (e.begin == last_insertion) continue;
        last_insertion = e.begin;
      }
      out.chars.append(b.chars, copied, e.begin - copied);
      out.locked.insert(out.locked.end(), b.locked.begin() + static_cast<std::ptrdiff_t>(copied),
                        b.locked.begin() + static_cast<std::ptrdiff_t>(e.begin));
      out.chars.append(e.replacement);
      out.locked.insert(out.locked.end(), e.replacement.size(), 0);
      copied = e.end;
    }
    out.chars.append(b.chars, copied);
    out.locked.insert(out.locked.end(), b.locked.begin() + static_cast<std::ptrdiff_t>(copied),
                      b.locked.end());
    b = std::move(out);
    list_.clear();
  }

 private:
  std::vector<Edit> list_;
};

// Case-insensitive ASCII prefix test (URL schemes).
bool starts_with_ascii_ci(std::u32string_view s, std::u32string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    char32_t c = s[i];
    if (c >= U'A' && c <= U'Z') c += U'a' - U'A';
    if (c != prefix[i]) return false;
  }
  return true;
}

template <typename Range>
bool contains(const Range& range, std::u32string_view word) {
  return std::find(std::begin(range), std::end(range), word) != std::end(range);
}

// ---------------------------------------------------------------------------
// Word lists shared by several rules

// S2: unit symbols and abbreviations after a number (single letters that
// are often not units – s d A N J K – are left out on purpose).
constexpr std::u32string_view kUnitSymbols[] = {
    U"%",  U"‰",   U"€",   U"$",   U"£",   U"¥",    U"EUR", U"USD", U"CHF", U"GBP", U"mm",  U"cm",
    U"dm", U"m",   U"km",  U"m²",  U"m³",  U"km²",  U"ha",  U"g",   U"kg",  U"t",   U"mg",  U"µg",
    U"μg", U"l",   U"ml",  U"hl",  U"min", U"h",    U"ms",  U"µs",  U"μs",  U"Hz",  U"kHz", U"MHz",
    U"GHz", U"W",  U"kW",  U"MW",  U"GW",  U"kWh",  U"MWh", U"V",   U"Pa",  U"bar", U"°C",  U"°F",
    U"dB", U"kB",  U"MB",  U"GB",  U"TB",  U"PS",   U"km/h", U"m/s", U"Mio.", U"Mrd.", U"Tsd."};

// A token ends after a unit or name when no letter or digit follows.
bool ends_token(const Buffer& b, std::size_t end) { return !is_alnum(b.at(end)); }

// Length of the longest entry of `list` at i that forms a whole token, or 0.
template <typename List>
std::size_t match_token(const Buffer& b, std::size_t i, const List& list, bool allow_hyphen_after) {
  std::size_t best = 0;
  for (const std::u32string_view entry : list) {
    if (entry.size() > best && b.matches(i, entry) && ends_token(b, i + entry.size()) &&
        (allow_hyphen_after || b.at(i + entry.size()) != U'-')) {
      best = entry.size();
    }
  }
  return best;
}

// S2: a unit symbol glued to the number ("10%", "5km") that the spacing
// rules will separate. D2 must treat it like the space it becomes (N1).
bool is_glued_unit(const Buffer& b, std::size_t i) { return match_token(b, i, kUnitSymbols, false) != 0; }

// ---------------------------------------------------------------------------
// N0 – protected spans

// Punctuation around a token that belongs to the sentence, not to the span
// ("siehe www.allinrechner.at." – the final period stays outside). Both sets
// hold the ASCII marks and what the rules turn them into (’ …), so that a
// span is found again in normalised text (N1).
bool is_leading_punctuation(char32_t c) {
  return std::u32string_view(U"\"'([„‚»«‹›“‘’…").find(c) != std::u32string_view::npos;
}
bool is_trailing_punctuation(char32_t c) {
  return std::u32string_view(U".,;:!?)]\"'»«“‘’›‹…").find(c) != std::u32string_view::npos;
}

bool is_url(std::u32string_view t) {
  return starts_with_ascii_ci(t, U"http://") || starts_with_ascii_ci(t, U"https://") ||
         starts_with_ascii_ci(t, U"ftp://") || starts_with_ascii_ci(t, U"www.");
}

// A host name with a path but no scheme ("pic.twitter.com/x", "t.co/x"):
// dot-separated labels, an alphabetic top-level label, then '/'.
bool is_bare_domain_path(std::u32string_view t) {
  const std::size_t slash = t.find(U'/');
  if (slash == std::u32string_view::npos || slash + 1 >= t.size()) return false;
  const std::u32string_view host = t.substr(0, slash);
  const std::size_t last_dot = host.rfind(U'.');
  if (last_dot == std::u32string_view::npos || last_dot == 0) return false;
  const std::u32string_view tld = host.substr(last_dot + 1);
  if (tld.size() < 2 || !std::all_of(tld.begin(), tld.end(), [](char32_t c) {
        return c < 0x80 && is_letter(c);
      })) {
    return false;
  }
  bool label_empty = true;
  for (const char32_t c : host) {
    if (c == U'.') {
      if (label_empty) return false;
      label_empty = true;
    } else if (c < 0x80 && (is_alnum(c) || c == U'-')) {
      label_empty = false;
    } else {
      return false;
    }
  }
  return true;
}

bool is_email(std::u32string_view t) {
  const std::size_t at = t.find(U'@');
  if (at == 0 || at == std::u32string_view::npos) return false;
  const std::size_t dot = t.find(U'.', at + 2);
  return dot != std::u32string_view::npos && dot + 1 < t.size() && is_alnum(t.back());
}

bool is_handle_or_hashtag(std::u32string_view t) {
  return t.size() >= 2 && (t[0] == U'@' || t[0] == U'#') && (is_alnum(t[1]) || t[1] == U'_');
}

bool is_file_path(std::u32string_view t) {
  if (t.size() >= 3 && t[0] == U'/' && is_alnum(t[1]) && t.find(U'/', 2) != std::u32string_view::npos) {
    return true;
  }
  if (t.starts_with(U"~/") || t.starts_with(U"./") || t.starts_with(U"../") || t.starts_with(U"\\\\")) {
    return t.size() > 3;
  }
  return t.size() >= 3 && t[0] < 0x80 && is_letter(t[0]) && t[1] == U':' && t[2] == U'\\';
}

// "a letter or digit directly followed by one of + = < > { } \ _" (C++, a<b, foo_bar).
bool is_code_like(std::u32string_view t) {
  constexpr std::u32string_view kCodeMarks = U"+=<>{}\\_";
  for (std::size_t i = 1; i < t.size(); ++i) {
    if (kCodeMarks.find(t[i]) != std::u32string_view::npos && is_alnum(t[i - 1])) return true;
  }
  return false;
}

// Every kind of protected span contains one of these characters, so most
// words are rejected while the token is scanned.
bool is_span_mark(char32_t c) {
  switch (c) {
    case U'@': case U'#': case U'/': case U'\\': case U'.': case U'+': case U'=':
    case U'<': case U'>': case U'{': case U'}': case U'_': case U'~':
      return true;
    default:
      return false;
  }
}

bool is_protected_token(std::u32string_view t) {
  return is_url(t) || is_email(t) || is_handle_or_hashtag(t) || is_file_path(t) ||
         is_bare_domain_path(t) || is_code_like(t);
}

void lock_protected_spans(Buffer& b) {
  b.locked.assign(b.size(), 0);
  const std::size_t n = b.size();
  std::size_t i = 0;
  while (i < n) {
    while (i < n && is_blank_or_edge(b.chars[i])) ++i;
    std::size_t begin = i;
    bool has_mark = false;
    for (; i < n && !is_blank_or_edge(b.chars[i]); ++i) has_mark = has_mark || is_span_mark(b.chars[i]);
    if (!has_mark) continue;
    std::size_t end = i;
    while (begin < end && is_leading_punctuation(b.chars[begin])) ++begin;
    while (end > begin && is_trailing_punctuation(b.chars[end - 1])) --end;
    if (begin < end && is_protected_token(std::u32string_view(b.chars).substr(begin, end - begin))) {
      std::fill(b.locked.begin() + static_cast<std::ptrdiff_t>(begin),
                b.locked.begin() + static_cast<std::ptrdiff_t>(end), 1);
    }
  }
}

// ---------------------------------------------------------------------------
// E1 – ellipsis

// Length of the period group at i that E1 turns into '…' (0 if none):
// exactly three periods, four at a sentence end ([decision] the ellipsis
// absorbs the period), or three periods separated by single spaces.
std::size_t ellipsis_length(const Buffer& b, std::size_t i) {
  if (b.before(i) == U'.') return 0;
  std::size_t run = 0;
  while (b.at(i + run) == U'.') ++run;
  if (run == 3 || run == 4) return b.matches(i, std::u32string_view(U"....").substr(0, run)) ? run : 0;
  if (run != 1) return 0;
  const bool spaced = is_space(b.at(i + 1)) && b.at(i + 2) == U'.' && is_space(b.at(i + 3)) &&
                      b.at(i + 4) == U'.' && b.at(i + 5) != U'.' &&
                      !(is_space(b.at(i + 5)) && b.at(i + 6) == U'.') &&
                      !(is_space(b.before(i)) && b.before(i, 2) == U'.');
  return spaced && b.is_free(i) && b.is_free(i + 2) && b.is_free(i + 4) ? 5 : 0;
}

// E1 [decision]: a space between a word and '…' becomes NBSP so the
// ellipsis never starts a line; after ':' '(' or at line start it stays.
void bind_ellipsis(const Buffer& b, std::size_t ellipsis, Edits& edits) {
  const std::size_t gap = b.skip_spaces_back(ellipsis);
  if (gap < ellipsis && is_alnum(b.before(gap))) edits.join(b, gap, ellipsis, kNbsp);
}

void apply_ellipsis_rule(Buffer& b) {
  Edits edits;
  for (std::size_t i = 0; i < b.size(); ++i) {
    if (b.chars[i] == kEllipsis && b.is_free(i)) {
      bind_ellipsis(b, i, edits);
    } else if (b.chars[i] == U'.') {
      if (const std::size_t n = ellipsis_length(b, i); n != 0) {
        bind_ellipsis(b, i, edits);
        edits.replace(i, i + n, kEllipsisText);
        i += n - 1;
      }
    }
  }
  edits.apply_to(b);
}

// ---------------------------------------------------------------------------
// D1–D5 – dashes, ranges, minus

// D2/D4: a phone number keeps its hyphens ("Tel. 06151 123-456"). True if
// the token before the white space preceding `start` is a phone keyword or a
// digit group with a leading zero (an area code).
bool follows_phone_context(const Buffer& b, std::size_t start) {
  const std::size_t token_end = b.skip_spaces_back(start);
  if (token_end == start) return false;
  std::size_t token_begin = token_end;
  while (token_begin > 0 && !is_blank_or_edge(b.chars[token_begin - 1])) --token_begin;
  std::u32string_view token = std::u32string_view(b.chars).substr(token_begin, token_end - token_begin);
  if (token.ends_with(U':')) token.remove_suffix(1);
  constexpr std::u32string_view kPhoneWords[] = {U"Tel.", U"Tel", U"Telefon", U"Fax", U"Durchwahl"};
  if (contains(kPhoneWords, token)) return true;
  return token.size() >= 2 && token[0] == U'0' &&
         std::all_of(token.begin(), token.end(), [](char32_t c) { return is_ascii_digit(c); });
}

bool is_decimal_separator(char32_t c) { return c == U'.' || c == U','; }

// A neighbouring '-' may already have become – or − in this pass.
bool is_hyphen_or_dash(char32_t c) { return c == U'-' || c == kEnDash || c == kMinus; }

// D2: a numeric group is digits with at most one inner '.'/',' (1,5 · 1.080 ·
// 19.30) and an optional ordinal period (1.). Neither group may touch a
// letter, digit, '/', '-' or another separator, so dates, phone numbers and
// model numbers (2019-08-29, 0800-810-013, x3-8300, A1-3, 49-3a) never match.
bool is_range_hyphen(const Buffer& b, std::size_t hyphen) {
  std::size_t left = hyphen;
  if (b.before(left) == U'.') --left;  // ordinal "1.-3."
  std::size_t start = b.skip_digits_back(left);
  if (start == left) return false;
  if (is_decimal_separator(b.before(start)) && is_ascii_digit(b.before(start, 2))) {
    start = b.skip_digits_back(start - 1);
  }
  const char32_t before = b.before(start);
  if (is_alnum(before) || before == U'/' || is_hyphen_or_dash(before) || is_decimal_separator(before)) {
    return false;
  }
  // Leading zero: phone numbers and area codes. "0,5-1" is still a range.
  if (b.chars[start] == U'0' && is_ascii_digit(b.at(start + 1))) return false;

  std::size_t end = b.skip_digits(hyphen + 1);
  if (end == hyphen + 1) return false;
  if (is_decimal_separator(b.at(end)) && is_ascii_digit(b.at(end + 1))) end = b.skip_digits(end + 1);
  if (b.at(end) == U'.' && !is_ascii_digit(b.at(end + 1))) ++end;
  const char32_t after = b.at(end);
  if ((is_alnum(after) && !is_glued_unit(b, end)) || after == U'/' || is_hyphen_or_dash(after)) return false;
  if (is_decimal_separator(after) && is_ascii_digit(b.at(end + 1))) return false;

  for (std::size_t k = start; k < end; ++k) {
    if (!b.is_free(k)) return false;
  }
  return !follows_phone_context(b, start);
}

void apply_dash_rules(Buffer& b) {
  Edits edits;
  for (std::size_t i = 0; i < b.size(); ++i) {
    if (b.chars[i] != U'-' || !b.is_free(i)) continue;
    const char32_t prev = b.before(i);
    const char32_t next = b.at(i + 1);
    // D1: " - " and " -- " are a Gedankenstrich with normal spaces.
    if (is_space(prev) && is_space(next)) {
      edits.replace(i, i + 1, kEnDashText);
    } else if (is_space(prev) && next == U'-' && b.is_free(i + 1) && is_space(b.at(i + 2))) {
      edits.replace(i, i + 2, kEnDashText);
      ++i;
    } else if (is_ascii_digit(next) && (is_blank_or_edge(prev) || prev == U'(' || prev == U'[' ||
                                        prev == U'/')) {
      // D4: minus sign before a number.
      if (!follows_phone_context(b, i)) edits.replace(i, i + 1, kMinusText);
    } else if ((is_ascii_digit(prev) || prev == U'.') && is_ascii_digit(next) && is_range_hyphen(b, i)) {
      // D2: bis-strich without spaces.
      edits.replace(i, i + 1, kEnDashText);
    }
    // D3, D5, D6: every other hyphen and dash stays as written.
  }
  edits.apply_to(b);
}

// ---------------------------------------------------------------------------
// Q1–Q6, A1–A4 – quotation marks and apostrophes

struct QuoteMarks {
  char32_t open_double, close_double, open_single, close_single;
};

QuoteMarks marks_for(QuoteStyle style) {
  switch (style) {
    case QuoteStyle::Guillemets: return {U'»', U'«', U'›', U'‹'};  // Q4
    case QuoteStyle::Swiss: return {U'«', U'»', U'‹', U'›'};
    case QuoteStyle::German: break;
  }
  return {U'„', U'“', U'‚', U'‘'};  // Q1, Q3
}

// A2: elided forms after a word-initial apostrophe ('s, 'n, 'raus …).
bool is_known_elision(const Buffer& b, std::size_t word) {
  std::size_t end = word;
  while (end < b.size() && is_letter(b.chars[end])) ++end;
  constexpr std::u32string_view kElisions[] = {U"s",    U"n",    U"ne",   U"nen",   U"nem",
                                               U"ner",  U"nauf", U"naus", U"raus",  U"rein",
                                               U"rum",  U"ran",  U"runter"};
  return end > word && contains(kElisions, std::u32string_view(b.chars).substr(word, end - word));
}

class QuoteConverter {
 public:
  QuoteConverter(Buffer& b, QuoteStyle style) : b_(b), marks_(marks_for(style)) {}

  void run() {
    start_line(0);
    for (std::size_t i = 0; i < b_.size(); ++i) {
      const char32_t c = b_.chars[i];
      if (is_line_break(c)) {
        start_line(i + 1);
        continue;
      }
      // Only quote-like characters matter; letters and most ASCII are skipped.
      if ((c < 0x80 && c != U'"' && c != U'\'' && c != U'`') || !b_.is_free(i)) continue;
      switch (c) {
        case U'"': convert_double(i); break;
        case U'\'': convert_single(i); break;
        case U'´':
        case U'`':
        case U'‘':
          // A1: never an acute, grave or ‘ as apostrophe inside a word.
          if (is_alnum(b_.before(i)) && is_alnum(b_.at(i + 1))) {
            b_.chars[i] = kApostrophe;
          } else {
            track_typographic_mark(c);
          }
          break;
        default: track_typographic_mark(c); break;
      }
    }
  }

 private:
  // Quote state never crosses a line (Q2 "unbalanced line"). Q2a needs to
  // know the last "'" of the line that could close a single quote.
  void start_line(std::size_t begin) {
    double_open_ = false;
    single_open_ = false;
    last_single_closer_ = kNone;
    for (std::size_t k = begin; k < b_.size() && !is_line_break(b_.chars[k]); ++k) {
      if (b_.chars[k] == U'\'' && b_.is_free(k) && !is_letter(b_.at(k + 1))) last_single_closer_ = k;
    }
  }

  // Marks already in the input keep the state right (N1).
  void track_typographic_mark(char32_t c) {
    if (c == U'„' || c == marks_.open_double) {
      double_open_ = true;
    } else if (c == U'“' || c == marks_.close_double) {
      double_open_ = false;
      single_open_ = false;
    } else if (c == U'‚' || c == marks_.open_single) {
      single_open_ = true;
    } else if (c == marks_.close_single) {
      single_open_ = false;
    }
  }

  // Q2: start of line, after white space, an opening bracket, a dash
  // (– — or '-' after a space), a slash or another opening mark.
  bool is_opening_position(std::size_t i) const {
    const char32_t p = b_.before(i);
    if (is_blank_or_edge(p)) return true;
    if (p == U'(' || p == U'[' || p == U'{' || p == U'/' || p == kEnDash || p == kEmDash) return true;
    if (p == U'-') return is_blank_or_edge(b_.before(i, 2));
    // "…"Zitat"": an ellipsis before a word-initial mark opens (refinement of Q2).
    if (p == kEllipsis) return is_alnum(b_.at(i + 1));
    return p == U'„' || p == U'‚' || p == marks_.open_double || p == marks_.open_single;
  }

  void convert_double(std::size_t i) {
    const char32_t next = b_.at(i + 1);
    // A mark standing free between a space and the end of the phrase closes an
    // open quote ("… versperren. " Der …"); refinement of Q2, no de.md example
    // contradicts it.
    const bool free_standing =
        is_blank_or_edge(next) || std::u32string_view(U".,;:!?").find(next) != std::u32string_view::npos;
    if (is_opening_position(i) && !(double_open_ && free_standing)) {
      b_.chars[i] = marks_.open_double;
      double_open_ = true;
      return;
    }
    // Q6 [decision]: after a digit with no quote open it is an inch sign (24").
    if (is_ascii_digit(b_.before(i)) && !double_open_) return;
    b_.chars[i] = marks_.close_double;
    double_open_ = false;
    single_open_ = false;
  }

  // Q2a decision order.
  void convert_single(std::size_t i) {
    if (is_alnum(b_.before(i)) && is_alnum(b_.at(i + 1))) {  // (1) geht's, O'Brien (A1, A4)
      b_.chars[i] = kApostrophe;
    } else if (is_opening_position(i)) {                   // (2)
      const bool elision = is_ascii_digit(b_.at(i + 1)) || is_known_elision(b_, i + 1);  // A2
      const bool can_close = last_single_closer_ != kNone && last_single_closer_ > i;   // Q3
      if (!elision && can_close) {
        b_.chars[i] = marks_.open_single;
        single_open_ = true;
      } else {
        b_.chars[i] = kApostrophe;
      }
    } else if (single_open_) {                             // (3)
      b_.chars[i] = marks_.close_single;
      single_open_ = false;
    } else {
      b_.chars[i] = kApostrophe;                           // Hans' (A1)
    }
  }

  static constexpr std::size_t kNone = static_cast<std::size_t>(-1);
  Buffer& b_;
  QuoteMarks marks_;
  bool double_open_ = false;
  bool single_open_ = false;
  std::size_t last_single_closer_ = kNone;
};

// ---------------------------------------------------------------------------
// S1–S10 – spaces

// S1: closed list; '.' marks the end of a part, parts may be separated by
// zero or more spaces in the input.
constexpr std::u32string_view kMultiPartAbbreviations[] = {
    U"z.B.", U"Z.B.", U"d.h.",   U"D.h.",   U"u.a.",   U"U.a.",   U"o.Ä.",  U"o.ä.",
    U"u.Ä.", U"u.ä.", U"u.U.",   U"z.T.",   U"Z.T.",   U"v.a.",   U"s.o.",  U"s.u.",
    U"m.E.", U"u.E.", U"i.d.R.", U"i.A.",   U"i.V.",   U"u.v.m.", U"u.dgl.", U"a.D.",
    U"e.V.", U"n.Chr.", U"v.Chr.", U"v.u.Z.", U"z.Hd.", U"z.Zt.", U"u.Z."};

// S2: currency symbols and codes that may also stand before the number.
constexpr std::u32string_view kCurrencies[] = {U"€",   U"$",   U"£",   U"¥",
                                                U"EUR", U"USD", U"CHF", U"GBP"};

// S3: written-out units, currencies and counted measure words (with inflection).
constexpr std::u32string_view kUnitWords[] = {
    U"Prozent",     U"Prozentpunkt",  U"Prozentpunkte", U"Prozentpunkten", U"Promille",
    U"Euro",        U"Cent",          U"Dollar",        U"US-Dollar",      U"Franken",
    U"Pfund",       U"Yen",           U"Rubel",         U"Meter",          U"Metern",
    U"Kilometer",   U"Kilometern",    U"Zentimeter",    U"Zentimetern",    U"Millimeter",
    U"Millimetern", U"Quadratmeter",  U"Quadratmetern", U"Kubikmeter",     U"Kubikmetern",
    U"Hektar",      U"Kilogramm",     U"Gramm",         U"Tonne",          U"Tonnen",
    U"Liter",       U"Litern",        U"Grad",          U"Kelvin",         U"Watt",
    U"Kilowatt",    U"Megawatt",      U"Volt",          U"Sekunde",        U"Sekunden",
    U"Minute",      U"Minuten",       U"Stunde",        U"Stunden",        U"Uhr",
    U"Tag",         U"Tage",          U"Tagen",         U"Woche",          U"Wochen",
    U"Monat",       U"Monate",        U"Monaten",       U"Jahr",           U"Jahre",
    U"Jahren",      U"Tausend",       U"Million",       U"Millionen",      U"Milliarde",
    U"Milliarden",  U"Billion",       U"Billionen",     U"Mal",            U"Punkt",
    U"Punkte",      U"Punkten",       U"Stück",         U"Seite",          U"Seiten",
    U"Einwohner",   U"Einwohnern"};

// S5: abbreviations that are followed by a number.
constexpr std::u32string_view kNumberAbbreviations[] = {
    U"Nr.", U"Nrn.", U"S.", U"Abs.", U"Art.", U"Bd.", U"Kap.", U"Ziff.", U"Tel.", U"Fax", U"Jg.", U"Bj."};

// S6: month names, Austrian forms included; common abbreviations too.
constexpr std::u32string_view kMonths[] = {
    U"Januar", U"Jänner", U"Februar", U"Feber", U"März",  U"April", U"Mai",   U"Juni",  U"Juli",
    U"August", U"September", U"Oktober", U"November", U"Dezember", U"Jan.", U"Feb.", U"Febr.",
    U"Mär.",  U"Apr.", U"Jun.", U"Jul.", U"Aug.", U"Sep.", U"Sept.", U"Okt.", U"Nov.", U"Dez."};

bool at_word_start(const Buffer& b, std::size_t i) {
  const char32_t p = b.before(i);
  return !is_alnum(p) && p != U'.' && p != U'_';
}

class SpacingRules {
 public:
  explicit SpacingRules(const Buffer& b) : b_(b) {}

  void collect(Edits& edits) {
    for (std::size_t i = 0; i < b_.size(); ++i) {
      if (!b_.is_free(i)) continue;
      const char32_t c = b_.chars[i];
      if (is_ascii_digit(c)) {
        if (!is_ascii_digit(b_.before(i))) number_start_rules(i, edits);
        if (!is_ascii_digit(b_.at(i + 1))) number_end_rules(i + 1, edits);
      } else if (c == U'§') {
        paragraph_sign(i, edits);
      } else if (may_start_word_rule(i)) {
        word_start_rules(i, edits);
      }
    }
  }

 private:
  // Cheap filter: S1/S8 need "x.", S5 and the currency codes start with a
  // capital ("Fax", "Nr.", "EUR"), the rest are currency symbols.
  bool may_start_word_rule(std::size_t i) const {
    const char32_t c = b_.chars[i];
    return b_.at(i + 1) == U'.' || is_upper(c) || c == U'€' || c == U'$' || c == U'£' || c == U'¥';
  }

  void word_start_rules(std::size_t i, Edits& edits) {
    // A currency may follow a number directly ("10EUR 5" becomes
    // "10 EUR 5" first), so it only needs no letter before it.
    if (!is_letter(b_.before(i))) currency_before_number(i, edits);
    if (!at_word_start(b_, i)) return;
    if (b_.at(i + 1) == U'.' && is_letter(b_.chars[i])) {
      multi_part_abbreviation(i, edits);
      initials(i, edits);
    }
    abbreviation_before_number(i, edits);
  }

  void number_start_rules(std::size_t i, Edits& edits) {
    if (!at_word_start(b_, i)) return;
    date(i, edits);
    digit_groups(i, edits);
  }

  // `end` is just past the last digit of a digit run.
  void number_end_rules(std::size_t end, Edits& edits) {
    if (!is_standalone_number(end)) return;
    unit_after_number(end, edits);
    multiplication(end, edits);
  }

  // S2/S3: the digit-number ending at `end` (digits with . , : between
  // digits, e.g. 4200 · 1,5 · 600.000 · 19.30 · 1:40) is not glued to a
  // preceding letter (x3, Kommune21).
  bool is_standalone_number(std::size_t end) const {
    std::size_t start = end;
    for (;;) {
      start = b_.skip_digits_back(start);
      const char32_t p = b_.before(start);
      if ((p == U'.' || p == U',' || p == U':') && is_ascii_digit(b_.before(start, 2))) {
        --start;
        continue;
      }
      return !is_letter(p) && p != U'_';
    }
  }

  // S1: z. B. · i.d.R. → parts joined by NNBSP, missing spaces inserted.
  void multi_part_abbreviation(std::size_t i, Edits& edits) {
    std::vector<std::pair<std::size_t, std::size_t>> best_gaps;
    std::vector<std::pair<std::size_t, std::size_t>> gaps;
    std::size_t best_end = 0;
    for (const std::u32string_view abbr : kMultiPartAbbreviations) {
      gaps.clear();
      std::size_t pos = i;
      bool ok = true;
      for (std::size_t k = 0; k < abbr.size() && ok; ++k) {
        ok = b_.is_free(pos) && b_.chars[pos] == abbr[k];
        ++pos;
        if (ok && abbr[k] == U'.' && k + 1 < abbr.size()) {
          const std::size_t gap_end = b_.skip_spaces(pos);
          gaps.emplace_back(pos, gap_end);
          pos = gap_end;
        }
      }
      if (ok && pos > best_end) {
        best_end = pos;
        best_gaps = gaps;
      }
    }
    for (const auto& [begin, end] : best_gaps) edits.join(b_, begin, end, kNnbsp);
  }

  // S8: two or more single-capital initials (H. C. Artmann) are joined by
  // NNBSP; the space before the surname stays.
  void initials(std::size_t i, Edits& edits) {
    const auto is_initial = [this](std::size_t k) {
      return is_upper(b_.at(k)) && b_.is_free(k) && b_.at(k + 1) == U'.' && !is_letter(b_.at(k + 2));
    };
    if (!is_initial(i)) return;
    std::vector<std::pair<std::size_t, std::size_t>> gaps;
    std::size_t pos = i + 2;
    for (;;) {
      const std::size_t next = b_.skip_spaces(pos);
      if (next == pos || !is_initial(next)) break;
      gaps.emplace_back(pos, next);
      pos = next + 2;
    }
    for (const auto& [begin, end] : gaps) edits.join(b_, begin, end, kNnbsp);
  }

  // S5: Nr. 5 · S. 12 · Tel. 06151 → NNBSP (only replaces an existing space).
  void abbreviation_before_number(std::size_t i, Edits& edits) {
    const std::size_t len = match_token(b_, i, kNumberAbbreviations, true);
    if (len == 0) return;
    const std::size_t gap_end = b_.skip_spaces(i + len);
    if (gap_end > i + len && is_ascii_digit(b_.at(gap_end)) && b_.is_free(gap_end)) {
      edits.join(b_, i + len, gap_end, kNnbsp);
    }
  }

  // S2: a currency before the number, separated by a space (EUR 20.000, $ 5);
  // an attached one ($5) stays.
  void currency_before_number(std::size_t i, Edits& edits) {
    const std::size_t len = match_token(b_, i, kCurrencies, false);
    if (len == 0) return;
    const std::size_t gap_end = b_.skip_spaces(i + len);
    if (gap_end > i + len && is_ascii_digit(b_.at(gap_end)) && b_.is_free(gap_end)) {
      edits.join(b_, i + len, gap_end, kNnbsp);
    }
  }

  // S4: § 5 · §5 · §§ 3-5 → NNBSP, inserted if missing.
  void paragraph_sign(std::size_t i, Edits& edits) {
    if (b_.before(i) == U'§') return;
    std::size_t end = i + 1;
    if (b_.at(end) == U'§' && b_.is_free(end)) ++end;
    const std::size_t gap_end = b_.skip_spaces(end);
    if (is_ascii_digit(b_.at(gap_end)) && b_.is_free(gap_end)) edits.join(b_, end, gap_end, kNnbsp);
  }

  // S6: "29. August" → NBSP between day and month; a spaced numeric date
  // "31. 7. 2015" → NNBSP inside [decision, disputed]. Unspaced dates stay.
  void date(std::size_t i, Edits& edits) {
    const std::size_t day_end = b_.skip_digits(i);
    if (day_end - i > 2 || b_.at(day_end) != U'.' || !b_.is_free(day_end)) return;
    const std::size_t month = b_.skip_spaces(day_end + 1);
    if (month == day_end + 1) return;
    if (match_token(b_, month, kMonths, true) != 0) {
      edits.join(b_, day_end + 1, month, kNbsp);
      return;
    }
    const std::size_t month_end = b_.skip_digits(month);
    if (month_end == month || month_end - month > 2 || b_.at(month_end) != U'.') return;
    const std::size_t year = b_.skip_spaces(month_end + 1);
    const std::size_t year_end = b_.skip_digits(year);
    if (year == month_end + 1 || year_end - year != 4 || !ends_token(b_, year_end)) return;
    const int day_value = digits_value(i, day_end);
    const int month_value = digits_value(month, month_end);
    if (day_value < 1 || day_value > 31 || month_value < 1 || month_value > 12) return;
    if (!b_.is_free(month) || !b_.is_free(year)) return;
    edits.join(b_, day_end + 1, month, kNnbsp);
    edits.join(b_, month_end + 1, year, kNnbsp);
  }

  int digits_value(std::size_t begin, std::size_t end) const {
    int value = 0;
    for (std::size_t k = begin; k < end; ++k) value = value * 10 + static_cast<int>(b_.chars[k] - U'0');
    return value;
  }

  // S9 (a): space-grouped numbers (1 000 000, 5 340) get NNBSP between the
  // groups: a first group of 1–3 digits without leading zero, then groups of
  // exactly three digits. Digit runs after another number (06151 123 456)
  // are not groups.
  void digit_groups(std::size_t i, Edits& edits) {
    const std::size_t first_end = b_.skip_digits(i);
    if (first_end - i > 3 || (b_.chars[i] == U'0' && first_end - i > 1)) return;
    if (is_space(b_.before(i)) && is_ascii_digit(b_.before(i, 2))) return;
    std::size_t pos = first_end;
    while (is_space(b_.at(pos)) && b_.skip_digits(pos + 1) == pos + 4 && b_.is_free(pos + 1)) {
      edits.join(b_, pos, pos + 1, kNnbsp);
      pos += 4;
    }
  }

  // S2: number + unit symbol → NNBSP (inserted if missing, except before a
  // derivative: 50%ig, 3fach, 80er, or a compound: 10%-Hürde).
  // S3: number + unit word → NBSP [decision, disputed].
  void unit_after_number(std::size_t end, Edits& edits) {
    const std::size_t unit = b_.skip_spaces(end);
    if (unit == end) {
      if (match_token(b_, end, kUnitSymbols, false) != 0) edits.insert(end, kNnbspText);
      return;
    }
    if (match_token(b_, unit, kUnitSymbols, true) != 0) {
      edits.join(b_, end, unit, kNnbsp);
    } else if (match_token(b_, unit, kUnitWords, false) != 0) {
      edits.join(b_, end, unit, kNbsp);
    }
  }

  // S10: "1.024 x 768" → "1.024 × 768" with NNBSP; unspaced 4x4 stays.
  void multiplication(std::size_t end, Edits& edits) {
    const std::size_t sign = b_.skip_spaces(end);
    if (sign == end || (b_.at(sign) != U'x' && b_.at(sign) != U'×') || !b_.is_free(sign)) return;
    const std::size_t operand = b_.skip_spaces(sign + 1);
    if (operand == sign + 1 || !is_ascii_digit(b_.at(operand)) || !b_.is_free(operand)) return;
    edits.join(b_, end, sign, kNnbsp);
    if (b_.at(sign) == U'x') edits.replace(sign, sign + 1, kTimesText);
    edits.join(b_, sign + 1, operand, kNnbsp);
  }

  const Buffer& b_;
};

// S1 (abbreviations) and S2–S10 (numbers) are collected in one pass: each
// rule only turns its own white-space run into a special space, so the N3
// order between them cannot change the result.
void apply_spacing_rules(Buffer& b) {
  Edits edits;
  SpacingRules(b).collect(edits);
  edits.apply_to(b);
}

// ---------------------------------------------------------------------------
// C1 – ß in all-caps words becomes SS (STRAßE → STRASSE)

bool is_all_caps_word(const Buffer& b, std::size_t begin, std::size_t end) {
  std::size_t capitals = 0;
  for (std::size_t k = begin; k < end; ++k) {
    if (b.chars[k] == kSharpS) continue;
    if (!is_upper(b.chars[k])) return false;
    ++capitals;
  }
  return capitals >= 2;
}

void apply_sharp_s_rule(Buffer& b) {
  Edits edits;
  std::size_t i = 0;
  while ((i = b.chars.find(kSharpS, i)) != std::u32string::npos) {
    std::size_t begin = i;
    while (begin > 0 && is_letter(b.chars[begin - 1])) --begin;
    std::size_t end = i;
    while (end < b.size() && is_letter(b.chars[end])) ++end;
    if (is_all_caps_word(b, begin, end)) {
      for (std::size_t k = i; k < end; ++k) {
        if (b.chars[k] == kSharpS && b.is_free(k)) edits.replace(k, k + 1, kDoubleSText);
      }
    }
    i = end;
  }
  edits.apply_to(b);
}

}  // namespace

Region region_from_lang(std::string_view xml_lang) {
  const auto equals_ci = [](std::string_view a, std::string_view lower) {
    return a.size() == lower.size() && std::equal(a.begin(), a.end(), lower.begin(), [](char x, char y) {
             return (x >= 'A' && x <= 'Z' ? static_cast<char>(x - 'A' + 'a') : x) == y;
           });
  };
  // BCP 47: language subtag, then an optional region subtag ("de-AT-1996").
  const std::size_t dash = xml_lang.find_first_of("-_");
  if (dash == std::string_view::npos || !equals_ci(xml_lang.substr(0, dash), "de")) return Region::DE;
  const std::string_view rest = xml_lang.substr(dash + 1);
  const std::string_view region = rest.substr(0, rest.find_first_of("-_"));
  if (equals_ci(region, "at")) return Region::AT;
  if (equals_ci(region, "ch")) return Region::CH;
  return Region::DE;
}

QuoteStyle default_quotes(Region r) { return r == Region::CH ? QuoteStyle::Swiss : QuoteStyle::German; }

std::string normalize(std::string_view utf8_text, const NormalizeOptions& opt) {
  Buffer b;
  b.chars = to_nfc(utf8::decode(utf8_text).text);
  lock_protected_spans(b);             // N0
  apply_ellipsis_rule(b);              // E1
  apply_dash_rules(b);                 // D1–D6
  QuoteConverter(b, opt.quotes).run(); // Q1–Q6, A1–A4
  apply_spacing_rules(b);              // S1–S10
  apply_sharp_s_rule(b);               // C1
  return utf8::encode(b.chars);
}

}  // namespace satzwerk::text
