// Fuzz target: the NITF reader (ingest::parse_nitf) on arbitrary bytes.
// Contract checked: no crash, no sanitizer report, exactly one of article/error,
// and an error always names the file.
// FUZZ_LINK: satzwerk_ingest
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "ingest/nitf.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view xml(reinterpret_cast<const char*>(data), size);
  const auto r = satzwerk::ingest::parse_nitf(xml, "fuzz.xml");
  if (r.article.has_value() == r.error.has_value()) std::abort();
  if (r.error && r.error->file != "fuzz.xml") std::abort();
  return 0;
}
