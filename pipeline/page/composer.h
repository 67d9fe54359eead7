// page/ (private): the Composer sets articles into a Flow of pages: styles
// from the layout, text through the text stage and the paragraph composer,
// heads as spans, bodies as grid units, figures, link boxes, running heads.
// typeset_article (page.cpp) and typeset_issue (issue.cpp) drive it.
#pragma once
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <unordered_map>

#include "ingest/image.h"
#include "ingest/nitf.h"
#include "page/flow.h"
#include "page/page.h"
#include "page/qr.h"
#include "page/spans.h"
#include "text/hyphenate.h"
#include "text/normalize.h"

namespace satzwerk::page {

using model::Block;
using model::Inline;
using model::ParagraphStyleSpec;
using paragraph::Align;
using paragraph::ParagraphStyle;
using paragraph::Span;
using paragraph::TextStyle;

std::string read_head(const std::string& path, std::size_t max);

// Composed paragraphs kept across the settings of one document: an issue is
// set until its page references stand, composing each paragraph once. Each
// setting notes how often it asks for a paragraph; the next setting gets
// copies until its last expected request, which takes the lines themselves.
// So a setting that turns out to be the last (the usual case) holds every
// paragraph once, not twice; one after it composes those again (same result).
class ParagraphCache {
 public:
  void start_setting() {
    for (auto& [key, e] : entries_) {
      e.expected = e.asked;
      e.asked = 0;
    }
  }
  // The lines kept for key (a copy, or the lines themselves at the last
  // expected request); nullopt when there are none: compose and keep().
  std::optional<std::vector<paragraph::Line>> take(const std::string& key) {
    Entry& e = entries_[key];
    ++e.asked;
    if (!e.kept) return std::nullopt;
    if (e.asked != e.expected) return e.lines;
    e.kept = false;
    return std::move(e.lines);
  }
  void keep(const std::string& key, const std::vector<paragraph::Line>& lines) {
    Entry& e = entries_[key];
    e.lines = lines;
    e.kept = true;
  }

 private:
  struct Entry {
    std::vector<paragraph::Line> lines;
    bool kept = false;
    int asked = 0, expected = 0;  // requests in this setting, in the one before
  };
  std::unordered_map<std::string, Entry> entries_;
};

class Composer {
 public:
  Composer(const Resources& res, shape::ShapeCache& cache, const model::Layout& layout, const std::string& media_root)
      : res_(res), cache_(cache), layout_(layout), media_root_(media_root), body_(style_spec("body")),
        flow_(layout, body_.size, pages_) {}

  // Sets an article: its head across the columns, its body in them. Returns
  // the index of the page that holds its headline.
  std::size_t add_article(const model::Article& a, bool with_qr_code) {
    article_ = &a;
    norm_.region = text::region_from_lang(a.lang);
    norm_.quotes = text::default_quotes(norm_.region);
    const bool multi_column = layout_.current_master().columns > 1;
    const std::size_t head_page = set_head(multi_column);
    std::vector<Unit> units;
    if (!multi_column && !article_->abstract.empty()) {
      add_lines(units, compose(article_->abstract, "lead", column_width()), Role::Lead, "lead");
      add_space(units, style_spec("lead").space_after);
    }
    bool plain_start = true;  // the first paragraph and one after a heading are not indented (P10)
    for (const auto& b : article_->blocks) {
      add_block(units, b, plain_start);
      if (b.kind != Block::Kind::LinkParagraph && b.kind != Block::Kind::Figure)
        plain_start = b.kind == Block::Kind::Heading;
    }
    if (!article_->tagline.empty())
      add_lines(units, compose({{article_->tagline}}, "tagline", column_width()), Role::Tagline, "tagline");
    add_link_box(units);
    if (!article_->keywords.empty()) {
      std::string s = "Stichwörter: ";
      for (std::size_t i = 0; i < article_->keywords.size(); ++i) s += (i ? ", " : "") + article_->keywords[i];
      add_space(units, style_spec("keywords").space_before);
      add_lines(units, compose({{s}}, "keywords", column_width()), Role::Keywords, "keywords");
    }
    if (with_qr_code) add_qr_code(units);
    flow_.add_units(std::move(units));
    return head_page;
  }

  Flow& flow() { return flow_; }
  std::vector<Page>& pages() { return pages_; }
  std::vector<model::Diagnostic>& warnings() { return warnings_; }
  const model::Layout& layout() const { return layout_; }
  int next_block() { return block_++; }

