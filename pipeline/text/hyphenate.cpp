#include "text/hyphenate.h"

#include <algorithm>
#include <array>
#include <functional>
#include <stdexcept>
#include <unordered_map>

#include "text/file.h"
#include "text/utf8.h"

namespace satzwerk::text {

namespace {

constexpr char32_t kHyphen = U'-';
constexpr char32_t kSoftHyphen = 0x00AD;
constexpr char32_t kZwnj = 0x200C;
constexpr char32_t kZwj = 0x200D;

constexpr std::size_t kLeftMin = 2;   // H7
constexpr std::size_t kRightMin = 2;  // H7
// Members of a hyphenated compound break internally only when they are long
// (H10: the existing hyphen is the preferred break).
constexpr std::size_t kMinMemberForInternalBreaks = 8;
// Longer letter runs are not words (and keep the work per token bounded).
constexpr std::size_t kMaxLetters = 128;

constexpr std::size_t kMaxPatternLength = 32;
constexpr char32_t kAlphabetLimit = 0x250;  // patterns use Latin letters only
constexpr uint32_t kNoLevels = (1u << 24) - 1;  // levels offsets have 24 bits

// ---------------------------------------------------------------- letters

bool is_letter(char32_t c) {
  return (c >= U'a' && c <= U'z') || (c >= U'A' && c <= U'Z') ||
         (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7) ||
         (c >= 0x370 && c <= 0x52F) || (c >= 0x1E00 && c <= 0x1EFF);
}

// Lower-case mapping for the scripts German news text uses; ẞ maps to ß.
char32_t to_lower(char32_t c) {
  if (c >= U'A' && c <= U'Z') return c + 0x20;
  if (c >= 0xC0 && c <= 0xDE && c != 0xD7) return c + 0x20;
  if (c >= 0x100 && c <= 0x137 && c % 2 == 0) return c + 1;
  if (c >= 0x139 && c <= 0x148 && c % 2 == 1) return c + 1;
  if (c >= 0x14A && c <= 0x177 && c % 2 == 0) return c + 1;
  if (c == 0x178) return 0xFF;
  if ((c == 0x179 || c == 0x17B || c == 0x17D)) return c + 1;
  if (c >= 0x391 && c <= 0x3A9) return c + 0x20;
  if (c >= 0x410 && c <= 0x42F) return c + 0x20;
  if (c >= 0x400 && c <= 0x40F) return c + 0x50;
  if (c == 0x1E9E) return 0xDF;
  return c;
}

bool is_upper(char32_t c) { return is_letter(c) && to_lower(c) != c; }

bool is_vowel(char32_t lower) {
  static constexpr std::u32string_view kVowels =
      U"aeiouyäöüàáâãåæèéêëìíîïòóôõøùúûýÿœ";
  return kVowels.find(lower) != std::u32string_view::npos;
}

bool is_digit(char32_t c) { return c >= U'0' && c <= U'9'; }

std::size_t utf8_length(char32_t c) {
  return c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
}

// ---------------------------------------------------------------- exceptions

// One line of exceptions-de.txt: `-` marks a syllable break, `=` a compound
// joint; an entry ending in `*` is a stem that also covers longer words
// (inflections, compounds with the stem first).
struct ExceptionEntry {
  std::vector<std::pair<uint16_t, BreakKind>> breaks;  // letter index → kind
  uint16_t letters = 0;
  bool is_stem = false;
};

struct StringHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

}  // namespace

// ---------------------------------------------------------------- tables

struct Hyphenator::Tables {
  // Pattern trie. Symbols are small integers for the pattern letters (1..);
  // 0 means "not in the pattern alphabet" and never matches.
  std::array<uint8_t, kAlphabetLimit> symbol_of{};
  uint8_t boundary_symbol = 0;  // the '.' of the patterns
  // Nodes in breadth-first order, so that the children of a node are the
  // consecutive nodes [first_child, next node's first_child), sorted by symbol.
  // Dense and ordered like this the trie takes a third of the memory of a hash
  // table of edges, and the nodes every word visits first share cache lines;
  // a node holds the symbol leading to it and its levels, so that a step down
  // reads one place.
  struct Node {
    uint32_t first_child = 0;
    uint32_t symbol : 8 = 0;             // on the edge into this node
    uint32_t levels : 24 = kNoLevels;  // offset into levels, or kNoLevels
  };
  std::vector<Node> nodes;      // nodes[0] is the root; one sentinel after the last
  std::vector<uint8_t> levels;  // per pattern: letters + 1 values

