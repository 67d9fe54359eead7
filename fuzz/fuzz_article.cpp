// Fuzz target: the whole article pipeline in memory, XML bytes to PDF bytes:
// ingest::parse_nitf → page::typeset_article → pdf::write_pdf. Fonts,
// hyphenation patterns and the Druckversion layout are loaded once
// (LLVMFuzzerInitialize); each input gets a fresh shape cache so runs are
// independent. The input is named as if it lay in fuzz/seeds/article/ and that
// folder is the media root: an image reference can reach nothing else.
#include <podofo/podofo.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>

#include "batch/job.h"
#include "ingest/nitf.h"

namespace {
const satzwerk::page::Resources* resources = nullptr;
std::shared_ptr<const satzwerk::model::Layout> layout;
const std::string media_root = std::string(SATZWERK_SOURCE_DIR) + "/fuzz/seeds/article";
const std::string name = media_root + "/input.xml";
}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  PoDoFo::PdfError::EnableDebug(false);
  PoDoFo::PdfError::EnableLogging(false);
  static const auto r = satzwerk::batch::load_resources(SATZWERK_SOURCE_DIR);
  resources = &r;
  auto l = satzwerk::batch::load_layout(SATZWERK_SOURCE_DIR, "druckversion", r);
  if (!l.layout) std::abort();
  layout = std::make_shared<const satzwerk::model::Layout>(std::move(*l.layout));
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace satzwerk;
  const std::string_view xml(reinterpret_cast<const char*>(data), size);
  auto parsed = ingest::parse_nitf(xml, name);
  if (!parsed.article) return 0;
  shape::ShapeCache cache;
  page::Document doc = page::typeset_article(*parsed.article, *resources, cache, *layout, media_root);
  doc.info.digest = "00000000000000000000000000000000";
  pdf::Options po;
  po.creation_time = 1567036800;
  const std::string pdf = pdf::write_pdf(doc, po);
  if (pdf.rfind("%PDF-", 0) != 0) std::abort();
  return 0;
}
