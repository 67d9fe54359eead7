// Stage text/: German typographic normalisation, hyphenation and ligature
// suppression on plain UTF-8 text. Knows nothing of fonts, layout or PDF.
//   normalize.h  — quotes, dashes, spaces, ellipsis (de.md Q, A, D, S, E rules)
//   hyphenate.h  — permitted breaks with their kind (syllable, compound joint, hard hyphen)
//   ligature.h   — ZWNJ at morpheme joints so f-ligatures are not set across them
#pragma once
#include "text/hyphenate.h"
#include "text/ligature.h"
#include "text/normalize.h"
#include "text/utf8.h"
