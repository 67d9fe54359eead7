#include <doctest/doctest.h>

#include <zlib.h>

#include <string>

#include "pdf/content.h"
#include "pdf/image_embed.h"
#include "pdf/pdf.h"

using namespace satzwerk;
using namespace satzwerk::pdf;

namespace {
constexpr double kMm = 72.0 / 25.4;

bool contains(const std::string& hay, const std::string& needle) { return hay.find(needle) != std::string::npos; }

// A page without text: PoDoFo compresses content streams, so tests look at the
// objects' dictionaries only.
page::Document one_empty_page() {
  page::Document d;
  d.info.title = "Test";
  d.info.lang = "de-DE";
  d.info.digest = "00112233445566778899aabbccddeeff";
  page::Page p;
  p.width = 210 * kMm;
  p.height = 297 * kMm;
  d.pages.push_back(p);
  return d;
}

std::string png_chunk(const std::string& type, const std::string& data) {
  auto be = [](uint32_t v) { return std::string{char(v >> 24), char(v >> 16), char(v >> 8), char(v)}; };
  const uLong crc = crc32(crc32(0, nullptr, 0), reinterpret_cast<const Bytef*>((type + data).data()),
                          static_cast<uInt>(type.size() + data.size()));
  return be(static_cast<uint32_t>(data.size())) + type + data + be(static_cast<uint32_t>(crc));
}

std::string deflate_all(const std::string& raw) {
  uLongf n = compressBound(raw.size());
  std::string out(n, '\0');
  compress(reinterpret_cast<Bytef*>(out.data()), &n, reinterpret_cast<const Bytef*>(raw.data()), raw.size());
  out.resize(n);
  return out;
}
}  // namespace

TEST_CASE("profile names on the command line") {
  CHECK(parse_profile("x4") == Profile::X4);
  CHECK(parse_profile("a2u-ua1") == Profile::A2uUa1);
  CHECK(parse_profile("a2u,ua1") == Profile::A2uUa1);
  CHECK(parse_profile("none") == Profile::None);
  CHECK_FALSE(parse_profile("x3").has_value());
  CHECK(std::string(profile_name(Profile::A2uUa1)) == "a2u-ua1");
}

TEST_CASE("print geometry: crop marks start outside the bleed, the media box holds them") {
  const PrintGeometry g = print_geometry(3 * kMm);
  CHECK(g.bleed == doctest::Approx(3 * kMm));
  CHECK(g.mark_offset > g.bleed);
  CHECK(g.mark_length >= 5 * kMm);
  CHECK(g.slug > g.mark_offset + g.mark_length);
}

TEST_CASE("profiles that claim an output intent refuse to write without its profile") {
  Options o;
  o.profile = Profile::X4;
  CHECK_THROWS_AS(write_pdf(one_empty_page(), o), std::runtime_error);
  o.profile = Profile::None;
  CHECK_NOTHROW(write_pdf(one_empty_page(), o));
}

TEST_CASE("X-4: boxes, output intent, version and marks colour space") {
  Options o;
  o.profile = Profile::X4;
  o.output_profile = std::make_shared<const std::string>(std::string(200, 'x'));  // any bytes will do here
  const std::string pdf = write_pdf(one_empty_page(), o);
  CHECK(pdf.substr(0, 8) == "%PDF-1.6");
  CHECK(contains(pdf, "/TrimBox"));
  CHECK(contains(pdf, "/BleedBox"));
  CHECK(contains(pdf, "/GTS_PDFX"));
  CHECK(contains(pdf, "/GTS_PDFXVersion (PDF/X-4)"));
  CHECK(contains(pdf, "/Trapped /False"));
  CHECK(contains(pdf, "<pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion>"));
  CHECK(contains(pdf, "/Separation /All /DeviceCMYK"));
  CHECK_FALSE(contains(pdf, "/StructTreeRoot"));
  CHECK_FALSE(contains(pdf, "pdfaid"));
  o.registration_marks = true;
  CHECK(write_pdf(one_empty_page(), o).size() > pdf.size());
}

TEST_CASE("A-2u + UA-1: tagged, PDF/A and PDF/UA identification with the extension schema") {
  Options o;
  o.profile = Profile::A2uUa1;
  o.output_profile = std::make_shared<const std::string>(std::string(200, 'x'));
  const std::string pdf = write_pdf(one_empty_page(), o);
  CHECK(contains(pdf, "/GTS_PDFA1"));
  CHECK(contains(pdf, "/StructTreeRoot"));
  CHECK(contains(pdf, "/MarkInfo"));
  CHECK(contains(pdf, "<pdfaid:part>2</pdfaid:part>"));
  CHECK(contains(pdf, "<pdfaid:conformance>U</pdfaid:conformance>"));
  CHECK(contains(pdf, "<pdfuaid:part>1</pdfuaid:part>"));
  CHECK(contains(pdf, "<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>"));
  CHECK_FALSE(contains(pdf, "/TrimBox"));
}

TEST_CASE("marked content operators") {
  ContentStream cs;
  cs.begin_marked("P", 3);
  cs.end_marked();
  cs.begin_artifact("<</Type /Pagination>>");
  cs.end_marked();
  cs.begin_artifact();
  cs.end_marked();
  CHECK(cs.str() == "/P <</MCID 3>> BDC\nEMC\n/Artifact <</Type /Pagination>> BDC\nEMC\n/Artifact BMC\nEMC\n");
}

TEST_CASE("images: JPEG frame header, PNG passthrough and PNG alpha split") {
  std::string why;
  // A JPEG needs only SOI and a frame header to be described (the data passes through).
  const std::string jpeg = std::string("\xFF\xD8\xFF\xC0\x00\x11\x08\x00\x02\x00\x03\x03", 12) + std::string(15, '\0') +
                           "\xFF\xD9";
  auto j = load_image(jpeg, why);
  REQUIRE(j.has_value());
  CHECK(j->width == 3);
  CHECK(j->height == 2);
  CHECK(j->space == ImageData::Space::Rgb);
  CHECK(j->encoding == ImageData::Encoding::Dct);

  const std::string sig("\x89PNG\r\n\x1a\n", 8);
  auto ihdr = [](int color_type) {
    return std::string("\0\0\0\2\0\0\0\1\x08", 9) + char(color_type) + std::string("\0\0\0", 3);
  };
  // 2x1 RGB, filter 0
  const std::string rgb_rows = std::string("\0\xFF\0\0\0\xFF\0", 7);
  auto p = load_image(sig + png_chunk("IHDR", ihdr(2)) + png_chunk("IDAT", deflate_all(rgb_rows)) +
                          png_chunk("IEND", ""), why);
  REQUIRE(p.has_value());
  CHECK(p->encoding == ImageData::Encoding::PngPredicted);
  CHECK(p->colors == 3);
  // 2x1 RGBA with the Sub filter: the second pixel is stored as the difference.
  const std::string rgba_rows = std::string("\x01\x10\x20\x30\x40\x01\x01\x01\x01", 9);
  auto a = load_image(sig + png_chunk("IHDR", ihdr(6)) + png_chunk("IDAT", deflate_all(rgba_rows)) +
                          png_chunk("IEND", ""), why);
  REQUIRE(a.has_value());
  CHECK(a->encoding == ImageData::Encoding::Raw);
  CHECK(a->data == std::string("\x10\x20\x30\x11\x21\x31", 6));
  CHECK(a->alpha == std::string("\x40\x41", 2));
  CHECK_FALSE(load_image("GIF89a....", why).has_value());
}
