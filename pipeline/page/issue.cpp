#include <algorithm>
#include <map>

#include "page/composer.h"

namespace satzwerk::page {

namespace {

struct ArticleRef {
  const model::Article* article;
  std::size_t section;
  std::size_t page = 0;  // where its headline stands (0-based)
};

// One pass over the whole issue with the page numbers known so far.
class IssueSetter {
 public:
  IssueSetter(const model::Issue& issue, std::vector<ArticleRef> refs, const Resources& res,
              shape::ShapeCache& cache, const model::Layout& layout, const std::string& media_root,
              ParagraphCache& paragraphs)
      : issue_(issue), refs_(std::move(refs)), res_(res), cache_(cache), media_root_(media_root),
        c_(res, cache, layout, media_root), layout_(layout) {
    paragraphs.start_setting();
    c_.keep_paragraphs(&paragraphs);
  }

  Document run() {
    cover();
    contents();
    aktuelle_meldungen();
    place_ads("front");
    for (std::size_t s = 0; s < issue_.sections.size(); ++s) section(s);
    place_ads("");
    vendors();
    c_.flow().finish();
    running_heads();
    Document doc;
    doc.info.title = issue_.title.empty() ? issue_.publication : issue_.title;
    doc.info.subject = issue_.number;
    doc.info.lang = issue_.lang;
    doc.info.date = issue_.date;
    doc.bleed = layout_.bleed;
    doc.pages = std::move(c_.pages());
    doc.warnings = std::move(c_.warnings());
    doc.bookmarks = std::move(bookmarks_);
    return doc;
  }

  const std::vector<ArticleRef>& refs() const { return refs_; }
  std::size_t front_pages() const { return front_pages_; }

 private:
  std::string page_ref(std::size_t page) const { return std::to_string(page + 1); }

  // A span of one text in one style, across the whole measure.
  void span_text(const std::string& text, const std::string& style, Role role, double space_after_lines = 1) {
    span_text_on(c_, text, style, role, space_after_lines);
  }
  void span_text_on(Composer& c, const std::string& text, const std::string& style, Role role,
                    double space_after_lines) {
    auto lines = c.compose({{text}}, style, layout_.measure());
    Fragment f;
    const auto& spec = c.style_spec(style);
    double y = 0;
    const int block = c.next_block();
    for (auto& l : lines) {
      TextLine tl;
      tl.x = l.indent;
      tl.baseline = y;
      tl.line = std::move(l);
      tl.role = role;
      tl.block = block;
      tl.color = layout_.color(spec.color);
      f.lines.push_back(std::move(tl));
      y -= spec.leading;
    }
    c.flow().add_span(std::move(f), spec.size, -(y + spec.leading), (1 + space_after_lines) * layout_.leading);
  }

  // A line with text on the left and a page number at the right edge, linked to the page.
  std::vector<Unit> entry(const std::vector<model::Inline>& runs, const std::string& style, std::size_t page,
                          const std::string& number, double measure) {
    const double number_room = 3 * c_.style_spec(style).size;
    std::vector<Unit> units;
    c_.add_lines(units, c_.compose(runs, style, measure - number_room), Role::Paragraph, style);
    auto num = c_.compose({{number}}, style, number_room);
    if (units.empty() || num.empty()) return units;
    TextLine& last = units.back().content.lines.front();
    const double shift = measure - num.front().width - last.x;
    for (auto r : num.front().runs) {
      for (auto& g : r.glyphs) g.x += shift;
      last.line.runs.push_back(std::move(r));
    }
    last.line.width = measure - last.x;
    for (auto& u : units) {
      TextLine& tl = u.content.lines.front();
      tl.line.links.push_back({0, tl.line.width, "#" + std::to_string(page)});
    }
    return units;
  }

  // The cover: the publication and the issue, a cover line for the first
  // article of every Rubrik, the editorial — with as many cover lines as fit
  // on the one page, found by setting the cover on a scratch composer first
  // (an issue with many Rubriken would otherwise run over onto page 2).
  void cover() {
    std::vector<std::pair<std::size_t, const model::Article*>> lines;  // Rubrik, its first article
    for (std::size_t s = 0; s < issue_.sections.size(); ++s)
      for (const auto& r : refs_)
        if (r.section == s) {
          lines.emplace_back(s, r.article);
          break;
        }
    std::size_t fit = lines.size();
    for (; fit > 0; --fit) {
      Composer trial(res_, cache_, layout_, media_root_);
      set_cover(trial, lines, fit);
      if (trial.flow().current_page() == 0) break;
    }
    set_cover(c_, lines, fit);
    c_.flow().page_break();
  }

