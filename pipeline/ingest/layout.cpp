#include "ingest/layout.h"

#include <tinyxml2.h>

#include <charconv>
#include <cstring>
#include <sstream>
#include <stdexcept>

#include "ingest/nitf.h"

namespace satzwerk::ingest {

using model::Diagnostic;
using tinyxml2::XMLElement;

std::optional<double> parse_length(std::string_view s, double em_size) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  double v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p == s.data()) return std::nullopt;
  const std::string_view unit(p, static_cast<std::size_t>(s.data() + s.size() - p));
  if (unit.empty() || unit == "pt") return v;
  if (unit == "mm") return v * 72 / 25.4;
  if (unit == "cm") return v * 72 / 2.54;
  if (unit == "in") return v * 72;
  if (unit == "em" && em_size > 0) return v * em_size;
  return std::nullopt;
}

namespace {

// Every problem is thrown as this and turned into the Diagnostic once, at the edge.
struct LayoutError {
  int line;
  std::string message;
};

class Reader {
 public:
  explicit Reader(model::Layout& l) : l_(l) {}

  void read(const XMLElement* root, const std::string& master) {
    if (std::strcmp(root->Name(), "layout") != 0)
      throw LayoutError{root->GetLineNum(), std::string("root element is <") + root->Name() + ">, expected <layout>"};
    l_.name = attr(root, "name");
    l_.publication = attr(root, "publication");
    for (auto* e = root->FirstChildElement(); e; e = e->NextSiblingElement()) read_element(e);
    select_master(root, master);
  }

 private:
  static std::string attr(const XMLElement* e, const char* n) {
    const char* v = e->Attribute(n);
    return v ? v : "";
  }

  double length(const XMLElement* e, const char* n, double current, double em = 0, double min = 0,
                double max = 5000) {
    const char* v = e->Attribute(n);
    if (!v) return current;
    auto d = parse_length(v, em);
    if (!d) throw LayoutError{e->GetLineNum(), std::string("<") + e->Name() + "> " + n + "=\"" + v +
                                                   "\" is not a length (use mm, cm, pt, in" +
                                                   (em > 0 ? ", em" : "") + ")"};
    if (*d < min || *d > max)
      throw LayoutError{e->GetLineNum(), std::string("<") + e->Name() + "> " + n + "=\"" + v + "\" is out of range"};
    return *d;
  }

