#include "cli/cli.h"

#include <podofo/podofo.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <sys/stat.h>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <future>
#include <iostream>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <vector>

#include "batch/files.h"
#include "batch/job.h"
#include "text/hyphenate.h"
#include "text/normalize.h"
#include "text/utf8.h"

namespace satzwerk::cli {

using batch::write_file_atomically;

namespace fs = std::filesystem;

namespace {

constexpr const char* kUsage =
    "usage: satzwerk article IN.xml -o OUT.pdf [--layout NAME[:MASTER]|FILE] [--profile a2u-ua1|x4|none]\n"
    "                [--trace TRACE.txt] [--media-root DIR]\n"
    "       satzwerk issue MANIFEST.xml -o ISSUE.pdf [--layout NAME[:MASTER]|FILE] [--keep-going]\n"
    "                [--profile x4|a2u-ua1|none] [--trace TRACE.txt]\n"
    "       satzwerk batch INPUT... -o OUTDIR [-j N] [--report F.json] [--junit F.xml] [--shard K/N]\n"
    "                [--force] [--quiet] [--preview] [--sync] [--layout …] [--profile …]\n"
    "       satzwerk normalize [--lang de-DE|de-AT|de-CH] [--quotes german|guillemets|swiss] < IN > OUT\n"
    "       satzwerk hyphenate [--lang de-DE|de-AT|de-CH] < IN > OUT\n"
    "       satzwerk --version\n";

int usage_error(const std::string& msg) {
  std::cerr << "satzwerk: " << msg << "\n" << kUsage;
  return 2;
}

// fonts/, data/ … live in the source tree unless SATZWERK_HOME says otherwise.
std::string resource_dir() {
  if (const char* home = std::getenv("SATZWERK_HOME"); home && *home) return home;
  return SATZWERK_RESOURCE_DIR;
}

text::Hyphenator load_hyphenator() { return text::Hyphenator::load(resource_dir() + "/data/hyphenation"); }

int64_t creation_time() {
  // Reproducible builds: SOURCE_DATE_EPOCH fixes every date the PDF carries.
  if (const char* e = std::getenv("SOURCE_DATE_EPOCH"); e && *e) {
    char* end = nullptr;
    const long long v = std::strtoll(e, &end, 10);
    if (end && *end == '\0' && v >= 0) return v;
    std::cerr << "satzwerk: warning: SOURCE_DATE_EPOCH=\"" << e << "\" is not a number of seconds; ignored\n";
  }
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

std::string read_stdin_or_fail(int& status) {
  std::ostringstream ss;
  ss << std::cin.rdbuf();
  std::string in = ss.str();
  const std::size_t ok = utf8::valid_prefix(in);
  if (ok != in.size()) {
    // Line number of the bad byte, counted like an editor does.
    const int line = 1 + static_cast<int>(std::count(in.begin(), in.begin() + static_cast<long>(ok), '\n'));
    std::cerr << "<stdin>:" << line << ": invalid UTF-8 at byte " << ok << "\n";
    status = 2;
  }
  return in;
}

bool parse_lang(const std::vector<std::string>& args, std::size_t& i, text::NormalizeOptions& opt, bool& lang_set) {
  if (args[i] == "--lang" && i + 1 < args.size()) {
    opt.region = text::region_from_lang(args[++i]);
    lang_set = true;
    return true;
  }
  return false;
}

int cmd_normalize(const std::vector<std::string>& args) {
  text::NormalizeOptions opt;
  bool lang_set = false, quotes_set = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (parse_lang(args, i, opt, lang_set)) continue;
    if (args[i] == "--quotes" && i + 1 < args.size()) {
      const std::string q = args[++i];
      if (q == "german") opt.quotes = text::QuoteStyle::German;
      else if (q == "guillemets") opt.quotes = text::QuoteStyle::Guillemets;
      else if (q == "swiss") opt.quotes = text::QuoteStyle::Swiss;
      else return usage_error("unknown --quotes value \"" + q + "\"");
      quotes_set = true;
      continue;
    }
    return usage_error("unknown argument \"" + args[i] + "\" for normalize");
  }
  if (lang_set && !quotes_set) opt.quotes = text::default_quotes(opt.region);
  int status = 0;
  const std::string in = read_stdin_or_fail(status);
  if (status) return status;
  std::cout << text::normalize(in, opt);
  return 0;
}

int cmd_hyphenate(const std::vector<std::string>& args) {
  text::NormalizeOptions opt;
  bool lang_set = false;
  for (std::size_t i = 0; i < args.size(); ++i)
    if (!parse_lang(args, i, opt, lang_set)) return usage_error("unknown argument \"" + args[i] + "\" for hyphenate");
  int status = 0;
  const std::string in = read_stdin_or_fail(status);
  if (status) return status;
  const auto hyph = load_hyphenator();
  std::string out;
  std::size_t i = 0;
  while (i < in.size()) {
    while (i < in.size() && std::isspace(static_cast<unsigned char>(in[i]))) ++i;
    std::size_t j = i;
    while (j < in.size() && !std::isspace(static_cast<unsigned char>(in[j]))) ++j;
    if (j > i) {
      out += hyph.mark(std::string_view(in).substr(i, j - i));
      out += '\n';
    }
    i = j;
  }
  std::cout << out;
  return 0;
}

// What `article` and `issue` share: one input, one PDF, a layout, a profile.
struct DocumentArgs {
  std::string in, out, layout, trace, media_root;
  pdf::Profile profile = pdf::Profile::None;
  bool keep_going = false;
};

// Parses the arguments of `article` (issue = false) or `issue`; nullopt on a
// usage error, which it has reported.
std::optional<DocumentArgs> parse_document_args(const std::vector<std::string>& args, bool issue) {
  auto fail = [](const std::string& msg) {
    usage_error(msg);
    return std::optional<DocumentArgs>();
  };
  DocumentArgs d;
  d.layout = issue ? "ausgabe" : "druckversion";
  // The issue goes to the printer; the Druckversion is archivable and accessible.
  d.profile = issue ? pdf::Profile::X4 : pdf::Profile::A2uUa1;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    const bool has_value = i + 1 < args.size();
    if (a == "-o" && has_value) d.out = args[++i];
    else if (a == "--layout" && has_value) d.layout = args[++i];
    else if (a == "--trace" && has_value) d.trace = args[++i];
    else if (a == "--media-root" && has_value && !issue) d.media_root = args[++i];
    else if (a == "--keep-going" && issue) d.keep_going = true;
    else if (a == "--profile" && has_value) {
      const auto p = pdf::parse_profile(args[++i]);
      if (!p) return fail("unknown --profile value \"" + args[i] + "\" (a2u-ua1, x4 or none)");
      d.profile = *p;
    } else if (!a.empty() && a[0] == '-') {
      return fail("unknown option \"" + a + "\"");
    } else if (d.in.empty()) {
      d.in = a;
    } else {
      return fail("more than one input file");
    }
  }
  if (d.in.empty() || d.out.empty())
    return fail(issue ? "issue needs MANIFEST.xml and -o ISSUE.pdf" : "article needs IN.xml and -o OUT.pdf");
  return d;
}

// What one document needs: resources and the job's options (the layout,
// checked against the fonts; ICC profiles; dates). The ICC profiles are
// compressed while the fonts and patterns load.
struct DocumentJob {
  page::Resources resources;
  batch::JobOptions options;
};

std::optional<DocumentJob> document_job(const DocumentArgs& d) {
  auto icc = batch::load_icc_profiles_async(resource_dir());
  DocumentJob job{batch::load_resources(resource_dir()), {}};
  auto layout = batch::load_layout(resource_dir(), d.layout, job.resources);
  if (layout.error) {
    std::cerr << layout.error->str() << "\n";
    return std::nullopt;
  }
  batch::JobOptions& opt = job.options;
  opt.creation_time = creation_time();
  opt.tool_version = SATZWERK_VERSION;
  opt.layout = std::make_shared<const model::Layout>(std::move(*layout.layout));
  opt.trace = !d.trace.empty();
  opt.media_root = d.media_root;
  opt.profile = d.profile;
  opt.icc = icc.get();
  return job;
}

void write_outputs(const DocumentArgs& d, const std::string& pdf, const std::string& trace) {
  write_file_atomically(d.out, pdf);
  if (!d.trace.empty()) write_file_atomically(d.trace, trace);
}

int cmd_article(const std::vector<std::string>& args) {
  const auto d = parse_document_args(args, false);
  if (!d) return 2;
  const auto job = document_job(*d);
  if (!job) return 2;
  shape::ShapeCache cache;
  const auto result = batch::render_article(d->in, job->resources, cache, job->options);
  for (const auto& w : result.warnings) std::cerr << w.str() << " (warning)\n";
  if (result.error) {
    std::cerr << result.error->str() << "\n";
    return 2;
  }
  write_outputs(*d, result.pdf, result.trace);
  return 0;
}

int cmd_issue(const std::vector<std::string>& args) {
  const auto d = parse_document_args(args, true);
  if (!d) return 2;
  const auto job = document_job(*d);
  if (!job) return 2;
  shape::ShapeCache cache;
  const auto result = batch::render_issue(d->in, job->resources, cache, job->options, d->keep_going);
  for (const auto& w : result.warnings) std::cerr << w.str() << " (warning)\n";
  for (const auto& e : result.errors) std::cerr << e.str() << "\n";
  if (result.pdf.empty()) return 2;
  write_outputs(*d, result.pdf, result.trace);
  if (result.errors.empty()) return 0;
  std::cerr << "satzwerk: " << d->out << " was built without the " << result.errors.size() << " entries above\n";
  return 1;
}

}  // namespace

