// page/ (private): QR codes for the article's web address (libqrencode).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace satzwerk::page {

struct QrMatrix {
  int size = 0;  // modules per side, 0 when the text cannot be encoded
  std::vector<uint8_t> modules;
  bool dark(int row, int column) const { return modules[static_cast<std::size_t>(row * size + column)] != 0; }
};

// Encodes text (as 8-bit bytes, error correction level M).
QrMatrix encode_qr(const std::string& text);

}  // namespace satzwerk::page
