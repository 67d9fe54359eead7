// Stage page/: flows an article's blocks into pages and gives display lists.
// Takes a model::Article, loaded resources (fonts, hyphenator) and a Layout;
// gives a Document: pages of positioned lines, rules and link areas in PDF user
// space (points, origin bottom-left), plus the metadata the PDF needs.
// Knows nothing of PDF syntax.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "model/article.h"
#include "paragraph/compose.h"

namespace satzwerk::text {
class Hyphenator;
}

namespace satzwerk::page {

// The fonts a layout uses, loaded once per process and shared read-only.
struct FontSet {
  std::shared_ptr<const shape::Font> serif, serif_bold, serif_italic, serif_bold_italic, sans, sans_bold;
  static FontSet load(const std::string& fonts_dir);  // throws std::runtime_error naming the file
};

// Everything loaded once per process: immutable, shared between threads.
struct Resources {
  FontSet fonts;
  std::shared_ptr<const text::Hyphenator> hyphenator;  // may be null
};

constexpr double kMillimetre = 72.0 / 25.4;

// The Druckversion's page geometry and type sizes.
struct Layout {
  double page_width = 210 * kMillimetre, page_height = 297 * kMillimetre;
  double margin_top = 30 * kMillimetre, margin_bottom = 25 * kMillimetre;
  double margin_inner = 30 * kMillimetre, margin_outer = 30 * kMillimetre;
  double body_size = 10, leading = 13;
  double headline_size = 18, headline_leading = 22;
  double small_size = 9;
  int min_lines_at_break = 2;  // widows and orphans (P1, P2)
  double measure() const { return page_width - margin_inner - margin_outer; }
};

// Structure role of a line (for tagging and for tests).
enum class Role : uint8_t { Artifact, Kicker, Headline, Subheadline, Lead, Paragraph, Heading, ListItem, Quote,
                            Caption, LinkList, Keywords, Tagline };

struct TextLine {
  double x = 0, baseline = 0;  // start of the line's pen and its baseline
  paragraph::Line line;
  Role role = Role::Paragraph;
  int block = 0;  // index of the logical block the line belongs to (structure)
};

struct Rule {
  double x0 = 0, y0 = 0, x1 = 0, y1 = 0, width = 0.5;
};

struct LinkArea {
  double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  std::string uri;
};

struct Page {
  double width = 0, height = 0;
  std::vector<TextLine> lines;
  std::vector<Rule> rules;
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
};

// Sets one article as a Druckversion. Text is normalised (text stage) first.
Document typeset_article(const model::Article& article, const Resources& res, shape::ShapeCache& cache,
                         const Layout& layout = {});

// "29. August 2019"
std::string german_long_date(const model::Date& d);

}  // namespace satzwerk::page
