// Stage pdf/: writes a page::Document as PDF bytes.
// Takes display lists, fonts and metadata; gives a PDF 1.7 file in memory:
// Type0/Identity-H fonts with hb-subset OpenType subsets (FontFile3), exact
// ToUnicode maps, link annotations (http, https, mailto only), Info and XMP
// metadata, compressed content streams. Same input and epoch, same bytes.
// Knows nothing of NITF or paragraphs. PoDoFo serves only as an object writer.
#pragma once
#include <cstdint>
#include <string>

#include "page/page.h"

namespace satzwerk::pdf {

struct Options {
  int64_t creation_time = 0;  // seconds since 1970 (SOURCE_DATE_EPOCH for reproducible output)
  std::string producer_version = "0";
};

std::string write_pdf(const page::Document& doc, const Options& opt);

// The link target a PDF may carry: http(s) and mailto pass, "www.…" gains
// "https://", anything else (javascript:, file:, …) gives "".
std::string safe_uri(const std::string& href);

// "D:20190829120000Z"
std::string pdf_date(int64_t epoch_seconds);

}  // namespace satzwerk::pdf
