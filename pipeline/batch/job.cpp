#include "batch/job.h"

#include <fcntl.h>
#include <openssl/evp.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <filesystem>
#include <fstream>
#include <future>
#include <iterator>
#include <memory>
#include <stdexcept>

#include "ingest/nitf.h"
#include "text/hyphenate.h"

namespace satzwerk::batch {

namespace {

std::string hex_of(const unsigned char* md, unsigned len) {
  static const char hex[] = "0123456789abcdef";
  std::string out;
  for (unsigned i = 0; i < len; ++i) {
    out += hex[md[i] >> 4];
    out += hex[md[i] & 15];
  }
  return out;
}

}  // namespace

std::string sha256_hex(std::string_view bytes) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned len = 0;
  EVP_Digest(bytes.data(), bytes.size(), md, &len, EVP_sha256(), nullptr);
  return hex_of(md, len);
}

std::optional<std::string> sha256_file_hex(const std::string& path, std::string_view prefix) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return std::nullopt;
  std::unique_ptr<EVP_MD_CTX, void (*)(EVP_MD_CTX*)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  bool ok = ctx && EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr) == 1 &&
            EVP_DigestUpdate(ctx.get(), prefix.data(), prefix.size()) == 1;
  char buf[65536];
  while (ok) {
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      ok = n == 0;
      break;
    }
    ok = EVP_DigestUpdate(ctx.get(), buf, static_cast<std::size_t>(n)) == 1;
  }
  ::close(fd);
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned len = 0;
  if (!ok || EVP_DigestFinal_ex(ctx.get(), md, &len) != 1) return std::nullopt;
  return hex_of(md, len);
}

page::Resources load_resources(const std::string& dir) {
  // The patterns take longest (~5 ms) and need nothing else: they load on a
  // thread of their own while the fonts load here.
  auto hyphenator = std::async(std::launch::async, [&dir] { return text::Hyphenator::load(dir + "/data/hyphenation"); });
  page::Resources r;
  // Every font in fonts/ is loaded once; layouts refer to them by file name.
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::directory_iterator(dir + "/fonts")) {
    const auto ext = e.path().extension().string();
    if (ext == ".otf" || ext == ".ttf") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  for (const auto& f : files) r.fonts[f.filename().string()] = shape::Font::load(f.string());
  r.hyphenator = std::make_shared<const text::Hyphenator>(hyphenator.get());
  return r;
}

IccProfiles load_icc_profiles(const std::string& dir) {
  auto read = [](const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (!in || bytes.empty()) throw std::runtime_error("cannot read ICC profile " + path);
    return std::make_shared<const std::string>(std::move(bytes));
  };
  IccProfiles icc{read(dir + "/data/icc/FOGRA39L-colprof.icc"), read(dir + "/data/icc/sRGB.icc"), nullptr, nullptr};
  icc.output_deflated = std::make_shared<const std::string>(pdf::deflate(*icc.output));
  icc.srgb_deflated = std::make_shared<const std::string>(pdf::deflate(*icc.srgb));
  return icc;
}

std::future<IccProfiles> load_icc_profiles_async(const std::string& dir) {
  return std::async(std::launch::async, [dir] { return load_icc_profiles(dir); });
}

ingest::LayoutResult load_layout(const std::string& dir, const std::string& name_or_file,
                                 const page::Resources& res) {
  std::string name = name_or_file, master;
  if (const auto colon = name.rfind(':'); colon != std::string::npos && colon > 0) {
    master = name.substr(colon + 1);
    name.resize(colon);
  }
  const bool is_file = name.find('/') != std::string::npos || name.ends_with(".xml");
  auto result = ingest::read_layout_file(is_file ? name : dir + "/layouts/" + name + ".xml", master);
  if (result.layout)
    if (auto err = page::check_fonts(*result.layout, res)) {
      result.error = err;
      result.layout.reset();
    }
  return result;
}

namespace {

pdf::Options pdf_options(const JobOptions& opt) {
  pdf::Options po;
  po.creation_time = opt.creation_time;
  po.producer_version = opt.tool_version;
  po.profile = opt.profile;
  po.output_profile = opt.icc.output;
  po.srgb_profile = opt.icc.srgb;
  po.output_profile_deflated = opt.icc.output_deflated;
  po.srgb_profile_deflated = opt.icc.srgb_deflated;
  po.subset_faces = opt.subset_faces;
  return po;
}

}  // namespace

Written write_document(page::Document doc, const std::string& file, std::string_view digest_input,
                       const JobOptions& opt) {
  Written w;
  w.warnings = std::move(doc.warnings);
  if (opt.trace) w.trace = page::layout_trace(doc);
  const int limit = ingest::Limits::from_env().max_pages;
  if (static_cast<int>(doc.pages.size()) > limit) {
    w.error = model::Diagnostic{file, 0, "document has " + std::to_string(doc.pages.size()) +
                                             " pages, more than the limit of " + std::to_string(limit) +
                                             " (SATZWERK_MAX_PAGES)"};
    return w;
  }
  // The digest makes the document ID unique per input and tool version, yet reproducible.
  doc.info.digest = sha256_hex(std::string(digest_input) + '\0' + opt.tool_version).substr(0, 32);
  w.pdf = pdf::write_pdf(doc, pdf_options(opt));
  w.pages = static_cast<int>(doc.pages.size());
  return w;
}

ArticleResult render_article(const std::string& path, const page::Resources& res, shape::ShapeCache& cache,
                             const JobOptions& opt) {
  ArticleResult out;
  const ingest::Source src = ingest::read_source(path);
  if (src.error) {
    out.error = src.error;
    return out;
  }
  auto parsed = ingest::parse_nitf(src.bytes, path);
  out.warnings = std::move(parsed.warnings);
  if (parsed.error) {
    out.error = parsed.error;
    return out;
  }
  Written w = write_document(page::typeset_article(*parsed.article, res, cache, *opt.layout, opt.media_root), path,
                             src.bytes, opt);
  for (auto& x : w.warnings) out.warnings.push_back(std::move(x));
  out.error = std::move(w.error);
  out.pdf = std::move(w.pdf);
  out.trace = std::move(w.trace);
  out.pages = w.pages;
  return out;
}

}  // namespace satzwerk::batch
