#include <doctest/doctest.h>

#include "shape/shape.h"

using namespace satzwerk::shape;

namespace {
const Font& libertine() {
  static auto f = Font::load(std::string(SATZWERK_SOURCE_DIR) + "/fonts/LinLibertine_R.otf");
  return *f;
}
}  // namespace

TEST_CASE("a font loads with the metrics a PDF descriptor needs") {
  const auto& m = libertine().metrics();
  CHECK(m.units_per_em == 1000);
  CHECK(m.postscript_name == "LinLibertineO");
  CHECK(m.ascender > 600);
  CHECK(m.descender < 0);
  CHECK(m.cap_height > 500);
  CHECK(m.bbox[2] > m.bbox[0]);
  CHECK_FALSE(m.italic);
}

TEST_CASE("a missing font file is a clear error") {
  CHECK_THROWS_WITH(Font::load("nowhere/x.otf"), "nowhere/x.otf: cannot open font file");
}

TEST_CASE("liga forms fi and ffi ligatures whose clusters keep the source text") {
  auto run = shape_text(libertine(), "Schiffsfinanzierung", {"kern", "liga"});
  // Fewer glyphs than letters: "ff" and "fi" became ligature glyphs.
  CHECK(run.glyphs.size() < 19);
  std::string back;
  for (std::size_t i = 0; i < run.glyphs.size(); ++i) back += run.cluster_text(i);
  CHECK(back == "Schiffsfinanzierung");
}

TEST_CASE("ZWNJ breaks a ligature, leaves no glyph and no text behind") {
  auto with = shape_text(libertine(), "Auflage", {"kern", "liga"});
  auto without = shape_text(libertine(), "Auf\u200Clage", {"kern", "liga"});
  CHECK(without.glyphs.size() == with.glyphs.size() + 1);  // f and l stay separate glyphs
  std::string back;
  for (std::size_t i = 0; i < without.glyphs.size(); ++i) back += without.cluster_text(i);
  CHECK(back == "Auflage");
  CHECK(without.glyphs[2].id == libertine().glyph_for(U'f'));
}

TEST_CASE("umlauts and typographic quotes map to their own glyphs") {
  auto run = shape_text(libertine(), "„Grüße“", {"kern", "liga"});
  REQUIRE(run.glyphs.size() == 7);
  for (const auto& g : run.glyphs) CHECK(g.id != 0);
  CHECK(run.cluster_text(0) == "„");
  CHECK(run.cluster_text(3) == "ü");
  CHECK(run.cluster_text(4) == "ß");
}

TEST_CASE("kerning changes advances against the nominal widths") {
  auto kerned = shape_text(libertine(), "AVATAR", {"kern"});
  auto plain = shape_text(libertine(), "AVATAR", {"-kern"});
  CHECK(kerned.advance < plain.advance);
}

TEST_CASE("the shape cache returns one shared result per key") {
  ShapeCache cache;
  const auto& a = cache.shape(libertine(), "Wort", {"kern", "liga"});
  const auto& b = cache.shape(libertine(), "Wort", {"kern", "liga"});
  const auto& c = cache.shape(libertine(), "Wort", {"kern", "-liga"});
  CHECK(&a == &b);
  CHECK(&a != &c);
  CHECK(cache.size() == 2);
}
