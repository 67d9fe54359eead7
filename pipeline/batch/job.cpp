#include "batch/job.h"

#include <openssl/evp.h>

#include "ingest/nitf.h"
#include "text/hyphenate.h"

namespace satzwerk::batch {

std::string sha256_hex(std::string_view bytes) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned len = 0;
  EVP_Digest(bytes.data(), bytes.size(), md, &len, EVP_sha256(), nullptr);
  static const char hex[] = "0123456789abcdef";
  std::string out;
  for (unsigned i = 0; i < len; ++i) {
    out += hex[md[i] >> 4];
    out += hex[md[i] & 15];
  }
  return out;
}

page::Resources load_resources(const std::string& dir) {
  page::Resources r;
  r.fonts = page::FontSet::load(dir + "/fonts");
  r.hyphenator = std::make_shared<const text::Hyphenator>(text::Hyphenator::load(dir + "/data/hyphenation"));
  return r;
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
  page::Document doc = page::typeset_article(*parsed.article, res, cache);
  // The digest makes the document ID unique per input and tool version, yet reproducible.
  doc.info.digest = sha256_hex(src.bytes + '\0' + opt.tool_version).substr(0, 32);
  pdf::Options po;
  po.creation_time = opt.creation_time;
  po.producer_version = opt.tool_version;
  out.pdf = pdf::write_pdf(doc, po);
  out.pages = static_cast<int>(doc.pages.size());
  return out;
}

}  // namespace satzwerk::batch
