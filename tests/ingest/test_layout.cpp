#include <doctest/doctest.h>

#include "ingest/layout.h"

using namespace satzwerk;
using ingest::parse_layout;
using ingest::parse_length;

TEST_CASE("lengths in mm, cm, pt, in and em") {
  CHECK(*parse_length("72pt") == doctest::Approx(72));
  CHECK(*parse_length("25.4mm") == doctest::Approx(72));
  CHECK(*parse_length("2.54cm") == doctest::Approx(72));
  CHECK(*parse_length("1in") == doctest::Approx(72));
  CHECK(*parse_length("12") == doctest::Approx(12));
  CHECK(*parse_length("1.5em", 10) == doctest::Approx(15));
  CHECK_FALSE(parse_length("1em"));  // no em size given
  CHECK_FALSE(parse_length("zehn mm"));
  CHECK_FALSE(parse_length("10 furlongs"));
}

TEST_CASE("the shipped layouts read without errors") {
  for (const char* name : {"druckversion", "ausgabe"}) {
    auto r = ingest::read_layout_file(std::string(SATZWERK_SOURCE_DIR) + "/layouts/" + name + ".xml");
    INFO(name);
    REQUIRE(r.layout);
    CHECK(r.layout->name == name);
    CHECK(r.layout->styles.count("body"));
    CHECK(r.layout->fonts.count("serif"));
  }
  auto d = ingest::read_layout_file(std::string(SATZWERK_SOURCE_DIR) + "/layouts/druckversion.xml");
  REQUIRE(d.layout);
  CHECK(d.layout->measure() == doctest::Approx(150 * 72 / 25.4));
  CHECK(d.layout->style("body").size == 10);
  CHECK(d.layout->style("body").leading == 13);
  CHECK(d.layout->style("body").first_indent == 10);  // 1em of 10 pt
  CHECK(d.layout->style("lead").bold);                // based-on body, bold
  CHECK(d.layout->style("lead").size == 10);
}

TEST_CASE("master pages select columns") {
  const std::string file = std::string(SATZWERK_SOURCE_DIR) + "/layouts/ausgabe.xml";
  auto three = ingest::read_layout_file(file);
  auto two = ingest::read_layout_file(file, "zweispaltig");
  REQUIRE(three.layout);
  REQUIRE(two.layout);
  CHECK(three.layout->current_master().columns == 3);
  CHECK(two.layout->current_master().columns == 2);
  CHECK(three.layout->facing);
  auto none = ingest::read_layout_file(file, "vierspaltig");
  REQUIRE(none.error);
  CHECK(none.error->message == "layout has no master page \"vierspaltig\"");
}

TEST_CASE("invalid values are reported with file and line") {
  struct Case {
    const char* xml;
    int line;
    const char* message;
  };
  const Case cases[] = {
      {"<layout>\n<page width=\"zwei Meter\"/>\n</layout>", 2,
       "<page> width=\"zwei Meter\" is not a length (use mm, cm, pt, in)"},
      {"<layout>\n<grid leading=\"-3pt\"/>\n</layout>", 2, "<grid> leading=\"-3pt\" is out of range"},
      {"<layout>\n<masters>\n<master name=\"x\" columns=\"12\"/>\n</masters>\n</layout>", 3,
       "<master> columns=\"12\" must be a number from 1 to 8"},
      {"<layout>\n<styles>\n<style name=\"body\" font=\"fehlt\"/>\n</styles>\n</layout>", 3,
       "font=\"fehlt\" is not declared in <fonts>"},
      {"<layout>\n<colors>\n<color name=\"x\" cmyk=\"0 0 120 0\"/>\n</colors>\n</layout>", 3,
       "<color name=\"x\"> needs cmyk=\"C M Y K\" in percent (0–100)"},
      {"<layout>\n\n<spalten/>\n</layout>", 3, "unknown element <spalten> in <layout>"},
      {"<layout>\n<breaks balance-columns=\"vielleicht\"/>\n</layout>", 2,
       "<breaks> balance-columns=\"vielleicht\" must be true or false"},
      {"<satz/>", 1, "root element is <satz>, expected <layout>"},
  };
  for (const auto& c : cases) {
    auto r = parse_layout(c.xml, "l.xml");
    INFO(c.xml);
    REQUIRE(r.error);
    CHECK(r.error->file == "l.xml");
    CHECK(r.error->line == c.line);
    CHECK(r.error->message == c.message);
  }
}
