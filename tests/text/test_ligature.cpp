// Ligature suppression L1–L4 of de.md: every example is a table row.
#include <doctest/doctest.h>

#include <string>

#include "text/ligature.h"

using satzwerk::text::suppress_ligatures;

namespace {

struct Row {
  const char* rule;
  const char* input;
  const char* expected;  // same as input: the ligature is kept
};

const Row kRows[] = {
    // L1: breaks at joints and prefixes
    {"L1", "Auflage", "Auf\u200Clage"},
    {"L1", "Kaufleute", "Kauf\u200Cleute"},
    {"L1", "Schifffahrt", "Schiff\u200Cfahrt"},
    {"L1", "Auffahrt", "Auf\u200Cfahrt"},
    {"L1", "Stoffladen", "Stoff\u200Claden"},
    {"L1", "auftreten", "auf\u200Ctreten"},
    {"L1", "Brieftasche", "Brief\u200Ctasche"},
    // pdf-stack.md Q1: what HarfBuzz would otherwise join
    {"L1", "auffällig", "auf\u200Cfällig"},
    {"L1", "Stoffflasche", "Stoff\u200Cflasche"},
    // L1: keep inside a morpheme
    {"L1", "Waffel", "Waffel"},
    {"L1", "Griff", "Griff"},
    {"L1", "offiziell", "offiziell"},
    {"L1", "Pfiff", "Pfiff"},
    {"L1", "öffentlich", "öffentlich"},
    {"L1", "Hoffnung", "Hoffnung"},
    {"L1", "Schaffung", "Schaffung"},
    {"L1", "Einfluss", "Einfluss"},
    {"L1", "Ausflug", "Ausflug"},
    {"L1", "Kraft", "Kraft"},
    {"L1", "Wirtschaft", "Wirtschaft"},
    {"L1", "Zukunft", "Zukunft"},
    {"L1", "Luftfahrt", "Luftfahrt"},
    {"L1", "Film", "Film"},
    {"L1", "Profil", "Profil"},
    {"L1", "Konflikt", "Konflikt"},
    {"L1", "Schiffe", "Schiffe"},
    // L2: consonant suffixes break, i-suffixes and verb endings keep
    {"L2", "höflich", "höf\u200Clich"},
    {"L2", "trefflich", "treff\u200Clich"},
    {"L2", "käuflich", "käuf\u200Clich"},
    {"L2", "hilflos", "hilf\u200Clos"},
    {"L2", "fünfte", "fünf\u200Cte"},
    {"L2", "Fünftel", "Fünf\u200Ctel"},
    {"L2", "elfte", "elf\u200Cte"},
    {"L2", "häufig", "häufig"},
    {"L2", "süffig", "süffig"},
    {"L2", "pfiffig", "pfiffig"},
    {"L2", "Chefin", "Chefin"},
    {"L2", "gekauft", "gekauft"},
    {"L2", "schafft", "schafft"},
    {"L2", "hoffte", "hoffte"},
    {"L2", "verstopft", "verstopft"},
    {"L2", "Pflicht", "Pflicht"},
    // L3: f+b, f+h, f+k always split; f+j kept
    {"L3", "Aufbau", "Auf\u200Cbau"},
    {"L3", "Briefkasten", "Brief\u200Ckasten"},
    {"L3", "Kopfhörer", "Kopf\u200Chörer"},
    {"L3", "daraufhin", "darauf\u200Chin"},
    {"L3", "Stoffkreislauf", "Stoff\u200Ckreislauf"},
    {"L3", "Fjord", "Fjord"},
    // L4: abbreviations and loanwords keep
    {"L4", "Aufl.", "Aufl."},
    {"L4", "Briefing", "Briefing"},
    {"L4", "Chauffeur", "Chauffeur"},
    {"L4", "Staffel", "Staffel"},
    {"L4", "Koffein", "Koffein"},
    {"L4", "Offizier", "Offizier"},
    {"L4", "Effekt", "Effekt"},
};

}  // namespace

TEST_CASE("ligature: every de.md example (L1–L4)") {
  for (const Row& row : kRows) {
    INFO(std::string(row.rule), ": ", std::string(row.input));
    CHECK(suppress_ligatures(row.input) == row.expected);
  }
}

TEST_CASE("ligature: idempotent (N1)") {
  for (const Row& row : kRows) {
    const std::string once = suppress_ligatures(row.input);
    CHECK(suppress_ligatures(once) == once);
  }
  const std::string sentence = "Die Auflage der Schifffahrt-Zeitung stieg.";
  CHECK(suppress_ligatures(sentence) == "Die Auf\u200Clage der Schiff\u200Cfahrt-Zeitung stieg.");
  CHECK(suppress_ligatures(suppress_ligatures(sentence)) == suppress_ligatures(sentence));
}

TEST_CASE("ligature: text around words, URLs and e-mail addresses stay unchanged") {
  CHECK(suppress_ligatures("„Auflage“, sagte er.") == "„Auf\u200Clage“, sagte er.");
  CHECK(suppress_ligatures("siehe www.auflage-online.at/kaufleute") == "siehe www.auflage-online.at/kaufleute");
  CHECK(suppress_ligatures("https://example.org/Auflage") == "https://example.org/Auflage");
  CHECK(suppress_ligatures("info@schifffahrt.de") == "info@schifffahrt.de");
  CHECK(suppress_ligatures("AUFLAGE") == "AUFLAGE");  // capitals have no f-ligatures
  CHECK(suppress_ligatures("").empty());
  CHECK(suppress_ligatures("\xFF kaputt") == "\xFF kaputt");
}
