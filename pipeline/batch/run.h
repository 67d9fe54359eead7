// batch/: production of many articles. Renders a list of inputs into one
// output folder with a pool of threads that share the loaded resources
// (read-only) and a shaping cache; skips outputs that are up to date
// (state.h); writes every file atomically (files.h); one bad input never stops
// the others. Results come back in input order, whatever order threads finish in.
#pragma once
#include <atomic>
#include <cstddef>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "batch/inputs.h"
#include "batch/job.h"

namespace satzwerk::batch {

struct BatchOptions {
  std::string out_dir;
  unsigned jobs = 0;            // threads; 0 = all cores (std::thread::hardware_concurrency)
  bool force = false;           // rebuild even what is up to date
  bool sync = false;            // flush the output's file system (syncfs) before returning
  bool preview = false;         // also write NAME.png, the first page (needs poppler)
  double preview_dpi = 60;
  bool shared_shape_cache = true;  // one cache for all threads (else one per thread)
  JobOptions job;         // articles: the Druckversion layout and profile
  JobOptions issue_job;   // issue manifests: the issue layout and profile
  // Build-key parts common to every output (see state.h): "tool", "resources",
  // "settings" …, each a digest. The runner adds "input" and "image:…" per article.
  std::vector<std::pair<std::string, std::string>> key_parts;
  const std::atomic<bool>* stop = nullptr;  // when set to true: start no further input
};

enum class Status { Built, UpToDate, Failed, NotRun };
const char* status_name(Status s);  // "built", "up-to-date", "failed", "not-run"

struct ItemResult {
  std::string input;    // the input path as given
  std::string output;   // the PDF's path (out_dir/name)
  std::string preview;  // the PNG's path when one was asked for
  Status status = Status::NotRun;
  int pages = 0;
  double seconds = 0;   // wall time spent on this item
  std::vector<std::string> warnings;  // "FILE:LINE: message"
  std::string error;                  // "FILE:LINE: message" when failed
};

struct BatchResult {
  std::vector<ItemResult> items;  // in input order
  double seconds = 0;
  unsigned threads = 0;
  std::size_t built = 0, up_to_date = 0, failed = 0, not_run = 0;
};

// Called once per finished item (from worker threads, one call at a time):
// the item's index in inputs, and its result.
using Progress = std::function<void(std::size_t index, const ItemResult& item)>;

// Renders inputs[i] into out_dir/names[i] (names from output_names()). Creates
// out_dir, removes temporary files a killed run left for these names, and
// throws std::runtime_error only when out_dir cannot be made.
BatchResult run_batch(const std::vector<Input>& inputs, const std::vector<std::string>& names,
                      const page::Resources& resources, const BatchOptions& opt, const Progress& progress = {});

}  // namespace satzwerk::batch
