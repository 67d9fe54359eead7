// Unicode canonical composition (NFC) without ICU.
// Full canonical decomposition, canonical reordering of combining marks and
// primary composition, driven by tables generated from Python's unicodedata
// (scripts/gen_nfc_table.py). Hangul syllables are handled algorithmically.
#pragma once
#include <string>
#include <string_view>

namespace satzwerk::text {

// Returns the NFC form of a sequence of Unicode scalar values.
// Already-normalised text (the usual case) is returned unchanged after one
// cheap scan; only the segments around unstable characters are rebuilt.
std::u32string to_nfc(std::u32string_view text);

}  // namespace satzwerk::text
