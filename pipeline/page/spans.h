// page/ (private): from model inline runs to paragraph spans — the text stage
// applied across run boundaries, and bare web and e-mail addresses made links.
#pragma once
#include <string>
#include <vector>

#include "paragraph/compose.h"
#include "text/normalize.h"

namespace satzwerk::page {

// Normalises and de-ligatures the texts of one paragraph as one text, so quotes
// find their context across emphasis and link boundaries; returns one text per run.
std::vector<std::string> normalise_runs(const std::vector<std::string>& texts, const text::NormalizeOptions& opt);

// Splits spans so that bare addresses (https://…, www.…, name@host.tld) carry a link.
std::vector<paragraph::Span> link_bare_addresses(std::vector<paragraph::Span> spans);

}  // namespace satzwerk::page
