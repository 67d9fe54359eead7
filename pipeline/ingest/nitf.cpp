#include "ingest/nitf.h"

#include <tinyxml2.h>

#include <cerrno>
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
  Reader(std::string name, std::vector<Diagnostic>& warnings) : name_(std::move(name)), warnings_(warnings) {}

  void warn(const XMLNode* n, const std::string& message) {
    warnings_.push_back({name_, n->GetLineNum(), message});
  }
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
    if (!num(0, 4, d.year) || !num(4, 2, d.month) || !num(6, 2, d.day) || !d.valid()) {
      if (!norm.empty()) warn(e, "date.issue norm=\"" + std::string(norm) + "\" is not a date YYYYMMDD[THHMMSS]; ignored");
      return {};
    }
    if (norm.size() >= 15 && norm[8] == 'T') {
      num(9, 2, d.hour);
      num(11, 2, d.minute);
      num(13, 2, d.second);
    }
    return d;
  }

  Block read_media(const XMLElement* e) {
    Block b{Block::Kind::Figure};
    b.line = e->GetLineNum();
    for (auto* c = e->FirstChildElement(); c; c = c->NextSiblingElement()) {
      if (name_is(c, "media-reference")) {
        if (b.media_source.empty()) b.media_source = attr(c, "source");
        if (b.media_alt.empty()) b.media_alt = trim(collapse_spaces(attr(c, "alternate-text")));
      } else if (name_is(c, "media-caption")) {
        b.runs = inline_runs(c);
      } else if (name_is(c, "media-producer")) {
        if (std::string who = plain_text(c); !who.empty()) {
          if (!b.runs.empty()) b.runs.push_back({" "});
          b.runs.push_back({"Foto: " + who});
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
        add_inline(el, style, trim(attr(el, "href")), runs);
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
  std::vector<Diagnostic>& warnings_;
};

bool has_text(const model::Article& a) {
  if (!a.headline.empty() || !a.title.empty() || !a.abstract.empty()) return true;
  for (const auto& b : a.blocks)
    for (const auto& r : b.runs)
      if (!r.text.empty()) return true;
  return false;
}

}  // namespace

NitfResult parse_nitf(std::string_view xml, const std::string& name) {
  NitfResult res;
  auto fail = [&](int line, std::string msg) {
    res.error = Diagnostic{name, line, std::move(msg)};
    return res;
  };
  if (xml.empty()) return fail(0, "file is empty");

  tinyxml2::XMLDocument doc(true, tinyxml2::PRESERVE_WHITESPACE);
  if (doc.Parse(xml.data(), xml.size()) != tinyxml2::XML_SUCCESS) {
    std::string what = doc.ErrorStr() ? doc.ErrorStr() : "malformed XML";
    // tinyxml2 prefixes its message with "Error=NAME ErrorID=N (0xN) Line number=N: "
    if (auto p = what.find(": "); p != std::string::npos && what.rfind("Error=", 0) == 0) what = what.substr(p + 2);
    return fail(doc.ErrorLineNum(), "malformed XML: " + what);
  }
  const XMLElement* root = doc.RootElement();
  if (!root) return fail(1, "no root element");
  if (!name_is(root, "nitf"))
    return fail(root->GetLineNum(), std::string("root element is <") + root->Name() + ">, expected <nitf>");

  Reader reader(name, res.warnings);
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
  if (a.headline.empty()) a.headline = a.title;
  if (!has_text(a)) return fail(body ? body->GetLineNum() : root->GetLineNum(), "article has no text (no headline, abstract or body)");
  res.article = std::move(a);
  return res;
}

Source read_source(const std::string& path) {
  Source src;
  std::error_code ec;
  if (std::filesystem::exists(path, ec) && !std::filesystem::is_regular_file(path, ec)) {
    src.error = Diagnostic{path, 0, "not a regular file"};
    return src;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    src.error = Diagnostic{path, 0, "cannot open file: " + std::string(std::strerror(errno))};
    return src;
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  src.bytes = ss.str();
  return src;
}

NitfResult read_nitf_file(const std::string& path) {
  Source src = read_source(path);
  if (src.error) {
    NitfResult res;
    res.error = src.error;
    return res;
  }
  return parse_nitf(src.bytes, path);
}

}  // namespace satzwerk::ingest