  std::unordered_map<std::string, ExceptionEntry, StringHash, std::equal_to<>> words;
  std::vector<std::pair<std::string, ExceptionEntry>> stems;  // sorted by key
  std::vector<std::pair<std::u32string, ExceptionEntry>> fragments;  // anywhere in a word

  // 0 (the root, never a child) when node has no child for s.
  uint32_t child(uint32_t node, uint8_t s) const {
    for (uint32_t c = nodes[node].first_child, end = nodes[node + 1].first_child; c < end; ++c) {
      if (nodes[c].symbol == s) return c;
      if (nodes[c].symbol > s) break;
    }
    return 0;
  }

  uint8_t symbol(char32_t lower) const {
    return lower < kAlphabetLimit ? symbol_of[lower] : 0;
  }
};

namespace {

using Tables = Hyphenator::Tables;

[[noreturn]] void fail(const std::string& file, std::size_t line, const std::string& what) {
  throw std::runtime_error("hyphenation data " + file + ":" + std::to_string(line) + ": " + what);
}

std::string read_data(const std::string& path) {
  std::string bytes;
  if (!read_file(path, bytes)) throw std::runtime_error("hyphenation data: cannot open " + path);
  return bytes;
}

// Builds the trie from a TeX pattern file: everything before `\patterns{`
// and after its closing `}` is ignored, `%` starts a comment.
class PatternLoader {
 public:
  PatternLoader(Tables& t, std::string file) : t_(t), file_(std::move(file)) { trie_.emplace_back(); }  // root

  void load(std::string_view bytes) {
    const utf8::Decoded decoded = utf8::decode(bytes);  // one pass, one allocation
    if (decoded.invalid_at) fail(file_, 0, "invalid UTF-8 at byte " + std::to_string(*decoded.invalid_at));
    std::u32string_view text = decoded.text;
    // An upper bound from the file size, so that levels never reallocates; the
    // trie has about a node for every four characters.
    t_.levels.reserve(text.size());
    trie_.reserve(text.size() / 4);
    bool inside = false;
    std::size_t line_no = 0;
    while (!text.empty()) {
      ++line_no;
      const std::size_t eol = text.find(U'\n');
      std::u32string_view line = text.substr(0, eol);
      text = eol == std::u32string_view::npos ? std::u32string_view{} : text.substr(eol + 1);
      line = line.substr(0, line.find(U'%'));
      if (!inside) {
        static constexpr std::u32string_view kOpen = U"\\patterns{";
        const std::size_t start = line.find(kOpen);
        if (start == std::u32string_view::npos) continue;
        inside = true;
        line = line.substr(start + kOpen.size());
      }
      if (const std::size_t close = line.find(U'}'); close != std::u32string_view::npos) {
        add_words(line.substr(0, close), line_no);
        return;
      }
      add_words(line, line_no);
    }
    fail(file_, line_no, inside ? "unterminated \\patterns{" : "no \\patterns{ block");
  }

  // Numbers the nodes breadth-first into the tables (see Tables::Node).
  void finish() {
    if (t_.levels.empty()) fail(file_, 0, "no patterns");
    t_.levels.shrink_to_fit();
    t_.nodes.resize(trie_.size() + 1);
    std::vector<uint32_t> order;  // old node ids, breadth-first: the new id is the position
    order.reserve(trie_.size());
    order.push_back(0);
    for (std::size_t i = 0; i < order.size(); ++i) {
      const BuildNode& n = trie_[order[i]];
      t_.nodes[i].first_child = static_cast<uint32_t>(order.size());
      t_.nodes[i].symbol = n.symbol;
      t_.nodes[i].levels = n.levels;
      for (uint32_t c = n.first_child; c != 0; c = trie_[c].next_sibling) order.push_back(c);
    }
    t_.nodes.back().first_child = static_cast<uint32_t>(order.size());
    trie_ = {};
  }

 private:
  static bool is_blank(char32_t c) { return c == U' ' || c == U'\t' || c == U'\r'; }