  // ---- styles --------------------------------------------------------------
  const ParagraphStyleSpec& style_spec(const std::string& name) const {
    auto it = layout_.styles.find(name);
    if (it != layout_.styles.end()) return it->second;
    it = layout_.styles.find("body");
    static const ParagraphStyleSpec fallback;
    return it == layout_.styles.end() ? fallback : it->second;
  }

  double column_width() const { return flow_.column_width(); }

  TextStyle text_style(const ParagraphStyleSpec& s, bool bold = false, bool italic = false) const {
    const model::FontFamily* fam = nullptr;
    if (auto it = layout_.fonts.find(s.family); it != layout_.fonts.end()) fam = &it->second;
    TextStyle ts;
    ts.size = s.size;
    if (!fam) return ts;
    bold = bold || s.bold;
    italic = italic || s.italic;
    // A missing variant falls back to the nearest one the family has.
    const std::string& file = bold && italic && !fam->bold_italic.empty() ? fam->bold_italic
                              : bold && !fam->bold.empty()                ? fam->bold
                              : italic && !fam->italic.empty()            ? fam->italic
                                                                          : fam->regular;
    ts.font = res_.font(file);
    ts.features = fam->features;
    ts.features.insert(ts.features.end(), s.features.begin(), s.features.end());
    return ts;
  }

  ParagraphStyle paragraph_style(const ParagraphStyleSpec& s, double measure, bool plain_start) const {
    ParagraphStyle ps;
    ps.measure = measure;
    ps.first_indent = plain_start ? 0 : s.first_indent;
    ps.align = s.align == model::Alignment::Justify ? Align::Justify
               : s.align == model::Alignment::Center ? Align::Center
                                                     : Align::RaggedRight;
    ps.hyphenate = s.hyphenate;
    ps.breaking.max_hyphen_run = s.max_hyphen_run;
    return ps;
  }

  std::vector<Span> spans_of(const std::vector<Inline>& runs, const ParagraphStyleSpec& spec) {
    std::vector<std::string> texts;
    for (const auto& r : runs) texts.push_back(r.line_break ? "\n" : r.text);
    const auto norm = normalise_runs(texts, norm_);
    std::vector<Span> spans;
    for (std::size_t i = 0; i < runs.size(); ++i) {
      const TextStyle ts = text_style(spec, runs[i].style == Inline::Style::Strong,
                                      runs[i].style == Inline::Style::Emphasis);
      spans.push_back({norm[i], ts, runs[i].href});
      warn_missing_glyphs(spans.back());
    }
    return link_bare_addresses(std::move(spans));
  }

  // Characters the font lacks are set as a visible □ (shape stage); the user
  // hears of them once per text.
  void warn_missing_glyphs(const Span& span) {
    if (!span.style.font) return;
    const auto missing = shape::missing_code_points(*span.style.font, span.text);
    if (missing.empty()) return;
    const std::string file = article_ ? article_->source_file : std::string();
    warnings_.push_back({file, current_line_, shape::describe_missing(missing, *span.style.font)});
  }

  std::vector<paragraph::Line> compose(const std::vector<Inline>& runs, const std::string& style, double measure,
                                       bool plain_start = true) {
    // The same paragraph in the same style and measure sets the same way: an
    // issue set several times for its page references composes it once.
    std::string key;
    if (paragraphs_) {
      std::size_t size = style.size() + 32;
      for (const auto& r : runs) size += r.text.size() + r.href.size() + 4;
      key.reserve(size);
      key.append(style).append(1, '\x1f').append(std::to_string(measure)).append(plain_start ? "p" : "i").append(norm_key());
      for (const auto& r : runs)
        key.append(1, '\x1e').append(r.text).append(1, char('0' + static_cast<int>(r.style))).append(r.href)
            .append(r.line_break ? "\n" : "");
      if (auto kept = paragraphs_->take(key)) return std::move(*kept);
    }
    const ParagraphStyleSpec& spec = style_spec(style);
    const ParagraphStyle ps = paragraph_style(spec, measure, plain_start);
    auto lines = paragraph::compose(spans_of(runs, spec), ps, cache_, ps.hyphenate ? res_.hyphenator.get() : nullptr);
    if (spec.align == model::Alignment::Right)
      for (auto& l : lines) l.indent = measure - l.width;
    if (paragraphs_) paragraphs_->keep(key, lines);
    return lines;
  }

