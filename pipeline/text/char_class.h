// Character classes of the text stage, from generated Unicode category tables
// (scripts/gen_nfc_table.py). The typographic rules only need three questions:
// is it part of a word, is it a capital, is it a decimal digit.
#pragma once

namespace satzwerk::text {

bool is_letter(char32_t c);        // general category L* or M*
bool is_upper(char32_t c);         // Lu or Lt
bool is_decimal_digit(char32_t c); // Nd (any script)

inline bool is_ascii_digit(char32_t c) { return c >= U'0' && c <= U'9'; }
inline bool is_alnum(char32_t c) { return is_letter(c) || is_decimal_digit(c); }

}  // namespace satzwerk::text
