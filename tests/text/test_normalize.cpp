// Table-driven tests of text::normalize against the examples of
// typography/de.md (rules N0–N3, Q1–Q6, A1–A4, D1–D7, S1–S11, E1, C1).
#include <doctest/doctest.h>

#include "text/normalize.h"
#include "text/unicode_nfc.h"
#include "text/utf8.h"

#include <random>
#include <string>
#include <string_view>

namespace {

using satzwerk::text::normalize;
using satzwerk::text::NormalizeOptions;
using satzwerk::text::QuoteStyle;
using satzwerk::text::Region;

struct Row {
  std::string_view rule;
  std::string_view input;
  std::string_view expected;
};

// u8 literals are char8_t; the API speaks std::string_view of UTF-8 bytes.
template <std::size_t N>
std::string_view u8sv(const char8_t (&s)[N]) {
  return {reinterpret_cast<const char*>(s), N - 1};
}

// Every input → output example of de.md for the normalisation rules, in the
// order of the catalogue (those depending on a disputed convention are in
// kDisputedRows below). Rows whose output equals the input are examples the
// catalogue lists as staying as written.
const Row kRows[] = {
    // N0 – protected spans
    {"N0", u8sv(u8"siehe www.allinrechner.at."), u8sv(u8"siehe www.allinrechner.at.")},
    {"N0", u8sv(u8"Mail an info@kommune-21.de oder \"Kontakt\""),
     u8sv(u8"Mail an info@kommune-21.de oder „Kontakt“")},
    {"N0", u8sv(u8"Programmiert in C++ - mit Qt"), u8sv(u8"Programmiert in C++ – mit Qt")},
    // N1 – already typographic variants are accepted
    {"N1", u8sv(u8"z. B."), u8sv(u8"z.\u202FB.")},
    // Q1
    {"Q1", u8sv(u8"Er sagte: \"Wir kommen.\""), u8sv(u8"Er sagte: „Wir kommen.“")},
    {"Q1", u8sv(u8"den \"All-in-Rechner\""), u8sv(u8"den „All-in-Rechner“")},
    {"Q1", u8sv(u8"\"Die Politiker-WG\" ab Montag"), u8sv(u8"„Die Politiker-WG“ ab Montag")},
    // Q2
    {"Q2", u8sv(u8"(siehe \"Anhang\")"), u8sv(u8"(siehe „Anhang“)")},
    {"Q2", u8sv(u8"FPÖ-Anfrage wegen \"Falter\"-Journalistin"),
     u8sv(u8"FPÖ-Anfrage wegen „Falter“-Journalistin")},
    {"Q2", u8sv(u8"\"WSJ\": Soll noch"), u8sv(u8"„WSJ“: Soll noch")},
    // Q2a
    {"Q2a", u8sv(u8"geht's"), u8sv(u8"geht’s")},
    {"Q2a", u8sv(u8"Kommune21's"), u8sv(u8"Kommune21’s")},
    {"Q2a", u8sv(u8"O'Brien"), u8sv(u8"O’Brien")},
    {"Q2a", u8sv(u8"Hans'"), u8sv(u8"Hans’")},
    // Q3
    {"Q3", u8sv(u8"\"Er rief 'Halt!' und lief weg.\""), u8sv(u8"„Er rief ‚Halt!‘ und lief weg.“")},
    {"Q3", u8sv(u8"'Tatort' am Sonntag"), u8sv(u8"‚Tatort‘ am Sonntag")},
    // Q5
    {"Q5", u8sv(u8"\"Stimme der Vernunft\" sein."), u8sv(u8"„Stimme der Vernunft“ sein.")},
    {"Q5", u8sv(u8"fragte: \"Wann?\", und ging"), u8sv(u8"fragte: „Wann?“, und ging")},
    // Q6
    {"Q6", u8sv(u8"ein 24\"-Monitor"), u8sv(u8"ein 24\"-Monitor")},
    {"Q6", u8sv(u8"\"Agenda 2030\""), u8sv(u8"„Agenda 2030“")},
    // A1
    {"A1", u8sv(u8"gibt's"), u8sv(u8"gibt’s")},
    {"A1", u8sv(u8"wie geht's?"), u8sv(u8"wie geht’s?")},
    {"A1", u8sv(u8"Hans' Auto"), u8sv(u8"Hans’ Auto")},
    {"A1", u8sv(u8"Willi's Würstchenbude"), u8sv(u8"Willi’s Würstchenbude")},
    // A2
    {"A2", u8sv(u8"So 'n Quatsch"), u8sv(u8"So ’n Quatsch")},
    {"A2", u8sv(u8"die Musik der '90er"), u8sv(u8"die Musik der ’90er")},
    {"A2", u8sv(u8"Wie 's halt so ist"), u8sv(u8"Wie ’s halt so ist")},
    // A3
    {"A3", u8sv(u8"Willi's"), u8sv(u8"Willi’s")},
    {"A3", u8sv(u8"Kommune21's Leser"), u8sv(u8"Kommune21’s Leser")},
    {"A3", u8sv(u8"Andrea's Blumenecke, Eva's Blumenladen"), u8sv(u8"Andrea’s Blumenecke, Eva’s Blumenladen")},
    {"A3", u8sv(u8"Peters Lieblingsfilm"), u8sv(u8"Peters Lieblingsfilm")},
    // A4
    {"A4", u8sv(u8"D'Alema"), u8sv(u8"D’Alema")},
    {"A4", u8sv(u8"Ku'damm"), u8sv(u8"Ku’damm")},
    {"A4", u8sv(u8"hab'"), u8sv(u8"hab’")},
    {"A4", u8sv(u8"des Lkws, die GmbHs"), u8sv(u8"des Lkws, die GmbHs")},
    // D1
    {"D1", u8sv(u8"Wien - Die Gewerkschaft"), u8sv(u8"Wien – Die Gewerkschaft")},
    {"D1", u8sv(u8"ist Hausmeister - in Teilzeit."), u8sv(u8"ist Hausmeister – in Teilzeit.")},
    {"D1", u8sv(u8"King John - auf Deutsch Johann Ohneland - das Dokument"),
     u8sv(u8"King John – auf Deutsch Johann Ohneland – das Dokument")},
    {"D1", u8sv(u8"Wien -- Die Gewerkschaft"), u8sv(u8"Wien – Die Gewerkschaft")},
    // D2
    {"D2", u8sv(u8"Milena Jesenská (1896-1944)"), u8sv(u8"Milena Jesenská (1896–1944)")},
    {"D2", u8sv(u8"Öffnungszeiten 9-17 Uhr"), u8sv(u8"Öffnungszeiten 9–17\u00A0Uhr")},
    {"D2", u8sv(u8"S. 12-14"), u8sv(u8"S.\u202F12–14")},
    {"D2", u8sv(u8"1.-3. Mai"), u8sv(u8"1.–3.\u00A0Mai")},
    {"D2", u8sv(u8"2019-08-29"), u8sv(u8"2019-08-29")},
    {"D2", u8sv(u8"x3-8300"), u8sv(u8"x3-8300")},
    {"D2", u8sv(u8"0800-810-013"), u8sv(u8"0800-810-013")},
    {"D2", u8sv(u8"A1-3"), u8sv(u8"A1-3")},
    {"D2", u8sv(u8"49-3a"), u8sv(u8"49-3a")},
    // D3
    {"D3", u8sv(u8"Duisburg-Marxloh und Baden-Württemberg"),
     u8sv(u8"Duisburg-Marxloh und Baden-Württemberg")},
    {"D3", u8sv(u8"die Strecke Wien–Graz"), u8sv(u8"die Strecke Wien–Graz")},
    {"D3", u8sv(u8"Berlin–München"), u8sv(u8"Berlin–München")},
    // D4
    {"D4", u8sv(u8"(-0,1 Prozent)"), u8sv(u8"(−0,1\u00A0Prozent)")},
    {"D4", u8sv(u8"DAX/Frankfurt -0,25 Prozent"), u8sv(u8"DAX/Frankfurt −0,25\u00A0Prozent")},
    {"D4", u8sv(u8"bei -5 °C"), u8sv(u8"bei −5\u202F°C")},
    {"D4", u8sv(u8"+1,1"), u8sv(u8"+1,1")},
    {"D4", u8sv(u8"4 - 3 = 1"), u8sv(u8"4 – 3 = 1")},
    // D5
    {"D5", u8sv(u8"Wirtschafts- und Verkehrsminister"), u8sv(u8"Wirtschafts- und Verkehrsminister")},
    {"D5", u8sv(u8"Personenkandidatinnen und -kandidaten"),
     u8sv(u8"Personenkandidatinnen und -kandidaten")},
    {"D5", u8sv(u8"All-in-Verträgen"), u8sv(u8"All-in-Verträgen")},
    // D6, D7
    {"D6", u8sv(u8"Freiheit — so heißt es"), u8sv(u8"Freiheit — so heißt es")},
    {"D7", u8sv(u8"Zu\u00ADcker"), u8sv(u8"Zu\u00ADcker")},
    // S1
    {"S1", u8sv(u8"z.B. Kommunen"), u8sv(u8"z.\u202FB. Kommunen")},
    {"S1", u8sv(u8"u. a. das Gemälde"), u8sv(u8"u.\u202Fa. das Gemälde")},
    {"S1", u8sv(u8"i.d.R."), u8sv(u8"i.\u202Fd.\u202FR.")},
    {"S1", u8sv(u8"bzw. usw. ca. evtl. Nr."), u8sv(u8"bzw. usw. ca. evtl. Nr.")},
    // S2
    {"S2", u8sv(u8"10%"), u8sv(u8"10\u202F%")},
    {"S2", u8sv(u8"10 %"), u8sv(u8"10\u202F%")},
    {"S2", u8sv(u8"3,5 km"), u8sv(u8"3,5\u202Fkm")},
    {"S2", u8sv(u8"1.080 km/h"), u8sv(u8"1.080\u202Fkm/h")},
    {"S2", u8sv(u8"bei 30 °C"), u8sv(u8"bei 30\u202F°C")},
    {"S2", u8sv(u8"30°"), u8sv(u8"30°")},
    {"S2", u8sv(u8"EUR 20.000"), u8sv(u8"EUR\u202F20.000")},
    {"S2", u8sv(u8"$ 5"), u8sv(u8"$\u202F5")},
    {"S2", u8sv(u8"$5"), u8sv(u8"$5")},
    {"S2", u8sv(u8"50%ig"), u8sv(u8"50%ig")},
    {"S2", u8sv(u8"8%ige"), u8sv(u8"8%ige")},
    {"S2", u8sv(u8"3fach"), u8sv(u8"3fach")},
    {"S2", u8sv(u8"17tel"), u8sv(u8"17tel")},
    {"S2", u8sv(u8"80er"), u8sv(u8"80er")},
    {"S2", u8sv(u8"50° nördlicher Breite"), u8sv(u8"50° nördlicher Breite")},
    {"S2", u8sv(u8"der %-Satz"), u8sv(u8"der %-Satz")},
    {"S2", u8sv(u8"5 m"), u8sv(u8"5\u202Fm")},
    {"S2", u8sv(u8"5 mal"), u8sv(u8"5 mal")},
    {"S2", u8sv(u8"5 Mio. Euro"), u8sv(u8"5\u202FMio. Euro")},
    // S3
    {"S3", u8sv(u8"zwei Prozent"), u8sv(u8"zwei Prozent")},
    // S4
    {"S4", u8sv(u8"§ 5 Abs. 2"), u8sv(u8"§\u202F5 Abs.\u202F2")},
    {"S4", u8sv(u8"§5"), u8sv(u8"§\u202F5")},
    {"S4", u8sv(u8"§§ 3-5"), u8sv(u8"§§\u202F3–5")},
    // S5
    {"S5", u8sv(u8"Nr. 5"), u8sv(u8"Nr.\u202F5")},
    // S6
    {"S6", u8sv(u8"am 29. August 2019"), u8sv(u8"am 29.\u00A0August 2019")},
    {"S6", u8sv(u8"seit 6. Jänner"), u8sv(u8"seit 6.\u00A0Jänner")},
    {"S6", u8sv(u8"29.08.2019"), u8sv(u8"29.08.2019")},
    // S7
    {"S7", u8sv(u8"9.30 Uhr"), u8sv(u8"9.30\u00A0Uhr")},
    {"S7", u8sv(u8"20.00 Uhr"), u8sv(u8"20.00\u00A0Uhr")},
    {"S7", u8sv(u8"9:30 Uhr"), u8sv(u8"9:30\u00A0Uhr")},
    {"S7", u8sv(u8"um 9:30"), u8sv(u8"um 9:30")},
    // S8
    {"S8", u8sv(u8"H. C. Artmann"), u8sv(u8"H.\u202FC. Artmann")},
    {"S8", u8sv(u8"J. R. R. Tolkien"), u8sv(u8"J.\u202FR.\u202FR. Tolkien")},
    {"S8", u8sv(u8"George W. Bush"), u8sv(u8"George W. Bush")},
    // S9
    {"S9", u8sv(u8"1 000 000"), u8sv(u8"1\u202F000\u202F000")},
    {"S9", u8sv(u8"5 340 Euro"), u8sv(u8"5\u202F340\u00A0Euro")},
    {"S9", u8sv(u8"600 000"), u8sv(u8"600\u202F000")},
    {"S9", u8sv(u8"600.000"), u8sv(u8"600.000")},
    {"S9", u8sv(u8"813.000 Menschen"), u8sv(u8"813.000 Menschen")},
    {"S9", u8sv(u8"4200 Euro"), u8sv(u8"4200\u00A0Euro")},
    // S10
    {"S10", u8sv(u8"1.024 x 768 Pixel"), u8sv(u8"1.024\u202F×\u202F768 Pixel")},
    {"S10", u8sv(u8"1920x1080, 4x4, 0x1F"), u8sv(u8"1920x1080, 4x4, 0x1F")},
    // S11
    {"S11", u8sv(u8"(siehe oben), nicht hier"), u8sv(u8"(siehe oben), nicht hier")},
    // E1
    {"E1", u8sv(u8"wollte..."), u8sv(u8"wollte…")},
    {"E1", u8sv(u8"STANDARD: ... wird darüber geklagt"), u8sv(u8"STANDARD: … wird darüber geklagt")},
    {"E1", u8sv(u8"Kandidaten (...), die"), u8sv(u8"Kandidaten (…), die")},
    {"E1", u8sv(u8"[...]"), u8sv(u8"[…]")},
    {"E1", u8sv(u8"Sch. . ."), u8sv(u8"Sch…")},
    {"E1", u8sv(u8"Sch..."), u8sv(u8"Sch…")},
    {"E1", u8sv(u8"nur zwei.."), u8sv(u8"nur zwei..")},
    // C1
    {"C1", u8sv(u8"STRAßE und GROßE"), u8sv(u8"STRASSE und GROSSE")},
    {"C1", u8sv(u8"Straße, STRAẞE"), u8sv(u8"Straße, STRAẞE")},
};

// de.md examples whose output depends on a convention the catalogue itself
// marks as [decision, disputed]; de.md asks for them to be reported apart.
// They follow the catalogue's decision and pass. If the house style changes,
// only this table has to change.
const Row kDisputedRows[] = {
    // D2/D1: spaced range input keeps its spaces (DIN 5008 vs. Duden/F/dJ).
    {"D2", u8sv(u8"25 - 60"), u8sv(u8"25 – 60")},
    // S5: phone-number spaces and hyphen stay as written.
    {"S5", u8sv(u8"Tel. 06151 123-456"), u8sv(u8"Tel.\u202F06151 123-456")},
    // S3: NBSP, not the DIN 5008 Festabstand, before a written-out unit.
    {"S3", u8sv(u8"um 26 Prozent"), u8sv(u8"um 26\u00A0Prozent")},
    {"S3", u8sv(u8"2,2 Millionen Tonnen"), u8sv(u8"2,2\u00A0Millionen Tonnen")},
    {"S3", u8sv(u8"ab 19.30 Uhr"), u8sv(u8"ab 19.30\u00A0Uhr")},
    // S6: NNBSP inside a spaced numeric date.
    {"S6", u8sv(u8"(red, 31. 7. 2015)"), u8sv(u8"(red, 31.\u202F7.\u202F2015)")},
    {"S6", u8sv(u8"29. 8. 2019"), u8sv(u8"29.\u202F8.\u202F2019")},
    // E1: NBSP before the ellipsis; four periods become one ellipsis.
    {"E1", u8sv(u8"nicht ändern ..."), u8sv(u8"nicht ändern\u00A0…")},
    {"E1", u8sv(u8"Ende...."), u8sv(u8"Ende…")},
};

// Where this implementation reads de.md differently (no de.md example is
// affected). D2 says "the first group does not start with 0" to keep phone
// numbers and area codes out; taken literally that also rejects the decimal
// range "0,5-1,5". The code rejects a leading zero followed by a digit
// (0800, 06151) instead, which keeps every de.md example intact.
const Row kDeviationRows[] = {
    {"D2", u8sv(u8"0,5-1,5 Prozent"), u8sv(u8"0,5–1,5\u00A0Prozent")},
    {"D2", u8sv(u8"06-08"), u8sv(u8"06-08")},
};

// Behaviour beyond the de.md examples that the rules imply; guards the
// boundaries of each rule.
const Row kBoundaryRows[] = {
    {"A2", u8sv(u8"Rock 'n' Roll"), u8sv(u8"Rock ’n’ Roll")},
    {"A2", u8sv(u8"'s Wetter"), u8sv(u8"’s Wetter")},
    {"Q3", u8sv(u8"'Grün'-Wähler"), u8sv(u8"‚Grün‘-Wähler")},
    {"Q2", u8sv(u8"\"Hallo\" \"Welt\""), u8sv(u8"„Hallo“ „Welt“")},
    {"Q2", u8sv(u8"Er sagte \"Hallo"), u8sv(u8"Er sagte „Hallo")},
    {"Q2", u8sv(u8"…\"Zitat\"…"), u8sv(u8"…„Zitat“…")},
    {"Q2", u8sv(u8"\"...und dann\""), u8sv(u8"„…und dann“")},
    {"D1", u8sv(u8"Wien\u00A0- Die"), u8sv(u8"Wien\u00A0– Die")},
    {"D1", u8sv(u8"- Aufzählung"), u8sv(u8"- Aufzählung")},
    {"D1", u8sv(u8"Wien --- Graz"), u8sv(u8"Wien --- Graz")},
    {"D2", u8sv(u8"3-4 Tage"), u8sv(u8"3–4\u00A0Tage")},
    {"D2", u8sv(u8"1.5.-3.5."), u8sv(u8"1.5.–3.5.")},
    {"D2", u8sv(u8"1.0.2-3"), u8sv(u8"1.0.2-3")},
    {"D2", u8sv(u8"U-21, 2:1-Sieg, 20-Jähriger"), u8sv(u8"U-21, 2:1-Sieg, 20-Jähriger")},
    {"D2", u8sv(u8"Tel.: 123-45"), u8sv(u8"Tel.: 123-45")},
    {"D4", u8sv(u8"-5 Grad"), u8sv(u8"−5\u00A0Grad")},
    {"D4", u8sv(u8"Tel. -12"), u8sv(u8"Tel. -12")},
    {"S1", u8sv(u8"(z. B. hier)"), u8sv(u8"(z.\u202FB. hier)")},
    {"S1", u8sv(u8"u.dgl. und v. u. Z. und n.Chr."), u8sv(u8"u.\u202Fdgl. und v.\u202Fu.\u202FZ. und n.\u202FChr.")},
    {"S2", u8sv(u8"30°C und 5km und 32GB"), u8sv(u8"30\u202F°C und 5\u202Fkm und 32\u202FGB")},
    {"S2", u8sv(u8"24h-Rennen, 10%-Hürde"), u8sv(u8"24h-Rennen, 10%-Hürde")},
    {"S2", u8sv(u8"20 EUR und € 5"), u8sv(u8"20\u202FEUR und €\u202F5")},
    {"S2", u8sv(u8"10  %"), u8sv(u8"10\u202F%")},
    {"S5", u8sv(u8"Art. 5 und Abs. 2"), u8sv(u8"Art.\u202F5 und Abs.\u202F2")},
    {"S5", u8sv(u8"Nr.5"), u8sv(u8"Nr.5")},
    {"S8", u8sv(u8"H.C. Artmann"), u8sv(u8"H.C. Artmann")},
    {"S9", u8sv(u8"Tel. 0615 123 456"), u8sv(u8"Tel.\u202F0615 123 456")},
    {"S9", u8sv(u8"5 340 m"), u8sv(u8"5\u202F340\u202Fm")},
    {"S10", u8sv(u8"2 × 3"), u8sv(u8"2\u202F×\u202F3")},
    {"C1", u8sv(u8"MAßE-Einheit"), u8sv(u8"MASSE-Einheit")},
};

// Q4 and the Swiss variant (separate small set, as de.md asks).
const Row kGuillemetRows[] = {
    {"Q4", u8sv(u8"\"Wir kommen.\""), u8sv(u8"»Wir kommen.«")},
    {"Q4", u8sv(u8"\"Er rief 'Halt!'\""), u8sv(u8"»Er rief ›Halt!‹«")},
    {"Q4", u8sv(u8"geht's"), u8sv(u8"geht’s")},
};
const Row kSwissRows[] = {
    {"Q4", u8sv(u8"\"Wir kommen.\""), u8sv(u8"«Wir kommen.»")},
    {"Q4", u8sv(u8"\"Er rief 'Halt!'\""), u8sv(u8"«Er rief ‹Halt!›»")},
};

template <std::size_t N>
void check_rows(const Row (&rows)[N], const NormalizeOptions& opt = {}) {
  for (const Row& row : rows) {
    CAPTURE(row.rule);
    CAPTURE(row.input);
    const std::string once = normalize(row.input, opt);
    CHECK(once == row.expected);
    CHECK(normalize(once, opt) == once);  // N1
  }
}

}  // namespace

