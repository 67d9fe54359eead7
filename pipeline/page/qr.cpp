#include "page/qr.h"

#include <qrencode.h>

namespace satzwerk::page {

QrMatrix encode_qr(const std::string& text) {
  QrMatrix m;
  QRcode* code = QRcode_encodeString8bit(text.c_str(), 0, QR_ECLEVEL_M);
  if (!code) return m;
  m.size = code->width;
  m.modules.resize(static_cast<std::size_t>(code->width) * code->width);
  // Bit 0 of each byte is the module's colour (1 = dark); the others are libqrencode's bookkeeping.
  for (std::size_t i = 0; i < m.modules.size(); ++i) m.modules[i] = code->data[i] & 1;
  QRcode_free(code);
  return m;
}

}  // namespace satzwerk::page
