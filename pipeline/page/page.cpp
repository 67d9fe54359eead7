#include "page/page.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstring>
#include <stdexcept>

#include "text/hyphenate.h"
#include "text/ligature.h"
#include "text/normalize.h"
#include "text/utf8.h"

namespace satzwerk::page {

using model::Block;
using model::Inline;
using paragraph::Align;
using paragraph::ParagraphStyle;
using paragraph::Span;
using paragraph::TextStyle;

FontSet FontSet::load(const std::string& dir) {
  FontSet f;
  f.serif = shape::Font::load(dir + "/LinLibertine_R.otf");
  f.serif_bold = shape::Font::load(dir + "/LinLibertine_RB.otf");
  f.serif_italic = shape::Font::load(dir + "/LinLibertine_RI.otf");
  f.serif_bold_italic = shape::Font::load(dir + "/LinLibertine_RBI.otf");
  f.sans = shape::Font::load(dir + "/LinBiolinum_R.otf");
  f.sans_bold = shape::Font::load(dir + "/LinBiolinum_RB.otf");
  return f;
}

std::string german_long_date(const model::Date& d) {
  static const char* const months[] = {"Januar", "Februar", "März",     "April",   "Mai",      "Juni",
                                       "Juli",   "August",  "September", "Oktober", "November", "Dezember"};
  if (!d.valid()) return {};
  return std::to_string(d.day) + ". " + months[d.month - 1] + " " + std::to_string(d.year);
}

namespace {

constexpr char32_t kRunSeparator = 0xE000;  // private use: marks run boundaries through normalisation

// The text stage sees a paragraph as one text so that quotes find their
// context across emphasis and link boundaries; the runs are split back after.
std::vector<std::string> normalise_runs(const std::vector<std::string>& texts, const text::NormalizeOptions& opt) {
  std::string joined;
  for (std::size_t i = 0; i < texts.size(); ++i) {
    if (i) utf8::append(joined, kRunSeparator);
    joined += texts[i];
  }
  const std::string norm = text::suppress_ligatures(text::normalize(joined, opt));
  std::vector<std::string> out(1);
  std::string sep;
  utf8::append(sep, kRunSeparator);
  for (std::size_t pos = 0;;) {
    const auto next = norm.find(sep, pos);
    out.back() += norm.substr(pos, next == std::string::npos ? std::string::npos : next - pos);
    if (next == std::string::npos) break;
    out.emplace_back();
    pos = next + sep.size();
  }
  if (out.size() != texts.size()) {  // the separator did not survive: fall back to run by run
    out.clear();
    for (const auto& t : texts) out.push_back(text::suppress_ligatures(text::normalize(t, opt)));
  }
  return out;
}

bool is_url_char(char c) {
  return static_cast<unsigned char>(c) > ' ' && static_cast<unsigned char>(c) < 0x7F && c != '"' && c != '<' &&
         c != '>';
}

// Finds the next bare web or e-mail address in text at or after pos:
// returns [begin, end) and the link target, or begin == npos.
struct Found {
  std::size_t begin = std::string::npos, end = 0;
  std::string target;
};
Found find_address(const std::string& text, std::size_t pos) {
  Found f;
  for (const char* prefix : {"https://", "http://", "www."}) {
    std::size_t at = text.find(prefix, pos);
    // "www." must start a word.
    while (at != std::string::npos && prefix[0] == 'w' && at > 0 && is_url_char(text[at - 1]) && text[at - 1] != '(')
      at = text.find(prefix, at + 1);
    if (at < f.begin) {
      f.begin = at;
      f.target = prefix[0] == 'w' ? "https://" : "";
    }
  }
  // user@domain.tld
  for (std::size_t at = text.find('@', pos); at != std::string::npos && at < f.begin; at = text.find('@', at + 1)) {
    std::size_t b = at;
    while (b > pos && (std::isalnum(static_cast<unsigned char>(text[b - 1])) || std::strchr("._%+-", text[b - 1]))) --b;
    std::size_t e = at + 1;
    while (e < text.size() && (std::isalnum(static_cast<unsigned char>(text[e])) || std::strchr(".-", text[e]))) ++e;
    const std::string domain = text.substr(at + 1, e - at - 1);
    if (b < at && domain.find('.') != std::string::npos && domain.back() != '.') {
      f.begin = b;
      f.target = "mailto:";
      f.end = e;
      break;
    }
  }
  if (f.begin == std::string::npos) return f;
  if (f.target != "mailto:") {
    f.end = f.begin;
    while (f.end < text.size() && is_url_char(text[f.end])) ++f.end;
    // Sentence punctuation after an address is not part of it (de.md N0).
    while (f.end > f.begin && std::strchr(".,;:!?)", text[f.end - 1])) --f.end;
  }
  f.target += text.substr(f.begin, f.end - f.begin);
  return f;
}

// Bare addresses in the text become links, like <a href> ones.
std::vector<Span> link_bare_addresses(std::vector<Span> spans) {
  std::vector<Span> out;
  for (auto& s : spans) {
    if (!s.href.empty()) {
      out.push_back(std::move(s));
      continue;
    }
    std::size_t pos = 0;
    for (Found f = find_address(s.text, 0); f.begin != std::string::npos; f = find_address(s.text, pos)) {
      if (f.begin > pos) out.push_back({s.text.substr(pos, f.begin - pos), s.style, {}});
      out.push_back({s.text.substr(f.begin, f.end - f.begin), s.style, f.target});
      pos = f.end;
    }
    if (pos < s.text.size()) out.push_back({s.text.substr(pos), s.style, {}});
  }
  return out;
}

class Typesetter {
 public:
  Typesetter(const model::Article& a, const Resources& res, shape::ShapeCache& cache, const Layout& layout)
      : article_(a), res_(res), fonts_(res.fonts), cache_(cache), layout_(layout) {
    norm_.region = text::region_from_lang(a.lang);
    norm_.quotes = text::default_quotes(norm_.region);
  }

