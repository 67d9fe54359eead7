// Stage ingest/: reads a NITF 3.x article into model::Article.
// Contract: never throws for bad input; a user error comes back as a Diagnostic
// with file and line. Unknown elements keep their text and add one warning each.
// Input may be UTF-8 (with or without BOM), UTF-16 (BOM or <?xml starting the
// file) or, when the XML declaration says so, ISO-8859-1, ISO-8859-15 or
// windows-1252; everything after ingest is valid UTF-8 without control
// characters. No entity is expanded and nothing outside the input is ever read
// (docs/limits.md lists the limits and the hostile-input rules).
// Knows nothing of fonts, layout or PDF.
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/article.h"
#include "model/diagnostic.h"

namespace satzwerk::ingest {

// Limits against hostile or broken input (docs/limits.md). The defaults can be
// changed through environment variables; from_env() reads them (a value that is
// not a positive whole number is ignored and the default stays).
struct Limits {
  std::size_t max_input_bytes = 8u << 20;     // SATZWERK_MAX_INPUT_MB (MiB)
  int max_depth = 100;                        // SATZWERK_MAX_DEPTH, element nesting (tinyxml2 caps it at 100)
  int max_pages = 500;                        // SATZWERK_MAX_PAGES, pages of one document (page/batch stage)
  uint64_t max_image_pixels = 100'000'000;    // SATZWERK_MAX_IMAGE_MPIXELS (megapixels), for image placement
  std::size_t max_warnings = 100;             // further warnings are counted in one last warning
  static Limits from_env();
};

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
// A file larger than limits.max_input_bytes, or one that is not a regular file
// (a device, a FIFO, a folder), is refused without being read.
Source read_source(const std::string& path, const Limits& limits = Limits::from_env());

// Reads and parses the file at path (path is also the name used in messages).
NitfResult read_nitf_file(const std::string& path, const Limits& limits = Limits::from_env());

// Parses NITF held in memory; name is used in messages.
NitfResult parse_nitf(std::string_view xml, const std::string& name, const Limits& limits = Limits::from_env());

// Brings input bytes to UTF-8: BOM or XML declaration decide the encoding (see
// above). Invalid or unsupported input gives a Diagnostic with the line.
struct Decoded {
  std::string utf8;
  std::optional<model::Diagnostic> error;
};
Decoded decode_to_utf8(std::string_view bytes, const std::string& name);

// Whether a media-reference@source may be opened at all: a relative path.
// Refused: empty, absolute (/…, \…, C:…), a URI or other scheme (file:,
// http:, …), "~", control characters. Where it leads is resolve_media's check.
bool safe_media_path(std::string_view source);

// Where an image of the article at article_path really is: the source resolved
// against the article's folder with symbolic links followed. Gives nothing (and
// why, when asked) unless safe_media_path() holds, the file exists, is a regular
// file (no device, FIFO or folder) and lies inside root (default: the
// article's folder; a publisher's media folder beside it is allowed by naming
// their common parent). The stage that places images calls this before it
// opens anything.
std::optional<std::string> resolve_media(const std::string& article_path, std::string_view source,
                                         const std::string& root = "", std::string* why = nullptr);

// Whether a link target is one a PDF may carry (http:, https:, mailto:, www.…);
// the same rule as pdf::safe_uri. Others (javascript:, file:, data:, relative
// paths) are dropped by ingest with a warning, their text kept.
bool safe_link(std::string_view href);

}  // namespace satzwerk::ingest
