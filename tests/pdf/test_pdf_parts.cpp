#include <doctest/doctest.h>

#include <hb.h>
#include <zlib.h>

#include "pdf/content.h"
#include "pdf/font_embed.h"
#include "pdf/pdf.h"
#include "text/utf8.h"

using namespace satzwerk;
using namespace satzwerk::pdf;

namespace {
const shape::Font& libertine() {
  static auto f = shape::Font::load(std::string(SATZWERK_SOURCE_DIR) + "/fonts/LinLibertine_R.otf");
  return *f;
}
}  // namespace

TEST_CASE("numbers in content streams: at most 3 decimals, no locale, no -0") {
  CHECK(number(0) == "0");
  CHECK(number(12.5) == "12.5");
  CHECK(number(-0.3333) == "-0.333");
  CHECK(number(841.8898) == "841.89");
  CHECK(number(-0.0001) == "0");
  CHECK(number(1e6) == "1000000");
}

TEST_CASE("a glyph run becomes one TJ with adjustments only where positions differ from /W") {
  ContentStream cs;
  // Two glyphs 5 pt wide at size 10; the second is pulled 0.2 pt to the left (kerning),
  // the third starts after a 2.5 pt space.
  cs.show_glyphs("F1", 10, 72, 700, {{1, 0, 5}, {2, 4.8, 5}, {3, 12.3, 5}});
  CHECK(cs.str() == "BT\n/F1 10 Tf\n1 0 0 1 72 700 Tm\n[<0001> 20 <0002> -250 <0003>] TJ\nET\n");
}

TEST_CASE("font and horizontal scale are written only when they change, and q/Q restores what was set") {
  ContentStream cs;
  cs.show_glyphs("F1", 10, 0, 700, {{1, 0, 5}});
  cs.show_glyphs("F1", 10, 0, 688, {{1, 0, 5}}, 101);  // same font: no Tf; scaled: Tz
  cs.save();
  cs.show_glyphs("F2", 9, 0, 676, {{1, 0, 5}}, 101);   // other font: Tf; same scale: no Tz
  cs.restore();
  cs.show_glyphs("F1", 10, 0, 664, {{1, 0, 5}});       // after Q: F1 101 Tz again, so back to 100
  const std::string& s = cs.str();
  auto count = [&](const std::string& what) {
    std::size_t n = 0;
    for (auto p = s.find(what); p != std::string::npos; p = s.find(what, p + 1)) ++n;
    return n;
  };
  CHECK(count("/F1 10 Tf") == 1);
  CHECK(count("/F2 9 Tf") == 1);
  CHECK(count("101 Tz") == 1);
  CHECK(count("100 Tz") == 1);
  CHECK(s.rfind("100 Tz") > s.find("Q\n"));
}

TEST_CASE("ToUnicode CMap maps ligatures to all their letters, in UTF-16BE") {
  std::string cmap = to_unicode_cmap({{1, "fi"}, {2, "ä"}, {3, "„"}, {4, "𝄞"}});
  CHECK(cmap.find("4 beginbfchar") != std::string::npos);
  CHECK(cmap.find("<0001> <00660069>") != std::string::npos);
  CHECK(cmap.find("<0002> <00E4>") != std::string::npos);
  CHECK(cmap.find("<0003> <201E>") != std::string::npos);
  CHECK(cmap.find("<0004> <D834DD1E>") != std::string::npos);  // surrogate pair
}

TEST_CASE("a CMap splits its entries into blocks of at most 100") {
  std::map<uint16_t, std::string> m;
  for (uint16_t i = 1; i <= 250; ++i) m[i] = "a";
  std::string cmap = to_unicode_cmap(m);
  CHECK(cmap.find("100 beginbfchar") != std::string::npos);
  CHECK(cmap.find("50 beginbfchar") != std::string::npos);
}

TEST_CASE("subsetting keeps only the used glyphs, remaps them and keeps their widths") {
  GlyphUsage usage;
  auto run = shape::shape_text(libertine(), "Straße fi", {"kern", "liga"});
  for (std::size_t i = 0; i < run.glyphs.size(); ++i) usage.use(run.glyphs[i].id, run.cluster_text(i));
  EmbeddedFont ef = embed_font(libertine(), usage);
  CHECK(ef.program.size() < 20000);  // the full font has 505 KB
  CHECK(ef.program.substr(0, 4) == "OTTO");
  CHECK(ef.base_font.size() == 6 + 1 + std::string("LinLibertineO").size());
  CHECK(ef.base_font[6] == '+');
  // Every used glyph has a CID; .notdef is CID 0, so used glyphs start at 1.
  CHECK(ef.cid_of.size() == usage.glyphs().size());
  for (const auto& [g, cid] : ef.cid_of) {
    CHECK(cid >= 1);
    CHECK(ef.widths[cid] == libertine().advance(g));
  }
  // The subset is itself a font HarfBuzz can open, with the glyph count we asked for.
  hb_blob_t* blob = hb_blob_create(ef.program.data(), static_cast<unsigned>(ef.program.size()),
                                   HB_MEMORY_MODE_READONLY, nullptr, nullptr);
  hb_face_t* face = hb_face_create(blob, 0);
  CHECK(hb_face_get_glyph_count(face) == usage.glyphs().size() + 1);
  hb_face_destroy(face);
  hb_blob_destroy(blob);
  CHECK(ef.to_unicode.find("<00DF>") != std::string::npos);  // ß
}

