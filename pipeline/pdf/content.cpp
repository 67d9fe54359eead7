#include "pdf/content.h"

#include <charconv>
#include <cmath>

namespace satzwerk::pdf {

std::string number(double v) {
  // Round to 1/1000 pt; to_chars is locale-independent (unlike printf).
  long long milli = std::llround(v * 1000.0);
  if (milli == 0) return "0";
  char buf[32];
  char* p = buf;
  if (milli < 0) {
    *p++ = '-';
    milli = -milli;
  }
  p = std::to_chars(p, buf + sizeof buf, milli / 1000).ptr;
  if (long long frac = milli % 1000; frac != 0) {
    *p++ = '.';
    char digits[3] = {char('0' + frac / 100), char('0' + frac / 10 % 10), char('0' + frac % 10)};
    int n = 3;
    while (n > 0 && digits[n - 1] == '0') --n;
    for (int i = 0; i < n; ++i) *p++ = digits[i];
  }
  return std::string(buf, p);
}

void ContentStream::set_fill_cmyk(double c, double m, double y, double k) {
  out_ += number(c) + ' ' + number(m) + ' ' + number(y) + ' ' + number(k) + " k\n";
}

void ContentStream::show_glyphs(std::string_view font_resource, double size, double x, double baseline,
                                const std::vector<ShowGlyph>& glyphs) {
  if (glyphs.empty()) return;
  static const char hex[] = "0123456789ABCDEF";
  out_ += "BT\n/";
  out_ += font_resource;
  out_ += ' ' + number(size) + " Tf\n1 0 0 1 " + number(x + glyphs.front().x) + ' ' + number(baseline) + " Tm\n[<";
  double pen = glyphs.front().x;  // where the PDF's pen is after the previous glyph
  for (const auto& g : glyphs) {
    // TJ numbers are in thousandths of the text size, positive moves left.
    const double adjust = std::round((pen - g.x) * 1000.0 / size);
    if (adjust != 0) {
      out_ += "> " + number(adjust) + " <";
      pen -= adjust * size / 1000.0;
    }
    out_ += hex[g.cid >> 12];
    out_ += hex[(g.cid >> 8) & 15];
    out_ += hex[(g.cid >> 4) & 15];
    out_ += hex[g.cid & 15];
    pen += g.width;
  }
  out_ += ">] TJ\nET\n";
}

void ContentStream::line(double x0, double y0, double x1, double y1, double width) {
  out_ += number(width) + " w " + number(x0) + ' ' + number(y0) + " m " + number(x1) + ' ' + number(y1) + " l S\n";
}

}  // namespace satzwerk::pdf
