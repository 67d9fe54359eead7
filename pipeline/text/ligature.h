// Ligature suppression at morpheme boundaries (de.md section 6, L1–L4).
#pragma once
#include <string>
#include <string_view>

namespace satzwerk::text {

// Inserts ZERO WIDTH NON-JOINER (U+200C) between f and f/i/l/t (L1, L2) at a
// morpheme boundary, and always between f and b/h/k (L3). Boundaries come
// from word lists (prefix auf-, first members such as Schiff-, Kauf-,
// suffixes -lich/-los, ordinals fünf|te), with a keep list for loanwords
// (L4). Tokens containing "://", "www." or '@' are left untouched.
// Idempotent: an existing ZWNJ separates the letters, so nothing is added twice.
std::string suppress_ligatures(std::string_view utf8_text);

}  // namespace satzwerk::text