  void add_words(std::u32string_view line, std::size_t line_no) {
    std::size_t i = 0;
    while (true) {
      while (i < line.size() && is_blank(line[i])) ++i;
      if (i == line.size()) return;
      std::size_t e = i;
      while (e < line.size() && !is_blank(line[e])) ++e;
      add_pattern(line.substr(i, e - i), line_no);
      i = e;
    }
  }

  void add_pattern(std::u32string_view pattern, std::size_t line_no) {
    std::array<uint8_t, kMaxPatternLength> symbols{};
    std::array<uint8_t, kMaxPatternLength + 1> values{};
    std::size_t n = 0;
    for (char32_t c : pattern) {
      if (n >= symbols.size()) fail(file_, line_no, "pattern too long");
      if (is_digit(c)) {
        values[n] = static_cast<uint8_t>(c - U'0');
      } else if (c == U'.' || is_letter(c)) {
        symbols[n++] = symbol_for(c, line_no);
      } else {
        fail(file_, line_no, "unexpected character in pattern");
      }
    }
    // The file is nearly sorted: start below the prefix shared with the previous pattern.
    std::size_t i = 0;
    while (i < n && i < path_length_ && path_symbols_[i] == symbols[i]) ++i;
    uint32_t node = path_nodes_[i];
    for (; i < n; ++i) {
      node = child_or_new(node, symbols[i]);
      path_symbols_[i] = symbols[i];
      path_nodes_[i + 1] = node;
    }
    path_length_ = n;
    if (trie_[node].levels != kNoLevels) fail(file_, line_no, "duplicate pattern");
    if (t_.levels.size() >= kNoLevels) fail(file_, line_no, "too many patterns");
    trie_[node].levels = static_cast<uint32_t>(t_.levels.size());
    t_.levels.insert(t_.levels.end(), values.begin(), values.begin() + n + 1);
  }

  uint8_t symbol_for(char32_t c, std::size_t line_no) {
    if (c >= kAlphabetLimit || to_lower(c) != c) fail(file_, line_no, "unsupported letter");
    uint8_t& s = t_.symbol_of[c];
    if (s == 0) {
      if (next_symbol_ == 255) fail(file_, line_no, "alphabet too large");
      s = next_symbol_++;
      if (c == U'.') t_.boundary_symbol = s;
    }
    return s;
  }

  // The child of node for symbol, made if there is none; siblings stay sorted.
  uint32_t child_or_new(uint32_t node, uint8_t symbol) {
    uint32_t before = 0, next = trie_[node].first_child;
    while (next != 0 && trie_[next].symbol < symbol) {
      before = next;
      next = trie_[next].next_sibling;
    }
    if (next != 0 && trie_[next].symbol == symbol) return next;
    const auto child = static_cast<uint32_t>(trie_.size());
    if (child >= (1u << 24)) fail(file_, 0, "too many patterns");
    trie_.push_back({0, next, kNoLevels, symbol});
    (before != 0 ? trie_[before].next_sibling : trie_[node].first_child) = child;
    return child;
  }

  // The trie while it is built: children as sorted sibling lists.
  struct BuildNode {
    uint32_t first_child = 0, next_sibling = 0;
    uint32_t levels = kNoLevels;
    uint8_t symbol = 0;
  };
  std::vector<BuildNode> trie_;