  Document run() {
    new_page();
    set_kicker();
    set_headline();
    if (!article_.abstract.empty()) {
      set_block(article_.abstract, body_style(true), style(fonts_.serif_bold, layout_.body_size), Role::Lead);
      space_lines(0.5);
    }
    if (!article_.byline.empty())
      set_plain(article_.byline, style(fonts_.serif_italic, layout_.small_size), ragged(), Role::Lead);
    bool after_heading = true;
    bool first = true;
    for (const auto& b : article_.blocks) {
      set_body_block(b, after_heading, first);
      after_heading = b.kind == Block::Kind::Heading;
      first = false;
    }
    if (!article_.tagline.empty()) {
      auto ps = ragged();
      ps.align = Align::RaggedRight;
      set_plain(article_.tagline, style(fonts_.serif_italic, layout_.body_size), ps, Role::Tagline, true);
    }
    set_link_list();
    set_keywords();
    finish_pages();
    Document doc;
    doc.info = info();
    doc.pages = std::move(pages_);
    return doc;
  }

 private:
  // ---- styles --------------------------------------------------------------
  TextStyle style(const std::shared_ptr<const shape::Font>& f, double size) const { return {f.get(), size, {"kern", "liga"}}; }

  ParagraphStyle body_style(bool first_of_section) const {
    ParagraphStyle ps;
    ps.measure = layout_.measure();
    ps.first_indent = first_of_section ? 0 : layout_.body_size;  // 1 em (P10)
    ps.align = Align::Justify;
    ps.hyphenate = true;
    return ps;
  }
  ParagraphStyle ragged(bool hyphenate = false) const {
    ParagraphStyle ps;
    ps.measure = layout_.measure();
    ps.align = Align::RaggedRight;
    ps.hyphenate = hyphenate;
    return ps;
  }

  // ---- spans from the model ------------------------------------------------
  std::vector<Span> spans_of(const std::vector<Inline>& runs, const TextStyle& base) {
    std::vector<std::string> texts;
    for (const auto& r : runs) texts.push_back(r.line_break ? "\n" : r.text);
    const auto norm = normalise_runs(texts, norm_);
    std::vector<Span> spans;
    for (std::size_t i = 0; i < runs.size(); ++i) {
      TextStyle ts = base;
      const bool bold_base = base.font == fonts_.serif_bold.get();
      if (runs[i].style == Inline::Style::Emphasis)
        ts.font = bold_base ? fonts_.serif_bold_italic.get() : fonts_.serif_italic.get();
      else if (runs[i].style == Inline::Style::Strong)
        ts.font = fonts_.serif_bold.get();
      spans.push_back({norm[i], ts, runs[i].href});
    }
    return link_bare_addresses(std::move(spans));
  }

