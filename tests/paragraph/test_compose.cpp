// Tests for compose(): real fonts, real hyphenation patterns, checked on the
// returned Lines (their glyph positions), not on the breaker's items.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <sstream>
#include <string>
#include <vector>

#include "paragraph/compose.h"
#include "text/hyphenate.h"

using namespace satzwerk;
using namespace satzwerk::paragraph;

namespace {

constexpr double kSize = 10;
constexpr double kMm = 72 / 25.4;
// What a line may hang into either margin: protrusion is at most 0.7 of a
// period, comma or hyphen (about 0.23 em in Libertine); this allows a little more.
constexpr double kHangAllowance = 0.3 * kSize;

const shape::Font& font() {
  static auto f = shape::Font::load(std::string(SATZWERK_SOURCE_DIR) + "/fonts/LinLibertine_R.otf");
  return *f;
}

const text::Hyphenator& hyphenator() {
  static const auto h = text::Hyphenator::load(SATZWERK_SOURCE_DIR "/data/hyphenation");
  return h;
}

shape::ShapeCache& cache() {
  static shape::ShapeCache c;
  return c;
}

TextStyle roman() { return {&font(), kSize, {"kern", "liga"}}; }

std::vector<Line> set(const std::string& text, const ParagraphStyle& ps, bool hyphenate = true) {
  return compose({{text, roman(), {}}}, ps, cache(), hyphenate ? &hyphenator() : nullptr);
}

ParagraphStyle justified(double measure) {
  ParagraphStyle ps;
  ps.measure = measure;
  return ps;
}

double left_edge(const Line& l) { return l.indent; }
double right_edge(const Line& l) { return l.indent + l.width; }

// No line wider than the measure beyond what protrusion allows, glyph
// expansion within its limit, every run scaled like its line.
void check_fits(const std::vector<Line>& lines, const ParagraphStyle& ps) {
  for (const auto& l : lines) {
    INFO("line: " << l.text());
    CHECK(right_edge(l) <= ps.measure + kHangAllowance);
    CHECK(left_edge(l) >= -kHangAllowance);
    CHECK(l.expansion >= 1 - ps.expansion - 1e-9);
    CHECK(l.expansion <= 1 + ps.expansion + 1e-9);
    for (const auto& r : l.runs) CHECK(r.expansion == l.expansion);
  }
}

// The words of a text with the hyphens of hyphenated line ends removed.
std::string joined(const std::vector<Line>& lines) {
  std::string out;
  for (const auto& l : lines) {
    std::string t = l.text();
    if (l.hyphenated && !t.empty() && t.back() == '-') {
      t.pop_back();
      out += t;
    } else {
      out += t + ' ';
    }
  }
  if (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

// The Grimms' "Froschkönig", the opening sentence Knuth and Plass used (in
// English) to show total fit.
const std::string kFrog =
    "In den alten Zeiten, wo das Wünschen noch geholfen hat, lebte ein König, dessen Töchter waren "
    "alle schön, aber die jüngste war so schön, dass die Sonne selber, die doch so vieles gesehen "
    "hat, sich verwunderte, sooft sie ihr ins Gesicht schien.";

const std::string kNews =
    "Die Digitalisierung in den Kommunen kann nur gelingen, wenn der Wissens- und "
    "Erfahrungsaustausch zwischen Städten und Gemeinden intensiviert wird und die in kommunalen "
    "Projekten gewonnenen Erfahrungen geteilt werden. Dieses Fazit stand am Ende einer "
    "Innovators Lounge des Deutschen Städte- und Gemeindebunds, zu der die Digitalstadt "
    "Darmstadt Kommunalvertreter aus ganz Deutschland eingeladen hatte. Die Landesregierung "
    "unterstützt die Kommunalverwaltungen mit Förderprogrammen für Breitbandausbau, "
    "Verwaltungsdigitalisierung und Katastrophenschutzinformationssysteme.";

}  // namespace

TEST_CASE("compose: total fit sets evenly what first fit sets badly") {
  // Without hyphenation or expansion, so that only the choice of breaks differs.
  ParagraphStyle ps = justified(220);
  ps.expansion = 0;
  ps.protrusion = false;
  const auto lines = set(kFrog, ps, false);
  REQUIRE(lines.size() == 5);

  // First fit, as a word processor sets: as many words as fit at their natural
  // spacing, the rest of the line spread over its spaces.
  std::istringstream in(kFrog);
  std::vector<double> words;
  for (std::string w; in >> w;) words.push_back(cache().shape(font(), w, roman().features).advance * font().scale(kSize));
  const double space = font().advance(font().glyph_for(U' ')) * font().scale(kSize);
  std::vector<double> first_fit;  // adjustment ratios of all but the last line
  for (std::size_t i = 0; i < words.size();) {
    double natural = words[i];
    std::size_t j = i + 1;
    while (j < words.size() && natural + space + words[j] <= ps.measure) natural += space + words[j++];
    if (j < words.size()) first_fit.push_back((ps.measure - natural) / (static_cast<double>(j - i - 1) * space * ps.space_stretch));
    i = j;
  }
  double worst_total = 0, squares_total = 0, squares_first = 0;
  for (std::size_t i = 0; i + 1 < lines.size(); ++i) {
    worst_total = std::max(worst_total, std::abs(lines[i].ratio));
    squares_total += lines[i].ratio * lines[i].ratio;
  }
  for (double r : first_fit) squares_first += r * r;
  const double worst_first = *std::max_element(first_fit.begin(), first_fit.end());
  CHECK(worst_first > 2);      // a line with its spaces at three times their width
  CHECK(worst_total < 1);      // every line within its stretch or shrink
  CHECK(squares_total < squares_first / 4);
  CHECK(joined(lines) == kFrog);
  // Justified: every line but the last ends at the measure.
  for (std::size_t i = 0; i + 1 < lines.size(); ++i) CHECK(right_edge(lines[i]) == doctest::Approx(ps.measure).epsilon(1e-6));
}

TEST_CASE("compose: justified lines end at the measure, expansion within ±2 %, text unchanged") {
  for (double measure : {150 * kMm, 80 * kMm, 50 * kMm}) {
    const ParagraphStyle ps = justified(measure);
    const auto lines = set(kNews, ps);
    INFO("measure " << measure);
    REQUIRE(lines.size() > 2);
    check_fits(lines, ps);
    CHECK(joined(lines) == kNews);
    bool expanded = false;
    for (std::size_t i = 0; i + 1 < lines.size(); ++i) {
      INFO("line: " << lines[i].text());
      // Within the margins up to what punctuation and hyphens hang out.
      CHECK(right_edge(lines[i]) >= ps.measure - 1e-6);
      // TeX's tolerance 200 is r = 1.26 (a 50 mm column needs the emergency pass).
      if (measure > 60 * kMm) CHECK(lines[i].ratio <= 1.3);
      CHECK(lines[i].ratio >= -1);
      expanded |= lines[i].expansion != 1;
    }
    CHECK(expanded);
    CHECK(lines.back().expansion == 1);  // the last line sets at its natural width
  }
}

TEST_CASE("compose: expanded glyphs are placed at their scaled advances") {
  ParagraphStyle ps = justified(60 * kMm);
  const auto lines = set(kNews, ps);
  ps.expansion = 0;
  const auto plain = set(kNews, ps);
  // The same word, expanded and not: its glyphs' advances differ by the factor.
  const auto width_of = [](const std::vector<Line>& ls, const std::string& word, double& expansion) {
    for (const auto& l : ls) {
      if (l.text().find(word) == std::string::npos) continue;
      for (const auto& r : l.runs)
        for (std::size_t g = 0; g < r.glyphs.size(); ++g) {
          std::string t;
          double w = 0;
          for (std::size_t k = g; k < r.glyphs.size() && t.size() < word.size(); ++k) {
            t += r.text_of(r.glyphs[k]);
            w += r.glyphs[k].advance;
          }
          if (t == word) {
            expansion = l.expansion;
            return w;
          }
        }
    }
    return -1.0;
  };
  double e1 = 0, e0 = 0;
  const double w1 = width_of(lines, "Erfahrungen", e1), w0 = width_of(plain, "Erfahrungen", e0);
  REQUIRE(w1 > 0);
  REQUIRE(w0 > 0);
  CHECK(e0 == 1);
  CHECK(w1 == doctest::Approx(w0 * e1).epsilon(1e-9));
  for (const auto& l : lines)
    for (const auto& r : l.runs)
      for (std::size_t g = 0; g + 1 < r.glyphs.size(); ++g) {
        const double gap = r.glyphs[g + 1].x - r.glyphs[g].x;
        // Inside a word the next glyph starts where this one ends; between
        // words a space lies between them.
        CHECK(gap >= r.glyphs[g].advance - 1e-6);
      }
}

TEST_CASE("compose: at most two hyphenated lines in a row") {
  // Long compounds in a narrow column force many hyphens.
  const std::string text =
      "Bundesverfassungsgerichtsentscheidungen Landesentwicklungsplanungsverordnungen "
      "Verwaltungsdigitalisierungsprogramme Katastrophenschutzinformationssysteme "
      "Kommunalverwaltungsreformen Straßenverkehrszulassungsordnung Gemeindefinanzierungsgesetze "
      "Arbeitnehmerüberlassungsgesetz Krankenhausfinanzierungsreform Rechtsschutzversicherungen.";
  for (int limit : {2, 1}) {
    ParagraphStyle ps = justified(40 * kMm);
    ps.breaking.max_hyphen_run = limit;
    const auto lines = set(text, ps);
    INFO("limit " << limit);
    check_fits(lines, ps);
    CHECK(joined(lines) == text);
    int run = 0, most = 0, total = 0;
    for (const auto& l : lines) {
      const std::string t = l.text();
      run = !t.empty() && t.back() == '-' ? run + 1 : 0;
      total += run > 0;
      most = std::max(most, run);
    }
    CHECK(total >= 3);  // the text needs hyphens …
    CHECK(most <= limit);  // … but never more than `limit` in a row
  }
}

TEST_CASE("compose: the last word of a paragraph is not hyphenated") {
  // Measures where the long last word would fit only split: it goes whole
  // to the last line.
  const std::string text = "Das Ergebnis bestätigte am Ende der Sitzung die Kommunalaufsichtsbehörde.";
  for (double measure : {55 * kMm, 60 * kMm, 65 * kMm, 70 * kMm, 75 * kMm}) {
    const ParagraphStyle ps = justified(measure);
    const auto lines = set(text, ps);
    INFO("measure " << measure);
    REQUIRE(lines.size() >= 2);
    check_fits(lines, ps);
    // Whole on the last line (the line before may still end in a hyphen
    // elsewhere, at a cost: TeX's \finalhyphendemerits).
    CHECK(lines.back().text().find("Kommunalaufsichtsbehörde.") != std::string::npos);
    CHECK(lines[lines.size() - 2].text().find("Kommunal") == std::string::npos);
  }
}

TEST_CASE("compose: pathological input never runs into the margin") {
  SUBCASE("a 200-character URL in a body paragraph") {
    std::string url = "https://www.example.org/archiv/2019/08/29/";
    while (url.size() < 200) url += "digitalisierung-der-kommunen-und-gemeinden/";
    url.resize(200);
    const std::string text = "Der Bericht steht unter " + url + " zum Herunterladen bereit.";
    const ParagraphStyle ps = justified(150 * kMm);
    const auto lines = set(text, ps);
    check_fits(lines, ps);
    std::string all;
    for (const auto& l : lines) all += l.text();
    CHECK(all.find("steht unter") != std::string::npos);
    // A URL is split without hyphens, so the copied text stays the address.
    for (const auto& l : lines) CHECK(!l.hyphenated);
  }
  SUBCASE("a 40-letter compound in a 30 mm column") {
    const std::string word = "Donaudampfschifffahrtsgesellschaftskapitän";  // 42 letters
    const std::string text = "Der " + word + " grüßt.";
    for (bool hyphenate : {true, false}) {
      const ParagraphStyle ps = justified(30 * kMm);
      const auto lines = set(text, ps, hyphenate);
      INFO("hyphenate " << hyphenate);
      REQUIRE(lines.size() >= 2);
      check_fits(lines, ps);
    }
  }
  SUBCASE("a single word, narrower and wider than the measure") {
    for (const std::string word : {"Haus", "Rechtsschutzversicherungsgesellschaften"}) {
      const ParagraphStyle ps = justified(25 * kMm);
      const auto lines = set(word, ps);
      REQUIRE(!lines.empty());
      check_fits(lines, ps);
      CHECK(joined(lines) == word);
    }
    const auto one = set("Haus", justified(100));
    REQUIRE(one.size() == 1);
    CHECK(one[0].expansion == 1);  // a last line is not stretched
  }
  SUBCASE("a word of 5000 letters, broken at every letter, in reasonable time") {
    // Paths that differ only in their line count are merged (TeX's easy_line):
    // without that, 2000 letters took minutes.
    const std::string text = "Vorher " + std::string(5000, 'a') + " nachher.";
    const ParagraphStyle ps = justified(60 * kMm);
    const auto lines = set(text, ps);
    REQUIRE(lines.size() > 20);
    check_fits(lines, ps);
  }
  SUBCASE("an empty paragraph, or one of spaces only") {
    CHECK(set("", justified(100)).empty());
    CHECK(set("   ", justified(100)).empty());
    CHECK(compose({}, justified(100), cache(), &hyphenator()).empty());
  }
}

TEST_CASE("compose: ragged and centred text is never expanded") {
  for (Align a : {Align::RaggedRight, Align::Center}) {
    ParagraphStyle ps = justified(60 * kMm);
    ps.align = a;
    for (const auto& l : set(kNews, ps)) {
      CHECK(l.expansion == 1);
      CHECK(right_edge(l) <= ps.measure + kHangAllowance);
    }
  }
}

TEST_CASE("compose: expansion off gives pdfTeX-free TeX spacing") {
  ParagraphStyle ps = justified(80 * kMm);
  ps.expansion = 0;
  const auto lines = set(kNews, ps);
  check_fits(lines, ps);
  for (const auto& l : lines) CHECK(l.expansion == 1);
  for (std::size_t i = 0; i + 1 < lines.size(); ++i) CHECK(right_edge(lines[i]) >= ps.measure - 1e-6);
}
