// Characters a font cannot set: never .notdef, always a visible replacement
// that callers can name in a warning (issue 9, hostile input).
#include <doctest/doctest.h>

#include "shape/shape.h"

using namespace satzwerk::shape;

namespace {
const Font& serif() {
  static auto f = Font::load(std::string(SATZWERK_SOURCE_DIR) + "/fonts/LinLibertine_R.otf");
  return *f;
}
std::string text_of(const GlyphRun& run) {
  std::string s;
  for (std::size_t i = 0; i < run.glyphs.size(); ++i) s += run.cluster_text(i);
  return s;
}
std::string repl_utf8() {
  std::string s;
  const char32_t c = replacement_char(serif());
  if (c == U'\u25A1') s = "\u25A1";
  else if (c == U'\uFFFD') s = "\uFFFD";
  else s = "?";
  return s;
}
}  // namespace

TEST_CASE("the replacement glyph exists in the font") {
  CHECK(serif().glyph_for(replacement_char(serif())) != 0);
}

TEST_CASE("an emoji and CJK become visible replacements, listed as missing") {
  auto run = shape_text(serif(), "A\U0001F600\u4E2DB", {"kern", "liga"});
  REQUIRE(run.glyphs.size() == 4);
  for (const auto& g : run.glyphs) CHECK(g.id != 0);
  CHECK(run.glyphs[1].replaced);
  CHECK(run.glyphs[2].replaced);
  CHECK_FALSE(run.glyphs[0].replaced);
  CHECK(run.glyphs[1].advance > 0);
  CHECK(run.missing == std::vector<char32_t>{0x4E2D, 0x1F600});
  CHECK(text_of(run) == "A" + repl_utf8() + repl_utf8() + "B");
  CHECK(run.advance == run.glyphs[0].advance + run.glyphs[1].advance + run.glyphs[2].advance + run.glyphs[3].advance);
}

TEST_CASE("right-to-left letters are replaced even where the font has them") {
  auto run = shape_text(serif(), "\u05E9\u05DC\u05D5\u05DD", {"kern"});
  for (const auto& g : run.glyphs) CHECK(g.replaced);
  CHECK(run.missing.size() == 4);
  CHECK(describe_missing(run.missing, serif()).find("right-to-left") != std::string::npos);
}

TEST_CASE("zero-width characters, soft hyphens and variation selectors are not missing") {
  const std::string s = "Zu\u200Bsam\u00ADmen\u200D\uFE0F\u2060\uFEFFarbeit";
  auto run = shape_text(serif(), s, {"kern", "liga"});
  CHECK(run.missing.empty());
  for (const auto& g : run.glyphs) CHECK_FALSE(g.replaced);
  CHECK(text_of(run) == "Zusammenarbeit");  // invisible characters leave no text behind
  CHECK(missing_code_points(serif(), s).empty());
}

TEST_CASE("missing_code_points names what shape_text would replace") {
  CHECK(missing_code_points(serif(), "Grüße „ok“ – 5 €\n").empty());
  CHECK(missing_code_points(serif(), "x\U0001F600y\U0001F600") == std::vector<char32_t>{0x1F600});
  const auto msg = describe_missing({0x1F600, 0x4E2D}, serif());
  CHECK(msg.rfind("missing glyphs for U+1F600 \U0001F600, U+4E2D \u4E2D; set as ", 0) == 0);
}

TEST_CASE("a very long list of missing characters is shortened in the message") {
  std::vector<char32_t> many;
  for (char32_t c = 0x4E00; c < 0x4E00 + 40; ++c) many.push_back(c);
  const auto msg = describe_missing(many, serif());
  CHECK(msg.find("and 28 more") != std::string::npos);
}

TEST_CASE("a 200,000-letter word shapes in linear time") {
  std::string w(200000, 'a');
  w += "\U0001F600";
  auto run = shape_text(serif(), w, {"kern", "liga"});
  CHECK(run.glyphs.size() == 200001);
  CHECK(run.missing == std::vector<char32_t>{0x1F600});
}