  // ---- page flow -----------------------------------------------------------
  void new_page() {
    Page p;
    p.width = layout_.page_width;
    p.height = layout_.page_height;
    pages_.push_back(std::move(p));
    // The first baseline sits one body size below the top margin; all body lines
    // keep to the grid top + size + k * leading (P7).
    cursor_ = layout_.margin_top + layout_.body_size;
  }
  double bottom() const { return layout_.page_height - layout_.margin_bottom; }
  int lines_left() const {
    if (cursor_ > bottom() + 0.01) return 0;
    return static_cast<int>(std::floor((bottom() - cursor_) / layout_.leading + 1e-6)) + 1;
  }
  // Moves the cursor to the next grid line at or below it.
  void snap_to_grid() {
    const double origin = layout_.margin_top + layout_.body_size;
    const double k = std::ceil((cursor_ - origin) / layout_.leading - 1e-6);
    cursor_ = origin + std::max(0.0, k) * layout_.leading;
  }
  void space_lines(double n) {
    if (cursor_ > layout_.margin_top + layout_.body_size + 0.01) cursor_ += n * layout_.leading;
    snap_to_grid();
  }

  void place(paragraph::Line line, Role role, double x_left) {
    TextLine tl;
    tl.x = x_left + line.indent;
    tl.baseline = layout_.page_height - cursor_;
    for (const auto& l : line.links) {
      const double size = line.runs.empty() ? layout_.body_size : line.runs.front().size;
      pages_.back().links.push_back({tl.x + l.x0, tl.baseline - 0.25 * size, tl.x + l.x1, tl.baseline + 0.8 * size, l.href});
    }
    tl.line = std::move(line);
    tl.role = role;
    tl.block = block_;
    pages_.back().lines.push_back(std::move(tl));
  }

  // Places body lines on the grid, keeping at least min_lines_at_break lines of
  // the paragraph on each side of a page break (no widows or orphans).
  void flow(std::vector<paragraph::Line> lines, Role role, double x_left, int keep_with_next = 0) {
    const int minl = layout_.min_lines_at_break;
    std::size_t i = 0;
    while (i < lines.size()) {
      const int n = static_cast<int>(lines.size() - i);
      const int avail = lines_left();
      int take;
      if (n + keep_with_next <= avail) {
        take = n;
      } else if (n <= avail && keep_with_next == 0) {
        take = n;
      } else {
        // The most lines that leave >= minl here and >= minl on the next page.
        take = std::min(avail, n - minl);
        if (take < minl) take = 0;
        if (n < 2 * minl) take = n <= avail ? n : 0;
        if (keep_with_next && take == n) take = 0;
      }
      if (take == 0 && cursor_ <= layout_.margin_top + layout_.body_size + 0.01) take = std::max(1, std::min(n, avail));
      for (int k = 0; k < take; ++k) {
        place(std::move(lines[i++]), role, x_left);
        cursor_ += layout_.leading;
      }
      if (i < lines.size()) new_page();
    }
    ++block_;
  }

  void set_block(const std::vector<Inline>& runs, const ParagraphStyle& ps, const TextStyle& ts, Role role,
                 double x_left = -1) {
    auto lines = paragraph::compose(spans_of(runs, ts), ps, cache_, ps.hyphenate ? res_.hyphenator.get() : nullptr);
    flow(std::move(lines), role, x_left < 0 ? layout_.margin_inner : x_left);
  }

  void set_plain(const std::string& s, const TextStyle& ts, const ParagraphStyle& ps, Role role, bool flush_right = false) {
    auto lines = paragraph::compose(spans_of({{s}}, ts), ps, cache_, nullptr);
    if (flush_right)
      for (auto& l : lines) l.indent = ps.measure - l.width;
    flow(std::move(lines), role, layout_.margin_inner);
  }

