#include "ingest/nitf.h"

#include <tinyxml2.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

namespace satzwerk::ingest {

using model::Block;
using model::Diagnostic;
using model::Inline;
using tinyxml2::XMLElement;
using tinyxml2::XMLNode;

namespace {

// ---------------------------------------------------------------------------
// Warnings, capped so that hostile input cannot flood the caller.
class Warnings {
 public:
  Warnings(std::vector<Diagnostic>& out, std::size_t cap) : out_(out), cap_(cap) {}
  void add(const std::string& file, int line, std::string message) {
    if (out_.size() < cap_) out_.push_back({file, line, std::move(message)});
    else ++suppressed_;
  }
  void finish(const std::string& file) {
    if (suppressed_)
      out_.push_back({file, 0, std::to_string(suppressed_) + " further warnings not shown (limit " +
                                   std::to_string(cap_) + ")"});
    suppressed_ = 0;
  }

 private:
  std::vector<Diagnostic>& out_;
  std::size_t cap_;
  std::size_t suppressed_ = 0;
};

std::string hex_cp(char32_t cp) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "U+%04X", static_cast<unsigned>(cp));
  return buf;
}

int line_at(std::string_view s, std::size_t offset) {
  offset = std::min(offset, s.size());
  return 1 + static_cast<int>(std::count(s.begin(), s.begin() + static_cast<std::ptrdiff_t>(offset), '\n'));
}

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