  double number(const XMLElement* e, const char* n, double current, double min, double max) {
    const char* v = e->Attribute(n);
    if (!v) return current;
    double d = 0;
    const std::string_view s(v);
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), d);
    if (ec != std::errc() || p != s.data() + s.size() || d < min || d > max) {
      std::ostringstream m;
      m << "<" << e->Name() << "> " << n << "=\"" << v << "\" must be a number from " << min << " to " << max;
      throw LayoutError{e->GetLineNum(), m.str()};
    }
    return d;
  }

  bool boolean(const XMLElement* e, const char* n, bool current) {
    const char* v = e->Attribute(n);
    if (!v) return current;
    const std::string s(v);
    if (s == "true" || s == "yes" || s == "ja") return true;
    if (s == "false" || s == "no" || s == "nein") return false;
    throw LayoutError{e->GetLineNum(), std::string("<") + e->Name() + "> " + n + "=\"" + v + "\" must be true or false"};
  }

  void read_element(const XMLElement* e) {
    const std::string n = e->Name();
    if (n == "page") {
      l_.page_width = length(e, "width", l_.page_width, 0, 72, 14400);
      l_.page_height = length(e, "height", l_.page_height, 0, 72, 14400);
      l_.bleed = length(e, "bleed", l_.bleed, 0, 0, 72);
      l_.facing = boolean(e, "facing", l_.facing);
    } else if (n == "margins") {
      l_.margin_top = length(e, "top", l_.margin_top);
      l_.margin_bottom = length(e, "bottom", l_.margin_bottom);
      l_.margin_inner = length(e, "inner", l_.margin_inner);
      l_.margin_outer = length(e, "outer", l_.margin_outer);
      if (l_.measure() < 72 || l_.page_height - l_.margin_top - l_.margin_bottom < 144)
        throw LayoutError{e->GetLineNum(), "<margins> leave less than 1 in across or 2 in down for text"};
    } else if (n == "masters") {
      l_.masters.clear();
      for (auto* m = e->FirstChildElement("master"); m; m = m->NextSiblingElement("master")) {
        model::Master ms;
        ms.name = attr(m, "name");
        ms.columns = static_cast<int>(number(m, "columns", 1, 1, 8));
        ms.gutter = length(m, "gutter", 14, 0, 0, 144);
        l_.masters.push_back(ms);
      }
      if (l_.masters.empty()) throw LayoutError{e->GetLineNum(), "<masters> needs at least one <master>"};
    } else if (n == "grid") {
      l_.leading = length(e, "leading", l_.leading, 0, 4, 144);
    } else if (n == "breaks") {
      l_.widow_lines = static_cast<int>(number(e, "widow-lines", l_.widow_lines, 1, 5));
      l_.orphan_lines = static_cast<int>(number(e, "orphan-lines", l_.orphan_lines, 1, 5));
      l_.balance_columns = boolean(e, "balance-columns", l_.balance_columns);
    } else if (n == "fonts") {
      for (auto* f = e->FirstChildElement("font"); f; f = f->NextSiblingElement("font")) read_font(f);
    } else if (n == "colors") {
      for (auto* c = e->FirstChildElement("color"); c; c = c->NextSiblingElement("color")) read_color(c);
    } else if (n == "styles") {
      for (auto* s = e->FirstChildElement("style"); s; s = s->NextSiblingElement("style")) read_style(s);
    } else if (n == "header" || n == "footer") {
      (n == "header" ? l_.header_left : l_.footer_left) = attr(e, "left");
      (n == "header" ? l_.header_right : l_.footer_right) = attr(e, "right");
      if (n == "header") l_.header_rule = attr(e, "rule");
    } else if (n == "issue") {
      l_.aktuelle_count = static_cast<int>(number(e, "aktuelle-meldungen", l_.aktuelle_count, 0, 100));
      if (e->Attribute("date-style")) {
        l_.date_style = attr(e, "date-style");
        if (l_.date_style != "long" && l_.date_style != "short")
          throw LayoutError{e->GetLineNum(), "<issue> date-style must be \"long\" or \"short\""};
      }
    } else {
      throw LayoutError{e->GetLineNum(), "unknown element <" + n + "> in <layout>"};
    }
  }

  void read_font(const XMLElement* f) {
    const std::string name = attr(f, "name");
    if (name.empty()) throw LayoutError{f->GetLineNum(), "<font> needs a name"};
    model::FontFamily fam;
    fam.regular = attr(f, "regular");
    fam.bold = attr(f, "bold");
    fam.italic = attr(f, "italic");
    fam.bold_italic = attr(f, "bold-italic");
    fam.line = f->GetLineNum();
    if (fam.regular.empty()) throw LayoutError{f->GetLineNum(), "<font name=\"" + name + "\"> needs a regular file"};
    if (const char* feats = f->Attribute("features")) fam.features = split(feats);
    l_.fonts[name] = fam;
  }

  void read_color(const XMLElement* c) {
    const std::string name = attr(c, "name");
    const auto parts = split(attr(c, "cmyk"));
    model::Cmyk v;
    double* slots[] = {&v.c, &v.m, &v.y, &v.k};
    bool ok = parts.size() == 4 && !name.empty();
    for (std::size_t i = 0; ok && i < 4; ++i) {
      double d = -1;
      auto [p, ec] = std::from_chars(parts[i].data(), parts[i].data() + parts[i].size(), d);
      ok = ec == std::errc() && p == parts[i].data() + parts[i].size() && d >= 0 && d <= 100;
      *slots[i] = d / 100;
    }
    if (!ok)
      throw LayoutError{c->GetLineNum(), "<color name=\"" + name + "\"> needs cmyk=\"C M Y K\" in percent (0–100)"};
    l_.colors[name] = v;
  }

  void read_style(const XMLElement* s) {
    const std::string name = attr(s, "name");
    if (name.empty()) throw LayoutError{s->GetLineNum(), "<style> needs a name"};
    // A style starts from the one it is based on ("body" by default for body-like styles).
    model::ParagraphStyleSpec st;
    if (const char* base = s->Attribute("based-on")) {
      auto it = l_.styles.find(base);
      if (it == l_.styles.end()) throw LayoutError{s->GetLineNum(), std::string("based-on=\"") + base + "\" is not defined above"};
      st = it->second;
    }
    if (s->Attribute("font")) {
      st.family = attr(s, "font");
      if (!l_.fonts.count(st.family))
        throw LayoutError{s->GetLineNum(), "font=\"" + st.family + "\" is not declared in <fonts>"};
    }
    if (s->Attribute("weight")) {
      const std::string w = attr(s, "weight");
      if (w != "bold" && w != "regular") throw LayoutError{s->GetLineNum(), "weight must be \"regular\" or \"bold\""};
      st.bold = w == "bold";
    }
    if (s->Attribute("style")) {
      const std::string w = attr(s, "style");
      if (w != "italic" && w != "normal") throw LayoutError{s->GetLineNum(), "style must be \"normal\" or \"italic\""};
      st.italic = w == "italic";
    }
    st.size = length(s, "size", st.size, 0, 4, 200);
    st.leading = length(s, "leading", st.leading, st.size, 4, 300);
    if (s->Attribute("align")) {
      const std::string a = attr(s, "align");
      if (a == "justify") st.align = model::Alignment::Justify;
      else if (a == "left") st.align = model::Alignment::Left;
      else if (a == "center") st.align = model::Alignment::Center;
      else if (a == "right") st.align = model::Alignment::Right;
      else throw LayoutError{s->GetLineNum(), "align=\"" + a + "\" must be justify, left, center or right"};
    }
    st.hyphenate = boolean(s, "hyphenate", st.hyphenate);
    st.max_hyphen_run = static_cast<int>(number(s, "max-hyphen-run", st.max_hyphen_run, 0, 10));
    st.space_before = number(s, "space-before", st.space_before, 0, 20);
    st.space_after = number(s, "space-after", st.space_after, 0, 20);
    st.first_indent = length(s, "indent", st.first_indent, st.size, 0, 200);
    st.keep_with_next = static_cast<int>(number(s, "keep-with-next", st.keep_with_next, 0, 10));
    if (s->Attribute("color")) {
      st.color = attr(s, "color");
      if (!l_.colors.count(st.color)) throw LayoutError{s->GetLineNum(), "color=\"" + st.color + "\" is not declared in <colors>"};
    }
    if (s->Attribute("features")) st.features = split(attr(s, "features"));
    l_.styles[name] = st;
  }

  void select_master(const XMLElement* root, const std::string& master) {
    if (master.empty()) return;
    for (std::size_t i = 0; i < l_.masters.size(); ++i)
      if (l_.masters[i].name == master) {
        l_.master = i;
        return;
      }
    throw LayoutError{root->GetLineNum(), "layout has no master page \"" + master + "\""};
  }

  static std::vector<std::string> split(const std::string& s) {
    std::vector<std::string> out;
    std::istringstream in(s);
    for (std::string w; in >> w;) out.push_back(w);
    return out;
  }

  model::Layout& l_;
};

}  // namespace

LayoutResult parse_layout(std::string_view xml, const std::string& name, const std::string& master) {
  LayoutResult res;
  tinyxml2::XMLDocument doc(true, tinyxml2::COLLAPSE_WHITESPACE);
  if (doc.Parse(xml.data(), xml.size()) != tinyxml2::XML_SUCCESS || !doc.RootElement()) {
    res.error = Diagnostic{name, doc.ErrorLineNum(), "malformed XML in layout file"};
    return res;
  }
  model::Layout layout;
  layout.file = name;
  // Defaults every layout can rely on: the text colour and the two families.
  layout.colors["text"] = model::Cmyk{0, 0, 0, 1};
  try {
    Reader(layout).read(doc.RootElement(), master);
  } catch (const LayoutError& e) {
    res.error = Diagnostic{name, e.line, e.message};
    return res;
  }
  res.layout = std::move(layout);
  return res;
}

LayoutResult read_layout_file(const std::string& path, const std::string& master) {
  const Source src = read_source(path);
  if (src.error) {
    LayoutResult res;
    res.error = src.error;
    return res;
  }
  return parse_layout(src.bytes, path, master);
}

}  // namespace satzwerk::ingest
