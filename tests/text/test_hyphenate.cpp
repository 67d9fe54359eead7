// Hyphenation rules H1–H12 of de.md, one table row per example.
#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "text/hyphenate.h"

using satzwerk::text::BreakKind;
using satzwerk::text::BreakPoint;
using satzwerk::text::CapsReading;
using satzwerk::text::Hyphenator;

namespace {

const Hyphenator& hyphenator() {
  static const Hyphenator h = Hyphenator::load(std::string(SATZWERK_SOURCE_DIR) + "/data/hyphenation");
  return h;
}

// Expected form: `·` a break that must be found, `¦` a break that is
// acceptable but not required (H6 alternatives, H4 readings). Any other
// break is forbidden (H8).
struct Expectation {
  std::string word;
  std::set<uint32_t> required;
  std::set<uint32_t> optional;
};

Expectation parse(std::string_view marked) {
  static constexpr std::string_view kRequired = "\u00B7";
  static constexpr std::string_view kOptional = "\u00A6";
  Expectation e;
  for (std::size_t i = 0; i < marked.size();) {
    const auto offset = static_cast<uint32_t>(e.word.size());
    if (marked.substr(i).starts_with(kRequired)) {
      e.required.insert(offset);
      i += kRequired.size();
    } else if (marked.substr(i).starts_with(kOptional)) {
      e.optional.insert(offset);
      i += kOptional.size();
    } else {
      e.word.push_back(marked[i++]);
    }
  }
  return e;
}

std::set<uint32_t> offsets(const std::vector<BreakPoint>& points) {
  std::set<uint32_t> s;
  for (const BreakPoint& p : points) s.insert(p.offset);
  return s;
}

struct Row {
  const char* rule;
  const char* expected;    // marked as in de.md (see Expectation)
  const char* main_joint;  // the word up to its main joint (H9), or ""
};

void check_row(const Row& row, CapsReading caps = CapsReading::Acronym) {
  const Expectation e = parse(row.expected);
  const std::vector<BreakPoint> points = hyphenator().breaks(e.word, caps);
  const std::set<uint32_t> got = offsets(points);
  INFO(std::string(row.rule), ": ", std::string(row.expected), " → got ", hyphenator().mark(e.word, "\u00B7", caps));
  for (uint32_t o : got) {
    CAPTURE(o);
    CHECK((e.required.count(o) + e.optional.count(o)) == 1);  // no forbidden break
  }
  for (uint32_t o : e.required) {
    CAPTURE(o);
    CHECK(got.count(o) == 1);
  }
  const std::string_view joint = row.main_joint;
  if (joint.empty()) return;
  REQUIRE(std::string_view(e.word).starts_with(joint));
  const auto it = std::find_if(points.begin(), points.end(),
                               [&](const BreakPoint& p) { return p.offset == joint.size(); });
  REQUIRE(it != points.end());
  CHECK(it->kind == BreakKind::CompoundJoint);
}

// Every hyphenation example of de.md section 7 (and P3).
const Row kDeMdRows[] = {
    {"H1", "Was·ser", ""},
    {"H1", "Fens·ter", ""},
    {"H1", "Kas·ten", ""},
    {"H1", "Wes·te", ""},
    {"H1", "Städ·ter", ""},
    {"H1", "Drechs·ler", ""},
    {"H1", "Ach·sel", ""},
    {"H1", "kämp·fen", ""},
    {"H1", "Karp·fen", ""},
    {"H1", "Un·garn", ""},
    {"H1", "Län·ge", ""},
    {"H2", "Zu·cker", ""},
    {"H2", "Be·cher", ""},
    {"H2", "Fla·sche", ""},
    {"H2", "Bö·schung", ""},
    {"H2", "Pro·phet", ""},
    {"H2", "Kis·te", ""},
    {"H2", "meis·tens", ""},
    {"H2", "Stra·ße", ""},
    {"H2", "grü·ßen", ""},
    {"H3", "Abend", ""},
    {"H3", "abends", ""},
    {"H3", "Ufer", ""},
    {"H3", "Ecke", ""},
    {"H3", "Ofen", ""},
    {"H3", "Idee", ""},
    {"H3", "oder", ""},
    {"H3", "über", ""},
    {"H3", "Ra·dio", ""},
    {"H3", "Hoch·adel", "Hoch"},
    {"H3", "See·ufer", "See"},
    {"H3", "See·igel", "See"},
    {"H3", "Abi·tur", ""},
    {"H3", "Mu·se·um", ""},
    {"H3", "The·a·ter", ""},
    {"H3", "Ko·a·li·ti·on", ""},
    {"H3", "Na·ti·o·nal·rat", "National"},
    {"H3", "Au·to", ""},
    {"H3", "Eu·le", ""},
    {"H3", "Ei·le", ""},
    {"H4", "Druck·erzeug·nis", "Druck"},
    {"H4", "Er·fah·rungs·aus·tausch", "Erfahrungs"},
    {"H4", "Ge·mein·de·bund", "Gemeinde"},
    {"H4", "Grenz·über·gang", "Grenz"},
    {"H4", "Ober·bür·ger·meis·ter", "Ober"},
    {"H5", "Schiff·fahrt", "Schiff"},
    {"H5", "Stoff·fet·zen", "Stoff"},
    {"H5", "Bal·lett·tän·zer", "Ballett"},
    {"H5", "Schwimm·meis·ter", "Schwimm"},
    {"H5", "Sau·er·stoff·fla·sche", "Sauerstoff"},
    {"H5", "Schiffahrt", ""},
    {"H5", "Stoffetzen", ""},
    {"H5", "Balettänzer", ""},
    {"H6", "Zen¦t¦rum", ""},
    {"H6", "In·dus¦t¦rie", ""},
    {"H6", "De·mo¦k¦ra·tie", ""},
    {"H6", "Fe¦b¦ru·ar", ""},
    {"H6", "Se¦k¦re·tär", ""},
    {"H7", "Land·tags·ab·ge·ord·ne·te", "Landtags"},
    {"H8", "Ur·instinkt", "Ur"},
    {"H8", "Alt·bau·erhal·tung", "Altbau"},
    {"H8", "be·inhal·ten", ""},
    {"H8", "An·alpha·bet", "An"},
    {"H8", "Stau·be·cken", "Stau"},
    {"H8", "Wach·stu·be", "Wach"},
    {"H9", "Kom·mu·nal·ver·tre·ter", "Kommunal"},
    {"P3", "Di·gi·ta·li·sie·rung", ""},
};

// The trap families de.md H8 names (Spargel, Bauer, Stiefel, Fehler, Heiler,
// Sprecher, Tomaten after Au-) and the 7a error classes (En·er·gie).
const Row kTrapRows[] = {
    {"H8", "Spar·gel·der", "Spar"},
    {"H8", "Bau·erwar·tungs·land", "Bau"},
    {"H8", "Stief·el·tern", "Stief"},
    {"H8", "Fehl·erwar·tung", "Fehl"},
    {"H8", "Heil·erfolg", "Heil"},
    {"H8", "Heil·erfol·ge", "Heil"},
    {"H8", "Sprech·erzie·hung", "Sprech"},
    {"H8", "Auto·ma·ten", ""},
    {"H8", "Blut·erguss", "Blut"},
    {"H8", "Nacht·ru·he", "Nacht"},
    {"H8", "be·inhal·tet", ""},
    {"H8", "Stau·be·ckens", "Stau"},
    {"7a", "Ener·gie", ""},
    {"7a", "Ener·gie·wen·de", "Energie"},
    {"7a", "Abi·tu·ri·en·ten", ""},
    {"H1", "Bür·ger·meis·ter", "Bürger"},
    {"H4", "Bun·des·re·gie·rung", "Bundes"},
    {"H4", "Wirt·schafts·kam·mer", "Wirtschafts"},
};

}  // namespace