  void set_cover(Composer& c, const std::vector<std::pair<std::size_t, const model::Article*>>& lines,
                 std::size_t count) {
    c.flow().set_columns(1);
    span_text_on(c, issue_.publication.empty() ? layout_.publication : issue_.publication, "cover-title",
                 Role::Headline, 1);
    span_text_on(c, issue_.title + (issue_.date_text.empty() ? "" : " · " + issue_.date_text), "cover-subtitle",
                 Role::Subheadline, 3);
    for (std::size_t k = 0; k < count; ++k) {
      span_text_on(c, issue_.sections[lines[k].first].name, "kicker", Role::Kicker, 0);
      span_text_on(c, headline(*lines[k].second), "cover-line", Role::Heading, 1);
    }
    if (!issue_.editorial.empty()) span_text_on(c, issue_.editorial, "body", Role::Paragraph, 1);
  }

  // "Kommune21 – Ausgabe 9/2019" → "Ausgabe 9/2019" beside the publication's name.
  std::string issue_title_without_publication() const {
    const std::string& pub = issue_.publication.empty() ? layout_.publication : issue_.publication;
    for (const char* sep : {" \u2013 ", " - ", ": "})
      if (issue_.title.rfind(pub + sep, 0) == 0) return issue_.title.substr(pub.size() + std::string(sep).size());
    return issue_.title;
  }

  static std::string headline(const model::Article& a) { return a.headline.empty() ? a.title : a.headline; }

  void contents() {
    front_start_ = c_.flow().current_page();
    bookmarks_.push_back({"Inhalt", front_start_, 0});
    span_text("Inhalt", "section-title", Role::Headline, 1);
    c_.flow().set_columns(1);
    std::vector<Unit> units;
    for (std::size_t s = 0; s < issue_.sections.size(); ++s) {
      c_.add_space(units, 1);
      c_.add_lines(units, c_.compose({{issue_.sections[s].name}}, "heading", layout_.measure()), Role::Heading,
                   "heading");
      for (const auto& r : refs_)
        if (r.section == s)
          for (auto& u : entry({{headline(*r.article)}}, "toc", r.page, page_ref(r.page), layout_.measure()))
            units.push_back(std::move(u));
    }
    c_.flow().add_units(std::move(units));
  }

  void aktuelle_meldungen() {
    const int n = issue_.aktuelle_count >= 0 ? issue_.aktuelle_count : layout_.aktuelle_count;
    if (n == 0 || refs_.empty()) return;
    c_.flow().page_break();
    bookmarks_.push_back({"Aktuelle Meldungen", c_.flow().current_page(), 0});
    c_.flow().set_columns(0);
    span_text("Aktuelle Meldungen", "section-title", Role::Headline, 1);
    // Newest first; equal dates keep the manifest's order.
    std::vector<const ArticleRef*> newest;
    for (const auto& r : refs_) newest.push_back(&r);
    std::stable_sort(newest.begin(), newest.end(), [](const ArticleRef* a, const ArticleRef* b) {
      const auto& x = a->article->date;
      const auto& y = b->article->date;
      return std::tie(x.year, x.month, x.day, x.hour, x.minute) > std::tie(y.year, y.month, y.day, y.hour, y.minute);
    });
    if (newest.size() > static_cast<std::size_t>(n)) newest.resize(static_cast<std::size_t>(n));
    std::vector<Unit> units;
    const double w = c_.column_width();
    for (const ArticleRef* r : newest) {
      const auto& a = *r->article;
      const std::string date =
          layout_.date_style == "short" ? german_short_date(a.date) : german_long_date(a.date);
      c_.add_lines(units, c_.compose({{date + (date.empty() ? "" : " ") + issue_.sections[r->section].name}}, "kicker", w),
                   Role::Kicker, "kicker");
      auto head = entry({{headline(a)}}, "teaser-head", r->page, "", w);
      for (auto& u : head) units.push_back(std::move(u));
      std::vector<model::Inline> teaser = a.abstract;
      teaser.push_back({" \u2192\u00A0S.\u00A0" + page_ref(r->page)});  // "mehr…" in print: the page
      std::vector<Unit> t;
      c_.add_lines(t, c_.compose(teaser, "teaser", w), Role::Paragraph, "teaser");
      for (auto& u : t) {
        TextLine& tl = u.content.lines.front();
        tl.line.links.push_back({0, tl.line.width, "#" + std::to_string(r->page)});
        units.push_back(std::move(u));
      }
      c_.add_space(units, 1);
    }
    c_.flow().add_units(std::move(units));
    front_pages_ = c_.flow().current_page() + 1;
  }

