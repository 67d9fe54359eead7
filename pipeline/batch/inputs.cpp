#include "batch/inputs.h"

#include <fstream>

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <map>
#include <set>

#include "batch/job.h"

namespace satzwerk::batch {

namespace fs = std::filesystem;

namespace {

std::string lower_ascii(std::string s) {
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

bool is_xml_name(const std::string& name) {
  return name.size() >= 4 && lower_ascii(name.substr(name.size() - 4)) == ".xml";
}

// The identity used to recognise one file reached twice.
std::string identity(const std::string& path) {
  std::error_code ec;
  const fs::path canon = fs::weakly_canonical(fs::path(path), ec);
  return ec ? fs::path(path).lexically_normal().string() : canon.string();
}

std::string join(const std::string& arg, const std::string& rel) {
  if (arg.empty()) return rel;
  return arg.back() == '/' ? arg + rel : arg + "/" + rel;
}

}  // namespace

InputKind classify_input(const std::string& path) {
  // The root element's name, after the declaration, comments and a DOCTYPE.
  std::ifstream in(path, std::ios::binary);
  std::string head(4096, '\0');
  in.read(head.data(), static_cast<std::streamsize>(head.size()));
  head.resize(static_cast<std::size_t>(in.gcount()));
  for (std::size_t i = head.find('<'); i != std::string::npos; i = head.find('<', i + 1)) {
    const char next = i + 1 < head.size() ? head[i + 1] : '\0';
    if (next == '?' || next == '!') continue;
    return head.compare(i + 1, 5, "issue") == 0 && i + 6 < head.size() &&
                   std::string_view(" \t\r\n>/").find(head[i + 6]) != std::string_view::npos
               ? InputKind::Manifest
               : InputKind::Article;
  }
  return InputKind::Article;
}

Expansion expand_inputs(const std::vector<std::string>& args) {
  Expansion out;
  std::set<std::string> seen;
  auto add = [&](std::string path, std::string rel, std::size_t arg) {
    if (!seen.insert(identity(path)).second) return;
    Input in;
    in.kind = classify_input(path);
    in.path = std::move(path);
    in.rel = std::move(rel);
    in.arg = arg;
    out.inputs.push_back(std::move(in));
  };
  for (std::size_t a = 0; a < args.size(); ++a) {
    const std::string& arg = args[a];
    std::error_code ec;
    if (!fs::is_directory(arg, ec)) {
      add(arg, fs::path(arg).filename().string(), a);
      continue;
    }
    std::vector<std::string> rels;
    const auto opts = fs::directory_options::skip_permission_denied;
    for (fs::recursive_directory_iterator it(arg, opts, ec), end; !ec && it != end; it.increment(ec)) {
      const std::string name = it->path().filename().string();
      if (!name.empty() && name[0] == '.') {
        if (it->is_directory(ec)) it.disable_recursion_pending();
        continue;
      }
      if (!it->is_regular_file(ec) || !is_xml_name(name)) continue;
      rels.push_back(it->path().lexically_relative(arg).generic_string());
    }
    if (ec) out.warnings.push_back(arg + ": cannot read the whole folder: " + ec.message());
    std::sort(rels.begin(), rels.end());  // bytewise, the same everywhere
    if (rels.empty()) out.warnings.push_back(arg + ": folder holds no .xml file");
    for (auto& rel : rels) add(join(arg, rel), rel, a);
  }
  return out;
}

std::vector<std::string> output_names(const std::vector<Input>& inputs) {
  std::vector<std::string> names;
  names.reserve(inputs.size());
  std::map<std::string, int> count;  // by lower-case name
  for (const auto& in : inputs) {
    std::string stem = fs::path(in.rel.empty() ? in.path : in.rel).filename().string();
    if (is_xml_name(stem)) stem.resize(stem.size() - 4);
    if (stem.empty() || stem[0] == '.') stem = "article" + stem;  // never a hidden output
    names.push_back(stem);
    ++count[lower_ascii(stem)];
  }
  std::vector<bool> suffixed(names.size(), false);
  for (std::size_t i = 0; i < names.size(); ++i)
    if (count[lower_ascii(names[i])] > 1) {
      names[i] += "-" + sha256_hex(inputs[i].path).substr(0, 8);
      suffixed[i] = true;
    }
  // A suffixed name may meet a real file of that name: then the longer digest.
  std::map<std::string, int> again;
  for (const auto& n : names) ++again[lower_ascii(n)];
  for (std::size_t i = 0; i < names.size(); ++i)
    if (suffixed[i] && again[lower_ascii(names[i])] > 1)
      names[i] = names[i].substr(0, names[i].size() - 8) + sha256_hex(inputs[i].path).substr(0, 24);
  for (auto& n : names) n += ".pdf";
  return names;
}

std::optional<Shard> parse_shard(std::string_view text) {
  const auto slash = text.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  Shard s;
  const auto k = text.substr(0, slash), n = text.substr(slash + 1);
  auto num = [](std::string_view t, std::size_t& v) {
    if (t.empty()) return false;
    const auto r = std::from_chars(t.data(), t.data() + t.size(), v);
    return r.ec == std::errc() && r.ptr == t.data() + t.size();
  };
  if (!num(k, s.index) || !num(n, s.count) || s.count == 0 || s.index == 0 || s.index > s.count) return std::nullopt;
  return s;
}

bool in_shard(std::size_t i, const Shard& shard) { return i % shard.count == shard.index - 1; }

}  // namespace satzwerk::batch