TEST_CASE("normalize: de.md examples") { check_rows(kRows); }

TEST_CASE("normalize: de.md examples with a disputed convention") { check_rows(kDisputedRows); }

TEST_CASE("normalize: deliberate reading of de.md") { check_rows(kDeviationRows); }

TEST_CASE("normalize: rule boundaries") { check_rows(kBoundaryRows); }

TEST_CASE("normalize: Q4 guillemets and the Swiss variant") {
  check_rows(kGuillemetRows, NormalizeOptions{Region::DE, QuoteStyle::Guillemets});
  check_rows(kSwissRows, NormalizeOptions{Region::CH, QuoteStyle::Swiss});
}

TEST_CASE("normalize: idempotent on its own output of every row") {
  // The outputs of the table are valid inputs too (N1).
  for (const Row& row : kRows) {
    CAPTURE(row.expected);
    CHECK(normalize(row.expected) == row.expected);
  }
}

TEST_CASE("normalize: idempotent on generated token soup") {
  // Random sequences of the tokens the rules react to find interactions the
  // hand-written rows miss (a span boundary moved by a converted mark, a
  // space inserted by one rule enabling another). Fixed seed: deterministic.
  const std::string_view tokens[] = {
      "\"", "'", " ", " ", "  ", "-", "--", "...", ".", ",", "z.", "B.", "u.", "a.", "H.", "C.",
      "5", "10", "340", "1.080", "2,5", "0", "06151", "123", u8sv(u8"§"), "%", "km", "m", "km/h",
      u8sv(u8"°C"), "Euro", "Prozent", "Uhr", "Mai", "x", "(", ")", "[", "Tel.", "Nr.", "S.", "EUR", "$",
      "www.x.de", "a@b.de", "#Tag", "C++", "foo_bar", "geht", "s", "n", u8sv(u8"STRAßE"), u8sv(u8"…"),
      u8sv(u8"–"), u8sv(u8"„"), u8sv(u8"“"), u8sv(u8"‘"), u8sv(u8"»"), u8sv(u8"\u00A0"),
      u8sv(u8"\u202F"), "90er", "Wort", "Mio.", "/", ":", "?", u8sv(u8"u\u0308"), "-3.", "t.co/x"};
  std::mt19937 random(20190829);
  for (int n = 0; n < 3000; ++n) {
    std::string text;
    const auto length = 1 + random() % 12;
    for (unsigned k = 0; k < length; ++k) text += tokens[random() % std::size(tokens)];
    CAPTURE(text);
    const std::string once = normalize(text);
    REQUIRE(normalize(once) == once);
  }
}