  Tables& t_;
  std::string file_;
  uint8_t next_symbol_ = 1;
  // The previous pattern's symbols and the trie nodes along them (node 0 is the root).
  std::array<uint8_t, kMaxPatternLength> path_symbols_{};
  std::array<uint32_t, kMaxPatternLength + 1> path_nodes_{};
  std::size_t path_length_ = 0;
};

// Parses exceptions-de.txt (see the file's header for the format).
void load_exceptions(Tables& t, std::string_view text, const std::string& file) {
  std::size_t line_no = 0;
  while (!text.empty()) {
    ++line_no;
    const std::size_t eol = text.find('\n');
    std::string_view line = text.substr(0, eol);
    text = eol == std::string_view::npos ? std::string_view{} : text.substr(eol + 1);
    line = line.substr(0, line.find('#'));
    while (!line.empty() && (line.back() == ' ' || line.back() == '\t' || line.back() == '\r')) line.remove_suffix(1);
    while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
    if (line.empty()) continue;

    const utf8::Decoded d = utf8::decode(line);
    if (d.invalid_at) fail(file, line_no, "invalid UTF-8");
    ExceptionEntry entry;
    std::string key;
    const bool fragment = d.text.front() == U'*';
    for (std::size_t i = fragment ? 1 : 0; i < d.text.size(); ++i) {
      const char32_t c = d.text[i];
      if (c == U'-' || c == U'=') {
        if (entry.letters == 0 || i + 1 == d.text.size() || !is_letter(d.text[i + 1]))
          fail(file, line_no, "break mark must stand between two letters");
        entry.breaks.emplace_back(entry.letters, c == U'=' ? BreakKind::CompoundJoint : BreakKind::Syllable);
      } else if (c == U'*' && i + 1 == d.text.size()) {
        entry.is_stem = true;
      } else if (is_letter(c)) {
        utf8::append(key, to_lower(c));
        ++entry.letters;
      } else {
        fail(file, line_no, "unexpected character (only letters, '-', '=', a final '*')");
      }
    }
    if (entry.letters > kMaxLetters) fail(file, line_no, "word too long");
    if (fragment) {
      if (entry.is_stem) fail(file, line_no, "an entry is either *fragment or stem*");
      std::u32string letters;
      for (char32_t c : utf8::decode(key).text) letters.push_back(c);
      t.fragments.emplace_back(std::move(letters), std::move(entry));
    } else if (entry.is_stem) {
      t.stems.emplace_back(std::move(key), std::move(entry));
    } else if (!t.words.emplace(std::move(key), std::move(entry)).second) {
      fail(file, line_no, "duplicate entry");
    }
  }
  std::sort(t.stems.begin(), t.stems.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  const auto dup = std::adjacent_find(t.stems.begin(), t.stems.end(),
                                      [](const auto& a, const auto& b) { return a.first == b.first; });
  if (dup != t.stems.end()) fail(file, 0, "duplicate stem entry " + dup->first + "*");
}

// ---------------------------------------------------------------- one word

// A letter of the token being hyphenated.
struct Letter {
  char32_t lower;
  uint32_t offset;     // byte offset in the token
  bool upper;
  bool after_soft;     // a soft hyphen precedes it (explicit break)
  bool after_zwnj;     // a ZWNJ precedes it (morpheme boundary from L1)
};

// A member of a (possibly hyphenated) compound: letters [begin, end).
struct Member {
  std::size_t begin;
  std::size_t end;
  std::size_t size() const { return end - begin; }
};

// H10: abbreviations are all-caps or mixed-case (ÖPNV, GmbH, DStGB, iPhone).
bool is_abbreviation(const Letter* l, std::size_t n, CapsReading caps) {
  std::size_t uppers = 0;
  bool upper_inside = false;
  for (std::size_t i = 0; i < n; ++i) {
    uppers += l[i].upper;
    upper_inside |= i > 0 && l[i].upper;
  }
  if (n >= 2 && uppers == n) return caps == CapsReading::Acronym;
  return upper_inside;
}

// H10: tokens that are addresses, handles or tags rather than words.
bool is_address_like(std::string_view token) {
  if (token.find_first_of("@#") != std::string_view::npos) return true;  // e-mail, @handle, #tag
  if (token.find("://") != std::string_view::npos) return true;
  std::string lower(token);
  for (char& c : lower) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
  return lower.find("www.") != std::string::npos;
}

// The word core as letters and members, or false if the token must not be
// hyphenated at all (H10, H12).
bool split_token(const std::u32string& cps, std::vector<Letter>& letters,
                 std::vector<Member>& members) {
  std::size_t first = 0;
  while (first < cps.size() && !is_letter(cps[first])) ++first;
  std::size_t last = cps.size();
  while (last > first && !is_letter(cps[last - 1])) --last;
  if (first == last) return false;
  // H12: an Ergänzungsstrich (`Wirtschafts-`) forbids every internal break.
  if (last < cps.size() && (cps[last] == kHyphen || cps[last] == 0x2010)) return false;
  for (char32_t c : cps) {
    if (is_digit(c)) return false;  // H10: 2019, Kommune21
  }

  uint32_t offset = 0;
  for (std::size_t i = 0; i < first; ++i) offset += static_cast<uint32_t>(utf8_length(cps[i]));
  bool soft = false, zwnj = false;
  std::size_t member_begin = 0;
  for (std::size_t i = first; i < last; ++i) {
    const char32_t c = cps[i];
    if (is_letter(c)) {
      letters.push_back({to_lower(c), offset, is_upper(c), soft, zwnj});
      soft = zwnj = false;
    } else if (c == kHyphen) {
      if (letters.size() == member_begin) return false;  // "--" or "-" after a joiner
      members.push_back({member_begin, letters.size()});
      member_begin = letters.size();
    } else if (c == kSoftHyphen) {
      soft = true;
    } else if (c == kZwnj) {
      zwnj = true;
    } else if (c != kZwj) {
      return false;  // '.', '/', '’', '&', … inside: abbreviation, path, elision
    }
    offset += static_cast<uint32_t>(utf8_length(c));
  }
  members.push_back({member_begin, letters.size()});
  return letters.size() <= kMaxLetters;
}

// ---------------------------------------------------------------- H9 joints

// First members that are almost always free words when a break follows them.
constexpr std::array<std::u32string_view, 27> kFirstMembers = {
    U"bundes", U"landes", U"staats", U"stadt", U"gemeinde", U"arbeits", U"lebens",
    U"verkehrs", U"kinder", U"welt", U"haus", U"amts", U"kommunal", U"regional",
    U"national", U"polizei", U"bürger", U"ober", U"haupt", U"grenz", U"landtags",
    U"energie", U"umwelt", U"sozial", U"schiff", U"stoff", U"hoch"};

// Fugen-s after a noun suffix marks the end of a first member (Erfahrungs·).
constexpr std::array<std::u32string_view, 8> kJointEndings = {
    U"ungs", U"heits", U"keits", U"schafts", U"tions", U"täts", U"lings", U"tums"};

bool ends_with(const Letter* l, std::size_t pos, std::u32string_view s) {
  if (pos < s.size()) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (l[pos - s.size() + i].lower != s[i]) return false;
  }
  return true;
}

// Classifies a pattern break before letter `pos` of a member (H9). Only breaks
// the patterns already allow are classified; nothing is added here.
BreakKind classify(const Letter* l, std::size_t pos) {
  // H5: a triple consonant (Schiff·fahrt, Schwimm·meister) spans a joint.
  if (pos >= 2 && l[pos - 2].lower == l[pos].lower && l[pos - 1].lower == l[pos].lower &&
      !is_vowel(l[pos].lower))
    return BreakKind::CompoundJoint;
  if (l[pos].after_zwnj) return BreakKind::CompoundJoint;  // L1 put a morpheme boundary here
  for (std::u32string_view e : kJointEndings) {
    if (ends_with(l, pos, e)) return BreakKind::CompoundJoint;
  }
  for (std::u32string_view m : kFirstMembers) {
    if (m.size() == pos && ends_with(l, pos, m)) return BreakKind::CompoundJoint;
  }
  return BreakKind::Syllable;
}

}  // namespace

// ---------------------------------------------------------------- Hyphenator

Hyphenator::Hyphenator(std::unique_ptr<const Tables> tables)
    : tables_(std::move(tables)), memo_(std::make_unique<ConcurrentCache<std::vector<BreakPoint>>>()) {}
Hyphenator::Hyphenator(Hyphenator&&) noexcept = default;
Hyphenator& Hyphenator::operator=(Hyphenator&&) noexcept = default;
Hyphenator::~Hyphenator() = default;

Hyphenator Hyphenator::load(const std::string& hyphenation_dir) {
  auto t = std::make_unique<Tables>();
  const std::string patterns = hyphenation_dir + "/patterns-de.pat";
  PatternLoader loader(*t, patterns);
  loader.load(read_data(patterns));
  loader.finish();
  const std::string exceptions = hyphenation_dir + "/exceptions-de.txt";
  load_exceptions(*t, read_data(exceptions), exceptions);
  return Hyphenator(std::move(t));
}

namespace {

// Break positions (letter index within the member, 0 < pos < size) of one
// member; `out` receives (pos, kind).
class MemberHyphenator {
 public:
  MemberHyphenator(const Tables& t, const Letter* l, std::size_t n) : t_(t), l_(l), n_(n) {}

