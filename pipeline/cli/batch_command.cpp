// satzwerk batch: many articles into one folder, in parallel, incrementally,
// with progress, reports and shards (docs/batch.md).
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <charconv>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <future>
#include <iostream>
#include <mutex>
#include <string>
#include <vector>

#include "batch/files.h"
#include "pdf/pdf.h"
#include "batch/inputs.h"
#include "batch/job.h"
#include "batch/preview.h"
#include "batch/report.h"
#include "batch/run.h"
#include "batch/state.h"

namespace satzwerk::cli {

namespace fs = std::filesystem;

namespace {

constexpr const char* kBatchUsage =
    "usage: satzwerk batch INPUT... -o OUTDIR [-j N] [--report FILE.json] [--junit FILE.xml]\n"
    "                      [--shard K/N] [--force] [--quiet] [--preview] [--sync]\n"
    "                      [--layout NAME[:MASTER]|FILE] [--profile a2u-ua1|x4|none]\n"
    "  INPUT: NITF files or folders of them (searched recursively for *.xml)\n";

int batch_usage(const std::string& msg) {
  std::cerr << "satzwerk: " << msg << "\n" << kBatchUsage;
  return 2;
}

std::atomic<bool> g_stop{false};
static_assert(std::atomic<bool>::is_always_lock_free);

extern "C" void on_stop_signal(int) { g_stop.store(true); }

void install_stop_handlers() {
  struct sigaction sa {};
  sa.sa_handler = on_stop_signal;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = SA_RESETHAND;  // a second signal ends the process at once
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
}

// Version plus a digest of the running executable: a rebuilt tool with the
// same version number still counts as a different tool.
std::string tool_digest() {
  const std::string version(SATZWERK_VERSION);
  return batch::sha256_file_hex("/proc/self/exe", std::string_view(version.c_str(), version.size() + 1))
      .value_or(batch::sha256_hex(version));
}

std::string format_duration(double s) {
  if (s < 0 || s > 1e7) return "--:--";
  const long t = static_cast<long>(s + 0.5);
  char buf[32];
  if (t >= 3600) std::snprintf(buf, sizeof buf, "%ld:%02ld:%02ld", t / 3600, t / 60 % 60, t % 60);
  else std::snprintf(buf, sizeof buf, "%ld:%02ld", t / 60, t % 60);
  return buf;
}

std::string fixed(double v, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

// Progress on stderr: a bar on a terminal, one line per finished item otherwise.
class Reporter {
 public:
  Reporter(std::size_t total, bool quiet, bool tty) : total_(total), quiet_(quiet), tty_(tty) {}

  void done(const batch::ItemResult& item) {
    ++done_;
    const bool failed = item.status == batch::Status::Failed;
    if (tty_ && bar_shown_ && (failed || !quiet_)) std::cerr << "\r\x1b[K";
    if (failed) std::cerr << item.error << "\n";
    if (quiet_) return;
    if (tty_) {
      const auto now = Clock::now();
      if (done_ == total_ || failed || now - last_draw_ > std::chrono::milliseconds(100) || !bar_shown_) {
        draw(now);
        last_draw_ = now;
      }
      return;
    }
    if (failed) return;
    std::string line = "[" + std::to_string(done_) + "/" + std::to_string(total_) + "] " +
                       batch::status_name(item.status) + " " + item.input + " -> " + item.output + " (" +
                       std::to_string(item.pages) + (item.pages == 1 ? " page, " : " pages, ") +
                       fixed(item.seconds * 1000, 1) + " ms";
    if (!item.warnings.empty()) line += ", " + std::to_string(item.warnings.size()) + " warnings";
    std::cerr << line << ")\n";
  }

  void finish() {
    if (tty_ && bar_shown_) std::cerr << "\n";
  }

 private:
  using Clock = std::chrono::steady_clock;

  void draw(Clock::time_point now) {
    const double elapsed = std::chrono::duration<double>(now - start_).count();
    const double rate = elapsed > 0 ? done_ / elapsed : 0;
    const double eta = rate > 0 ? (total_ - done_) / rate : -1;
    constexpr int kWidth = 30;
    const int filled = total_ ? static_cast<int>(kWidth * done_ / total_) : kWidth;
    std::string bar = "\r[" + std::string(filled, '#') + std::string(kWidth - filled, '-') + "] " +
                      std::to_string(done_) + "/" + std::to_string(total_) + "  " + fixed(rate, 1) +
                      " articles/s  ETA " + format_duration(eta) + "\x1b[K";
    std::cerr << bar << std::flush;
    bar_shown_ = true;
  }

  std::size_t total_, done_ = 0;
  bool quiet_, tty_, bar_shown_ = false;
  Clock::time_point start_ = Clock::now(), last_draw_{};
};

bool parse_count(const std::string& s, unsigned& out) {
  const auto r = std::from_chars(s.data(), s.data() + s.size(), out);
  return r.ec == std::errc() && r.ptr == s.data() + s.size() && out > 0;
}

}  // namespace

int cmd_batch(const std::vector<std::string>& args, const std::string& resource_dir, int64_t creation_time) {
  std::vector<std::string> inputs;
  std::string out_dir, report_path, junit_path;
  batch::Shard shard;
  batch::BatchOptions opt;
  bool quiet = false;
  std::string layout_name = "druckversion";
  pdf::Profile profile = pdf::Profile::A2uUa1;  // as satzwerk article: archivable and accessible
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    auto value = [&](std::string& v) {
      if (i + 1 >= args.size()) return false;
      v = args[++i];
      return true;
    };
    std::string v;
    if (a == "-o" || a == "--output") {
      if (!value(out_dir)) return batch_usage(a + " needs a folder");
    } else if (a == "-j" || a == "--jobs" || (a.size() > 2 && a.rfind("-j", 0) == 0)) {
      if (a.size() > 2 && a[1] == 'j') v = a.substr(2);
      else if (!value(v)) return batch_usage(a + " needs a number");
      if (!parse_count(v, opt.jobs)) return batch_usage("-j needs a whole number ≥ 1, not \"" + v + "\"");
    } else if (a == "--report") {
      if (!value(report_path)) return batch_usage("--report needs a file name");
    } else if (a == "--junit") {
      if (!value(junit_path)) return batch_usage("--junit needs a file name");
    } else if (a == "--shard") {
      if (!value(v)) return batch_usage("--shard needs K/N");
      const auto s = batch::parse_shard(v);
      if (!s) return batch_usage("--shard needs K/N with 1 ≤ K ≤ N, not \"" + v + "\"");
      shard = *s;
    } else if (a == "--layout") {
      if (!value(layout_name)) return batch_usage("--layout needs a name or a file");
    } else if (a == "--profile") {
      if (!value(v)) return batch_usage("--profile needs a2u-ua1, x4 or none");
      const auto p = pdf::parse_profile(v);
      if (!p) return batch_usage("unknown --profile value \"" + v + "\" (a2u-ua1, x4 or none)");
      profile = *p;
    } else if (a == "--shape-cache") {
      if (!value(v) || (v != "shared" && v != "per-thread")) return batch_usage("--shape-cache shared|per-thread");
      opt.shared_shape_cache = v == "shared";
    } else if (a == "--force") {
      opt.force = true;
    } else if (a == "--quiet" || a == "-q") {
      quiet = true;
    } else if (a == "--preview") {
      opt.preview = true;
    } else if (a == "--sync") {
      opt.sync = true;
    } else if (a == "--") {
      inputs.insert(inputs.end(), args.begin() + static_cast<long>(i) + 1, args.end());
      break;
    } else if (!a.empty() && a[0] == '-') {
      return batch_usage("unknown option \"" + a + "\" for batch");
    } else {
      inputs.push_back(a);
    }
  }
  if (inputs.empty()) return batch_usage("batch needs at least one INPUT");
  if (out_dir.empty()) return batch_usage("batch needs -o OUTDIR");
  if (opt.preview && !batch::preview_available())
    return batch_usage("--preview needs poppler-cpp, which this build lacks");
  {
    std::error_code ec;
    if (fs::exists(out_dir, ec) && !fs::is_directory(out_dir, ec))
      return batch_usage("-o " + out_dir + " exists and is not a folder");
  }

