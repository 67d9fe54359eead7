#include "pdf/content.h"

#include <charconv>
#include <cmath>

namespace satzwerk::pdf {

namespace {

// Writes v rounded to 1/1000 into buf (at least 24 chars); returns the end.
char* format_number(double v, char* buf) {
  // Round to 1/1000 pt; to_chars is locale-independent (unlike printf).
  long long milli = std::llround(v * 1000.0);
  char* p = buf;
  if (milli == 0) {
    *p++ = '0';
    return p;
  }
  if (milli < 0) {
    *p++ = '-';
    milli = -milli;
  }
  p = std::to_chars(p, buf + 24, milli / 1000).ptr;
  if (long long frac = milli % 1000; frac != 0) {
    *p++ = '.';
    char digits[3] = {char('0' + frac / 100), char('0' + frac / 10 % 10), char('0' + frac % 10)};
    int n = 3;
    while (n > 0 && digits[n - 1] == '0') --n;
    for (int i = 0; i < n; ++i) *p++ = digits[i];
  }
  return p;
}

void append_number(std::string& out, double v) {
  char buf[32];
  out.append(buf, format_number(v, buf));
}

}  // namespace

std::string number(double v) {
  char buf[32];
  return std::string(buf, format_number(v, buf));
}

void ContentStream::set_fill_cmyk(double c, double m, double y, double k) {
  out_ += number(c) + ' ' + number(m) + ' ' + number(y) + ' ' + number(k) + " k\n";
}

void ContentStream::set_stroke_cmyk(double c, double m, double y, double k) {
  out_ += number(c) + ' ' + number(m) + ' ' + number(y) + ' ' + number(k) + " K\n";
}

void ContentStream::show_glyphs(std::string_view font_resource, double size, double x, double baseline,
                                const std::vector<ShowGlyph>& glyphs, double horizontal_scale) {
  if (glyphs.empty()) return;
  static const char hex[] = "0123456789ABCDEF";
  // Below 0.0005 % a scale would print as 100 anyway.
  const bool scaled = std::abs(horizontal_scale - 100) >= 0.0005;
  const double h = scaled ? horizontal_scale / 100.0 : 1.0;
  out_ += "BT\n";
  std::string font = '/' + std::string(font_resource) + ' ' + number(size) + " Tf\n";
  if (font != text_.font) {
    out_ += font;
    text_.font = std::move(font);
  }
  if (std::string scale = scaled ? number(horizontal_scale) : "100"; scale != text_.scale) {
    out_ += scale + " Tz\n";
    text_.scale = std::move(scale);
  }
  out_ += "1 0 0 1 " + number(x + glyphs.front().x) + ' ' + number(baseline) + " Tm\n[<";
  double pen = glyphs.front().x;  // where the PDF's pen is after the previous glyph
  for (const auto& g : glyphs) {
    // TJ numbers are in thousandths of the text size, positive moves left;
    // Tz scales them like the glyph widths.
    const double adjust = std::round((pen - g.x) * 1000.0 / (size * h));
    if (adjust != 0) {
      out_ += "> ";
      append_number(out_, adjust);
      out_ += " <";
      pen -= adjust * size * h / 1000.0;
    }
    const char id[4] = {hex[g.cid >> 12], hex[(g.cid >> 8) & 15], hex[(g.cid >> 4) & 15], hex[g.cid & 15]};
    out_.append(id, 4);
    pen += g.width * h;
  }
  out_ += ">] TJ\nET\n";
}

void ContentStream::line(double x0, double y0, double x1, double y1, double width) {
  out_ += number(width) + " w " + number(x0) + ' ' + number(y0) + " m " + number(x1) + ' ' + number(y1) + " l S\n";
}

void ContentStream::rect(double x, double y, double w, double h, std::string_view paint) {
  out_ += number(x) + ' ' + number(y) + ' ' + number(w) + ' ' + number(h) + " re ";
  out_ += paint;
  out_ += '\n';
}

void ContentStream::begin_marked(std::string_view tag, int mcid) {
  out_ += '/';
  out_ += tag;
  out_ += " <</MCID " + std::to_string(mcid) + ">> BDC\n";
}

void ContentStream::begin_artifact(std::string_view props) {
  if (props.empty()) {
    out_ += "/Artifact BMC\n";
    return;
  }
  out_ += "/Artifact ";
  out_ += props;
  out_ += " BDC\n";
}

void ContentStream::end_marked() { out_ += "EMC\n"; }

void ContentStream::transform(double a, double b, double c, double d, double e, double f) {
  out_ += number(a) + ' ' + number(b) + ' ' + number(c) + ' ' + number(d) + ' ' + number(e) + ' ' + number(f) + " cm\n";
}

}  // namespace satzwerk::pdf
