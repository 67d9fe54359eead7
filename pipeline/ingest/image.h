// ingest/: what the layout needs to know about a raster image without decoding
// it: its kind and pixel size, read from the JPEG or PNG header.
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace satzwerk::ingest {

struct ImageInfo {
  enum class Kind { Jpeg, Png } kind = Kind::Jpeg;
  int width = 0, height = 0;  // pixels
  int components = 3;         // JPEG: 1 gray, 3 RGB/YCbCr, 4 CMYK; PNG: channels incl. alpha
  bool adobe_inverted = false;  // JPEG CMYK written by Adobe software (APP14): values inverted
};

// nullopt when the bytes are neither a JPEG with a frame header nor a PNG.
std::optional<ImageInfo> probe_image(std::string_view bytes);

// Width and height (pt) of the first /MediaBox in a PDF file, when it can be
// read without decompressing (page dictionaries outside object streams).
struct PageSize {
  double width = 0, height = 0;
};
std::optional<PageSize> probe_pdf_page(std::string_view bytes);

}  // namespace satzwerk::ingest
