// Raster images for PDF image XObjects, without decoding pixels where the PDF
// can take the file's own compressed data: JPEG as DCTDecode, PNG (not
// interlaced, no alpha) as FlateDecode with the PNG predictor. PNGs with an
// alpha channel are inflated and unfiltered once, and give the colour samples
// and a soft mask. Pure data in, bytes out; no PoDoFo here.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace satzwerk::pdf {

struct ImageData {
  enum class Space { Gray, Rgb, Cmyk, Indexed } space = Space::Rgb;
  enum class Encoding { Dct, PngPredicted, Raw } encoding = Encoding::Raw;
  int width = 0, height = 0, bits = 8;
  int colors = 3;            // samples per pixel in `data` (PngPredicted: for DecodeParms)
  bool inverted = false;     // Adobe CMYK JPEG: Decode [1 0 1 0 1 0 1 0]
  std::string palette;       // Indexed: RGB triples
  std::string data;          // as the Encoding says; Raw is uncompressed samples
  std::string alpha;         // Raw 8-bit alpha samples (a soft mask) or empty
};

// Reads a JPEG or PNG file's bytes; nullopt (with why) for anything it cannot
// embed (interlaced PNG, 16-bit alpha, corrupt data, …).
std::optional<ImageData> load_image(std::string_view bytes, std::string& why);

}  // namespace satzwerk::pdf
