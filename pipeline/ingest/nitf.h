// Stage ingest/: reads a NITF 3.x article (UTF-8 XML) into model::Article.
// Contract: never throws for bad input; a user error comes back as a Diagnostic
// with file and line. Unknown elements keep their text and add one warning each.
// Knows nothing of fonts, layout or PDF.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/article.h"
#include "model/diagnostic.h"

namespace satzwerk::ingest {

struct NitfResult {
  std::optional<model::Article> article;   // set on success
  std::optional<model::Diagnostic> error;  // set on failure
  std::vector<model::Diagnostic> warnings;
};

// Reads a whole input file; on failure gives a Diagnostic ("cannot open file: …").
struct Source {
  std::string bytes;
  std::optional<model::Diagnostic> error;
};
Source read_source(const std::string& path);

// Reads and parses the file at path (path is also the name used in messages).
NitfResult read_nitf_file(const std::string& path);

// Parses NITF held in memory; name is used in messages.
NitfResult parse_nitf(std::string_view xml, const std::string& name);

}  // namespace satzwerk::ingest