  void keep_paragraphs(ParagraphCache* cache) { paragraphs_ = cache; }
  std::string norm_key() const {
    return {char('0' + static_cast<int>(norm_.region)), char('0' + static_cast<int>(norm_.quotes))};
  }

  // ---- units ---------------------------------------------------------------
  void add_lines(std::vector<Unit>& units, std::vector<paragraph::Line> lines, Role role, const std::string& style,
                 double x = 0) {
    const ParagraphStyleSpec& spec = style_spec(style);
    const int n = static_cast<int>(lines.size());
    for (int k = 0; k < n; ++k) {
      Unit u;
      u.kind = Unit::Kind::Line;
      u.block = block_;
      u.line_index = k;
      u.line_count = n;
      u.hyphenated = lines[k].hyphenated;
      u.keep_with_next = k == n - 1 ? spec.keep_with_next : 0;
      TextLine tl;
      tl.x = x + lines[k].indent;
      tl.line = std::move(lines[k]);
      tl.role = role;
      tl.block = block_;
      tl.color = layout_.color(spec.color);
      u.content.lines.push_back(std::move(tl));
      units.push_back(std::move(u));
    }
    ++block_;
  }

  static void add_space(std::vector<Unit>& units, double grid_lines) {
    const int rows = static_cast<int>(std::lround(grid_lines));
    if (rows <= 0) return;
    Unit u;
    u.kind = Unit::Kind::Space;
    u.rows = rows;
    units.push_back(std::move(u));
  }

  void add_block(std::vector<Unit>& units, const Block& b, bool plain_start) {
    current_line_ = b.line;
    const double w = column_width();
    switch (b.kind) {
      case Block::Kind::Paragraph:
        add_lines(units, compose(b.runs, "body", w, plain_start), Role::Paragraph, "body");
        break;
      case Block::Kind::Heading:
        add_space(units, style_spec("heading").space_before);
        add_lines(units, compose(b.runs, "heading", w), Role::Heading, "heading");
        add_space(units, style_spec("heading").space_after);
        break;
      case Block::Kind::ListItem:
        add_list_item(units, b);
        break;
      case Block::Kind::Quote: {
        const double indent = 2 * style_spec("quote").size;
        add_lines(units, compose(b.runs, "quote", w - 2 * indent), Role::Quote, "quote", indent);
        break;
      }
      case Block::Kind::Figure:
        add_figure(units, b);
        break;
      case Block::Kind::LinkParagraph:
        break;  // a paragraph that is only a link is set in the link box
    }
  }

  void add_list_item(std::vector<Unit>& units, const Block& b) {
    const ParagraphStyleSpec& spec = style_spec("list");
    const double indent = 1.5 * spec.size;
    auto lines = compose(b.runs, "list", column_width() - indent);
    const std::string label = b.list_number ? std::to_string(b.list_number) + "." : "\u2022";
    auto label_lines = compose({{label}}, "list", indent);
    const std::size_t first = units.size();
    add_lines(units, std::move(lines), Role::ListItem, "list", indent);
    if (!label_lines.empty() && first < units.size()) {
      // The label hangs in the indent on the item's first line, as its own run.
      TextLine& tl = units[first].content.lines.front();
      paragraph::Line& l = tl.line;
      const double shift = tl.x;  // the label starts at the column edge
      for (auto& r : l.runs)
        for (auto& g : r.glyphs) g.x += shift;
      for (auto& lk : l.links) {
        lk.x0 += shift;
        lk.x1 += shift;
      }
      auto& label_runs = label_lines.front().runs;
      l.runs.insert(l.runs.begin(), label_runs.begin(), label_runs.end());
      l.width += shift;
      tl.x = 0;
    }
  }