  void set_kicker() {
    std::string kicker = article_.section;
    const std::string date = german_long_date(article_.date);
    if (!kicker.empty() && !date.empty()) kicker += " \u00B7 ";
    kicker += date;
    if (kicker.empty()) return;
    set_plain(kicker, style(fonts_.sans, layout_.small_size), ragged(), Role::Kicker);
    space_lines(0.5);
  }

  void set_headline() {
    const std::string& h = article_.headline.empty() ? article_.title : article_.headline;
    if (h.empty()) return;
    auto lines = paragraph::compose(spans_of({{h}}, style(fonts_.sans_bold, layout_.headline_size)), ragged(), cache_,
                                    nullptr);
    // Headline lines use their own leading; the text after it returns to the grid.
    cursor_ += layout_.headline_size - layout_.body_size;
    for (auto& l : lines) {
      place(std::move(l), Role::Headline, layout_.margin_inner);
      cursor_ += layout_.headline_leading;
    }
    cursor_ -= layout_.headline_leading;
    ++block_;
    if (!article_.subheadline.empty()) {
      cursor_ += layout_.leading * 1.5;
      snap_to_grid();
      set_plain(article_.subheadline, style(fonts_.sans, 12), ragged(), Role::Subheadline);
      cursor_ -= layout_.leading;
    }
    cursor_ += layout_.leading;
    space_lines(1);
  }

  void set_body_block(const Block& b, bool after_heading, bool first) {
    switch (b.kind) {
      case Block::Kind::Heading: {
        space_lines(1);
        auto lines = paragraph::compose(spans_of(b.runs, style(fonts_.sans_bold, 11)), ragged(), cache_, nullptr);
        flow(std::move(lines), Role::Heading, layout_.margin_inner, 2);  // P6: keep with 2 lines
        break;
      }
      case Block::Kind::LinkParagraph:
        break;  // a paragraph that is only a link is set in the link list
      case Block::Kind::ListItem: {
        const double indent = 1.5 * layout_.body_size;
        auto ps = body_style(true);
        ps.measure -= indent;
        const std::string label = b.list_number ? std::to_string(b.list_number) + "." : "\u2022";
        auto label_lines = paragraph::compose(spans_of({{label}}, style(fonts_.serif, layout_.body_size)), ragged(),
                                              cache_, nullptr);
        auto lines = paragraph::compose(spans_of(b.runs, style(fonts_.serif, layout_.body_size)), ps, cache_,
                                        res_.hyphenator.get());
        if (!label_lines.empty() && !lines.empty()) {
          // The label hangs in the indent, on the item's first line.
          auto& first_line = lines.front();
          auto label = std::move(label_lines.front());
          const double shift = indent;
          for (auto& r : first_line.runs)
            for (auto& g : r.glyphs) g.x += shift;
          for (auto& l : first_line.links) { l.x0 += shift; l.x1 += shift; }
          for (auto& r : label.runs) first_line.runs.insert(first_line.runs.begin(), r);
          first_line.width += shift;
          for (std::size_t k = 1; k < lines.size(); ++k) lines[k].indent += indent;
        }
        flow(std::move(lines), Role::ListItem, layout_.margin_inner);
        break;
      }
      case Block::Kind::Quote: {
        const double indent = 2 * layout_.body_size;
        auto ps = body_style(true);
        ps.measure -= 2 * indent;
        set_block(b.runs, ps, style(fonts_.serif_italic, layout_.body_size), Role::Quote, layout_.margin_inner + indent);
        break;
      }
      case Block::Kind::Figure: {
        // Images are placed by the page builder of a later version; until then
        // the caption stands for the figure.
        std::vector<Inline> runs = b.runs;
        if (runs.empty() && !b.media_alt.empty()) runs.push_back({b.media_alt});
        if (runs.empty()) break;
        space_lines(0.5);
        set_block(runs, ragged(), style(fonts_.serif_italic, layout_.small_size), Role::Caption);
        space_lines(0.5);
        break;
      }
      case Block::Kind::Paragraph:
        set_block(b.runs, body_style(after_heading || first), style(fonts_.serif, layout_.body_size), Role::Paragraph);
        break;
    }
  }