  void run(std::vector<std::pair<std::size_t, BreakKind>>& out) const {
    // An author's soft hyphens are the only breaks of that word (as in TeX).
    bool explicit_breaks = false;
    for (std::size_t i = 1; i < n_; ++i) {
      if (!l_[i].after_soft) continue;
      explicit_breaks = true;
      if (i >= kLeftMin && n_ - i >= kRightMin) out.emplace_back(i, BreakKind::Syllable);
    }
    if (explicit_breaks || n_ < kLeftMin + kRightMin) return;

    std::string key;
    key.reserve(2 * n_);
    for (std::size_t i = 0; i < n_; ++i) utf8::append(key, l_[i].lower);

    std::size_t patterns_from = 0;  // positions below come from an exception
    if (const auto it = t_.words.find(std::string_view(key)); it != t_.words.end()) {
      append_exception(it->second, out);
      return;
    }
    if (const ExceptionEntry* stem = find_stem(key)) {
      append_exception(*stem, out);
      patterns_from = stem->letters;
    }
    append_pattern_breaks(patterns_from, out);
  }

 private:
  void append_exception(const ExceptionEntry& e, std::vector<std::pair<std::size_t, BreakKind>>& out) const {
    for (const auto& [pos, kind] : e.breaks) {
      if (pos >= kLeftMin && n_ - pos >= kRightMin) out.emplace_back(pos, kind);
    }
  }

