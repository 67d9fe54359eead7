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
  void set_stroke_cmyk(double c, double m, double y, double k);
  // A text run at (x, baseline): BT /font size Tf … TJ ET. Positions that differ
  // from the /W widths become TJ adjustments, so the PDF reproduces the layout.
  // horizontal_scale (percent, the Tz operator) widens or narrows the glyphs,
  // for font expansion in justified lines; glyph x positions are already the
  // expanded ones, widths are the font's (/W) and get scaled here.
  void show_glyphs(std::string_view font_resource, double size, double x, double baseline,
                   const std::vector<ShowGlyph>& glyphs, double horizontal_scale = 100);
  void line(double x0, double y0, double x1, double y1, double width);
  // "x y w h re" followed by the painting operator ("f", "S", "B", "W n").
  void rect(double x, double y, double w, double h, std::string_view paint);

  // Marked content: a structure element's content with its MCID, an artifact
  // (props: a dictionary such as "<</Type /Pagination>>", or empty), and the end.
  void begin_marked(std::string_view tag, int mcid);
  void begin_artifact(std::string_view props = {});
  void end_marked();

  void save() {
    out_ += "q\n";
    saved_.push_back(text_);
  }
  void restore() {
    out_ += "Q\n";
    if (!saved_.empty()) {
      text_ = saved_.back();
      saved_.pop_back();
    }
  }
  void transform(double a, double b, double c, double d, double e, double f);
  void append(std::string_view ops) { out_ += ops; }
  const std::string& str() const { return out_; }

 private:
  // Font, size and horizontal scale are text state: they outlive BT…ET and
  // are saved and restored with q/Q, so they are written only when they change.
  struct TextState {
    std::string font;  // "/F1 10 Tf", as written
    std::string scale = "100";
  };
  std::string out_;
  TextState text_;
  std::vector<TextState> saved_;
};

}  // namespace satzwerk::pdf
