#include "batch/run.h"

#include "ingest/manifest.h"

#include <chrono>
#include <exception>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include "batch/files.h"
#include "batch/preview.h"
#include "batch/state.h"
#include "ingest/nitf.h"

namespace satzwerk::batch {

namespace fs = std::filesystem;

const char* status_name(Status s) {
  switch (s) {
    case Status::Built: return "built";
    case Status::UpToDate: return "up-to-date";
    case Status::Failed: return "failed";
    case Status::NotRun: break;
  }
  return "not-run";
}

namespace {

using Clock = std::chrono::steady_clock;

double since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

std::string png_name(const std::string& pdf_name) {
  return pdf_name.substr(0, pdf_name.size() - 4) + ".png";
}

// Images an article references go into its key. Only articles that mention
// <media> are parsed here; the others cost one search.
// A manifest's output depends on every file it lists.
void add_manifest_parts(BuildKey& key, const std::string& path) {
  const auto m = ingest::read_manifest_file(path);
  if (!m.issue) return;
  std::string data;
  auto add = [&](const std::string& name, const std::string& file) {
    key.add(name, read_file(file, data) ? sha256_hex(data) : "missing");
  };
  for (const auto& s : m.issue->sections)
    for (const auto& a : s.articles) add("article:" + a.href, a.path);
  for (const auto& a : m.issue->ads) add("ad:" + a.href, a.path);
}

void add_image_parts(BuildKey& key, const std::string& path, const std::string& bytes) {
  if (bytes.find("<media") == std::string::npos) return;
  const auto parsed = ingest::parse_nitf(bytes, path);
  if (!parsed.article) return;
  std::string data;
  for (const auto& b : parsed.article->blocks) {
    if (b.kind != model::Block::Kind::Figure || b.media_source.empty()) continue;
    const auto file = ingest::resolve_media(path, b.media_source);
    key.add("image:" + b.media_source, file && read_file(*file, data) ? sha256_hex(data) : "missing");
  }
}

// An issue as one batch item: its errors (all of them) make the item fail.
ArticleResult render_manifest(const std::string& path, const page::Resources& res, shape::ShapeCache& cache,
                              const JobOptions& opt) {
  IssueResult r = render_issue(path, res, cache, opt, false);
  ArticleResult out;
  out.warnings = std::move(r.warnings);
  if (!r.errors.empty() || r.pdf.empty()) {
    std::string all;
    for (const auto& e : r.errors) all += (all.empty() ? "" : "; ") + e.message;
    out.error = model::Diagnostic{r.errors.empty() ? path : r.errors.front().file,
                                  r.errors.empty() ? 0 : r.errors.front().line,
                                  r.errors.empty() ? "the issue could not be built" : all};
    return out;
  }
  out.pdf = std::move(r.pdf);
  out.pages = r.pages;
  return out;
}

bool up_to_date(const OutputState& st, const std::string& key, const std::string& pdf, const std::string& png,
                bool want_preview) {
  if (st.key != key) return false;
  std::error_code ec;
  const auto size = fs::file_size(pdf, ec);
  if (ec || static_cast<long long>(size) != st.pdf_size) return false;
  if (want_preview && (!st.preview || !fs::is_regular_file(png, ec))) return false;
  return true;
}

}  // namespace

BatchResult run_batch(const std::vector<Input>& inputs, const std::vector<std::string>& names,
                      const page::Resources& resources, const BatchOptions& opt, const Progress& progress) {
  const auto t0 = Clock::now();
  BatchResult result;
  result.items.resize(inputs.size());
  fs::create_directories(opt.out_dir);
  fs::create_directories(state_folder(opt.out_dir));
  {
    std::vector<std::string> targets;
    for (const auto& n : names) {
      targets.push_back(n);
      targets.push_back(png_name(n));
    }
    remove_stale_temps(opt.out_dir, targets);
    std::vector<std::string> states;
    for (const auto& n : names) states.push_back(n + ".state");
    remove_stale_temps(state_folder(opt.out_dir), states);
  }
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    auto& item = result.items[i];
    item.input = inputs[i].path;
    item.output = (fs::path(opt.out_dir) / names[i]).string();
    if (opt.preview) item.preview = (fs::path(opt.out_dir) / png_name(names[i])).string();
  }

