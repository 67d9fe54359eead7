// Stage batch/: jobs over whole files. Loads the shared resources once and
// runs the stages for one input: bytes in, PDF bytes (or a Diagnostic) out.
// Writes nothing itself; the caller decides where output goes (atomically).
#pragma once
#include <cstdint>
#include <future>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ingest/layout.h"
#include "model/diagnostic.h"
#include "page/page.h"
#include "pdf/font_embed.h"
#include "pdf/pdf.h"

namespace satzwerk::batch {

// Fonts, hyphenation patterns: loaded once per process (in parallel), then
// shared read-only. resource_dir holds fonts/ and data/. Throws
// std::runtime_error naming the file.
page::Resources load_resources(const std::string& resource_dir);

// A layout by name (layouts/NAME.xml below resource_dir) or by file path
// (anything with a '/' or ending in .xml), optionally with ":MASTER" to pick a
// master page: "druckversion", "ausgabe:zweispaltig", "my/layout.xml".
// Fonts it names are checked against res.
ingest::LayoutResult load_layout(const std::string& resource_dir, const std::string& name_or_file,
                                 const page::Resources& res);

// The ICC profiles in data/icc/: the FOGRA39 output intent of print and archive
// PDFs, and sRGB for RGB images. Throws std::runtime_error naming a missing file.
struct IccProfiles {
  std::shared_ptr<const std::string> output, srgb;
  std::shared_ptr<const std::string> output_deflated, srgb_deflated;  // compressed once for all documents
};
IccProfiles load_icc_profiles(const std::string& resource_dir);

// load_icc_profiles on a thread of its own, to overlap with load_resources.
std::future<IccProfiles> load_icc_profiles_async(const std::string& resource_dir);

struct JobOptions {
  int64_t creation_time = 0;       // seconds since 1970; SOURCE_DATE_EPOCH in reproducible runs
  std::string tool_version = "0";  // part of every document digest
  std::shared_ptr<const model::Layout> layout;  // required: the Druckversion layout
  pdf::Profile profile = pdf::Profile::None;    // X4 and A2uUa1 need icc.output
  IccProfiles icc;
  bool trace = false;  // also give page::layout_trace of the document
  std::string media_root;  // images only from inside this folder ("" = the article's folder)
  // Font faces prepared for subsetting, shared by every document made with
  // copies of these options (see pdf::SubsetFaces).
  std::shared_ptr<pdf::SubsetFaces> subset_faces = std::make_shared<pdf::SubsetFaces>();
};

// The last steps of every document: its warnings, trace, the page limit
// (SATZWERK_MAX_PAGES), a digest of its inputs for the document ID, the PDF.
struct Written {
  std::optional<model::Diagnostic> error;
  std::vector<model::Diagnostic> warnings;
  std::string pdf, trace;
  int pages = 0;
};
Written write_document(page::Document doc, const std::string& file, std::string_view digest_input,
                       const JobOptions& opt);

struct ArticleResult {
  std::optional<model::Diagnostic> error;   // set when the article could not be made
  std::vector<model::Diagnostic> warnings;
  std::string pdf;                          // the PDF bytes on success
  int pages = 0;
  std::string trace;                        // with JobOptions::trace
};

// Reads, typesets and writes one NITF article as a Druckversion PDF (in memory).
ArticleResult render_article(const std::string& path, const page::Resources& res, shape::ShapeCache& cache,
                             const JobOptions& opt);

struct IssueResult {
  std::vector<model::Diagnostic> errors;    // bad manifest entries and unreadable articles
  std::vector<model::Diagnostic> warnings;
  std::string pdf;                          // empty when errors stop the issue
  int pages = 0;
  std::string trace;
};

// Builds the compiled issue of a manifest (JobOptions::layout: the issue
// layout). Any error stops it, unless keep_going: then the issue is built
// without the bad entries and the errors are still listed.
IssueResult render_issue(const std::string& manifest, const page::Resources& res, shape::ShapeCache& cache,
                         const JobOptions& opt, bool keep_going);

// Hex SHA-256 of bytes.
std::string sha256_hex(std::string_view bytes);
// Hex SHA-256 of prefix followed by the file's bytes, read in small pieces (no
// copy of a large file in memory); nullopt when the file cannot be read.
std::optional<std::string> sha256_file_hex(const std::string& path, std::string_view prefix = {});

}  // namespace satzwerk::batch