  // A figure: the image at the column's width (at most half the column's
  // height), its caption below; together they take whole grid rows.
  void add_figure(std::vector<Unit>& units, const Block& b) {
    const double w = column_width();
    const double column_height = layout_.page_height - layout_.margin_top - layout_.margin_bottom;
    const ParagraphStyleSpec& cap = style_spec("caption");
    std::vector<Inline> caption = b.runs;
    Unit u;
    u.kind = Unit::Kind::Atomic;
    const int figure_block = block_++;
    const double ascent = 0.72 * body_.size;  // the image's top aligns with the cap height of a grid line
    double img_w = w, img_h = w * 0.5;
    std::string why;
    const std::string path =
        b.media_source.empty() ? "" : ingest::resolve_media(article_->source_file, b.media_source, media_root_, &why).value_or("");
    std::optional<ingest::ImageInfo> info;
    if (!path.empty()) info = ingest::probe_image(read_head(path, 1 << 18));
    if (!path.empty() && !info) why = "cannot be read as JPEG or PNG";
    if (info) {
      img_h = w * info->height / info->width;
      if (img_h > column_height / 2) {
        img_h = column_height / 2;
        img_w = img_h * info->width / info->height;
      }
      Image im;
      im.path = path;
      im.x = 0;
      im.y = ascent - img_h;
      im.w = img_w;
      im.h = img_h;
      im.block = figure_block;
      im.alt = !b.media_alt.empty() ? b.media_alt : plain(caption);
      u.content.images.push_back(std::move(im));
    } else {
      if (!b.media_source.empty())
        warnings_.push_back({article_->source_file, b.line,
                             "image \"" + b.media_source + "\" " + why + "; a placeholder is set"});
      Rect frame;
      frame.x = 0;
      frame.y = ascent - img_h;
      frame.w = img_w;
      frame.h = img_h;
      frame.stroke = layout_.color("rule");
      frame.line_width = 0.75;
      u.content.rects.push_back(frame);
      if (caption.empty()) caption.push_back({"Bild fehlt: " + b.media_source});
    }
    const int image_rows = static_cast<int>(std::ceil((img_h + cap.size * 0.4) / layout_.leading));
    u.rows = put_lines(u.content, compose(caption, "caption", w), image_rows, Role::Caption, figure_block,
                       layout_.color(cap.color));
    add_space(units, 1);
    units.push_back(std::move(u));
    add_space(units, 1);
  }

  // Lines one grid row apart from `row` down (below a picture); gives the row after them.
  int put_lines(Fragment& f, std::vector<paragraph::Line> lines, int row, Role role, int block, model::Cmyk color) {
    for (auto& l : lines) {
      TextLine tl;
      tl.x = l.indent;
      tl.baseline = -row++ * layout_.leading;
      tl.line = std::move(l);
      tl.role = role;
      tl.block = block;
      tl.color = color;
      f.lines.push_back(std::move(tl));
    }
    return row;
  }

  // The lines of `inner` in a tinted box that stays in one column: half a grid
  // line of room above and below, the lines on the grid.
  Unit boxed(std::vector<Unit> inner, double width, double pad) {
    Unit box;
    box.kind = Unit::Kind::Atomic;
    int k = 0;
    double size = body_.size;
    for (auto& u : inner)
      for (auto& l : u.content.lines) {
        if (!l.line.runs.empty()) size = l.line.runs.front().size;
        l.baseline = -(k++ + 0.5) * layout_.leading;
        box.content.lines.push_back(std::move(l));
      }
    box.rows = k + 1;
    Rect bg;
    bg.w = width;
    const double top = -0.5 * layout_.leading + 0.72 * size + pad;
    bg.y = -(k - 0.5) * layout_.leading - 0.25 * size - pad;
    bg.h = top - bg.y;
    bg.fill = layout_.color("box");
    box.content.rects.push_back(bg);
    return box;
  }

  static std::string plain(const std::vector<Inline>& runs) {
    std::string s;
    for (const auto& r : runs) s += r.text;
    return s;
  }

  // Every link of the article with its address, in a tinted box.
  void add_link_box(std::vector<Unit>& units) {
    std::vector<std::pair<std::string, std::string>> links;  // text, href; each address once
    auto collect = [&](const std::vector<Inline>& runs) {
      for (const auto& r : runs)
        if (!r.href.empty() &&
            std::none_of(links.begin(), links.end(), [&](const auto& l) { return l.second == r.href; }))
          links.push_back({r.text, r.href});
    };
    collect(article_->abstract);
    for (const auto& b : article_->blocks) collect(b.runs);
    if (links.empty()) return;
    const double pad = 0.4 * layout_.leading;
    const double w = column_width() - 2 * pad;
    std::vector<Unit> inner;
    add_lines(inner, compose({{"Links"}}, "links-heading", w), Role::LinkList, "links-heading", pad);
    for (const auto& [label, href] : links) {
      std::vector<Inline> runs;
      if (label != href && href.find(label) == std::string::npos) runs.push_back({label + ": "});
      runs.push_back({href, Inline::Style::Regular, href});
      add_lines(inner, compose(runs, "links", w), Role::LinkList, "links", pad);
    }
    add_space(units, 1);
    units.push_back(boxed(std::move(inner), column_width(), pad));
  }

