#include "pdf/image_embed.h"

#include <zlib.h>

#include <cstdlib>
#include <vector>

namespace satzwerk::pdf {

namespace {

uint32_t be32(std::string_view b, std::size_t at) {
  return (uint32_t(uint8_t(b[at])) << 24) | (uint32_t(uint8_t(b[at + 1])) << 16) | (uint32_t(uint8_t(b[at + 2])) << 8) |
         uint32_t(uint8_t(b[at + 3]));
}
unsigned be16(std::string_view b, std::size_t at) { return (unsigned(uint8_t(b[at])) << 8) | uint8_t(b[at + 1]); }

std::optional<ImageData> load_jpeg(std::string_view b, std::string& why) {
  ImageData img;
  img.encoding = ImageData::Encoding::Dct;
  bool adobe = false, frame = false;
  std::size_t i = 2;
  while (i + 4 <= b.size() && !frame) {
    if (uint8_t(b[i]) != 0xFF) {
      why = "JPEG marker expected";
      return std::nullopt;
    }
    const uint8_t m = uint8_t(b[i + 1]);
    if (m == 0xFF) { ++i; continue; }
    if (m == 0xD8 || m == 0x01 || (m >= 0xD0 && m <= 0xD7)) { i += 2; continue; }
    const unsigned len = be16(b, i + 2);
    if (len < 2 || i + 2 + len > b.size()) break;
    if (m == 0xEE && len >= 7 && b.substr(i + 4, 5) == "Adobe") adobe = true;
    const bool sof = m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC;
    if (sof) {
      if (len < 8) break;
      img.bits = uint8_t(b[i + 4]);
      img.height = int(be16(b, i + 5));
      img.width = int(be16(b, i + 7));
      img.colors = uint8_t(b[i + 9]);
      frame = true;
    }
    i += 2 + len;
  }
  if (!frame || img.width <= 0 || img.height <= 0 || img.bits != 8) {
    why = "JPEG without a usable 8-bit frame header";
    return std::nullopt;
  }
  switch (img.colors) {
    case 1: img.space = ImageData::Space::Gray; break;
    case 3: img.space = ImageData::Space::Rgb; break;
    case 4: img.space = ImageData::Space::Cmyk; img.inverted = adobe; break;
    default: why = "JPEG with " + std::to_string(img.colors) + " components"; return std::nullopt;
  }
  img.data.assign(b.data(), b.size());
  return img;
}

bool inflate_all(const std::string& in, std::string& out) {
  z_stream z{};
  if (inflateInit(&z) != Z_OK) return false;
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  z.avail_in = static_cast<uInt>(in.size());
  char buf[65536];
  int rc = Z_OK;
  while (rc == Z_OK) {
    z.next_out = reinterpret_cast<Bytef*>(buf);
    z.avail_out = sizeof buf;
    rc = inflate(&z, Z_NO_FLUSH);
    out.append(buf, sizeof buf - z.avail_out);
  }
  inflateEnd(&z);
  return rc == Z_STREAM_END;
}

int paeth(int a, int b, int c) {
  const int p = a + b - c, pa = std::abs(p - a), pb = std::abs(p - b), pc = std::abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

// Undoes the PNG row filters in place; gives rows without their filter bytes.
bool unfilter(const std::string& in, std::size_t stride, std::size_t bpp, int height, std::string& out) {
  if (in.size() < (stride + 1) * std::size_t(height)) return false;
  out.assign(stride * std::size_t(height), '\0');
  std::vector<uint8_t> prev(stride, 0);
  for (int y = 0; y < height; ++y) {
    const uint8_t type = uint8_t(in[y * (stride + 1)]);
    const auto* src = reinterpret_cast<const uint8_t*>(in.data()) + y * (stride + 1) + 1;
    auto* row = reinterpret_cast<uint8_t*>(out.data()) + y * stride;
    for (std::size_t x = 0; x < stride; ++x) {
      const int a = x >= bpp ? row[x - bpp] : 0, b = prev[x], c = x >= bpp ? prev[x - bpp] : 0;
      int v = src[x];
      switch (type) {
        case 0: break;
        case 1: v += a; break;
        case 2: v += b; break;
        case 3: v += (a + b) / 2; break;
        case 4: v += paeth(a, b, c); break;
        default: return false;
      }
      row[x] = uint8_t(v);
    }
    prev.assign(row, row + stride);
  }
  return true;
}

std::optional<ImageData> load_png(std::string_view b, std::string& why) {
  ImageData img;
  int color_type = -1, interlace = 0;
  std::string idat;
  for (std::size_t i = 8; i + 8 <= b.size();) {
    const uint32_t len = be32(b, i);
    const std::string_view type = b.substr(i + 4, 4);
    if (i + 12 + std::size_t(len) > b.size()) break;
    const std::string_view data = b.substr(i + 8, len);
    if (type == "IHDR" && len >= 13) {
      img.width = int(be32(data, 0));
      img.height = int(be32(data, 4));
      img.bits = uint8_t(data[8]);
      color_type = uint8_t(data[9]);
      interlace = uint8_t(data[12]);
    } else if (type == "PLTE") {
      img.palette.assign(data.data(), data.size());
    } else if (type == "IDAT") {
      idat.append(data.data(), data.size());
    } else if (type == "IEND") {
      break;
    }
    i += 12 + len;
  }
  if (img.width <= 0 || img.height <= 0 || idat.empty() || color_type < 0) {
    why = "PNG without header or image data";
    return std::nullopt;
  }
  if (interlace) {
    why = "interlaced PNG";
    return std::nullopt;
  }
  switch (color_type) {
    case 0: img.space = ImageData::Space::Gray; img.colors = 1; break;
    case 2: img.space = ImageData::Space::Rgb; img.colors = 3; break;
    case 3:
      img.space = ImageData::Space::Indexed;
      img.colors = 1;
      if (img.palette.empty()) {
        why = "palette PNG without PLTE";
        return std::nullopt;
      }
      break;
    case 4: img.space = ImageData::Space::Gray; img.colors = 2; break;
    case 6: img.space = ImageData::Space::Rgb; img.colors = 4; break;
    default: why = "PNG colour type " + std::to_string(color_type); return std::nullopt;
  }
  if (color_type != 4 && color_type != 6) {
    // The PDF reads PNG-filtered rows itself (Predictor 15).
    img.encoding = ImageData::Encoding::PngPredicted;
    img.data = std::move(idat);
    return img;
  }
  // Alpha: split colour and alpha into two 8-bit sample arrays.
  if (img.bits != 8 && img.bits != 16) {
    why = "PNG with alpha at " + std::to_string(img.bits) + " bits";
    return std::nullopt;
  }
  std::string raw, rows;
  const std::size_t bytes_per_sample = img.bits / 8;
  const std::size_t bpp = bytes_per_sample * img.colors;
  const std::size_t stride = bpp * std::size_t(img.width);
  if (!inflate_all(idat, raw) || !unfilter(raw, stride, bpp, img.height, rows)) {
    why = "corrupt PNG data";
    return std::nullopt;
  }
  const int color_samples = img.colors - 1;
  img.data.reserve(std::size_t(img.width) * img.height * color_samples);
  img.alpha.reserve(std::size_t(img.width) * img.height);
  for (std::size_t p = 0; p < rows.size(); p += bpp) {
    for (int s = 0; s < color_samples; ++s) img.data += rows[p + s * bytes_per_sample];  // high byte
    img.alpha += rows[p + color_samples * bytes_per_sample];
  }
  img.colors = color_samples;
  img.bits = 8;
  img.encoding = ImageData::Encoding::Raw;
  return img;
}

}  // namespace

std::optional<ImageData> load_image(std::string_view bytes, std::string& why) {
  if (bytes.size() > 3 && uint8_t(bytes[0]) == 0xFF && uint8_t(bytes[1]) == 0xD8) return load_jpeg(bytes, why);
  if (bytes.size() > 8 && bytes.substr(0, 8) == std::string_view("\x89PNG\r\n\x1a\n", 8)) return load_png(bytes, why);
  why = "neither JPEG nor PNG";
  return std::nullopt;
}

}  // namespace satzwerk::pdf