TEST_CASE("prepared fonts give the same subsets as plain ones; uses with new glyphs prepare again") {
  SubsetFaces faces;
  auto usage_of = [](const std::string& text) {
    GlyphUsage usage;
    auto run = shape::shape_text(libertine(), text, {"kern", "liga"});
    for (std::size_t i = 0; i < run.glyphs.size(); ++i) usage.use(run.glyphs[i].id, run.cluster_text(i));
    return usage;
  };
  auto check_same = [&](const std::string& text) {
    const GlyphUsage usage = usage_of(text);
    const EmbeddedFont shared = embed_font(libertine(), usage, &faces);
    const EmbeddedFont plain = embed_font(libertine(), usage);
    CHECK(!plain.via_prepared_face);
    CHECK(shared.program == plain.program);
    CHECK(shared.cid_of == plain.cid_of);
    CHECK(shared.widths == plain.widths);
    CHECK(shared.base_font == plain.base_font);
    return shared.via_prepared_face;
  };
  const std::vector<std::string> latin = {"Straße fi", "Darmstadt: Labor und Vorbild", "„Zitat“ – 2019 € ffl",
                                          "Öffentlichkeit, Schiff\u200Cfahrt"};
  for (int i = 0; i < SubsetFaces::kPrepareAfter; ++i) {
    CHECK(faces.preparations(libertine()) == 0);
    // The use that reaches the threshold prepares the font and already takes the quick way.
    CHECK(check_same(latin[i % latin.size()]) == (i + 1 == SubsetFaces::kPrepareAfter));
  }
  CHECK(faces.preparations(libertine()) == 1);
  for (const auto& text : latin) CHECK(check_same(text));
  // Letters no document used before and outside Latin-1: the plain way until
  // kPrepareAfter such uses, then a new preparation has them too.
  const std::string other = "Ωμέγα, Łódź und Жук";
  for (int i = 0; i < SubsetFaces::kPrepareAfter; ++i) CHECK(check_same(other) == (i + 1 == SubsetFaces::kPrepareAfter));
  CHECK(check_same(other));
  for (const auto& text : latin) CHECK(check_same(text));
  CHECK(faces.preparations(libertine()) == 2);
  // Documents that keep bringing new glyphs: at most kMaxPreparations faces, then the plain way.
  const std::u32string letters = U"αβγδεζηθικλμνξοπρστυφχψωбвгдежзийклмнопрстуфхцчшщъыьэюя";
  for (char32_t c : letters) {
    std::string one;
    satzwerk::utf8::append(one, c);
    check_same(one);
  }
  CHECK(faces.preparations(libertine()) == SubsetFaces::kMaxPreparations);
  CHECK(!check_same("\u0416\u0436 ЖЖ ЏЂ"));  // none of these was seen
}

TEST_CASE("the subset tag depends on the glyph set") {
  std::map<uint32_t, std::string> a{{1, "a"}, {2, "b"}}, b{{1, "a"}, {3, "c"}};
  CHECK(subset_tag("X", a) == subset_tag("X", a));
  CHECK(subset_tag("X", a) != subset_tag("X", b));
  for (char c : subset_tag("X", a)) CHECK((c >= 'A' && c <= 'Z'));
}

TEST_CASE("only http, https and mailto links reach the PDF") {
  CHECK(safe_uri("https://www.dstgb.de") == "https://www.dstgb.de");
  CHECK(safe_uri("HTTP://x.de") == "HTTP://x.de");
  CHECK(safe_uri("mailto:info@kommune21.de") == "mailto:info@kommune21.de");
  CHECK(safe_uri("www.allinrechner.at") == "https://www.allinrechner.at");
  CHECK(safe_uri("javascript:alert(1)").empty());
  CHECK(safe_uri("file:///etc/passwd").empty());
  CHECK(safe_uri("https://x.de/a b").empty());
}

TEST_CASE("PDF dates are UTC and independent of the time zone") {
  CHECK(pdf_date(0) == "D:19700101000000Z");
  CHECK(pdf_date(1567080000) == "D:20190829120000Z");
}

TEST_CASE("deflate gives zlib streams that inflate to the bytes, at every level") {
  std::string text;
  for (int i = 0; i < 2000; ++i) text += "BT /F1 10 Tf 1 0 0 1 " + std::to_string(i) + " 700 Tm [<0001>] TJ ET\n";
  const std::string binary = libertine().data().substr(0, 50000);
  for (const auto& [bytes, compressible] : std::vector<std::pair<std::string, bool>>{{text, true}, {binary, false}, {"", false}}) {
    for (int level : {1, 6, 12}) {
      const std::string z = deflate(bytes, level);
      std::string back(bytes.size() + 1, '\0');
      uLongf len = static_cast<uLongf>(back.size());
      REQUIRE(uncompress(reinterpret_cast<Bytef*>(back.data()), &len, reinterpret_cast<const Bytef*>(z.data()),
                         static_cast<uLong>(z.size())) == Z_OK);
      back.resize(len);
      CHECK(back == bytes);
      if (compressible) CHECK(z.size() < bytes.size() / 5);
    }
  }
  CHECK_THROWS(deflate("x", 0));
}