  // The web address as a QR code, drawn as vector modules, with its caption.
  void add_qr_code(std::vector<Unit>& units) {
    if (article_->url.empty()) return;
    const QrMatrix qr = encode_qr(article_->url);
    if (qr.size == 0) return;
    const double module = std::min(1.2 * qr_module_mm * 72 / 25.4, column_width() / (qr.size + 8));
    const double side = module * qr.size;
    Unit u;
    u.kind = Unit::Kind::Atomic;
    const double top = 0.72 * body_.size;
    for (int r = 0; r < qr.size; ++r)
      for (int c = 0; c < qr.size; ++c)
        if (qr.dark(r, c)) {
          Rect m;
          m.x = c * module;
          m.y = top - (r + 1) * module;
          m.w = module;
          m.h = module;
          m.fill = model::Cmyk{0, 0, 0, 1};
          u.content.rects.push_back(m);
        }
    const int rows = static_cast<int>(std::ceil((side + 2) / layout_.leading));
    u.rows = put_lines(u.content, compose({{"Dieser Artikel im Netz: " + article_->url}}, "links", column_width()), rows,
                       Role::LinkList, block_++, layout_.color("text"));
    add_space(units, 1);
    units.push_back(std::move(u));
  }
  static constexpr double qr_module_mm = 0.5;

  // ---- the head: kicker, headline, subheadline (lead in multi-column layouts)
  std::size_t set_head(bool with_lead) {
    Fragment f;
    double y = 0;  // baseline of the next line, relative to the first
    double first_size = 0;
    bool first = true;
    auto put = [&](std::vector<paragraph::Line> lines, Role role, const std::string& style, double gap_before) {
      const ParagraphStyleSpec& spec = style_spec(style);
      if (lines.empty()) return;
      if (first) {
        first_size = spec.size;
      } else {
        y -= gap_before + spec.leading;
      }
      for (std::size_t k = 0; k < lines.size(); ++k) {
        if (k > 0) y -= spec.leading;
        TextLine tl;
        tl.x = lines[k].indent;
        tl.baseline = y;
        tl.line = std::move(lines[k]);
        tl.role = role;
        tl.block = block_;
        tl.color = layout_.color(spec.color);
        f.lines.push_back(std::move(tl));
      }
      ++block_;
      first = false;
    };
    const double measure = layout_.measure();
    std::string kicker = article_->section;
    const std::string date = german_long_date(article_->date);
    if (!kicker.empty() && !date.empty()) kicker += " \u00B7 ";
    kicker += date;
    if (!kicker.empty()) put(compose({{kicker}}, "kicker", measure), Role::Kicker, "kicker", 0);
    const std::string& h = article_->headline.empty() ? article_->title : article_->headline;
    put(compose({{h}}, "headline", measure), Role::Headline, "headline",
        style_spec("headline").space_before * layout_.leading);
    if (!article_->subheadline.empty())
      put(compose({{article_->subheadline}}, "subheadline", measure), Role::Subheadline, "subheadline", 0);
    if (with_lead && !article_->abstract.empty())
      put(compose(article_->abstract, "lead", measure), Role::Lead, "lead",
          style_spec("lead").space_before * layout_.leading);
    if (!article_->byline.empty())
      put(compose({{article_->byline}}, "byline", measure), Role::Lead, "byline", 0);
    const std::string last_style = with_lead && !article_->abstract.empty() ? "lead" : "headline";
    if (!f.lines.empty())
      flow_.add_span(std::move(f), first_size, -y, (1 + style_spec(last_style).space_after) * layout_.leading);
    return pages_.empty() ? 0 : pages_.size() - 1;
  }

  // ---- running heads and feet ----------------------------------------------
  // Values of the running-head fields on one page.
  struct Fields {
    std::string section, title, url, date, issue;
  };

