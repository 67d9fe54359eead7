#include "ingest/image.h"

#include <charconv>

namespace satzwerk::ingest {

namespace {
unsigned be16(std::string_view b, std::size_t i) {
  return (static_cast<unsigned char>(b[i]) << 8) | static_cast<unsigned char>(b[i + 1]);
}
unsigned long be32(std::string_view b, std::size_t i) { return (static_cast<unsigned long>(be16(b, i)) << 16) | be16(b, i + 2); }

std::optional<ImageInfo> probe_png(std::string_view b) {
  // Signature, then IHDR: width, height, bit depth, colour type.
  if (b.size() < 33 || b.substr(12, 4) != "IHDR") return std::nullopt;
  ImageInfo info;
  info.kind = ImageInfo::Kind::Png;
  info.width = static_cast<int>(be32(b, 16));
  info.height = static_cast<int>(be32(b, 20));
  switch (static_cast<unsigned char>(b[25])) {
    case 0: info.components = 1; break;  // gray
    case 2: info.components = 3; break;  // RGB
    case 3: info.components = 3; break;  // palette, expands to RGB
    case 4: info.components = 2; break;  // gray + alpha
    case 6: info.components = 4; break;  // RGBA
    default: return std::nullopt;
  }
  if (info.width <= 0 || info.height <= 0) return std::nullopt;
  return info;
}

std::optional<ImageInfo> probe_jpeg(std::string_view b) {
  ImageInfo info;
  std::size_t i = 2;
  while (i + 4 <= b.size()) {
    if (static_cast<unsigned char>(b[i]) != 0xFF) return std::nullopt;
    const unsigned char marker = static_cast<unsigned char>(b[i + 1]);
    if (marker == 0xFF) { ++i; continue; }  // fill byte
    const unsigned len = be16(b, i + 2);
    if (len < 2 || i + 2 + len > b.size()) return std::nullopt;
    if (marker == 0xEE && len >= 12 && b.substr(i + 4, 5) == "Adobe") info.adobe_inverted = true;
    // SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC) carry the frame size.
    if (marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC) {
      if (len < 8) return std::nullopt;
      info.height = static_cast<int>(be16(b, i + 5));
      info.width = static_cast<int>(be16(b, i + 7));
      info.components = static_cast<unsigned char>(b[i + 9]);
      if (info.width <= 0 || info.height <= 0) return std::nullopt;
      return info;
    }
    if (marker == 0xDA) return std::nullopt;  // scan data before any frame header
    i += 2 + len;
  }
  return std::nullopt;
}
}  // namespace

std::optional<ImageInfo> probe_image(std::string_view b) {
  if (b.size() > 8 && b.substr(0, 8) == std::string_view("\x89PNG\r\n\x1a\n", 8)) return probe_png(b);
  if (b.size() > 4 && static_cast<unsigned char>(b[0]) == 0xFF && static_cast<unsigned char>(b[1]) == 0xD8)
    return probe_jpeg(b);
  return std::nullopt;
}

std::optional<PageSize> probe_pdf_page(std::string_view b) {
  if (b.substr(0, 5) != "%PDF-") return std::nullopt;
  const auto at = b.find("/MediaBox");
  if (at == std::string_view::npos) return std::nullopt;
  const auto open = b.find('[', at), close = b.find(']', at);
  if (open == std::string_view::npos || close == std::string_view::npos || close < open || close - at > 200)
    return std::nullopt;
  double v[4];
  int n = 0;
  std::string_view s = b.substr(open + 1, close - open - 1);
  while (n < 4 && !s.empty()) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\n' || s.front() == '\r')) s.remove_prefix(1);
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v[n]);
    if (ec != std::errc()) return std::nullopt;
    s.remove_prefix(static_cast<std::size_t>(p - s.data()));
    ++n;
  }
  if (n != 4 || v[2] <= v[0] || v[3] <= v[1]) return std::nullopt;
  return PageSize{v[2] - v[0], v[3] - v[1]};
}

}  // namespace satzwerk::ingest