  void section(std::size_t s) {
    const auto& sec = issue_.sections[s];
    c_.flow().page_break();
    c_.flow().set_columns(0);
    section_start_[c_.flow().current_page()] = s;
    bookmarks_.push_back({sec.name, c_.flow().current_page(), 0});
    span_text(sec.name, "section-title", Role::Headline, 0);
    std::vector<std::size_t> in_section;
    for (std::size_t i = 0; i < refs_.size(); ++i)
      if (refs_[i].section == s) in_section.push_back(i);
    for (std::size_t i : in_section) {
      refs_[i].page = c_.add_article(*refs_[i].article, false);
      // The bookmark reads like the headline on the page: normalised („…“).
      text::NormalizeOptions norm;
      norm.region = text::region_from_lang(refs_[i].article->lang);
      norm.quotes = text::default_quotes(norm.region);
      bookmarks_.push_back({text::normalize(headline(*refs_[i].article), norm), refs_[i].page, 1});
    }
    more_from(s, in_section);
    place_ads(sec.name);
  }

  // "Weitere Meldungen aus dem Bereich …": the Rubrik's other articles with their pages.
  void more_from(std::size_t s, const std::vector<std::size_t>& in_section) {
    if (in_section.size() < 2) return;
    std::vector<Unit> units;
    c_.add_space(units, 1);
    const double w = c_.column_width();
    const double pad = 0.4 * layout_.leading;
    std::vector<Unit> inner;
    c_.add_lines(inner, c_.compose({{"Weitere Meldungen aus dem Bereich " + issue_.sections[s].name}}, "links-heading",
                                   w - 2 * pad),
                 Role::Heading, "links-heading", pad);
    for (std::size_t k = 1; k < in_section.size(); ++k) {
      const ArticleRef& r = refs_[in_section[k]];
      for (auto& u : entry({{headline(*r.article)}}, "links", r.page, page_ref(r.page), w - 2 * pad)) {
        u.content.lines.front().x += pad;
        inner.push_back(std::move(u));
      }
    }
    units.push_back(c_.boxed(std::move(inner), w, pad));
    c_.flow().add_units(std::move(units));
  }

  // Ads placed after the Rubrik `after` ("" = at the end, "front" = after the front matter).
  void place_ads(const std::string& after) {
    for (const auto& ad : issue_.ads) {
      if (ad.after != after) continue;
      const double type_h = layout_.page_height - layout_.margin_top - layout_.margin_bottom;
      double w = layout_.measure(), h = type_h - 2 * layout_.leading;
      if (ad.size == model::Ad::Size::Half) h = type_h / 2 - 2 * layout_.leading;
      if (ad.size == model::Ad::Size::Quarter) {
        w = layout_.measure() / 2;
        h = type_h / 2 - 2 * layout_.leading;
      }
      // The ad keeps its proportions inside the space its size class gets.
      const std::string head = read_head(ad.path, 1 << 18);
      double aw = 0, ah = 0;
      if (auto pg = ingest::probe_pdf_page(head)) {
        aw = pg->width;
        ah = pg->height;
      } else if (auto im = ingest::probe_image(head)) {
        aw = im->width;
        ah = im->height;
      }
      if (aw > 0 && ah > 0) {
        const double k = std::min(w / aw, h / ah);
        w = aw * k;
        h = ah * k;
      }
      if (ad.size == model::Ad::Size::Whole || c_.flow().rows_left() * layout_.leading < h + 3 * layout_.leading)
        c_.flow().page_break();
      Fragment f;
      const int block = c_.next_block();
      auto label = c_.compose({{"Anzeige"}}, "ad-label", layout_.measure());
      for (auto& l : label) f.lines.push_back({l.indent, 0, std::move(l), Role::Kicker, block, layout_.color("grey")});
      Image im;
      im.path = ad.path;
      im.x = 0;
      im.y = -0.6 * layout_.leading - h;
      im.w = w;
      im.h = h;
      im.block = block;
      im.alt = "Anzeige" + (ad.advertiser.empty() ? std::string() : ": " + ad.advertiser);
      f.images.push_back(std::move(im));
      Rect frame;
      frame.x = 0;
      frame.y = im.y;
      frame.w = w;
      frame.h = h;
      frame.stroke = layout_.color("rule");
      frame.line_width = 0.3;
      f.rects.push_back(frame);
      c_.flow().add_span(std::move(f), c_.style_spec("ad-label").size, 0.6 * layout_.leading + h, 2 * layout_.leading);
      ad_pages_.push_back(c_.flow().current_page());
    }
  }