  // Every link of the article with its address, so the printed page keeps them.
  void set_link_list() {
    std::vector<std::pair<std::string, std::string>> links;  // text, href; each address once
    auto collect = [&](const std::vector<Inline>& runs) {
      for (const auto& r : runs) {
        if (r.href.empty()) continue;
        if (std::none_of(links.begin(), links.end(), [&](const auto& l) { return l.second == r.href; }))
          links.push_back({r.text, r.href});
      }
    };
    collect(article_.abstract);
    for (const auto& b : article_.blocks) collect(b.runs);
    if (links.empty()) return;
    space_lines(1);
    auto heading = paragraph::compose(spans_of({{"Links"}}, style(fonts_.sans_bold, layout_.body_size)), ragged(),
                                      cache_, nullptr);
    flow(std::move(heading), Role::LinkList, layout_.margin_inner, 1);
    for (const auto& [label, href] : links) {
      std::vector<Inline> runs;
      const bool label_is_address = label == href || href.find(label) != std::string::npos;
      if (!label_is_address) runs.push_back({label + ": "});
      runs.push_back({href, Inline::Style::Regular, href});
      auto lines = paragraph::compose(spans_of(runs, style(fonts_.serif, layout_.small_size)), ragged(), cache_, nullptr);
      flow(std::move(lines), Role::LinkList, layout_.margin_inner);
    }
  }

  void set_keywords() {
    if (article_.keywords.empty()) return;
    std::string s = "Stichwörter: ";
    for (std::size_t i = 0; i < article_.keywords.size(); ++i) s += (i ? ", " : "") + article_.keywords[i];
    space_lines(1);
    set_plain(s, style(fonts_.sans, layout_.small_size), ragged(), Role::Keywords);
  }

  // Running footer: the article's address (when known) and "Seite n von m".
  void finish_pages() {
    const int total = static_cast<int>(pages_.size());
    const double base = layout_.margin_bottom / 2;
    for (int n = 1; n <= total; ++n) {
      Page& p = pages_[n - 1];
      const std::string folio = "Seite " + std::to_string(n) + " von " + std::to_string(total);
      auto folio_lines = paragraph::compose({{folio, style(fonts_.sans, layout_.small_size), {}}}, ragged(), cache_, nullptr);
      double folio_w = 0;
      for (auto& l : folio_lines) {
        folio_w = l.width;
        TextLine tl{layout_.margin_inner + layout_.measure() - l.width, base, std::move(l), Role::Artifact, -1};
        p.lines.push_back(std::move(tl));
      }
      if (article_.url.empty()) continue;
      auto ps = ragged();
      ps.measure = layout_.measure() - folio_w - 2 * layout_.small_size;
      auto url_lines = paragraph::compose({{article_.url, style(fonts_.sans, 8), article_.url}}, ps, cache_, nullptr);
      double y = base + (url_lines.size() - 1) * 10.0;
      for (auto& l : url_lines) {
        for (const auto& lk : l.links)
          p.links.push_back({layout_.margin_inner + lk.x0, y - 2, layout_.margin_inner + lk.x1, y + 6.4, lk.href});
        p.lines.push_back({layout_.margin_inner, y, std::move(l), Role::Artifact, -1});
        y -= 10;
      }
    }
  }

  DocumentInfo info() const {
    DocumentInfo i;
    i.title = article_.title.empty() ? article_.headline : article_.title;
    i.author = article_.byline;
    i.subject = article_.section;
    for (std::size_t k = 0; k < article_.keywords.size(); ++k) i.keywords += (k ? ", " : "") + article_.keywords[k];
    i.lang = article_.lang;
    i.date = article_.date;
    return i;
  }

  const model::Article& article_;
  const Resources& res_;
  const FontSet& fonts_;
  shape::ShapeCache& cache_;
  const Layout& layout_;
  text::NormalizeOptions norm_;
  std::vector<Page> pages_;
  double cursor_ = 0;  // distance from the page top to the next baseline
  int block_ = 0;
};

}  // namespace

Document typeset_article(const model::Article& article, const Resources& res, shape::ShapeCache& cache,
                         const Layout& layout) {
  return Typesetter(article, res, cache, layout).run();
}

}  // namespace satzwerk::page