// Length of the valid UTF-8 sequence at s[i], 0 when it is invalid (overlong
// forms, surrogates and values above U+10FFFF are invalid). Sets cp.
std::size_t utf8_seq(std::string_view s, std::size_t i, char32_t& cp) {
  const auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned c = b(i);
  if (c < 0x80) { cp = c; return 1; }
  std::size_t n;
  char32_t min;
  if (c >= 0xC2 && c <= 0xDF) { n = 2; cp = c & 0x1F; min = 0x80; }
  else if (c >= 0xE0 && c <= 0xEF) { n = 3; cp = c & 0x0F; min = 0x800; }
  else if (c >= 0xF0 && c <= 0xF4) { n = 4; cp = c & 0x07; min = 0x10000; }
  else return 0;
  if (i + n > s.size()) return 0;
  for (std::size_t k = 1; k < n; ++k) {
    if ((b(i + k) & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (b(i + k) & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return n;
}

void put_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// Characters no text may carry: C0 controls except tab, LF, CR; DEL; C1 controls;
// noncharacters U+FFFE/U+FFFF.
bool is_unwanted_control(char32_t cp) {
  return (cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') || (cp >= 0x7F && cp <= 0x9F) || cp == 0xFFFE ||
         cp == 0xFFFF;
}

// Removes unwanted control characters and replaces invalid UTF-8 (which only
// character references such as &#xD800; can still produce after decoding) by
// U+FFFD. Gives what was changed, for one warning.
std::string clean_text(std::string_view s, std::string& changed) {
  std::string out;
  out.reserve(s.size());
  std::set<char32_t> removed;
  bool replaced = false;
  for (std::size_t i = 0; i < s.size();) {
    char32_t cp = 0;
    const std::size_t n = utf8_seq(s, i, cp);
    if (n == 0) {  // one U+FFFD for the bad lead byte and the continuation bytes after it
      out += "\xEF\xBF\xBD";
      replaced = true;
      ++i;
      while (i < s.size() && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) ++i;
      continue;
    }
    if (is_unwanted_control(cp)) {
      removed.insert(cp);
    } else {
      out.append(s.substr(i, n));
    }
    i += n;
  }
  changed.clear();
  if (!removed.empty()) {
    changed = "control characters removed:";
    int k = 0;
    for (char32_t cp : removed) {
      if (++k > 8) { changed += " …"; break; }
      changed += " " + hex_cp(cp);
    }
  }
  if (replaced) changed += std::string(changed.empty() ? "" : "; ") + "invalid character reference replaced by U+FFFD";
  return out;
}

// Whether clean_text would change s; walks it without building anything.
bool needs_cleaning(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    if (const unsigned char c = static_cast<unsigned char>(s[i]); c >= 0x20 && c < 0x7F) {
      ++i;
      continue;
    }
    char32_t cp = 0;
    const std::size_t n = utf8_seq(s, i, cp);
    if (n == 0 || is_unwanted_control(cp)) return true;
    i += n;
  }
  return false;
}

std::string safe_quote(std::string_view s) {
  std::string out;
  for (unsigned char c : s.substr(0, 60)) out += (c < 0x20 || c == 0x7F) ? '?' : static_cast<char>(c);
  if (s.size() > 60) out += "…";
  return out;
}

bool is_xml_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// XML whitespace (newlines from pretty-printing included) collapses to one space.
std::string collapse_spaces(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool pending = false;
  for (char c : s) {
    if (is_xml_space(c)) { pending = true; continue; }
    if (pending) out.push_back(' ');  // a leading space separates this text from a previous run
    pending = false;
    out.push_back(c);
  }
  if (pending) out.push_back(' ');
  return out;
}

std::string trim(std::string s) {
  std::size_t a = 0, b = s.size();
  while (a < b && is_xml_space(s[a])) ++a;
  while (b > a && is_xml_space(s[b - 1])) --b;
  return s.substr(a, b - a);
}

bool name_is(const XMLElement* e, const char* name) { return std::strcmp(e->Name(), name) == 0; }

const char* attr(const XMLElement* e, const char* name) {
  const char* v = e ? e->Attribute(name) : nullptr;
  return v ? v : "";
}

class Reader {
 public:
  Reader(std::string name, Warnings& warnings) : name_(std::move(name)), warnings_(warnings) {}

  void warn(const XMLNode* n, const std::string& message) { warnings_.add(name_, n->GetLineNum(), message); }
  void warn_unknown(const XMLElement* e, const char* context) {
    warn(e, std::string("unknown element <") + e->Name() + "> in <" + context + ">, its text is kept");
  }

  // All text below e, whitespace collapsed, trimmed.
  std::string plain_text(const XMLElement* e) {
    std::string raw;
    collect_text(e, raw);
    return trim(collapse_spaces(raw));
  }

  // Inline content of a paragraph-like element: text, a, em, q, br, strong.
  std::vector<Inline> inline_runs(const XMLElement* e) {
    std::vector<Inline> runs;
    add_inline(e, Inline::Style::Regular, "", runs);
    tidy(runs);
    return runs;
  }

  void read_head(const XMLElement* head, model::Article& a) {
    if (!head) return;
    if (auto* t = head->FirstChildElement("title")) a.title = plain_text(t);
    if (auto* dd = head->FirstChildElement("docdata")) {
      if (auto* id = dd->FirstChildElement("doc-id")) a.doc_id = attr(id, "id-string");
      if (auto* di = dd->FirstChildElement("date.issue")) a.date = parse_date(di, attr(di, "norm"));
      if (auto* cr = dd->FirstChildElement("doc.copyright")) a.copyright = attr(cr, "holder");
      if (auto* kl = dd->FirstChildElement("key-list"))
        for (auto* k = kl->FirstChildElement("keyword"); k; k = k->NextSiblingElement("keyword"))
          if (std::string key = trim(attr(k, "key")); !key.empty()) a.keywords.push_back(key);
    }
    if (auto* pd = head->FirstChildElement("pubdata")) {
      a.section = trim(attr(pd, "position.section"));
      a.url = trim(attr(pd, "ex-ref"));
    }
  }

  void read_body_head(const XMLElement* bh, model::Article& a) {
    if (!bh) return;
    for (auto* e = bh->FirstChildElement(); e; e = e->NextSiblingElement()) {
      if (name_is(e, "hedline")) {
        if (auto* h1 = e->FirstChildElement("hl1")) a.headline = plain_text(h1);
        if (auto* h2 = e->FirstChildElement("hl2")) a.subheadline = plain_text(h2);
      } else if (name_is(e, "abstract")) {
        bool any_p = false;
        for (auto* p = e->FirstChildElement("p"); p; p = p->NextSiblingElement("p")) {
          auto runs = inline_runs(p);
          if (!a.abstract.empty() && !runs.empty()) a.abstract.push_back({" "});
          a.abstract.insert(a.abstract.end(), runs.begin(), runs.end());
          any_p = true;
        }
        if (!any_p) a.abstract = inline_runs(e);
      } else if (name_is(e, "byline")) {
        a.byline = plain_text(e);
      } else if (name_is(e, "dateline")) {
        a.dateline = plain_text(e);
      } else if (!name_is(e, "series") && !name_is(e, "rights") && !name_is(e, "note")) {
        warn_unknown(e, "body.head");
      }
    }
  }

  void read_blocks(const XMLElement* parent, std::vector<Block>& out, Block::Kind text_kind) {
    for (auto* e = parent->FirstChildElement(); e; e = e->NextSiblingElement()) {
      if (name_is(e, "p")) {
        Block b{text_kind};
        if (text_kind == Block::Kind::Paragraph && std::strcmp(attr(e, "class"), "link") == 0)
          b.kind = Block::Kind::LinkParagraph;
        b.runs = inline_runs(e);
        b.line = e->GetLineNum();
        if (!b.runs.empty()) out.push_back(std::move(b));
      } else if (name_is(e, "hl2")) {
        Block b{Block::Kind::Heading};
        b.runs = {{plain_text(e)}};
        b.line = e->GetLineNum();
        if (!b.runs.front().text.empty()) out.push_back(std::move(b));
      } else if (name_is(e, "ul") || name_is(e, "ol")) {
        int n = 0;
        const bool ordered = name_is(e, "ol");
        for (auto* li = e->FirstChildElement(); li; li = li->NextSiblingElement()) {
          if (!name_is(li, "li")) warn_unknown(li, e->Name());
          Block b{Block::Kind::ListItem};
          b.runs = inline_runs(li);
          b.list_number = ordered ? ++n : 0;
          b.line = li->GetLineNum();
          if (!b.runs.empty()) out.push_back(std::move(b));
        }
      } else if (name_is(e, "bq")) {
        read_blocks(e, out, Block::Kind::Quote);
        if (auto* credit = e->FirstChildElement("credit")) {
          Block b{Block::Kind::Quote};
          b.runs = {{"– " + plain_text(credit)}};
          b.line = credit->GetLineNum();
          out.push_back(std::move(b));
        }
      } else if (name_is(e, "block")) {
        read_blocks(e, out, text_kind);
      } else if (name_is(e, "media")) {
        out.push_back(read_media(e));
      } else if (name_is(e, "credit") && text_kind == Block::Kind::Quote) {
        // handled by the enclosing <bq>
      } else {
        warn_unknown(e, parent->Name());
        Block b{text_kind};
        b.runs = inline_runs(e);
        b.line = e->GetLineNum();
        if (!b.runs.empty()) out.push_back(std::move(b));
      }
    }
  }

 private:
  model::Date parse_date(const XMLElement* e, std::string_view norm) {
    // ISO 8601 basic: YYYYMMDD[THHMMSS]
    model::Date d;
    auto num = [&](std::size_t pos, std::size_t len, int& v) {
      if (norm.size() < pos + len) return false;
      int x = 0;
      for (std::size_t i = pos; i < pos + len; ++i) {
        if (norm[i] < '0' || norm[i] > '9') return false;
        x = x * 10 + (norm[i] - '0');
      }
      v = x;
      return true;
    };
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const auto leap = [&] { return (d.year % 4 == 0 && d.year % 100 != 0) || d.year % 400 == 0; };
    if (!num(0, 4, d.year) || !num(4, 2, d.month) || !num(6, 2, d.day) || !d.valid() || d.year < 1000 ||
        d.day > days[d.month - 1] + ((d.month == 2 && leap()) ? 1 : 0)) {
      if (!norm.empty())
        warn(e, "date.issue norm=\"" + safe_quote(norm) + "\" is not a date YYYYMMDD[THHMMSS]; ignored");
      return {};
    }
    if (norm.size() >= 15 && norm[8] == 'T') {
      model::Date t = d;
      if (num(9, 2, t.hour) && num(11, 2, t.minute) && num(13, 2, t.second) && t.hour < 24 && t.minute < 60 &&
          t.second < 61)
        d = t;
      else
        warn(e, "date.issue norm=\"" + safe_quote(norm) + "\" has no valid time of day; the time is ignored");
    }
    return d;
  }

  Block read_media(const XMLElement* e) {
    Block b{Block::Kind::Figure};
    b.line = e->GetLineNum();
    for (auto* c = e->FirstChildElement(); c; c = c->NextSiblingElement()) {
      if (name_is(c, "media-reference")) {
        const std::string source = attr(c, "source");
        if (b.media_source.empty() && !source.empty()) {
          if (safe_media_path(source))
            b.media_source = source;
          else
            warn(c, "media source \"" + safe_quote(source) + "\" is not a relative path; the image is left out");
        }
        if (b.media_alt.empty()) b.media_alt = trim(collapse_spaces(attr(c, "alternate-text")));
      } else if (name_is(c, "media-caption")) {
        b.runs = inline_runs(c);
      } else if (name_is(c, "media-producer")) {
        if (std::string who = plain_text(c); !who.empty()) {
          if (!b.runs.empty()) b.runs.push_back({" "});
          // "Foto: …" unless the credit already says what it is ("Grafik: …").
          b.runs.push_back({who.find(':') == std::string::npos ? "Foto: " + who : who});
        }
      } else if (!name_is(c, "media-metadata") && !name_is(c, "media-object")) {
        warn_unknown(c, "media");
      }
    }
    return b;
  }

  void collect_text(const XMLNode* n, std::string& out) {
    for (auto* c = n->FirstChild(); c; c = c->NextSibling()) {
      if (auto* t = c->ToText()) out += t->Value();
      else if (auto* el = c->ToElement()) {
        if (name_is(el, "br")) out += ' ';
        else collect_text(el, out);
      }
    }
  }

  void add_inline(const XMLElement* e, Inline::Style style, const std::string& href, std::vector<Inline>& runs) {
    for (auto* c = e->FirstChild(); c; c = c->NextSibling()) {
      if (auto* t = c->ToText()) {
        runs.push_back({collapse_spaces(t->Value()), style, href});
        continue;
      }
      auto* el = c->ToElement();
      if (!el) continue;
      if (name_is(el, "a")) {
        std::string target = trim(attr(el, "href"));
        if (!target.empty() && !safe_link(target)) {
          warn(el, "link target \"" + safe_quote(target) +
                       "\" is not an http(s), mailto or www. address; the link is dropped, its text kept");
          target.clear();
        }
        add_inline(el, style, target, runs);
      } else if (name_is(el, "em") || name_is(el, "i")) {
        add_inline(el, Inline::Style::Emphasis, href, runs);
      } else if (name_is(el, "strong") || name_is(el, "b")) {
        add_inline(el, Inline::Style::Strong, href, runs);
      } else if (name_is(el, "q")) {
        // <q> carries quotation semantics; the text stage turns the marks into „…“.
        runs.push_back({"\"", style, href});
        add_inline(el, style, href, runs);
        runs.push_back({"\"", style, href});
      } else if (name_is(el, "br")) {
        Inline br;
        br.line_break = true;
        runs.push_back(br);
      } else if (name_is(el, "person") || name_is(el, "org") || name_is(el, "location") ||
                 name_is(el, "chron") || name_is(el, "money") || name_is(el, "num") ||
                 name_is(el, "classifier") || name_is(el, "object.title") || name_is(el, "virtloc") ||
                 name_is(el, "event") || name_is(el, "function") || name_is(el, "copyrite") ||
                 name_is(el, "pronounce") || name_is(el, "postaddr") || name_is(el, "lang")) {
        add_inline(el, style, href, runs);  // NITF semantic inline markup: text only
      } else {
        warn_unknown(el, e->Name());
        add_inline(el, style, href, runs);
      }
    }
  }

  // Merges adjacent runs of equal style and link, collapses spaces across run
  // boundaries and trims the block's edges.
  static void tidy(std::vector<Inline>& runs) {
    std::vector<Inline> out;
    for (auto& r : runs) {
      if (!out.empty() && !r.line_break && !out.back().line_break && out.back().style == r.style &&
          out.back().href == r.href) {
        out.back().text += r.text;
      } else {
        out.push_back(std::move(r));
      }
    }
    // One space between runs, none at the block edges or around line breaks.
    bool prev_space = true;
    for (auto& r : out) {
      if (r.line_break) { prev_space = true; continue; }
      r.text = collapse_spaces(r.text);
      if (prev_space && !r.text.empty() && r.text.front() == ' ') r.text.erase(0, 1);
      if (!r.text.empty()) prev_space = r.text.back() == ' ';
    }
    for (std::size_t i = 0; i < out.size(); ++i) {
      const bool next_is_break_or_end = i + 1 == out.size() || out[i + 1].line_break;
      if (next_is_break_or_end && !out[i].text.empty() && out[i].text.back() == ' ') out[i].text.pop_back();
    }
    // Drop empty runs and edge line breaks.
    std::vector<Inline> kept;
    for (auto& r : out)
      if (r.line_break || !r.text.empty()) kept.push_back(std::move(r));
    while (!kept.empty() && kept.back().line_break) kept.pop_back();
    while (!kept.empty() && kept.front().line_break) kept.erase(kept.begin());
    // A trailing space before the end may remain after dropping empties.
    if (!kept.empty() && !kept.back().text.empty() && kept.back().text.back() == ' ') kept.back().text.pop_back();
    runs = std::move(kept);
  }

  std::string name_;
  Warnings& warnings_;
};

bool has_text(const model::Article& a) {
  if (!a.headline.empty() || !a.title.empty() || !a.abstract.empty()) return true;
  for (const auto& b : a.blocks)
    for (const auto& r : b.runs)
      if (!r.text.empty()) return true;
  return false;
}

// ---------------------------------------------------------------------------
// Encodings

// windows-1252 0x80–0x9F (0 = unassigned).
constexpr char16_t kCp1252[32] = {0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
                                  0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0,      0x017D, 0,
                                  0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
                                  0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

char32_t latin9(unsigned char c) {
  switch (c) {
    case 0xA4: return 0x20AC;
    case 0xA6: return 0x0160;
    case 0xA8: return 0x0161;
    case 0xB4: return 0x017D;
    case 0xB8: return 0x017E;
    case 0xBC: return 0x0152;
    case 0xBD: return 0x0153;
    case 0xBE: return 0x0178;
    default: return c;
  }
}

// The encoding pseudo-attribute of a leading XML declaration ("" when none).
std::string declared_encoding(std::string_view s) {
  if (s.rfind("<?xml", 0) != 0) return {};
  const std::size_t end = s.find("?>");
  const std::string_view decl = s.substr(0, end);
  const std::size_t k = decl.find("encoding");
  if (k == std::string_view::npos) return {};
  std::size_t i = k + 8;
  while (i < decl.size() && is_xml_space(decl[i])) ++i;
  if (i >= decl.size() || decl[i] != '=') return {};
  ++i;
  while (i < decl.size() && is_xml_space(decl[i])) ++i;
  if (i >= decl.size() || (decl[i] != '"' && decl[i] != '\'')) return {};
  const char q = decl[i++];
  const std::size_t j = decl.find(q, i);
  if (j == std::string_view::npos) return {};
  return lower_ascii(decl.substr(i, j - i));
}

Decoded decode_utf16(std::string_view s, bool big_endian, const std::string& name) {
  Decoded d;
  if (s.size() % 2) {
    d.error = Diagnostic{name, 0, "UTF-16 input has an odd number of bytes"};
    return d;
  }
  d.utf8.reserve(s.size());
  int line = 1;
  auto unit = [&](std::size_t i) -> char16_t {
    const auto a = static_cast<unsigned char>(s[i]), b = static_cast<unsigned char>(s[i + 1]);
    return static_cast<char16_t>(big_endian ? (a << 8 | b) : (b << 8 | a));
  };
  for (std::size_t i = 0; i < s.size(); i += 2) {
    char32_t cp = unit(i);
    if (cp >= 0xD800 && cp <= 0xDBFF && i + 3 < s.size() && unit(i + 2) >= 0xDC00 && unit(i + 2) <= 0xDFFF) {
      cp = 0x10000 + ((cp - 0xD800) << 10) + (unit(i + 2) - 0xDC00);
      i += 2;
    } else if (cp >= 0xD800 && cp <= 0xDFFF) {
      d.error = Diagnostic{name, line, "invalid UTF-16: unpaired surrogate at byte " + std::to_string(i)};
      return d;
    }
    if (cp == '\n') ++line;
    put_utf8(d.utf8, cp);
  }
  return d;
}

// ---------------------------------------------------------------------------
// Entities: nothing is expanded beyond the five predefined ones and character
// references; a DOCTYPE with an internal subset (where entities are declared)
// is refused, an external DTD is never read.

std::optional<Diagnostic> check_doctype(std::string_view s, const std::string& name) {
  const std::size_t k = s.find("<!DOCTYPE");
  if (k == std::string_view::npos) return std::nullopt;
  // The DOCTYPE ends at the first '>' outside quotes; a '[' before it opens an internal subset.
  char quote = 0;
  for (std::size_t i = k + 9; i < s.size(); ++i) {
    const char c = s[i];
    if (quote) {
      if (c == quote) quote = 0;
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '[') {
      return Diagnostic{name, line_at(s, k),
                        "DOCTYPE with an internal subset (entity declarations) is not supported: "
                        "satzwerk expands no entities"};
    } else if (c == '>') {
      break;
    }
  }
  return std::nullopt;
}

void warn_unknown_entities(std::string_view s, const std::string& name, Warnings& w) {
  static const std::set<std::string, std::less<>> predefined = {"amp", "lt", "gt", "quot", "apos"};
  std::set<std::string, std::less<>> seen;
  for (std::size_t i = s.find('&'); i != std::string_view::npos; i = s.find('&', i + 1)) {
    std::size_t j = i + 1;
    if (j < s.size() && s[j] == '#') continue;
    while (j < s.size() && j - i < 64 &&
           (std::isalnum(static_cast<unsigned char>(s[j])) || s[j] == '_' || s[j] == '-' || s[j] == '.' || s[j] == ':'))
      ++j;
    if (j == i + 1 || j >= s.size() || s[j] != ';') continue;
    const std::string_view ent = s.substr(i + 1, j - i - 1);
    if (predefined.count(ent) || seen.count(ent)) continue;
    seen.emplace(ent);
    w.add(name, line_at(s, i), "entity &" + std::string(ent) + "; is not defined (satzwerk expands no entities); kept as text");
  }
}

// ---------------------------------------------------------------------------
// After parsing: one walk over the tree checks the nesting depth and cleans
// every text and attribute value (control characters, bad references).

std::optional<Diagnostic> check_tree(tinyxml2::XMLDocument& doc, const std::string& name, int max_depth, Warnings& w) {
  XMLNode* n = doc.FirstChild();
  int depth = n ? 1 : 0;
  std::string changed;
  std::vector<std::pair<std::string, std::string>> fixes;
  while (n) {
    if (auto* el = n->ToElement()) {
      if (depth > max_depth)
        return Diagnostic{name, n->GetLineNum(),
                          "elements nested " + std::to_string(depth) + " deep, more than the limit of " +
                              std::to_string(max_depth) + " (SATZWERK_MAX_DEPTH)"};
      fixes.clear();
      for (auto* a = el->FirstAttribute(); a; a = a->Next())
        if (needs_cleaning(a->Value())) {
          std::string v = clean_text(a->Value(), changed);
          if (!changed.empty()) {
            w.add(name, n->GetLineNum(), std::string("attribute ") + a->Name() + ": " + changed);
            fixes.emplace_back(a->Name(), std::move(v));
          }
        }
      for (auto& [k, v] : fixes) el->SetAttribute(k.c_str(), v.c_str());
    } else if (auto* t = n->ToText()) {
      if (needs_cleaning(t->Value())) {
        std::string v = clean_text(t->Value(), changed);
        if (!changed.empty()) {
          w.add(name, n->GetLineNum(), changed);
          t->SetValue(v.c_str());
        }
      }
    }
    // Depth-first, without recursion.
    if (n->FirstChild()) {
      n = n->FirstChild();
      ++depth;
      continue;
    }
    while (n && !n->NextSibling()) {
      n = n->Parent();
      --depth;
      if (n == &doc) n = nullptr;
    }
    if (n) n = n->NextSibling();
  }
  return std::nullopt;
}

}  // namespace

Limits Limits::from_env() {
  Limits l;
  auto read = [](const char* var, long long max) -> long long {
    const char* v = std::getenv(var);
    if (!v || !*v) return 0;
    char* end = nullptr;
    errno = 0;
    const long long x = std::strtoll(v, &end, 10);
    if (errno || !end || *end || x <= 0 || x > max) return 0;
    return x;
  };
  if (auto mb = read("SATZWERK_MAX_INPUT_MB", 4096)) l.max_input_bytes = static_cast<std::size_t>(mb) << 20;
  if (auto d = read("SATZWERK_MAX_DEPTH", 100)) l.max_depth = static_cast<int>(d);
  if (auto p = read("SATZWERK_MAX_PAGES", 1'000'000)) l.max_pages = static_cast<int>(p);
  if (auto px = read("SATZWERK_MAX_IMAGE_MPIXELS", 1'000'000)) l.max_image_pixels = static_cast<uint64_t>(px) * 1'000'000;
  return l;
}

Decoded decode_to_utf8(std::string_view bytes, const std::string& name) {
  Decoded d;
  auto starts = [&](std::initializer_list<unsigned char> p) {
    if (bytes.size() < p.size()) return false;
    std::size_t i = 0;
    for (unsigned char c : p)
      if (static_cast<unsigned char>(bytes[i++]) != c) return false;
    return true;
  };
  if (starts({0xFF, 0xFE, 0, 0}) || starts({0, 0, 0xFE, 0xFF})) {
    d.error = Diagnostic{name, 0, "UTF-32 input is not supported; use UTF-8"};
    return d;
  }
  if (starts({0xFF, 0xFE})) return decode_utf16(bytes.substr(2), false, name);
  if (starts({0xFE, 0xFF})) return decode_utf16(bytes.substr(2), true, name);
  if (starts({'<', 0, '?', 0})) return decode_utf16(bytes, false, name);
  if (starts({0, '<', 0, '?'})) return decode_utf16(bytes, true, name);
  if (starts({0xEF, 0xBB, 0xBF})) bytes.remove_prefix(3);

  const std::string enc = declared_encoding(bytes);
  if (enc.empty() || enc == "utf-8" || enc == "utf8" || enc == "us-ascii" || enc == "ascii") {
    for (std::size_t i = 0; i < bytes.size();) {
      char32_t cp;
      const std::size_t n = utf8_seq(bytes, i, cp);
      if (n == 0) {
        char b[8];
        std::snprintf(b, sizeof b, "0x%02X", static_cast<unsigned char>(bytes[i]));
        d.error = Diagnostic{name, line_at(bytes, i),
                             "invalid UTF-8 at byte " + std::to_string(i) + " (" + b +
                                 "); if the file is not UTF-8, its XML declaration must name the encoding, "
                                 "e.g. encoding=\"ISO-8859-1\""};
        return d;
      }
      i += n;
    }
    d.utf8 = std::string(bytes);
    return d;
  }
  enum { Latin1, Latin9, Cp1252 } table;
  if (enc == "iso-8859-1" || enc == "iso_8859-1" || enc == "latin1" || enc == "latin-1" || enc == "l1")
    table = Latin1;
  else if (enc == "iso-8859-15" || enc == "iso_8859-15" || enc == "latin-9" || enc == "latin9")
    table = Latin9;
  else if (enc == "windows-1252" || enc == "cp1252")
    table = Cp1252;
  else if (enc == "utf-16" || enc == "utf-16le" || enc == "utf-16be") {
    d.error = Diagnostic{name, 1, "encoding \"" + enc + "\" declared, but the file has no UTF-16 byte order mark"};
    return d;
  } else {
    d.error = Diagnostic{name, 1,
                         "encoding \"" + safe_quote(enc) +
                             "\" is not supported (UTF-8, UTF-16, ISO-8859-1, ISO-8859-15, windows-1252)"};
    return d;
  }
  d.utf8.reserve(bytes.size() + bytes.size() / 8);
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    const auto c = static_cast<unsigned char>(bytes[i]);
    char32_t cp = c;
    if (table == Latin9) cp = latin9(c);
    if (table == Cp1252 && c >= 0x80 && c <= 0x9F) {
      cp = kCp1252[c - 0x80];
      if (cp == 0) {
        char b[8];
        std::snprintf(b, sizeof b, "0x%02X", c);
        d.error = Diagnostic{name, line_at(bytes, i), std::string("byte ") + b + " is not a windows-1252 character"};
        return d;
      }
    }
    put_utf8(d.utf8, cp);
  }
  return d;
}

NitfResult parse_nitf(std::string_view xml, const std::string& name, const Limits& limits) {
  NitfResult res;
  auto fail = [&](int line, std::string msg) {
    res.error = Diagnostic{name, line, std::move(msg)};
    return res;
  };
  if (xml.empty()) return fail(0, "file is empty");
  if (xml.size() > limits.max_input_bytes)
    return fail(0, "input has " + std::to_string(xml.size()) + " bytes, more than the limit of " +
                       std::to_string(limits.max_input_bytes >> 20) + " MiB (SATZWERK_MAX_INPUT_MB)");
  Decoded decoded = decode_to_utf8(xml, name);
  if (decoded.error) {
    res.error = decoded.error;
    return res;
  }
  const std::string& text = decoded.utf8;
  if (auto e = check_doctype(text, name)) {
    res.error = e;
    return res;
  }
  Warnings warnings(res.warnings, limits.max_warnings);
  warn_unknown_entities(text, name, warnings);

  tinyxml2::XMLDocument doc(true, tinyxml2::PRESERVE_WHITESPACE);
  // A NUL byte would end tinyxml2's copy of the text early: it counts as a control character.
  std::string without_nul;
  std::string_view to_parse = text;
  if (text.find('\0') != std::string::npos) {
    without_nul = text;
    std::size_t first = without_nul.find('\0');
    warnings.add(name, line_at(text, first), "control characters removed: U+0000");
    without_nul.erase(std::remove(without_nul.begin(), without_nul.end(), '\0'), without_nul.end());
    to_parse = without_nul;
  }
  if (doc.Parse(to_parse.data(), to_parse.size()) != tinyxml2::XML_SUCCESS) {
    if (doc.ErrorID() == tinyxml2::XML_ELEMENT_DEPTH_EXCEEDED)
      return fail(doc.ErrorLineNum(), "elements nested more than " + std::to_string(TINYXML2_MAX_ELEMENT_DEPTH) +
                                          " deep (the XML reader's limit)");
    std::string what = doc.ErrorStr() ? doc.ErrorStr() : "malformed XML";
    // tinyxml2 prefixes its message with "Error=NAME ErrorID=N (0xN) Line number=N: "
    if (auto p = what.find(": "); p != std::string::npos && what.rfind("Error=", 0) == 0) what = what.substr(p + 2);
    return fail(doc.ErrorLineNum(), "malformed XML: " + safe_quote(what));
  }
  const XMLElement* root = doc.RootElement();
  if (!root) return fail(1, "no root element");
  if (!name_is(root, "nitf"))
    return fail(root->GetLineNum(), "root element is <" + safe_quote(root->Name()) + ">, expected <nitf>");
  if (auto e = check_tree(doc, name, limits.max_depth, warnings)) {
    res.error = e;
    return res;
  }

  Reader reader(name, warnings);
  model::Article a;
  a.source_file = name;
  if (const char* lang = root->Attribute("xml:lang")) a.lang = lang;
  reader.read_head(root->FirstChildElement("head"), a);
  const XMLElement* body = root->FirstChildElement("body");
  if (body) {
    reader.read_body_head(body->FirstChildElement("body.head"), a);
    if (auto* content = body->FirstChildElement("body.content"))
      reader.read_blocks(content, a.blocks, Block::Kind::Paragraph);
    if (auto* end = body->FirstChildElement("body.end"))
      if (auto* tag = end->FirstChildElement("tagline")) a.tagline = reader.plain_text(tag);
  }
  warnings.finish(name);
  if (a.headline.empty()) a.headline = a.title;
  if (!has_text(a)) return fail(body ? body->GetLineNum() : root->GetLineNum(), "article has no text (no headline, abstract or body)");
  res.article = std::move(a);
  return res;
}

Source read_source(const std::string& path, const Limits& limits) {
  Source src;
  std::error_code ec;
  const auto st = std::filesystem::status(path, ec);
  if (!ec && std::filesystem::exists(st) && !std::filesystem::is_regular_file(st)) {
    src.error = Diagnostic{path, 0, "not a regular file"};
    return src;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    src.error = Diagnostic{path, 0, "cannot open file: " + std::string(std::strerror(errno))};
    return src;
  }
  // Read at most one byte more than the limit: a file that grows meanwhile is still caught.
  const std::size_t cap = limits.max_input_bytes;
  std::string bytes;
  char buf[1 << 16];
  while (in && bytes.size() <= cap) {
    in.read(buf, static_cast<std::streamsize>(std::min<std::size_t>(sizeof buf, cap + 1 - bytes.size())));
    bytes.append(buf, static_cast<std::size_t>(in.gcount()));
  }
  if (in.bad()) {
    src.error = Diagnostic{path, 0, "cannot read file: " + std::string(std::strerror(errno))};
    return src;
  }
  if (bytes.size() > cap) {
    const auto size = std::filesystem::file_size(path, ec);
    src.error = Diagnostic{path, 0,
                           "file has " + (ec ? "more than " + std::to_string(cap) : std::to_string(size)) +
                               " bytes, more than the limit of " + std::to_string(cap >> 20) +
                               " MiB (SATZWERK_MAX_INPUT_MB)"};
    return src;
  }
  src.bytes = std::move(bytes);
  return src;
}

NitfResult read_nitf_file(const std::string& path, const Limits& limits) {
  Source src = read_source(path, limits);
  if (src.error) {
    NitfResult res;
    res.error = src.error;
    return res;
  }
  return parse_nitf(src.bytes, path, limits);
}

bool safe_media_path(std::string_view s) {
  if (s.empty() || s.size() > 1024) return false;
  if (s.front() == '/' || s.front() == '\\' || s.front() == '~') return false;
  for (unsigned char c : s)
    if (c < 0x20 || c == 0x7F) return false;
  // A scheme ("file:", "http:") or a drive letter ("C:") before the first slash.
  const std::size_t colon = s.find(':');
  if (colon != std::string_view::npos && colon < s.find_first_of("/\\")) return false;
  return true;
}

std::optional<std::string> resolve_media(const std::string& article_path, std::string_view source,
                                         const std::string& root, std::string* why) {
  namespace fs = std::filesystem;
  auto refuse = [&](std::string reason) -> std::optional<std::string> {
    if (why) *why = std::move(reason);
    return std::nullopt;
  };
  if (!safe_media_path(source)) return refuse("is not a relative path");
  std::error_code ec;
  const fs::path article_folder = fs::canonical(fs::absolute(fs::path(article_path), ec).parent_path(), ec);
  if (ec) return refuse("the article's folder cannot be resolved");
  const fs::path folder = root.empty() ? article_folder : fs::canonical(fs::absolute(fs::path(root), ec), ec);
  if (ec) return refuse("the media folder cannot be resolved");
  const fs::path target = fs::weakly_canonical(article_folder / fs::path(std::string(source)), ec);
  if (ec) return refuse("cannot be resolved");
  // Inside means: the folder's path is a prefix of the target's, component by component.
  auto f = folder.begin();
  auto t = target.begin();
  for (; f != folder.end(); ++f, ++t)
    if (t == target.end() || *f != *t)
      return refuse(root.empty() ? "lies outside the article's folder" : "lies outside the media folder " + root);
  const auto st = fs::status(target, ec);
  if (ec || !fs::exists(st)) return refuse("does not exist");
  if (!fs::is_regular_file(st)) return refuse("is not a regular file");
  return target.string();
}

bool safe_link(std::string_view href) {
  auto starts = [&](std::string_view p) {
    if (href.size() < p.size()) return false;
    for (std::size_t i = 0; i < p.size(); ++i)
      if (std::tolower(static_cast<unsigned char>(href[i])) != p[i]) return false;
    return true;
  };
  for (char c : href)
    if (static_cast<unsigned char>(c) <= ' ' || static_cast<unsigned char>(c) >= 0x7F) return false;
  return starts("http://") || starts("https://") || starts("mailto:") || starts("www.");
}

}  // namespace satzwerk::ingest