  // Longest stem entry that is a prefix of `key` (or equal to it).
  const ExceptionEntry* find_stem(std::string_view key) const {
    const auto& stems = t_.stems;
    std::string_view probe = key;
    while (!probe.empty()) {
      auto it = std::upper_bound(stems.begin(), stems.end(), probe,
                                 [](std::string_view k, const auto& s) { return k < s.first; });
      if (it == stems.begin()) return nullptr;
      --it;
      if (probe.starts_with(it->first)) {
        return &it->second;
      }
      std::size_t common = 0;
      while (common < probe.size() && common < it->first.size() && probe[common] == it->first[common]) ++common;
      probe = probe.substr(0, common);
    }
    return nullptr;
  }

  // Liang's algorithm: the maximum level over all matching patterns decides
  // each gap; odd means a break.
  void append_pattern_breaks(std::size_t from, std::vector<std::pair<std::size_t, BreakKind>>& out) const {
    std::array<uint8_t, kMaxLetters + 2> sym{};
    std::array<uint8_t, kMaxLetters + 3> level{};
    const std::size_t len = n_ + 2;
    sym[0] = sym[len - 1] = t_.boundary_symbol;
    for (std::size_t i = 0; i < n_; ++i) {
      sym[i + 1] = t_.symbol(l_[i].lower);
      if (sym[i + 1] == 0) return;  // a letter the patterns do not know: no guessing
    }
    for (std::size_t start = 0; start < len; ++start) {
      uint32_t node = 0;
      for (std::size_t j = start; j < len; ++j) {
        node = t_.child(node, sym[j]);
        if (node == 0) break;
        const uint32_t off = t_.nodes[node].levels;
        if (off == kNoLevels) continue;
        for (std::size_t k = 0; k <= j - start + 1; ++k) {
          level[start + k] = std::max(level[start + k], t_.levels[off + k]);
        }
      }
    }
    // level[i + 1] is the gap before letter i.
    std::vector<std::size_t> found;
    for (std::size_t pos = std::max(kLeftMin, from); pos + kRightMin <= n_; ++pos) {
      if (level[pos + 1] % 2 == 1) found.push_back(pos);
    }
    apply_fragments(found);
    drop_vowelless_segments(found);
    for (std::size_t pos : found) out.emplace_back(pos, classify(l_, pos));
  }

  // A *fragment entry decides the breaks strictly inside every occurrence of
  // its letters (`*ener-g`: Öko·ener·gie, never …en·er·gie).
  void apply_fragments(std::vector<std::size_t>& cuts) const {
    for (const auto& [frag, entry] : t_.fragments) {
      for (std::size_t s = 0; s + frag.size() <= n_; ++s) {
        std::size_t k = 0;
        while (k < frag.size() && l_[s + k].lower == frag[k]) ++k;
        if (k < frag.size()) continue;
        const std::size_t end = s + frag.size();
        std::erase_if(cuts, [&](std::size_t p) { return p > s && p < end; });
        for (const auto& [pos, kind] : entry.breaks) {
          if (s + pos >= kLeftMin && s + pos + kRightMin <= n_) cuts.push_back(s + pos);
        }
      }
    }
    std::sort(cuts.begin(), cuts.end());
    cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());
  }

