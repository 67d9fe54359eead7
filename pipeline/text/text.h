// Stage text/: German typographic normalisation, hyphenation and ligature
// suppression on plain UTF-8 text. Knows nothing of fonts, layout or PDF.
// The public entry points are declared in the headers below.
#pragma once
#include "text/utf8.h"
