#include <doctest/doctest.h>

#include "ingest/nitf.h"

#include <sys/stat.h>
#include <unistd.h>

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

// --- hostile input (issue 9, docs/limits.md) ----------------------------------------

#include <filesystem>
#include <fstream>

namespace {
std::string doc_with(const std::string& body, const std::string& decl = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n") {
  return decl + "<nitf><body><body.head><hedline><hl1>H</hl1></hedline></body.head>\n<body.content>" + body +
         "</body.content></body></nitf>\n";
}
std::string first_text(const satzwerk::ingest::NitfResult& r) {
  return r.article && !r.article->blocks.empty() ? joined(r.article->blocks.front().runs) : "";
}
bool any_warning(const satzwerk::ingest::NitfResult& r, const std::string& part) {
  for (const auto& w : r.warnings)
    if (w.message.find(part) != std::string::npos) return true;
  return false;
}
}  // namespace

TEST_CASE("ISO-8859-1, ISO-8859-15 and windows-1252 are transcoded when declared") {
  auto r = parse_nitf(doc_with("<p>Gr\xFC\xDF" "e</p>", "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n"), "l.xml");
  REQUIRE(r.article);
  CHECK(first_text(r) == "Grüße");
  r = parse_nitf(doc_with("<p>\xA4</p>", "<?xml version='1.0' encoding='iso-8859-15'?>\n"), "l.xml");
  CHECK(first_text(r) == "€");
  r = parse_nitf(doc_with("<p>\x84" "a\x93 \x80</p>", "<?xml version=\"1.0\" encoding=\"windows-1252\"?>\n"), "l.xml");
  CHECK(first_text(r) == "„a“ €");
}

TEST_CASE("UTF-16 with and without BOM is transcoded, broken UTF-16 is an error") {
  auto utf16 = [](const std::string& ascii, bool be) {
    std::string s;
    for (char c : ascii) {
      if (be) s += '\0';
      s += c;
      if (!be) s += '\0';
    }
    return s;
  };
  const std::string x = doc_with("<p>abc</p>", "<?xml version=\"1.0\" encoding=\"UTF-16\"?>\n");
  CHECK(first_text(parse_nitf("\xFF\xFE" + utf16(x, false), "u.xml")) == "abc");
  CHECK(first_text(parse_nitf("\xFE\xFF" + utf16(x, true), "u.xml")) == "abc");
  CHECK(first_text(parse_nitf(utf16(x, false), "u.xml")) == "abc");
  auto bad = parse_nitf("\xFF\xFE" + utf16(x, false) + std::string("\x00\xD8", 2), "u.xml");
  REQUIRE(bad.error);
  CHECK(bad.error->message.find("unpaired surrogate") != std::string::npos);
}

TEST_CASE("invalid UTF-8 and unknown encodings are errors with the line") {
  auto r = parse_nitf(doc_with("\n\n<p>Gr\xFC" "e</p>"), "b.xml");
  REQUIRE(r.error);
  CHECK(r.error->line == 5);
  CHECK(r.error->message.rfind("invalid UTF-8 at byte", 0) == 0);
  r = parse_nitf(doc_with("<p>x</p>", "<?xml version=\"1.0\" encoding=\"EBCDIC\"?>\n"), "b.xml");
  REQUIRE(r.error);
  CHECK(r.error->message.find("\"ebcdic\" is not supported") != std::string::npos);
}

TEST_CASE("entities: internal subsets are refused, undefined entities stay text") {
  auto r = parse_nitf("<?xml version=\"1.0\"?>\n<!DOCTYPE nitf [<!ENTITY a \"aaaa\">]>\n" + doc_with("<p>&a;</p>", ""), "e.xml");
  REQUIRE(r.error);
  CHECK(r.error->line == 2);
  CHECK(r.error->message.find("expands no entities") != std::string::npos);
  r = parse_nitf("<!DOCTYPE nitf SYSTEM \"/etc/passwd\">\n" + doc_with("<p>x &b; y</p>", ""), "e.xml");
  REQUIRE(r.article);
  CHECK(first_text(r) == "x &b; y");
  CHECK(any_warning(r, "entity &b; is not defined"));
}

