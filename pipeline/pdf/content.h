// Content-stream writing: PDF operators as text, numbers locale-independent.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace satzwerk::pdf {

// Shortest decimal form with at most 3 fractional digits ("12.5", "-0.333", "0").
std::string number(double v);

// One glyph to show: its id in the embedded font, where the pen should be
// (x relative to the run's start, pt) and its width as the font's /W says (pt).
struct ShowGlyph {
  uint16_t cid = 0;
  double x = 0;
  double width = 0;
};

class ContentStream {
 public:
  void set_fill_cmyk(double c, double m, double y, double k);
  // A text run at (x, baseline): BT /font size Tf … TJ ET. Positions that differ
  // from the /W widths become TJ adjustments, so the PDF reproduces the layout.
  void show_glyphs(std::string_view font_resource, double size, double x, double baseline,
                   const std::vector<ShowGlyph>& glyphs);
  void line(double x0, double y0, double x1, double y1, double width);
  const std::string& str() const { return out_; }

 private:
  std::string out_;
};

}  // namespace satzwerk::pdf
