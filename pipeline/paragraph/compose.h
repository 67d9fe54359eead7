// Stage paragraph/: turns styled text into lines.
// Takes normalised text spans (font, size, link), break points from the text
// stage and a paragraph style; gives positioned glyph runs per line. The breaking
// itself is total-fit (breaker.h); this file builds its boxes, glue and penalties
// from shaped words and lays the chosen lines out. Knows nothing of pages or PDF.
#pragma once
#include <string>
#include <string_view>
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

// The breaking parameters satzwerk sets paragraphs with: TeX's (breaker.h)
// except where tuning on the corpus showed a better balance of even word
// spacing against hyphenation (bench/README.md has the measurements):
//  - no first pass without hyphenation (TeX \pretolerance 100 → -1): that
//    pass takes any paragraph whose lines all stay below badness 100, and
//    TeX's flat cubic then leaves spaces between 0.17 and 0.35 em where a
//    single hyphen would have evened them; the hyphen penalties
//    (compose.cpp) and the demerits decide alone;
//  - demerits quadratic in the adjustment ratio (ratio_exponent 1 instead of
//    TeX's 3), i.e. least squares on the spacing;
//  - font expansion absorbs a line's adjustment before the word spaces do
//    (expansion_first), charged at a quarter of what spaces cost;
//  - \doublehyphendemerits 10000 → 3000: on the quadratic scale 10000 is
//    worth a hyphen more, and the hard limit max_hyphen_run = 2 stays.
// Tolerance (200), \linepenalty (10), \adjdemerits (10000),
// \finalhyphendemerits (5000) and the emergency stretch stay as in breaker.h.
inline constexpr BreakParams kSatzwerkBreaking = [] {
  BreakParams p;
  p.pretolerance = -1;
  p.ratio_exponent = 1;
  p.expansion_first = true;
  p.expansion_cost = 0.25;
  p.flagged_demerits = 3000;
  return p;
}();

struct ParagraphStyle {
  double measure = 425;        // line width, pt
  double first_indent = 0;     // pt, first line only
  Align align = Align::Justify;
  bool hyphenate = true;
  bool protrusion = true;      // margin kerning of punctuation and hyphens
  // Interword glue in justified text, as shares of the font's space width:
  // TeX's cmr10 proportions (3.33 pt plus 1.67 minus 1.11), which luaotfload
  // also gives OpenType fonts. Less stretch evens the spaces only by
  // hyphenating more (on 50 corpus articles with pdfTeX-style expansion,
  // 1/3 and 1/4 took the gap sd from 0.048 to 0.036 em and the hyphenated
  // line ends from 7.7 % to 14.7 %).
  double space_stretch = 0.5;
  double space_shrink = 1.0 / 3;
  // Font expansion (pdfTeX/microtype \pdfadjustspacing): in justified lines
  // the glyphs may widen or narrow by up to this share of their width, the
  // same share on the whole line, so that the word spaces need to change
  // less. microtype's default stretch=20, shrink=20 (±2 %); de.md P8 allows at
  // most ±2 %. 0 switches it off. Ragged and centred text is never expanded.
  double expansion = 0.02;
  BreakParams breaking = kSatzwerkBreaking;
};

// A glyph as set. Kept small (32 bytes): an issue holds a million of them.
struct PlacedGlyph {
  double x = 0;          // pen position relative to the line start, pt
  double advance = 0;    // pt, the glyph's advance as set (× the run's expansion)
  float y_offset = 0;    // pt, positive = up
  uint32_t id = 0;
  // Its cluster's source text, LineRun::text_of(): "" for the second and
  // later glyphs of a cluster (for ToUnicode/ActualText).
  uint32_t text_begin = 0, text_size = 0;
};

struct LineRun {
  const shape::Font* font = nullptr;
  double size = 10;
  std::vector<PlacedGlyph> glyphs;
  // Horizontal scale of the glyphs (font expansion): 1.02 draws them 2 %
  // wider. The glyphs' x and advance already include it; a PDF writer shows
  // the run with Tz = 100 × expansion (the glyphs and their text unchanged).
  double expansion = 1.0;
  std::string text;  // the glyphs' cluster texts back to back: what the run says

  std::string_view text_of(const PlacedGlyph& g) const { return std::string_view(text).substr(g.text_begin, g.text_size); }
  // Appends a glyph whose cluster text is cluster.
  void add(uint32_t id, double x, double y_offset, double advance, std::string_view cluster) {
    glyphs.push_back({x, advance, static_cast<float>(y_offset), id, static_cast<uint32_t>(text.size()),
                      static_cast<uint32_t>(cluster.size())});
    text.append(cluster);
  }
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
  double ratio = 0;         // adjustment ratio of its glue (and expansion)
  double expansion = 1.0;   // horizontal scale of its glyphs (the same in every run)
  bool hyphenated = false;  // ends with a hyphen added at a break point
  double ascent = 0;        // max ascender of its fonts, pt
  std::string text() const; // the line's text (for tests and traces)
};

// Composes one paragraph. hyphenator may be null (no hyphenation).
std::vector<Line> compose(const std::vector<Span>& spans, const ParagraphStyle& style,
                          shape::ShapeCache& cache, const text::Hyphenator* hyphenator);

}  // namespace satzwerk::paragraph
