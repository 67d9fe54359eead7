// Stage paragraph/: turns styled text into lines.
// Takes normalised text spans (font, size, link), break points from the text
// stage and a paragraph style; gives positioned glyph runs per line. The breaking
// itself is total-fit (breaker.h); this file builds its boxes, glue and penalties
// from shaped words and lays the chosen lines out. Knows nothing of pages or PDF.
#pragma once
#include <string>
#include <vector>

#include "paragraph/breaker.h"
#include "shape/shape.h"

namespace satzwerk::text {
class Hyphenator;
}

namespace satzwerk::paragraph {

struct TextStyle {
  const shape::Font* font = nullptr;
  double size = 10;  // pt
  shape::Features features = {"kern", "liga"};
};

// A piece of paragraph text in one style; text is normalised UTF-8 (NBSP and
// NNBSP are unbreakable spaces, U+0020 is a breakable word space, '\n' a forced
// line break).
struct Span {
  std::string text;
  TextStyle style;
  std::string href;  // link target, empty when none
};

enum class Align { Justify, RaggedRight, Center };

struct ParagraphStyle {
  double measure = 425;        // line width, pt
  double first_indent = 0;     // pt, first line only
  Align align = Align::Justify;
  bool hyphenate = true;
  bool protrusion = true;      // margin kerning of punctuation and hyphens
  BreakParams breaking;
};

struct PlacedGlyph {
  uint32_t id = 0;
  double x = 0;         // pen position relative to the line start, pt
  double y_offset = 0;  // pt, positive = up
  double advance = 0;   // pt, the glyph's own advance (unadjusted)
  std::string text;     // source text of the glyph's cluster (for ToUnicode/ActualText)
};

struct LineRun {
  const shape::Font* font = nullptr;
  double size = 10;
  std::vector<PlacedGlyph> glyphs;
};

struct LinkSpan {
  double x0 = 0, x1 = 0;  // relative to the line start
  std::string href;
};

struct Line {
  std::vector<LineRun> runs;
  std::vector<LinkSpan> links;
  double width = 0;         // set width from the line start to the last glyph's end
  double indent = 0;        // x offset of the line start (first-line indent, centring)
  double ratio = 0;         // adjustment ratio of its glue
  bool hyphenated = false;  // ends with a hyphen added at a break point
  double ascent = 0;        // max ascender of its fonts, pt
  std::string text() const; // the line's text (for tests and traces)
};

// Composes one paragraph. hyphenator may be null (no hyphenation).
std::vector<Line> compose(const std::vector<Span>& spans, const ParagraphStyle& style,
                          shape::ShapeCache& cache, const text::Hyphenator* hyphenator);

}  // namespace satzwerk::paragraph
