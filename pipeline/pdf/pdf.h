// Stage pdf/: writes a page::Document as PDF bytes.
// Takes display lists, fonts and metadata; gives a PDF file in memory:
// Type0/Identity-H fonts with hb-subset OpenType subsets (FontFile3), exact
// ToUnicode maps, Info and XMP metadata, compressed content streams, and one of
// three output profiles:
//   X4      PDF/X-4 print file: FOGRA39 output intent, TrimBox and BleedBox,
//           crop marks on a larger MediaBox, no annotations.
//   A2uUa1  PDF/A-2u + PDF/UA-1: the same output intent (GTS_PDFA1), a tagged
//           structure tree built from the lines' roles and blocks, link
//           annotations inside Link elements, running heads as Artifacts.
//   None    a plain PDF 1.7 with link annotations and no conformance claims.
// Same input and epoch, same bytes. Knows nothing of NITF or paragraphs.
// PoDoFo serves only as an object writer.
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "page/page.h"

namespace satzwerk::pdf {

enum class Profile { None, X4, A2uUa1 };

class SubsetFaces;  // font_embed.h

// "x4", "a2u-ua1" (also "a2u,ua1"), "none"; nullopt for anything else.
std::optional<Profile> parse_profile(std::string_view s);
const char* profile_name(Profile p);

struct Options {
  int64_t creation_time = 0;  // seconds since 1970 (SOURCE_DATE_EPOCH for reproducible output)
  std::string producer_version = "0";
  Profile profile = Profile::None;
  // The CMYK output condition (an ICC output profile, FOGRA39) for X4 and
  // A2uUa1; write_pdf throws std::runtime_error when such a profile lacks it.
  std::shared_ptr<const std::string> output_profile;
  // sRGB, the colour space of RGB images (ICCBased); without it RGB images are
  // written as DeviceRGB, which neither PDF/X-4 nor PDF/A-2 with a CMYK intent allow.
  std::shared_ptr<const std::string> srgb_profile;
  // The same profiles Flate-compressed (deflate()), made once per process so
  // that each document need not compress 120 KB again; optional.
  std::shared_ptr<const std::string> output_profile_deflated, srgb_profile_deflated;
  // X4: bleed around the trim box in pt; < 0 takes the document's bleed, or
  // 3 mm when the document has none.
  double bleed = -1;
  bool registration_marks = false;  // X4: registration targets beside the crop marks
  // Shared by the documents of a batch so that fonts are prepared for
  // subsetting once (see SubsetFaces); optional.
  std::shared_ptr<SubsetFaces> subset_faces;
};

// Geometry of an X-4 page: where the trim box sits on the larger media box.
struct PrintGeometry {
  double bleed = 0;        // pt, on every side of the trim box
  double mark_offset = 0;  // gap between the trim edge and a crop mark
  double mark_length = 0;
  double slug = 0;         // media box margin around the trim box
};
PrintGeometry print_geometry(double bleed);

std::string write_pdf(const page::Document& doc, const Options& opt);

// Flate compression of a stream's bytes in zlib format (what /Filter /FlateDecode
// undoes), by libdeflate at level 1 (fastest) to 12 (smallest). Thread-safe.
std::string deflate(std::string_view bytes, int level = 6);

// The link target a PDF may carry: http(s) and mailto pass, "www.…" gains
// "https://", anything else (javascript:, file:, …) gives "".
std::string safe_uri(const std::string& href);

// "D:20190829120000Z"
std::string pdf_date(int64_t epoch_seconds);

}  // namespace satzwerk::pdf
