// Stage page/: flows an article's blocks into columns and pages and gives
// display lists.
// Takes a model::Article, loaded resources (fonts, hyphenator) and a
// model::Layout (read from layouts/*.xml); gives a Document: pages of
// positioned lines, rules, rectangles, images and link areas in PDF user space
// (points, origin bottom-left, the page's trim box), plus the metadata the PDF
// needs. Body lines sit on the layout's baseline grid; no widows or orphans.
// Knows nothing of PDF syntax.
#pragma once
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "model/article.h"
#include "model/diagnostic.h"
#include "model/issue.h"
#include "model/layout.h"
#include "paragraph/compose.h"

namespace satzwerk::text {
class Hyphenator;
}

namespace satzwerk::page {

// Everything loaded once per process: immutable, shared between threads.
struct Resources {
  std::map<std::string, std::shared_ptr<const shape::Font>> fonts;  // by file name in fonts/
  std::shared_ptr<const text::Hyphenator> hyphenator;               // may be null
  const shape::Font* font(const std::string& file) const {
    auto it = fonts.find(file);
    return it == fonts.end() ? nullptr : it->second.get();
  }
};

// Checks that every font a layout names is loaded; the Diagnostic points at
// the layout file and the <font> element.
std::optional<model::Diagnostic> check_fonts(const model::Layout& layout, const Resources& res);

// Structure role of a line (for tagging and for tests).
enum class Role : uint8_t { Artifact, Kicker, Headline, Subheadline, Lead, Paragraph, Heading, ListItem, Quote,
                            Caption, LinkList, Keywords, Tagline };

struct TextLine {
  double x = 0, baseline = 0;  // start of the line's pen and its baseline
  paragraph::Line line;
  Role role = Role::Paragraph;
  int block = 0;  // index of the logical block the line belongs to (structure); -1 for artifacts
  model::Cmyk color;
};

struct Rule {
  double x0 = 0, y0 = 0, x1 = 0, y1 = 0, width = 0.5;
  model::Cmyk color;
};

// A filled and/or stroked rectangle: box backgrounds, frames, QR modules.
struct Rect {
  double x = 0, y = 0, w = 0, h = 0;  // lower-left corner and size
  std::optional<model::Cmyk> fill, stroke;
  double line_width = 0.5;
  bool artifact = true;  // decoration, not content
};

// A raster image scaled into a frame.
struct Image {
  std::string path;  // resolved file path
  double x = 0, y = 0, w = 0, h = 0;
  int block = 0;     // the figure's structure block
  std::string alt;   // alternate text (NITF alternate-text or caption)
};

struct LinkArea {
  double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  std::string uri;      // an external link, or
  int dest_page = -1;   // an internal link to this page (0-based)
  int block = -1;       // structure block of the text carrying the link
};

// An entry of the PDF outline (bookmarks).
struct Bookmark {
  std::string title;
  std::size_t page = 0;  // 0-based
  int level = 0;         // 0 = top (a Rubrik), 1 = below it (an article)
};

struct Page {
  double width = 0, height = 0;  // the trim size
  std::vector<TextLine> lines;
  std::vector<Rule> rules;
  std::vector<Rect> rects;
  std::vector<Image> images;
  std::vector<LinkArea> links;
};

struct DocumentInfo {
  std::string title, author, subject, keywords, lang, creator = "satzwerk";
  model::Date date;     // the article's date
  std::string digest;   // digest of the inputs; makes the document ID unique
};

struct Document {
  DocumentInfo info;
  std::vector<Page> pages;
  double bleed = 0;  // from the layout, for print output
  std::vector<model::Diagnostic> warnings;  // e.g. a missing image
  std::vector<Bookmark> bookmarks;
};

// Sets one article as a Druckversion in the given layout. Text is normalised
// (text stage) first. Images are taken only from inside media_root (default:
// the article's folder); any other reference gets a placeholder and a warning.
Document typeset_article(const model::Article& article, const Resources& res, shape::ShapeCache& cache,
                         const model::Layout& layout, const std::string& media_root = "");

// Sets a compiled issue: cover, Inhalt, Aktuelle Meldungen, the articles by
// Rubrik with "Weitere Meldungen" boxes, ads marked "Anzeige", the vendor
// directory. articles[s][a] is the parsed article a of issue.sections[s].
// Page references are exact: the front matter is set again with the pages the
// articles really landed on until nothing moves.
Document typeset_issue(const model::Issue& issue, const std::vector<std::vector<model::Article>>& articles,
                       const Resources& res, shape::ShapeCache& cache, const model::Layout& layout);

// "29. August 2019"
std::string german_long_date(const model::Date& d);
// "[29.8.2019]" as on the website
std::string german_short_date(const model::Date& d);

// A readable dump of where every line went, one line each:
// "page role block x baseline size width |text|" — for tests and for --trace.
std::string layout_trace(const Document& doc);
const char* role_name(Role r);

}  // namespace satzwerk::page
