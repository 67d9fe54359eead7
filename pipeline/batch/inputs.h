// batch/: what a batch works on. Expands the command line's INPUT arguments
// (files, folders) into an ordered list of inputs, gives each a unique output
// name and picks a shard's share. Everything here is deterministic: the same
// arguments and the same files give the same list, names and shares on every
// machine (no hash-map order, no locale, no clock).
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace satzwerk::batch {

// What an input is: a NITF article, or an issue manifest (one PDF for many
// articles); classify_input() is the one place that decides.
enum class InputKind { Article, Manifest };

struct Input {
  std::string path;     // the file to read, as the user spelled it (argument + relative part)
  std::string rel;      // path relative to its argument (the file name for a file argument)
  std::size_t arg = 0;  // index of the argument it came from
  InputKind kind = InputKind::Article;
};

struct Expansion {
  std::vector<Input> inputs;          // in argument order; a folder's files sorted by relative path
  std::vector<std::string> warnings;  // e.g. a folder without any .xml file
};

// Files are taken as given (a missing or unreadable one becomes a failed item
// later, with the same message `satzwerk article` gives). Folders are searched
// recursively for *.xml (any case), skipping hidden files and folders; their
// files are sorted by relative path (bytewise). A file reached twice (the same
// file by two arguments) is kept once, at its first place.
Expansion expand_inputs(const std::vector<std::string>& args);

// Decides the kind of an input file by its root element: <issue> is a
// manifest, anything else an article (whose job reports a root that is not
// <nitf> as its error).
InputKind classify_input(const std::string& path);

// Output file names, one per input, in the same order: the input's base name
// with extension ".pdf" ("a.xml" → "a.pdf"). Inputs whose names collide (also
// when they differ only in letter case) all get "-" and 8 hex digits of the
// SHA-256 of their path appended ("a-1f2e3d4c.pdf"), so names do not depend on
// input order or on which shard runs.
std::vector<std::string> output_names(const std::vector<Input>& inputs);

// A share of the inputs: K of N, 1-based (K/N on the command line).
struct Shard {
  std::size_t index = 1, count = 1;
  std::string str() const { return std::to_string(index) + "/" + std::to_string(count); }
};

// Parses "K/N" with 1 ≤ K ≤ N; nothing when malformed.
std::optional<Shard> parse_shard(std::string_view text);

// Round robin over the expanded list: input i belongs to shard (i mod N) + 1.
// Shares differ in size by at most one and neighbours (often similar in size)
// go to different shards.
bool in_shard(std::size_t i, const Shard& shard);

}  // namespace satzwerk::batch
