// ingest/: reads an issue manifest (XML) into model::Issue.
// Every bad entry — a missing article or ad file, a file outside the
// manifest's folder, an article listed twice, an unknown Rubrik — is a
// Diagnostic with the manifest's file and line. The issue comes back without
// the bad entries, so a caller can build it anyway (--keep-going) or refuse.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/diagnostic.h"
#include "model/issue.h"

namespace satzwerk::ingest {

struct ManifestResult {
  std::optional<model::Issue> issue;       // unset only when the manifest itself cannot be read
  std::vector<model::Diagnostic> errors;   // bad entries (left out of issue) or the fatal error
};

ManifestResult read_manifest_file(const std::string& path);
ManifestResult parse_manifest(std::string_view xml, const std::string& path);

}  // namespace satzwerk::ingest
