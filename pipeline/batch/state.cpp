#include "batch/state.h"

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <stdexcept>

#include "batch/files.h"
#include "batch/job.h"

namespace satzwerk::batch {

namespace fs = std::filesystem;

namespace {
constexpr const char* kMagic = "satzwerk-state 1";

// Keeps a value on one line.
std::string one_line(const std::string& s) {
  std::string out = s;
  std::replace(out.begin(), out.end(), '\n', ' ');
  std::replace(out.begin(), out.end(), '\r', ' ');
  return out;
}
}  // namespace

void BuildKey::add(std::string name, std::string value_digest) {
  parts_.emplace_back(one_line(name), one_line(value_digest));
}

std::string BuildKey::hex() const {
  auto parts = parts_;
  std::sort(parts.begin(), parts.end());
  std::string text = "satzwerk-build-key 1\n";
  for (const auto& [name, value] : parts) text += name + "=" + value + "\n";
  return sha256_hex(text);
}

std::string fingerprint_folders(const std::string& dir, const std::vector<std::string>& folders) {
  std::vector<std::string> files;
  for (const auto& folder : folders) {
    const fs::path root = fs::path(dir) / folder;
    std::error_code ec;
    if (!fs::is_directory(root, ec)) continue;
    for (fs::recursive_directory_iterator it(root, ec), end; !ec && it != end; it.increment(ec))
      if (it->is_regular_file(ec)) files.push_back(it->path().lexically_relative(dir).generic_string());
    if (ec) throw std::runtime_error(root.string() + ": cannot read the folder: " + ec.message());
  }
  std::sort(files.begin(), files.end());
  std::string sums = "satzwerk-resources 1\n";
  for (const auto& rel : files) {
    const auto digest = sha256_file_hex((fs::path(dir) / rel).string());
    if (!digest) throw std::runtime_error((fs::path(dir) / rel).string() + ": cannot read file");
    sums += rel + "\t" + *digest + "\n";
  }
  return sha256_hex(sums);
}

std::string state_folder(const std::string& out_dir) { return (fs::path(out_dir) / ".satzwerk").string(); }

std::string state_path(const std::string& out_dir, const std::string& name) {
  return (fs::path(state_folder(out_dir)) / (name + ".state")).string();
}

std::string format_state(const OutputState& s) {
  std::string t = std::string(kMagic) + "\n";
  t += "key " + s.key + "\n";
  t += "pdf-size " + std::to_string(s.pdf_size) + "\n";
  t += "pages " + std::to_string(s.pages) + "\n";
  t += std::string("preview ") + (s.preview ? "1" : "0") + "\n";
  for (const auto& w : s.warnings) t += "warning " + one_line(w) + "\n";
  return t;
}

std::optional<OutputState> parse_state(const std::string& text) {
  OutputState s;
  std::size_t pos = 0;
  bool first = true, have_key = false;
  while (pos < text.size()) {
    std::size_t eol = text.find('\n', pos);
    if (eol == std::string::npos) return std::nullopt;  // a state file always ends with a newline
    const std::string line = text.substr(pos, eol - pos);
    pos = eol + 1;
    if (first) {
      if (line != kMagic) return std::nullopt;
      first = false;
      continue;
    }
    const auto sp = line.find(' ');
    const std::string field = line.substr(0, sp), value = sp == std::string::npos ? "" : line.substr(sp + 1);
    auto number = [&](auto& v) {
      const auto r = std::from_chars(value.data(), value.data() + value.size(), v);
      return r.ec == std::errc() && r.ptr == value.data() + value.size();
    };
    if (field == "key") {
      s.key = value;
      have_key = !value.empty();
    } else if (field == "pdf-size") {
      if (!number(s.pdf_size)) return std::nullopt;
    } else if (field == "pages") {
      if (!number(s.pages)) return std::nullopt;
    } else if (field == "preview") {
      s.preview = value == "1";
    } else if (field == "warning") {
      s.warnings.push_back(value);
    }  // unknown fields: written by a newer version; ignored
  }
  if (first || !have_key) return std::nullopt;
  return s;
}

std::optional<OutputState> read_state(const std::string& path) {
  std::string text;
  if (!read_file(path, text)) return std::nullopt;
  return parse_state(text);
}

}  // namespace satzwerk::batch