  const auto expansion = batch::expand_inputs(inputs);
  for (const auto& w : expansion.warnings) std::cerr << "satzwerk: warning: " << w << "\n";
  const auto all_names = batch::output_names(expansion.inputs);
  std::vector<batch::Input> mine;
  std::vector<std::string> names;
  for (std::size_t i = 0; i < expansion.inputs.size(); ++i)
    if (batch::in_shard(i, shard)) {
      mine.push_back(expansion.inputs[i]);
      names.push_back(all_names[i]);
    }

  // The digests for the build keys need nothing else: they run while the resources load.
  auto resources_digest = std::async(std::launch::async, [&resource_dir] {
    return batch::fingerprint_folders(resource_dir, {"fonts", "data", "layouts"});
  });
  auto icc = batch::load_icc_profiles_async(resource_dir);
  const page::Resources resources = batch::load_resources(resource_dir);
  auto layout = batch::load_layout(resource_dir, layout_name, resources);
  if (layout.error) {
    std::cerr << layout.error->str() << "\n";
    return 2;
  }
  opt.out_dir = out_dir;
  opt.job.creation_time = creation_time;
  opt.job.tool_version = SATZWERK_VERSION;
  opt.job.layout = std::make_shared<const model::Layout>(std::move(*layout.layout));
  opt.job.profile = profile;
  opt.job.icc = icc.get();
  // Issue manifests among the inputs: the issue layout, for the printer.
  auto issue_layout = batch::load_layout(resource_dir, "ausgabe", resources);
  if (issue_layout.error) {
    std::cerr << issue_layout.error->str() << "\n";
    return 2;
  }
  opt.issue_job = opt.job;
  opt.issue_job.layout = std::make_shared<const model::Layout>(std::move(*issue_layout.layout));
  opt.issue_job.profile = pdf::Profile::X4;