TEST_CASE("control characters and bad character references are cleaned with a warning") {
  // The text holds a NUL, so its length comes from the array, not from strlen.
  static const char raw[] = "<p>a\x01" "b&#7;c&#xD800;d\x00" "e</p>";
  auto r = parse_nitf(doc_with(std::string(raw, sizeof raw - 1)), "c.xml");
  REQUIRE(r.article);
  CHECK(first_text(r) == "abc\uFFFDde");
  CHECK(any_warning(r, "U+0001"));
  CHECK(any_warning(r, "U+0000"));
  CHECK(any_warning(r, "U+FFFD"));
}

TEST_CASE("nesting and input size have limits") {
  std::string deep = "<p>";
  for (int i = 0; i < 20; ++i) deep += "<em>";
  deep += "x";
  for (int i = 0; i < 20; ++i) deep += "</em>";
  satzwerk::ingest::Limits lim;
  lim.max_depth = 10;
  auto r = parse_nitf(doc_with(deep + "</p>"), "d.xml", lim);
  REQUIRE(r.error);
  CHECK(r.error->message.find("limit of 10 (SATZWERK_MAX_DEPTH)") != std::string::npos);
  std::string very_deep = "<nitf>";
  for (int i = 0; i < 20000; ++i) very_deep += "<x>";
  r = parse_nitf(very_deep, "d.xml");
  REQUIRE(r.error);
  CHECK(r.error->message.find("nested more than 100 deep") != std::string::npos);
  lim = {};
  lim.max_input_bytes = 100;
  r = parse_nitf(doc_with("<p>" + std::string(200, 'x') + "</p>"), "s.xml", lim);
  REQUIRE(r.error);
  CHECK(r.error->message.find("SATZWERK_MAX_INPUT_MB") != std::string::npos);
}

TEST_CASE("unsafe links are dropped with a warning, their text kept") {
  auto r = parse_nitf(doc_with("<p><a href=\"javascript:alert(1)\">a</a>, <a href=\"https://x.de\">b</a></p>"), "l.xml");
  REQUIRE(r.article);
  const auto& runs = r.article->blocks.front().runs;
  CHECK(joined(runs) == "a, b");
  CHECK(runs.front().href.empty());
  CHECK(runs.back().href == "https://x.de");
  CHECK(any_warning(r, "link target \"javascript:alert(1)\""));
  CHECK(satzwerk::ingest::safe_link("www.example.org"));
  CHECK(satzwerk::ingest::safe_link("MAILTO:a@b.de"));
  CHECK_FALSE(satzwerk::ingest::safe_link("file:///etc/passwd"));
  CHECK_FALSE(satzwerk::ingest::safe_link("data:text/html,x"));
  CHECK_FALSE(satzwerk::ingest::safe_link("seite.html"));
}