  void vendors() {
    if (issue_.vendors.empty()) return;
    c_.flow().page_break();
    bookmarks_.push_back({"Ausgewählte Anbieter", c_.flow().current_page(), 0});
    span_text("Ausgewählte Anbieter", "section-title", Role::Headline, 1);
    c_.flow().set_columns(0);
    std::vector<Unit> units;
    const double w = c_.column_width();
    for (const auto& sec : issue_.sections) {
      bool any = false;
      for (const auto& v : issue_.vendors) {
        if (v.rubrik != sec.name) continue;
        if (!any) {
          c_.add_space(units, 1);
          c_.add_lines(units, c_.compose({{"Anbieter aus dem Bereich " + sec.name}}, "heading", w), Role::Heading,
                       "heading");
          any = true;
        }
        std::vector<model::Inline> runs{{v.company, model::Inline::Style::Strong}};
        std::string address = v.street;
        if (!v.postcode.empty() || !v.town.empty())
          address += (address.empty() ? "" : ", ") + v.postcode + (v.postcode.empty() ? "" : "\u00A0") + v.town;
        if (!address.empty()) runs.push_back({"\n" + address});
        if (!v.web.empty()) {
          runs.push_back({"\n"});
          runs.push_back({v.web, model::Inline::Style::Regular, v.web});
        }
        c_.add_lines(units, c_.compose(runs, "links", w), Role::Paragraph, "links");
        c_.add_space(units, 0.6);
      }
    }
    c_.flow().add_units(std::move(units));
  }

  void running_heads() {
    // The Rubrik of a page is the last one that opened on or before it.
    auto fields_of = [&](std::size_t page) {
      Composer::Fields f;
      f.issue = issue_.number.empty() ? issue_title_without_publication() : issue_.number;
      f.date = issue_.date_text;
      for (const auto& [start, s] : section_start_)
        if (start <= page) f.section = issue_.sections[s].name;
      if (page < front_pages_) f.section = page == front_start_ ? "Inhalt" : "Aktuelle Meldungen";
      return f;
    };
    c_.running_heads(fields_of, 1);  // the cover has none
  }

  const model::Issue& issue_;
  std::vector<ArticleRef> refs_;
  const Resources& res_;
  shape::ShapeCache& cache_;
  const std::string& media_root_;
  Composer c_;
  const model::Layout& layout_;
  std::vector<Bookmark> bookmarks_;
  std::map<std::size_t, std::size_t> section_start_;  // page -> section
  std::vector<std::size_t> ad_pages_;
  std::size_t front_start_ = 0, front_pages_ = 0;
};

// Internal links are written as "#PAGE" by the setter; they become LinkArea.dest_page.
void resolve_internal_links(Document& doc) {
  for (auto& p : doc.pages)
    for (auto& l : p.links)
      if (l.uri.size() > 1 && l.uri[0] == '#') {
        l.dest_page = std::stoi(l.uri.substr(1));
        l.uri.clear();
      }
}

}  // namespace

Document typeset_issue(const model::Issue& issue, const std::vector<std::vector<model::Article>>& articles,
                       const Resources& res, shape::ShapeCache& cache, const model::Layout& layout) {
  std::vector<ArticleRef> refs;
  for (std::size_t s = 0; s < articles.size(); ++s)
    for (const auto& a : articles[s]) refs.push_back({&a, s, 0});
  const std::string media_root = std::filesystem::path(issue.file).parent_path().string();
  // Page references: set, read where the articles landed, set again until stable.
  Document doc;
  ParagraphCache paragraphs;
  std::vector<model::Diagnostic> warnings;  // from the first pass, which composes every paragraph
  for (int pass = 0; pass < 4; ++pass) {
    IssueSetter setter(issue, refs, res, cache, layout, media_root, paragraphs);
    doc = setter.run();
    if (pass == 0) warnings = doc.warnings;
    bool moved = false;
    for (std::size_t i = 0; i < refs.size(); ++i) {
      moved |= refs[i].page != setter.refs()[i].page;
      refs[i].page = setter.refs()[i].page;
    }
    if (!moved && pass > 0) break;
  }
  resolve_internal_links(doc);
  doc.warnings = std::move(warnings);
  return doc;
}

}  // namespace satzwerk::page