  // What every output depends on besides its own input (docs/batch.md, "Incremental").
  const char* epoch = std::getenv("SOURCE_DATE_EPOCH");
  std::string settings = std::string("profile=") + pdf::profile_name(profile) + "\n";
  settings += epoch && *epoch ? "epoch=" + std::to_string(creation_time) + "\n" : "epoch=now\n";
  std::string layout_part = "layout=" + layout_name + "\n";
  // A layout file named on the command line (the same rule as load_layout); named
  // layouts live in layouts/, which the resource fingerprint covers.
  const std::string layout_file = layout_name.substr(0, layout_name.rfind(':'));
  if (std::string bytes; (layout_file.find('/') != std::string::npos || layout_file.ends_with(".xml")) &&
                         batch::read_file(layout_file, bytes))
    layout_part += batch::sha256_hex(bytes);
  opt.key_parts = {
      {"tool", tool_digest()},
      {"resources", resources_digest.get()},
      {"layout", batch::sha256_hex(layout_part)},
      {"settings", batch::sha256_hex(settings)},
  };
  opt.stop = &g_stop;
  install_stop_handlers();

  Reporter reporter(mine.size(), quiet, isatty(STDERR_FILENO) != 0);
  const auto result =
      batch::run_batch(mine, names, resources, opt,
                       [&](std::size_t, const batch::ItemResult& item) { reporter.done(item); });
  reporter.finish();

  batch::ReportInfo info;
  info.tool_version = SATZWERK_VERSION;
  info.shard = shard.str();
  info.inputs_total = expansion.inputs.size();
  info.force = opt.force;
  int status = result.failed || result.not_run ? 1 : 0;
  try {
    if (!report_path.empty()) batch::write_file_atomically(report_path, batch::report_json(result, info));
    if (!junit_path.empty()) batch::write_file_atomically(junit_path, batch::report_junit(result, info));
  } catch (const std::exception& e) {
    std::cerr << "satzwerk: " << e.what() << "\n";
    status = 2;
  }
  if (!quiet) {
    std::cerr << "satzwerk batch: " << result.items.size() << " inputs";
    if (shard.count > 1) std::cerr << " (shard " << shard.str() << " of " << expansion.inputs.size() << ")";
    std::cerr << ": " << result.built << " built, " << result.up_to_date << " up to date, " << result.failed
              << " failed";
    if (result.not_run) std::cerr << ", " << result.not_run << " not run (interrupted)";
    std::cerr << " in " << fixed(result.seconds, 2) << " s with " << result.threads
              << (result.threads == 1 ? " thread (" : " threads (")
              << fixed(result.seconds > 0 ? result.items.size() / result.seconds : 0, 1) << " articles/s)\n";
  }
  return status;
}

}  // namespace satzwerk::cli