TEST_CASE("normalize: NFC first") {
  CHECK(normalize(u8sv(u8"u\u0308ber")) == u8sv(u8"über"));
  CHECK(normalize(u8sv(u8"A\u030Angstro\u0308m")) == u8sv(u8"Ångström"));
  CHECK(normalize(u8sv(u8"\"Mu\u0308nchen\"")) == u8sv(u8"„München“"));
}

TEST_CASE("to_nfc: canonical reordering and composition") {
  using satzwerk::text::to_nfc;
  CHECK(to_nfc(U"e\u0301") == U"\u00E9");
  CHECK(to_nfc(U"\u00E9") == U"\u00E9");
  // dot below (220) sorts before diaeresis (230); ụ then composes with it? no:
  // U+1EE5 ụ + U+0308 has no primary composite, so the result is ụ̈.
  CHECK(to_nfc(U"u\u0308\u0323") == U"\u1EE5\u0308");
  CHECK(to_nfc(U"\u00FC\u0323") == U"\u1EE5\u0308");
  CHECK(to_nfc(U"\u03B1\u0301") == U"\u03AC");       // Greek ά
  CHECK(to_nfc(U"\u0438\u0306") == U"\u0439");       // Cyrillic й
  CHECK(to_nfc(U"\u0415\u0308") == U"\u0401");       // Cyrillic Ё
  CHECK(to_nfc(U"\u1100\u1161\u11A8") == U"\uAC01"); // Hangul 각
  CHECK(to_nfc(U"\u212B") == U"\u00C5");             // singleton Ångström sign → Å
  CHECK(to_nfc(U"\u0344") == U"\u0308\u0301");       // excluded from composition
  CHECK(to_nfc(U"") == U"");
  CHECK(to_nfc(U"\u0301a") == U"\u0301a");           // leading mark stays
}

