// batch/: PNG previews. Renders the first page of PDF bytes with poppler's C++
// API and writes it atomically as a PNG. Available when the build found
// poppler-cpp (Debian libpoppler-cpp-dev) and made the preview module.
#pragma once
#include <string>
#include <string_view>

namespace satzwerk::batch {

bool preview_available();

// Writes page 1 of pdf to png_path at dpi. Throws std::runtime_error on failure
// (or when previews are not available).
void write_preview(std::string_view pdf, const std::string& png_path, double dpi);

}  // namespace satzwerk::batch
