// Fuzz target: the text engine on arbitrary bytes: normalize, hyphenate every
// token, suppress ligatures. Invalid UTF-8 is refused the way every caller does
// (utf8::valid_prefix), so the engines see only valid UTF-8, as their contract says.
// The first byte chooses the region and quote style.
// FUZZ_LINK: satzwerk_text
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "text/text.h"

namespace {
const satzwerk::text::Hyphenator* hyphenator = nullptr;
}

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  static auto h = satzwerk::text::Hyphenator::load(std::string(SATZWERK_SOURCE_DIR) + "/data/hyphenation");
  hyphenator = &h;
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace satzwerk;
  if (size == 0) return 0;
  text::NormalizeOptions opt;
  opt.region = static_cast<text::Region>(data[0] % 3);
  opt.quotes = static_cast<text::QuoteStyle>((data[0] / 3) % 3);
  const std::string_view in(reinterpret_cast<const char*>(data) + 1, size - 1);
  if (utf8::valid_prefix(in) != in.size()) return 0;
  const std::string norm = text::normalize(in, opt);
  if (utf8::valid_prefix(norm) != norm.size()) std::abort();  // output stays valid UTF-8
  const std::string lig = text::suppress_ligatures(norm);
  if (utf8::valid_prefix(lig) != lig.size()) std::abort();
  if (text::suppress_ligatures(lig) != lig) std::abort();  // idempotent (ligature.h)
  std::size_t i = 0;
  while (i < lig.size()) {
    while (i < lig.size() && (lig[i] == ' ' || lig[i] == '\n')) ++i;
    std::size_t j = i;
    while (j < lig.size() && lig[j] != ' ' && lig[j] != '\n') ++j;
    if (j > i) {
      const std::string_view token = std::string_view(lig).substr(i, j - i);
      // hyphenate.h: breaks lie inside the token, sorted by offset. (The same
      // offset can come twice, e.g. "energie%": see tests/hostile/regressions/text/.)
      uint32_t last = 0;
      for (const auto& b : hyphenator->breaks(token)) {
        if (b.offset == 0 || b.offset >= token.size() || b.offset < last) std::abort();
        last = b.offset;
      }
      (void)hyphenator->breaks(token, text::CapsReading::Word);
      (void)hyphenator->mark(token);
    }
    i = j;
  }
  return 0;
}