  unsigned threads = opt.jobs ? opt.jobs : std::thread::hardware_concurrency();
  if (threads == 0) threads = 1;
  if (threads > inputs.size()) threads = static_cast<unsigned>(std::max<std::size_t>(inputs.size(), 1));
  result.threads = threads;

  shape::ShapeCache shared_cache;
  std::atomic<std::size_t> next{0};
  std::mutex progress_mutex;

  auto process = [&](std::size_t i, shape::ShapeCache& cache) {
    auto& item = result.items[i];
    const auto t_item = Clock::now();
    const std::string spath = state_path(opt.out_dir, names[i]);
    try {
      BuildKey key;
      for (const auto& [name, digest] : opt.key_parts) key.add(name, digest);
      std::string bytes;
      std::string key_hex;  // empty: the input cannot be read; render_article says why
      if (read_file(item.input, bytes)) {
        key.add("input", sha256_hex(bytes));
        if (inputs[i].kind == InputKind::Manifest) add_manifest_parts(key, item.input);
        else add_image_parts(key, item.input, bytes);
        key_hex = key.hex();
      }
      if (!opt.force && !key_hex.empty()) {
        if (auto st = read_state(spath); st && up_to_date(*st, key_hex, item.output, item.preview, opt.preview)) {
          item.status = Status::UpToDate;
          item.pages = st->pages;
          item.warnings = std::move(st->warnings);
          item.seconds = since(t_item);
          return;
        }
      }
      ArticleResult r = inputs[i].kind == InputKind::Manifest ? render_manifest(item.input, resources, cache, opt.issue_job)
                                                              : render_article(item.input, resources, cache, opt.job);
      for (const auto& w : r.warnings) item.warnings.push_back(w.str());
      if (r.error) {
        item.status = Status::Failed;
        item.error = r.error->str();
        std::error_code ec;
        fs::remove(spath, ec);  // an older output stays, but is never taken as up to date
      } else {
        write_file_atomically(item.output, r.pdf, Sync::No);
        if (opt.preview) write_preview(r.pdf, item.preview, opt.preview_dpi);
        item.pages = r.pages;
        item.status = Status::Built;
        if (!key_hex.empty()) {
          OutputState st;
          st.key = key_hex;
          st.pdf_size = static_cast<long long>(r.pdf.size());
          st.pages = r.pages;
          st.preview = opt.preview;
          st.warnings = item.warnings;
          write_file_atomically(spath, format_state(st), Sync::No);
        }
      }
    } catch (const std::exception& e) {
      item.status = Status::Failed;
      item.error = item.input + ":0: " + e.what();
      std::error_code ec;
      fs::remove(spath, ec);
    } catch (...) {
      item.status = Status::Failed;
      item.error = item.input + ":0: unexpected error";
      std::error_code ec;
      fs::remove(spath, ec);
    }
    item.seconds = since(t_item);
  };

  auto worker = [&]() {
    std::optional<shape::ShapeCache> own;
    if (!opt.shared_shape_cache) own.emplace();
    shape::ShapeCache& cache = opt.shared_shape_cache ? shared_cache : *own;
    for (;;) {
      if (opt.stop && opt.stop->load()) return;
      const std::size_t i = next.fetch_add(1);
      if (i >= inputs.size()) return;
      process(i, cache);
      if (progress) {
        std::lock_guard lock(progress_mutex);
        progress(i, result.items[i]);
      }
    }
  };

  if (threads == 1) {
    worker();
  } else {
    std::vector<std::thread> pool;
    pool.reserve(threads);
    for (unsigned t = 0; t < threads; ++t) pool.emplace_back(worker);
    for (auto& t : pool) t.join();
  }
  // On request one flush for the whole batch instead of an fsync per file. Not
  // by default: syncfs also waits for every other writer on that file system,
  // and a PDF a power cut lost is rebuilt anyway (its state records its size).
  if (opt.sync) sync_folder(opt.out_dir);

  for (const auto& item : result.items) {
    switch (item.status) {
      case Status::Built: ++result.built; break;
      case Status::UpToDate: ++result.up_to_date; break;
      case Status::Failed: ++result.failed; break;
      case Status::NotRun: ++result.not_run; break;
    }
  }
  result.seconds = since(t0);
  return result;
}

}  // namespace satzwerk::batch