TEST_CASE("normalize: protected spans stay byte-identical") {
  const std::string_view spans[] = {
      u8sv(u8"https://example.org/a--b/\"x\"...?q=1-2&r='s'&t=1"),
      u8sv(u8"www.example.at/seite-1-3"),
      u8sv(u8"ftp://files.example.com/pub/1-2"),
      u8sv(u8"max.mustermann-1990@example.co.at"),
      u8sv(u8"@kommune_21"),
      u8sv(u8"#Wahl2019-20"),
      u8sv(u8"/usr/local/bin/satz...werk"),
      u8sv(u8"C++"),
      u8sv(u8"a<b"),
      u8sv(u8"foo_bar-1-2"),
      u8sv(u8"x=10%"),
      u8sv(u8"pic.twitter.com/itr1Lrb2UK"),
  };
  for (const std::string_view span : spans) {
    CAPTURE(span);
    const std::string text = "Siehe " + std::string(span) + " - \"hier\"";
    const std::string out = normalize(text);
    CHECK(out == "Siehe " + std::string(span) + std::string(u8sv(u8" – „hier“")));
  }
}

TEST_CASE("normalize: line breaks are kept and reset the quote state") {
  CHECK(normalize("\"eins\n\"zwei\"\r\ndrei - vier\n") ==
        u8sv(u8"„eins\n„zwei“\r\ndrei – vier\n"));
  CHECK(normalize("") == "");
  CHECK(normalize("Zeile 1\n\nZeile 2") == "Zeile 1\n\nZeile 2");
}