  std::string fill_template(const std::string& t, int page, int pages, const Fields& fields) const {
    std::string out;
    for (std::size_t i = 0; i < t.size();) {
      if (t[i] == '{') {
        const auto e = t.find('}', i);
        if (e != std::string::npos) {
          const std::string f = t.substr(i + 1, e - i - 1);
          if (f == "publication") out += layout_.publication;
          else if (f == "section") out += fields.section;
          else if (f == "title") out += fields.title;
          else if (f == "page") out += std::to_string(page);
          else if (f == "pages") out += std::to_string(pages);
          else if (f == "url") out += fields.url;
          else if (f == "date") out += fields.date;
          else if (f == "issue") out += fields.issue;
          // any other field ({issue} outside an issue) is empty
          i = e + 1;
          continue;
        }
      }
      out += t[i++];
    }
    // A separator next to an empty field goes with it.
    const std::string sep = " \u00B7 ";
    while (out.size() >= sep.size() && out.compare(out.size() - sep.size(), sep.size(), sep) == 0)
      out.resize(out.size() - sep.size());
    while (out.rfind(sep, 0) == 0) out.erase(0, sep.size());
    return out;
  }

  // Adds running heads and feet to every page; fields_of(i) gives page i's fields.
  template <class FieldsOf>
  void running_heads(FieldsOf fields_of, std::size_t first_page = 0) {
    const int total = static_cast<int>(pages_.size());
    for (int n = static_cast<int>(first_page) + 1; n <= total; ++n) {
      Page& p = pages_[n - 1];
      const Fields fields = fields_of(static_cast<std::size_t>(n - 1));
      const double left = flow_.left_margin(n - 1);
      const double head = p.height - layout_.margin_top + 1.6 * layout_.leading;
      const double foot = layout_.margin_bottom - 2.2 * layout_.leading;
      running_line(p, n, total, layout_.header_left, layout_.header_right, left, head, "header", fields);
      running_line(p, n, total, layout_.footer_left, layout_.footer_right, left, foot, "footer", fields);
      if (!layout_.header_rule.empty() && (!layout_.header_left.empty() || !layout_.header_right.empty()))
        p.rules.push_back({left, head - 0.45 * layout_.leading, left + layout_.measure(), head - 0.45 * layout_.leading,
                           0.4, layout_.color(layout_.header_rule)});
    }
  }

  // A running line: its left text and its right text on one baseline (on facing
  // pages the right text goes outside, i.e. to the left on even pages).
  void running_line(Page& p, int n, int total, const std::string& left_t, const std::string& right_t, double left,
                    double baseline, const std::string& style, const Fields& fields) {
    std::string l = fill_template(left_t, n, total, fields), r = fill_template(right_t, n, total, fields);
    if (layout_.facing && n % 2 == 0) std::swap(l, r);
    const double measure = layout_.measure();
    double right_width = 0;
    if (!r.empty())
      for (auto& line : compose({{r}}, style, measure)) {
        right_width = line.width;
        p.lines.push_back({left + measure - line.width, baseline, std::move(line), Role::Artifact, -1,
                           layout_.color(style_spec(style).color)});
      }
    if (l.empty()) return;
    std::vector<Inline> runs{{l}};
    if (!fields.url.empty() && l == fields.url) runs.front().href = l;
    auto lines = compose(runs, style, std::max(measure / 3, measure - right_width - 2 * style_spec(style).size));
    double y = baseline + (static_cast<double>(lines.size()) - 1) * style_spec(style).leading;
    for (auto& line : lines) {
      for (const auto& lk : line.links)
        p.links.push_back({left + lk.x0, y - 2, left + lk.x1, y + 0.8 * style_spec(style).size, lk.href, -1});
      p.lines.push_back({left, y, std::move(line), Role::Artifact, -1, layout_.color(style_spec(style).color)});
      y -= style_spec(style).leading;
    }
  }

  const model::Article* article_ = nullptr;  // the article being set
  ParagraphCache* paragraphs_ = nullptr;
  int current_line_ = 0;  // source line of the block being set, for warnings
  const Resources& res_;
  shape::ShapeCache& cache_;
  const model::Layout& layout_;
  const std::string& media_root_;
  const ParagraphStyleSpec& body_;
  std::vector<Page> pages_;
  Flow flow_;
  text::NormalizeOptions norm_;
  std::vector<model::Diagnostic> warnings_;
  int block_ = 0;
};


}  // namespace satzwerk::page