TEST_CASE("hyphenate: every de.md example (H1–H9, P3)") {
  for (const Row& row : kDeMdRows) check_row(row);
}

TEST_CASE("hyphenate: H8 trap families and 7a error classes") {
  for (const Row& row : kTrapRows) check_row(row);
}

TEST_CASE("hyphenate: H10 tokens that are never hyphenated") {
  for (const char* token : {"2019", "1.080", "Kommune21", "ÖPNV", "NÖGKK", "UNESCO", "GmbH", "DStGB",
                            "www.allinrechner.at", "https://example.org/Verwaltungsreform",
                            "info@kommune-21.de", "@Bundesregierung", "#Digitalisierung", "iPhone",
                            "z.B.", "Veranstaltungen2019"}) {
    CAPTURE(token);
    CHECK(hyphenator().breaks(token).empty());
  }
}

TEST_CASE("hyphenate: H10 hyphenated compounds break at the hard hyphen") {
  CHECK(hyphenator().mark("Online-Werkzeug") == "Online-Werk·zeug");
  const auto online = hyphenator().breaks("Online-Werkzeug");
  REQUIRE(!online.empty());
  CHECK(online.front() == BreakPoint{7, BreakKind::HardHyphen});
  // Short members break only at the hyphen.
  CHECK(hyphenator().breaks("All-in-Rechner") ==
        std::vector<BreakPoint>{{4, BreakKind::HardHyphen}, {7, BreakKind::HardHyphen}});
  // Never after a single letter or an abbreviation.
  for (const char* token : {"E-Mail", "U-Bahn", "x-mal", "ÖPNV-Ticket"}) {
    CAPTURE(token);
    CHECK(hyphenator().breaks(token).empty());
  }
  CHECK(hyphenator().breaks("E-Mail-Adresse") == std::vector<BreakPoint>{{7, BreakKind::HardHyphen}});
  CHECK(hyphenator().mark("ÖPNV-Verkehrsverbund") == "ÖPNV-Ver·kehrs·ver·bund");
}

