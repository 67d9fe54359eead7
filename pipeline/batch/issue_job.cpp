#include "batch/job.h"
#include "ingest/manifest.h"
#include "ingest/nitf.h"

namespace satzwerk::batch {

IssueResult render_issue(const std::string& manifest, const page::Resources& res, shape::ShapeCache& cache,
                         const JobOptions& opt, bool keep_going) {
  IssueResult out;
  auto m = ingest::read_manifest_file(manifest);
  out.errors = std::move(m.errors);
  if (!m.issue) return out;
  model::Issue& issue = *m.issue;
  // Every article is read first; one that cannot be read is an error like a bad entry.
  std::string digest_input = ingest::read_source(manifest).bytes;
  std::vector<std::vector<model::Article>> articles(issue.sections.size());
  for (std::size_t s = 0; s < issue.sections.size(); ++s) {
    for (const auto& ref : issue.sections[s].articles) {
      const ingest::Source src = ingest::read_source(ref.path);
      auto parsed = src.error ? ingest::NitfResult{std::nullopt, src.error, {}} : ingest::parse_nitf(src.bytes, ref.path);
      for (auto& w : parsed.warnings) out.warnings.push_back(std::move(w));
      if (parsed.error) {
        out.errors.push_back(*parsed.error);
        continue;
      }
      digest_input += '\0' + src.bytes;
      articles[s].push_back(std::move(*parsed.article));
    }
  }
  if (!out.errors.empty() && !keep_going) return out;
  Written w = write_document(page::typeset_issue(issue, articles, res, cache, *opt.layout), manifest, digest_input, opt);
  for (auto& x : w.warnings) out.warnings.push_back(std::move(x));
  if (w.error) out.errors.push_back(*w.error);
  out.pdf = std::move(w.pdf);
  out.trace = std::move(w.trace);
  out.pages = w.pages;
  return out;
}

}  // namespace satzwerk::batch