TEST_CASE("normalize: runs of spaces are kept (N2)") {
  CHECK(normalize("zwei  Leerzeichen") == "zwei  Leerzeichen");
}

TEST_CASE("normalize: quote refinements seen in the news corpus") {
  // A free-standing mark after a space closes an open quote.
  CHECK(normalize("\"Es werden keine Mauern errichtet. \" Der Minister") ==
        u8sv(u8"„Es werden keine Mauern errichtet. “ Der Minister"));
  CHECK(normalize("\"gleichsam als ein 'Fels in der Brandung'\".") ==
        u8sv(u8"„gleichsam als ein ‚Fels in der Brandung‘“."));
  CHECK(normalize("greift \"P.T.\"-Feeling auf") == u8sv(u8"greift „P.T.“-Feeling auf"));
  CHECK(normalize("Let's schmacht!") == u8sv(u8"Let’s schmacht!"));
  CHECK(normalize(u8sv(u8"geht´s")) == u8sv(u8"geht’s"));  // A1: never the acute
}

TEST_CASE("region_from_lang and default_quotes") {
  using satzwerk::text::default_quotes;
  using satzwerk::text::region_from_lang;
  CHECK(region_from_lang("de-DE") == Region::DE);
  CHECK(region_from_lang("de-AT") == Region::AT);
  CHECK(region_from_lang("DE-at") == Region::AT);
  CHECK(region_from_lang("de_CH") == Region::CH);
  CHECK(region_from_lang("de-ch") == Region::CH);
  CHECK(region_from_lang("de") == Region::DE);
  CHECK(region_from_lang("fr-CH") == Region::DE);
  CHECK(region_from_lang("") == Region::DE);
  CHECK(region_from_lang("de-CHX") == Region::DE);
  CHECK(default_quotes(Region::CH) == QuoteStyle::Swiss);
  CHECK(default_quotes(Region::AT) == QuoteStyle::German);
  CHECK(default_quotes(Region::DE) == QuoteStyle::German);
}
