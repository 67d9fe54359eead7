// Stage shape/: fonts and HarfBuzz shaping.
// Takes UTF-8 text runs + a font + OpenType features; gives glyph runs (glyph ids,
// advances in font units, clusters, unsafe-to-break flags). Fonts are loaded once
// and are immutable afterwards, so one Font is shared read-only between threads.
// Knows nothing of paragraphs, pages or PDF.
#pragma once
#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "text/concurrent_cache.h"

struct hb_font_t;
struct hb_face_t;
struct hb_blob_t;

namespace satzwerk::shape {

// Facts about a font that a PDF font descriptor needs (in font units).
struct FontMetrics {
  int units_per_em = 1000;
  int ascender = 0, descender = 0, cap_height = 0, x_height = 0;
  int bbox[4] = {0, 0, 0, 0};  // xMin yMin xMax yMax
  double italic_angle = 0;
  bool italic = false, bold = false, fixed_pitch = false, serif = true;
  std::string postscript_name;
};

class Font {
 public:
  // Loads an OpenType/TrueType file; throws std::runtime_error naming the file.
  static std::shared_ptr<const Font> load(const std::string& path);
  ~Font();
  Font(const Font&) = delete;
  Font& operator=(const Font&) = delete;

  const std::string& path() const { return path_; }
  const std::string& data() const { return data_; }  // the font file's bytes
  const FontMetrics& metrics() const { return metrics_; }
  hb_font_t* hb_font() const { return font_; }
  hb_face_t* hb_face() const { return face_; }
  // Nominal glyph for a code point, 0 (.notdef) when the font lacks it.
  uint32_t glyph_for(char32_t cp) const;
  // Horizontal advance of a glyph in font units.
  int32_t advance(uint32_t glyph) const;
  // Size of the font-units-to-points factor for a given point size.
  double scale(double size) const { return size / metrics_.units_per_em; }

 private:
  Font() = default;
  std::string path_, data_;
  FontMetrics metrics_;
  hb_blob_t* blob_ = nullptr;
  hb_face_t* face_ = nullptr;
  hb_font_t* font_ = nullptr;
  // Glyphs of U+0000..U+017F, looked up once: German text asks for little else,
  // and asks often (missing-glyph checks, spaces, protrusion).
  std::array<uint16_t, 0x180> latin_{};
};

struct Glyph {
  uint32_t id = 0;
  int32_t advance = 0;   // font units
  int32_t x_offset = 0, y_offset = 0;
  uint32_t cluster = 0;  // byte offset of the glyph's cluster in GlyphRun::text
  bool unsafe_to_break = false;
  bool replaced = false;  // the font had no glyph here: id is the visible replacement (see shape_text)
};

// The shaped form of one piece of text in one font.
struct GlyphRun {
  const Font* font = nullptr;
  std::string text;  // the UTF-8 source the clusters refer to
  std::vector<Glyph> glyphs;
  int32_t advance = 0;  // sum of glyph advances, font units
  std::vector<char32_t> missing;  // code points set as the replacement, ascending, each once

  // Source text of the cluster that starts at glyph i ("" for the 2nd+ glyph of
  // a cluster), without ZWNJ/soft hyphen: what copy and search should give back.
  // A replaced glyph gives the replacement character, the text it shows.
  std::string cluster_text(std::size_t i) const;
};

// Features as HarfBuzz strings, e.g. {"kern", "liga", "-liga", "onum"}.
using Features = std::vector<std::string>;

// Shapes text (script Latin, language from lang, e.g. "de"). Default-ignorable
// characters such as ZWNJ produce no glyph but still break ligatures.
// Never gives .notdef: a character the font lacks, and any right-to-left
// character (no bidi support yet), is set as a visible replacement glyph
// (U+25A1 □, else U+FFFD, else '?'), marked Glyph::replaced and listed in
// GlyphRun::missing, so the caller can warn (missing_code_points/describe_missing).
GlyphRun shape_text(const Font& font, std::string_view text, const Features& features,
                    std::string_view lang = "de");

// The replacement character shape_text sets for a missing glyph in this font.
char32_t replacement_char(const Font& font);

// Characters of text that font cannot set (see shape_text), ascending, each
// once: what a stage warns about before or after shaping. Default-ignorable
// characters (ZWNJ, ZWSP, soft hyphen, variation selectors, …) and line breaks
// are not missing.
std::vector<char32_t> missing_code_points(const Font& font, std::string_view utf8_text);

// "missing glyphs for U+1F600 😀, U+05D0 א (right-to-left, not supported); set as □"
// — the warning text for a list of missing code points (at most 12 are named).
std::string describe_missing(const std::vector<char32_t>& code_points, const Font& font);

// A cache of shaped words, keyed by font, features and text. Safe for concurrent
// use; results are immutable and stay valid as long as the cache lives.
class ShapeCache {
 public:
  const GlyphRun& shape(const Font& font, std::string_view text, const Features& features,
                        std::string_view lang = "de");
  std::size_t size() const;

 private:
  text::ConcurrentCache<GlyphRun> runs_;
};

}  // namespace satzwerk::shape
