// batch/: incremental builds. An output is rebuilt only when something that
// goes into it changed. What goes in is summed up in a build key (SHA-256 over
// named parts); the key of the last successful build is kept beside the
// output, in OUTDIR/.satzwerk/NAME.state (one small file per output, so
// shards writing into one folder never contend for a shared state file).
#pragma once
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace satzwerk::batch {

// Named parts of a build key. The order parts are added in does not matter:
// the key sorts them. Today's parts: "tool" (version and executable digest),
// "resources" (fonts/, data/, layouts/ under the resource folder), "settings"
// (e.g. a fixed SOURCE_DATE_EPOCH), "input" (the article's bytes) and
// "image:SOURCE" (each image the article references). A layout chosen on the
// command line is one more part ("layout").
class BuildKey {
 public:
  void add(std::string name, std::string value_digest);
  std::string hex() const;  // SHA-256 of the sorted "name=digest" lines

 private:
  std::vector<std::pair<std::string, std::string>> parts_;
};

// SHA-256 over all regular files below the given folders of dir (relative
// path and contents, sorted bytewise); a missing folder counts as empty.
// Throws std::runtime_error naming a file that cannot be read.
std::string fingerprint_folders(const std::string& dir, const std::vector<std::string>& folders);

// What the last successful build of an output left behind.
struct OutputState {
  std::string key;                    // BuildKey::hex()
  long long pdf_size = 0;             // bytes of the PDF it wrote
  int pages = 0;
  bool preview = false;               // a PNG preview was written too
  std::vector<std::string> warnings;  // the article's warnings, for the report of a later run
};

// The state file of output name in out_dir.
std::string state_path(const std::string& out_dir, const std::string& name);
std::string state_folder(const std::string& out_dir);

std::string format_state(const OutputState& s);
std::optional<OutputState> parse_state(const std::string& text);
std::optional<OutputState> read_state(const std::string& path);

}  // namespace satzwerk::batch
