// Stage batch/: jobs over whole files. Loads the shared resources once and
// runs the stages for one input: bytes in, PDF bytes (or a Diagnostic) out.
// Writes nothing itself; the caller decides where output goes (atomically).
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "model/diagnostic.h"
#include "page/page.h"
#include "pdf/pdf.h"

namespace satzwerk::batch {

// Fonts, hyphenation patterns: loaded once per process, then shared read-only.
// resource_dir holds fonts/ and data/. Throws std::runtime_error naming the file.
page::Resources load_resources(const std::string& resource_dir);

struct JobOptions {
  int64_t creation_time = 0;       // seconds since 1970; SOURCE_DATE_EPOCH in reproducible runs
  std::string tool_version = "0";  // part of every document digest
};

struct ArticleResult {
  std::optional<model::Diagnostic> error;   // set when the article could not be made
  std::vector<model::Diagnostic> warnings;
  std::string pdf;                          // the PDF bytes on success
  int pages = 0;
};

// Reads, typesets and writes one NITF article as a Druckversion PDF (in memory).
ArticleResult render_article(const std::string& path, const page::Resources& res, shape::ShapeCache& cache,
                             const JobOptions& opt);

// Hex SHA-256 of bytes.
std::string sha256_hex(std::string_view bytes);

}  // namespace satzwerk::batch
