// German typographic normalisation (rule catalogue typography/de.md, rules
// N0–N3, E1, D1–D7, Q1–Q6, A1–A4, S1–S11, C1). Ligature ZWNJ insertion (L*)
// and hyphenation (H*) are separate commands of this stage.
//
// Contract: input is valid UTF-8 (callers validate with utf8::decode). The
// text is brought to NFC, protected spans (URLs, e-mail addresses, handles,
// hashtags, paths, code-like tokens) are excluded from every rule, and the
// rules run in the order N3 recommends. Line breaks are kept and the result
// is idempotent: normalize(normalize(x)) == normalize(x).
#pragma once
#include <string>
#include <string_view>

namespace satzwerk::text {

enum class Region { DE, AT, CH };                     // from xml:lang de-DE, de-AT, de-CH
enum class QuoteStyle { German, Guillemets, Swiss };  // „…“ ‚…‘ | »…« ›…‹ | «…» ‹…›

struct NormalizeOptions {
  // The rules themselves are the same for all regions (Austrian month names
  // count everywhere, S6); the region chooses the default quote style.
  Region region = Region::DE;
  QuoteStyle quotes = QuoteStyle::German;  // set from default_quotes(region) by the caller
};

// Parses "de-DE"/"de-AT"/"de-CH"/"de" (case-insensitive, '-' or '_'); unknown → DE.
Region region_from_lang(std::string_view xml_lang);

// Default quote style for a region (CH → Swiss, else German).
QuoteStyle default_quotes(Region r);

// Normalises valid UTF-8 text (see the contract above).
std::string normalize(std::string_view utf8_text, const NormalizeOptions& opt = {});

}  // namespace satzwerk::text