// satzwerk batch: batch_command.cpp.
int cmd_batch(const std::vector<std::string>& args, const std::string& resource_dir, int64_t creation_time);

int run(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty()) return usage_error("no command");
  const std::string cmd = args.front();
  args.erase(args.begin());
  PoDoFo::PdfError::EnableDebug(false);
  PoDoFo::PdfError::EnableLogging(false);
  try {
    if (cmd == "article") return cmd_article(args);
    if (cmd == "issue") return cmd_issue(args);
    if (cmd == "batch") return cmd_batch(args, resource_dir(), creation_time());
    if (cmd == "normalize") return cmd_normalize(args);
    if (cmd == "hyphenate") return cmd_hyphenate(args);
    if (cmd == "--version" || cmd == "version") {
      std::cout << "satzwerk " << SATZWERK_VERSION << "\n";
      return 0;
    }
    if (cmd == "--help" || cmd == "-h" || cmd == "help") {
      std::cout << kUsage;
      return 0;
    }
    return usage_error("unknown command \"" + cmd + "\"");
  } catch (const PoDoFo::PdfError& e) {
    std::cerr << "satzwerk: PDF writer error: " << PoDoFo::PdfError::ErrorMessage(e.GetError()) << "\n";
  } catch (const std::exception& e) {
    std::cerr << "satzwerk: " << e.what() << "\n";
  }
  return 2;
}

}  // namespace satzwerk::cli
