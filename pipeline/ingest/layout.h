// ingest/: reads a layout file (layouts/*.xml) into model::Layout.
// Contract: never throws for bad input; an invalid value comes back as a
// Diagnostic with the layout file and the line of the offending element.
#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "model/diagnostic.h"
#include "model/layout.h"

namespace satzwerk::ingest {

struct LayoutResult {
  std::optional<model::Layout> layout;
  std::optional<model::Diagnostic> error;
};

// master selects a master page by name ("" = the first one).
LayoutResult read_layout_file(const std::string& path, const std::string& master = "");
LayoutResult parse_layout(std::string_view xml, const std::string& name, const std::string& master = "");

// A length: "210mm", "12pt", "1.5cm", "0.5in", a bare number is pt; "1em" is
// em_size pt. Returns nullopt for anything else.
std::optional<double> parse_length(std::string_view s, double em_size = 0);

}  // namespace satzwerk::ingest