  // Every syllable has a vowel: patterns guessing on names and unknown
  // compounds sometimes cut off lone consonants (Hun·d·e, Stein·dl); both
  // breaks around such a segment are dropped.
  void drop_vowelless_segments(std::vector<std::size_t>& cuts) const {
    std::vector<std::size_t> bounds;
    bounds.push_back(0);
    bounds.insert(bounds.end(), cuts.begin(), cuts.end());
    bounds.push_back(n_);
    std::vector<bool> drop(bounds.size(), false);
    for (std::size_t s = 0; s + 1 < bounds.size(); ++s) {
      bool has_vowel = false;
      for (std::size_t i = bounds[s]; i < bounds[s + 1]; ++i) has_vowel |= is_vowel(l_[i].lower);
      if (has_vowel) continue;
      drop[s] = true;
      drop[s + 1] = true;
    }
    std::vector<std::size_t> kept;
    for (std::size_t b = 1; b + 1 < bounds.size(); ++b) {
      if (!drop[b]) kept.push_back(bounds[b]);
    }
    cuts.swap(kept);
  }

  const Tables& t_;
  const Letter* l_;
  std::size_t n_;
};

}  // namespace

std::vector<BreakPoint> Hyphenator::breaks(std::string_view token, CapsReading caps) const {
  // Fewer bytes than kLeftMin + kRightMin letters: nothing to break (and a
  // good part of all tokens: der, und, in, …).
  if (token.size() < kLeftMin + kRightMin) return {};
  if (memo_->size() >= kMemoTokens) return compute_breaks(token, caps);
  thread_local std::string key;
  key.assign(1, static_cast<char>(caps)).append(token);
  return memo_->get(key, [&] { return compute_breaks(token, caps); });
}

std::vector<BreakPoint> Hyphenator::compute_breaks(std::string_view token, CapsReading caps) const {
  std::vector<BreakPoint> result;
  if (is_address_like(token)) return result;
  const utf8::Decoded decoded = utf8::decode(token);
  if (decoded.invalid_at) return result;
  std::vector<Letter> letters;
  std::vector<Member> members;
  if (!split_token(decoded.text, letters, members)) return result;

  const bool compound = members.size() > 1;
  std::vector<std::pair<std::size_t, BreakKind>> member_breaks;
  for (std::size_t m = 0; m < members.size(); ++m) {
    const Member& mem = members[m];
    const Letter* l = letters.data() + mem.begin;
    const bool abbreviation = is_abbreviation(l, mem.size(), caps);
    // H10: the hard hyphen, but never after a one-letter or abbreviated first
    // part (E-Mail, ÖPNV-Ticket) and never leaving fewer than 2 letters (H7).
    if (m > 0) {
      const Member& prev = members[m - 1];
      const bool prev_short = prev.size() < 2 || is_abbreviation(letters.data() + prev.begin, prev.size(), caps);
      if (!prev_short && mem.size() >= kRightMin)
        result.push_back({letters[mem.begin].offset, BreakKind::HardHyphen});
    }
    if (abbreviation || (compound && mem.size() < kMinMemberForInternalBreaks)) continue;
    member_breaks.clear();
    MemberHyphenator(*tables_, l, mem.size()).run(member_breaks);
    for (const auto& [pos, kind] : member_breaks) result.push_back({l[pos].offset, kind});
  }
  std::sort(result.begin(), result.end(), [](const BreakPoint& a, const BreakPoint& b) { return a.offset < b.offset; });
  return result;
}

std::string Hyphenator::mark(std::string_view token, std::string_view marker, CapsReading caps) const {
  const std::vector<BreakPoint> points = breaks(token, caps);
  std::string out;
  out.reserve(token.size() + points.size() * marker.size());
  std::size_t next = 0;
  for (std::size_t i = 0; i < token.size(); ++i) {
    if (next < points.size() && points[next].offset == i) {
      if (points[next].kind != BreakKind::HardHyphen) out.append(marker);
      ++next;
    }
    // A soft hyphen is shown as the marker of the break it stands for.
    if (token.compare(i, 2, "\xC2\xAD") == 0) {
      ++i;
      continue;
    }
    out.push_back(token[i]);
  }
  return out;
}

}  // namespace satzwerk::text
