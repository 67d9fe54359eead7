#include <doctest/doctest.h>

#include "ingest/nitf.h"

using satzwerk::ingest::parse_nitf;
using satzwerk::ingest::read_nitf_file;
using satzwerk::model::Block;
using satzwerk::model::Inline;

namespace {

const char* kArticle = R"(<?xml version="1.0" encoding="UTF-8"?>
<nitf version="-//IPTC//DTD NITF 3.6//EN" xml:lang="de-AT">
  <head>
    <title>Titel im Kopf</title>
    <docdata>
      <doc-id id-string="test-0001"/>
      <date.issue norm="20190829T143000"/>
      <doc.copyright holder="Kommune21"/>
      <key-list><keyword key="Darmstadt"/><keyword key="Digitalstadt"/></key-list>
    </docdata>
    <pubdata type="web" position.section="Panorama" ex-ref="https://www.kommune21.de/artikel"/>
  </head>
  <body>
    <body.head>
      <hedline><hl1>Darmstadt: Labor und Vorbild</hl1><hl2>Unterzeile</hl2></hedline>
      <byline>Von Anna Muster</byline>
      <abstract><p>Der <em>Lead</em> des Artikels.</p></abstract>
      <dateline>Darmstadt</dateline>
    </body.head>
    <body.content>
      <p>Erster   Absatz mit
        <a href="https://www.digitalstadt-darmstadt.de">Link</a>, <q>Zitat</q> und<br/>Umbruch.</p>
      <hl2>Zwischentitel</hl2>
      <ul><li>eins</li><li>zwei</li></ul>
      <ol><li>erstens</li></ol>
      <bq><block><p>Ein Zitat.</p></block><credit>Jemand</credit></bq>
      <p class="link"><a href="http://example.org">http://example.org</a></p>
      <media media-type="image"><media-reference source="bild.jpg" alternate-text="Ein Bild"/>
        <media-caption>Bildunterschrift</media-caption></media>
      <p>Mit <blink>unbekanntem</blink> Element.</p>
    </body.content>
    <body.end><tagline>(ve)</tagline></body.end>
  </body>
</nitf>
)";

std::string joined(const std::vector<Inline>& runs) {
  std::string s;
  for (const auto& r : runs) s += r.line_break ? "\n" : r.text;
  return s;
}

}  // namespace

TEST_CASE("NITF head, docdata and pubdata come into the model") {
  auto r = parse_nitf(kArticle, "a.xml");
  REQUIRE(r.article);
  const auto& a = *r.article;
  CHECK(a.lang == "de-AT");
  CHECK(a.title == "Titel im Kopf");
  CHECK(a.doc_id == "test-0001");
  CHECK(a.date.year == 2019);
  CHECK(a.date.month == 8);
  CHECK(a.date.day == 29);
  CHECK(a.date.hour == 14);
  CHECK(a.date.minute == 30);
  CHECK(a.copyright == "Kommune21");
  CHECK(a.keywords == std::vector<std::string>{"Darmstadt", "Digitalstadt"});
  CHECK(a.section == "Panorama");
  CHECK(a.url == "https://www.kommune21.de/artikel");
  CHECK(a.headline == "Darmstadt: Labor und Vorbild");
  CHECK(a.subheadline == "Unterzeile");
  CHECK(a.byline == "Von Anna Muster");
  CHECK(a.dateline == "Darmstadt");
  CHECK(joined(a.abstract) == "Der Lead des Artikels.");
  CHECK(a.tagline == "(ve)");
}

TEST_CASE("NITF body blocks and inline markup") {
  auto r = parse_nitf(kArticle, "a.xml");
  REQUIRE(r.article);
  const auto& b = r.article->blocks;
  REQUIRE(b.size() == 10);
  CHECK(b[0].kind == Block::Kind::Paragraph);
  CHECK(joined(b[0].runs) == "Erster Absatz mit Link, \"Zitat\" und\nUmbruch.");
  bool has_link = false;
  for (const auto& run : b[0].runs)
    if (run.href == "https://www.digitalstadt-darmstadt.de") has_link = run.text == "Link";
  CHECK(has_link);
  CHECK(b[1].kind == Block::Kind::Heading);
  CHECK(b[2].kind == Block::Kind::ListItem);
  CHECK(b[2].list_number == 0);
  CHECK(b[4].list_number == 1);
  CHECK(b[5].kind == Block::Kind::Quote);
  CHECK(joined(b[6].runs) == "– Jemand");
  CHECK(b[7].kind == Block::Kind::LinkParagraph);
  CHECK(b[8].kind == Block::Kind::Figure);
  CHECK(b[9].kind == Block::Kind::Paragraph);
}

TEST_CASE("media and emphasis") {
  auto r = parse_nitf(kArticle, "a.xml");
  REQUIRE(r.article);
  const Block* fig = nullptr;
  for (const auto& b : r.article->blocks)
    if (b.kind == Block::Kind::Figure) fig = &b;
  REQUIRE(fig);
  CHECK(fig->media_source == "bild.jpg");
  CHECK(fig->media_alt == "Ein Bild");
  CHECK(joined(fig->runs) == "Bildunterschrift");
  CHECK(r.article->abstract[1].style == Inline::Style::Emphasis);
}

TEST_CASE("unknown elements keep their text and warn with file and line") {
  auto r = parse_nitf(kArticle, "a.xml");
  REQUIRE(r.article);
  REQUIRE(r.warnings.size() == 1);
  CHECK(r.warnings[0].str() == "a.xml:30: unknown element <blink> in <p>, its text is kept");
  CHECK(joined(r.article->blocks.back().runs) == "Mit unbekanntem Element.");
}

TEST_CASE("errors name file and line") {
  SUBCASE("empty") {
    auto r = parse_nitf("", "e.xml");
    REQUIRE(r.error);
    CHECK(r.error->str() == "e.xml:0: file is empty");
  }
  SUBCASE("malformed") {
    auto r = parse_nitf("<nitf>\n<body>\n<p>offen\n</nitf>", "m.xml");
    REQUIRE(r.error);
    CHECK(r.error->file == "m.xml");
    CHECK(r.error->line >= 3);
    CHECK(r.error->message.rfind("malformed XML", 0) == 0);
  }
  SUBCASE("wrong root") {
    auto r = parse_nitf("<?xml version=\"1.0\"?>\n<html><p>x</p></html>", "w.xml");
    REQUIRE(r.error);
    CHECK(r.error->str() == "w.xml:2: root element is <html>, expected <nitf>");
  }
  SUBCASE("no text") {
    auto r = parse_nitf("<nitf>\n<head/>\n<body>\n<body.content/>\n</body>\n</nitf>", "n.xml");
    REQUIRE(r.error);
    CHECK(r.error->str() == "n.xml:3: article has no text (no headline, abstract or body)");
  }
  SUBCASE("missing file") {
    auto r = read_nitf_file("/nonexistent/satzwerk/x.xml");
    REQUIRE(r.error);
    CHECK(r.error->str() == "/nonexistent/satzwerk/x.xml:0: cannot open file: No such file or directory");
  }
}

TEST_CASE("the Darmstadt article from the corpus") {
  auto r = read_nitf_file(std::string(SATZWERK_SOURCE_DIR) + "/samples/k21-20190829-darmstadt-labor-und-vorbild.xml");
  REQUIRE(r.article);
  CHECK(r.warnings.empty());
  CHECK(r.article->headline == "Darmstadt: Labor und Vorbild");
  CHECK(r.article->section == "Panorama");
  CHECK(r.article->tagline == "(ve)");
  CHECK(!r.article->blocks.empty());
}
