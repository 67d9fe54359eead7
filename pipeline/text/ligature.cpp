#include "text/ligature.h"

#include <array>
#include <vector>

#include "text/utf8.h"

namespace satzwerk::text {

namespace {

constexpr char32_t kZwnj = 0x200C;

// Stems ending in f after which a compound joint is likely (L1, selnolig's
// productive first members). Matched as the letters right before the boundary.
constexpr std::array<std::u32string_view, 36> kFStems = {
    U"auf", U"kauf", U"lauf", U"tauf", U"schiff", U"stoff", U"brief", U"kopf", U"dampf", U"kampf",
    U"topf", U"sumpf", U"impf", U"hof", U"dorf", U"tief", U"ruf", U"schlaf", U"straf", U"senf",
    U"hanf", U"golf", U"wolf", U"reif", U"greif", U"wurf", U"chef", U"tarif", U"hilf", U"huf",
    U"bedarf", U"schilf", U"elf", U"fünf", U"zwölf", U"pfeif"};

// Ordinal stems: fünf|te, Fünf|tel, elf|te (L2).
constexpr std::array<std::u32string_view, 3> kNumerals = {U"elf", U"fünf", U"zwölf"};

// Prefixes at the start of a word before which even f|i is split (auf|i…).
constexpr std::array<std::u32string_view, 6> kPrefixes = {U"auf", U"darauf", U"herauf", U"hinauf", U"drauf", U"unauf"};

// Verb endings after f|t keep the ligature (gekauft, kaufte, hilft; L2).
constexpr std::array<std::u32string_view, 9> kVerbEndings = {U"", U"e", U"en", U"em", U"er", U"es", U"est", U"et", U"st"};

// L4 and false stem matches: the ligatures inside these keep (Chauffeur
// contains "auf", Pflicht contains "f|lich").
constexpr std::array<std::u32string_view, 8> kKeep = {
    U"chauffeur", U"pflicht", U"briefing", U"staffel", U"koffein", U"offizi", U"effekt", U"kaffee"};

bool is_letter(char32_t c) {
  return (c >= U'a' && c <= U'z') || (c >= U'A' && c <= U'Z') || (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7);
}

char32_t to_lower(char32_t c) {
  if ((c >= U'A' && c <= U'Z') || (c >= 0xC0 && c <= 0xDE && c != 0xD7)) return c + 0x20;
  return c;
}

bool is_vowel(char32_t c) { return std::u32string_view(U"aeiouyäöü").find(c) != std::u32string_view::npos; }

template <std::size_t N>
bool contains(const std::array<std::u32string_view, N>& list, std::u32string_view s) {
  for (std::u32string_view x : list) {
    if (x == s) return true;
  }
  return false;
}

// The stem from kFStems that ends right before `b`, or empty.
std::u32string_view stem_before(std::u32string_view w, std::size_t b) {
  std::u32string_view best;
  for (std::u32string_view s : kFStems) {
    if (s.size() <= b && w.substr(b - s.size(), s.size()) == s && s.size() > best.size()) best = s;
  }
  return best;
}

bool kept(std::u32string_view w, std::size_t b) {
  for (std::u32string_view k : kKeep) {
    for (std::size_t at = w.find(k); at != std::u32string_view::npos; at = w.find(k, at + 1)) {
      if (at < b && b < at + k.size()) return true;
    }
  }
  return false;
}

// Is there a morpheme boundary between w[b-1] == 'f' and w[b]? `w` is one
// lower-cased word.
bool is_boundary(std::u32string_view w, std::size_t b) {
  const char32_t next = w[b];
  if (next == U'b' || next == U'h' || next == U'k') return true;  // L3: only across joints
  if (kept(w, b)) return false;
  const std::u32string_view rest = w.substr(b);
  if (rest.size() < 2) return false;  // L4: Aufl.
  const std::u32string_view stem = stem_before(w, b);
  switch (next) {
    case U'f':  // Schiff|fahrt, Auf|fahrt; not hof|fen (hoffen, Hoffnung)
      return !stem.empty() && stem != U"hof" && (is_vowel(rest[1]) || rest[1] == U'l' || rest[1] == U'r');
    case U'i':  // L2: häufig, Chefin keep; only auf|i… at a word start
      return contains(kPrefixes, w.substr(0, b)) && !rest.starts_with(U"ig") && !rest.starts_with(U"in");
    case U'l':  // Auf|lage, Stoff|laden; L2 -lich/-los (höf|lich), not Pf|licht
      if (!stem.empty()) return true;
      return b >= 2 && w[b - 2] != U'p' && (rest.starts_with(U"lich") || rest.starts_with(U"los"));
    case U't':  // auf|treten, fünf|te; verb endings keep (gekauft)
      if (contains(kNumerals, stem)) return true;
      return !stem.empty() && !contains(kVerbEndings, rest.substr(1));
    case U'j':
      return !stem.empty();
    default:
      return false;
  }
}

// Byte offsets (in the word) where a ZWNJ goes.
void suppress_in_word(std::u32string_view word, std::string& out) {
  std::u32string lower(word);
  for (char32_t& c : lower) c = to_lower(c);
  for (std::size_t i = 0; i < word.size(); ++i) {
    if (i > 0 && word[i - 1] == U'f' && is_boundary(lower, i)) utf8::append(out, kZwnj);
    utf8::append(out, word[i]);
  }
}

bool is_untouchable(std::u32string_view token) {
  return token.find(U"://") != std::u32string_view::npos || token.find(U"www.") != std::u32string_view::npos ||
         token.find(U'@') != std::u32string_view::npos;
}

bool is_space(char32_t c) { return c == U' ' || c == U'\t' || c == U'\n' || c == U'\r' || c == 0xA0 || c == 0x202F; }

}  // namespace

std::string suppress_ligatures(std::string_view utf8_text) {
  const utf8::Decoded d = utf8::decode(utf8_text);
  if (d.invalid_at) return std::string(utf8_text);  // never damage what we cannot read
  const std::u32string_view text = d.text;
  std::string out;
  out.reserve(utf8_text.size() + 16);
  std::size_t i = 0;
  while (i < text.size()) {
    if (is_space(text[i])) {
      utf8::append(out, text[i++]);
      continue;
    }
    std::size_t end = i;
    while (end < text.size() && !is_space(text[end])) ++end;
    const std::u32string_view token = text.substr(i, end - i);
    if (is_untouchable(token)) {
      for (char32_t c : token) utf8::append(out, c);
    } else {
      // Words are letter runs; a ZWNJ, hyphen or quote ends a run, so an
      // already split pair is never split again (idempotence).
      std::size_t k = 0;
      while (k < token.size()) {
        std::size_t e = k;
        while (e < token.size() && is_letter(token[e])) ++e;
        if (e > k) {
          suppress_in_word(token.substr(k, e - k), out);
          k = e;
        } else {
          utf8::append(out, token[k++]);
        }
      }
    }
    i = end;
  }
  return out;
}

}  // namespace satzwerk::text