TEST_CASE("hyphenate: H12 words with an Ergänzungsstrich are not broken") {
  CHECK(hyphenator().breaks("Wirtschafts-").empty());
  CHECK(hyphenator().breaks("Haupt-").empty());
  CHECK(hyphenator().breaks("Verkehrsminister-,").empty());
  // A leading Ergänzungsstrich (`und -kandidaten`) does not prevent breaks.
  CHECK(hyphenator().mark("-kandidaten") == "-kan·di·da·ten");
}

TEST_CASE("hyphenate: C3 all-caps text versus acronyms") {
  CHECK(hyphenator().breaks("STRASSE").empty());
  CHECK(hyphenator().mark("STRASSE", "\u00B7", CapsReading::Word) == "STRAS·SE");
  CHECK(hyphenator().breaks("ÖPNV", CapsReading::Word).size() <= 1);  // read as a word: caller's choice
  CHECK(hyphenator().breaks("GmbH", CapsReading::Word).empty());       // mixed case stays an abbreviation
}

TEST_CASE("hyphenate: edge punctuation is stripped, offsets stay in the token") {
  CHECK(hyphenator().mark("„Digitalisierung“,") == "„Di·gi·ta·li·sie·rung“,");
  CHECK(hyphenator().mark("(Erfahrungsaustausch).") == "(Er·fah·rungs·aus·tausch).");
  const auto points = hyphenator().breaks("„Wasser“");
  REQUIRE(points.size() == 1);
  CHECK(points[0].offset == 3 + 3);  // „ is three bytes, then "Was"
}

TEST_CASE("hyphenate: soft hyphens are the author's breaks, ZWNJs are ignored for lookup") {
  const std::string shy = "Kom\u00ADmu\u00ADne";
  const auto soft = hyphenator().breaks(shy);
  CHECK(soft == std::vector<BreakPoint>{{5, BreakKind::Syllable}, {9, BreakKind::Syllable}});
  CHECK(hyphenator().mark(shy) == "Kom·mu·ne");

  const std::string zwnj = "Auf\u200Clage";
  CHECK(hyphenator().mark(zwnj) == "Auf\u200C·la·ge");
  const auto joint = hyphenator().breaks(zwnj);
  REQUIRE(!joint.empty());
  CHECK(joint.front() == BreakPoint{6, BreakKind::CompoundJoint});
  CHECK(hyphenator().mark("Schiff\u200Cfahrt") == "Schiff\u200C·fahrt");
}

TEST_CASE("hyphenate: umlauts, ß and capital ẞ are looked up in lower case") {
  CHECK(hyphenator().mark("ÜBERGANG", "\u00B7", CapsReading::Word) == "ÜBER·GANG");
  CHECK(hyphenator().mark("Grüße") == "Grü·ße");
  CHECK(hyphenator().mark("GRÜẞE", "\u00B7", CapsReading::Word) == "GRÜ·ẞE");
}

TEST_CASE("hyphenate: invalid input does not throw") {
  CHECK(hyphenator().breaks("").empty());
  CHECK(hyphenator().breaks("\xFF\xFE").empty());
  CHECK(hyphenator().breaks("---").empty());
  CHECK(hyphenator().breaks(std::string(500, 'a')).empty());
}

TEST_CASE("hyphenate: load errors name the file") {
  CHECK_THROWS_WITH_AS(Hyphenator::load("/nonexistent-dir"),
                       doctest::Contains("patterns-de.pat"), std::runtime_error);
}

TEST_CASE("hyphenate: loading is fast") {
  const auto start = std::chrono::steady_clock::now();
  const Hyphenator h = Hyphenator::load(std::string(SATZWERK_SOURCE_DIR) + "/data/hyphenation");
  const auto ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  MESSAGE("pattern + exception load: ", ms, " ms");
  CHECK(!h.breaks("Digitalisierung").empty());
  CHECK(ms < 200);  // generous bound for slow CI machines; typically a few ms
}