TEST_CASE("media sources must stay inside the article's folder (or the media root)") {
  using satzwerk::ingest::safe_media_path;
  // Relative paths pass the syntax check; where they lead is resolve_media's check.
  for (const char* ok : {"bild.jpg", "bilder/Grüße 1.jpg", "a..b.jpg", "../media/x.jpg"}) CHECK(safe_media_path(ok));
  for (const char* bad : {"", "/etc/passwd", "/dev/zero", "file:///x.jpg", "http://x/y.jpg", "C:\\x.jpg", "~/x.jpg",
                          "a\nb.jpg"})
    CHECK_FALSE(safe_media_path(bad));
  auto r = parse_nitf(doc_with("<media><media-reference source=\"/etc/passwd\"/></media><p>x</p>"), "m.xml");
  REQUIRE(r.article);
  CHECK(r.article->blocks.front().media_source.empty());
  CHECK(any_warning(r, "media source \"/etc/passwd\""));

  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / ("satzwerk-media-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir / "artikel");
  std::ofstream(dir / "artikel" / "bild.jpg") << "x";
  std::ofstream(dir / "geheim.jpg") << "x";
  fs::create_symlink(dir / "geheim.jpg", dir / "artikel" / "link.jpg");
  fs::create_directories(dir / "artikel" / "ordner.jpg");
  const std::string art = (dir / "artikel" / "a.xml").string();
  std::string why;
  CHECK(satzwerk::ingest::resolve_media(art, "bild.jpg", "", &why).has_value());
  CHECK_FALSE(satzwerk::ingest::resolve_media(art, "link.jpg", "", &why));
  CHECK(why.find("outside") != std::string::npos);
  CHECK_FALSE(satzwerk::ingest::resolve_media(art, "ordner.jpg", "", &why));
  CHECK(why == "is not a regular file");
  CHECK_FALSE(satzwerk::ingest::resolve_media(art, "fehlt.jpg", "", &why));
  // "../geheim.jpg" leaves the article's folder, but not a media root that holds both.
  CHECK_FALSE(satzwerk::ingest::resolve_media(art, "../geheim.jpg", "", &why));
  CHECK(why == "lies outside the article's folder");
  CHECK(satzwerk::ingest::resolve_media(art, "../geheim.jpg", dir.string(), &why).has_value());
  fs::remove_all(dir);
}

TEST_CASE("impossible dates are ignored with a warning") {
  auto with_date = [](const char* norm) {
    return "<?xml version=\"1.0\"?>\n<nitf><head><docdata><date.issue norm=\"" + std::string(norm) +
           "\"/></docdata></head><body><body.head><hedline><hl1>H</hl1></hedline></body.head></body></nitf>";
  };
  auto r = parse_nitf(with_date("20190231"), "d.xml");
  CHECK_FALSE(r.article->date.valid());
  CHECK(any_warning(r, "is not a date"));
  r = parse_nitf(with_date("20200229T250000"), "d.xml");
  CHECK(r.article->date.valid());
  CHECK(r.article->date.hour == 0);
  CHECK(any_warning(r, "no valid time of day"));
  r = parse_nitf(with_date("00000101"), "d.xml");
  CHECK_FALSE(r.article->date.valid());
}

TEST_CASE("warnings are capped") {
  std::string body = "<p>";
  for (int i = 0; i < 500; ++i) body += "<blink>x</blink>";
  auto r = parse_nitf(doc_with(body + "</p>"), "w.xml");
  REQUIRE(r.article);
  CHECK(r.warnings.size() == 101);
  CHECK(r.warnings.back().message.find("400 further warnings") != std::string::npos);
}

TEST_CASE("a file larger than the limit is refused without reading it all; FIFOs are refused") {
  namespace fs = std::filesystem;
  const fs::path f = fs::temp_directory_path() / ("satzwerk-big-" + std::to_string(::getpid()) + ".xml");
  std::ofstream(f) << std::string(3 << 20, 'x');
  satzwerk::ingest::Limits lim;
  lim.max_input_bytes = 1 << 20;
  auto src = satzwerk::ingest::read_source(f.string(), lim);
  REQUIRE(src.error);
  CHECK(src.error->message.find("more than the limit of 1 MiB") != std::string::npos);
  fs::remove(f);
  const fs::path fifo = fs::temp_directory_path() / ("satzwerk-fifo-" + std::to_string(::getpid()));
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  auto r = read_nitf_file(fifo.string());
  REQUIRE(r.error);
  CHECK(r.error->message == "not a regular file");
  fs::remove(fifo);
}

TEST_CASE("fuzz regressions of the NITF reader give an article or an error") {
  namespace fs = std::filesystem;
  const fs::path dir = fs::path(SATZWERK_SOURCE_DIR) / "tests/hostile/regressions/nitf";
  if (!fs::exists(dir)) return;
  for (const auto& e : fs::directory_iterator(dir)) {
    std::ifstream in(e.path(), std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    auto r = parse_nitf(bytes, e.path().filename().string());
    CHECK(r.article.has_value() != r.error.has_value());
  }
}
