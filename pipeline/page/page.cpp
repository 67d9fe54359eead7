#include "page/page.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "page/composer.h"

namespace satzwerk::page {


std::string german_long_date(const model::Date& d) {
  static const char* const months[] = {"Januar", "Februar", "März",     "April",   "Mai",      "Juni",
                                       "Juli",   "August",  "September", "Oktober", "November", "Dezember"};
  if (!d.valid()) return {};
  return std::to_string(d.day) + ". " + months[d.month - 1] + " " + std::to_string(d.year);
}

std::string german_short_date(const model::Date& d) {
  if (!d.valid()) return {};
  return "[" + std::to_string(d.day) + "." + std::to_string(d.month) + "." + std::to_string(d.year) + "]";
}

std::optional<model::Diagnostic> check_fonts(const model::Layout& layout, const Resources& res) {
  for (const auto& [name, fam] : layout.fonts)
    for (const std::string* file : {&fam.regular, &fam.bold, &fam.italic, &fam.bold_italic})
      if (!file->empty() && !res.font(*file))
        return model::Diagnostic{layout.file, fam.line, "font file \"" + *file + "\" of <font name=\"" + name +
                                                            "\"> is not in fonts/"};
  return std::nullopt;
}

const char* role_name(Role r) {
  switch (r) {
    case Role::Artifact: return "artifact";
    case Role::Kicker: return "kicker";
    case Role::Headline: return "headline";
    case Role::Subheadline: return "subheadline";
    case Role::Lead: return "lead";
    case Role::Paragraph: return "paragraph";
    case Role::Heading: return "heading";
    case Role::ListItem: return "list-item";
    case Role::Quote: return "quote";
    case Role::Caption: return "caption";
    case Role::LinkList: return "links";
    case Role::Keywords: return "keywords";
    case Role::Tagline: return "tagline";
  }
  return "?";
}

std::string layout_trace(const Document& doc) {
  std::ostringstream out;
  out.setf(std::ios::fixed);
  out.precision(2);
  for (std::size_t p = 0; p < doc.pages.size(); ++p)
    for (const auto& l : doc.pages[p].lines) {
      const double size = l.line.runs.empty() ? 0 : l.line.runs.back().size;
      out << p + 1 << ' ' << role_name(l.role) << ' ' << l.block << ' ' << l.x << ' ' << l.baseline << ' ' << size
          << ' ' << l.line.width << " |" << l.line.text() << "|\n";
    }
  return out.str();
}

std::string read_head(const std::string& path, std::size_t max) {
  std::ifstream in(path, std::ios::binary);
  std::string s(max, '\0');
  in.read(s.data(), static_cast<std::streamsize>(max));
  s.resize(static_cast<std::size_t>(in.gcount()));
  return s;
}

namespace {

DocumentInfo article_info(const model::Article& a) {
  DocumentInfo i;
  i.title = a.title.empty() ? a.headline : a.title;
  i.author = a.byline;
  i.subject = a.section;
  for (std::size_t k = 0; k < a.keywords.size(); ++k) i.keywords += (k ? ", " : "") + a.keywords[k];
  i.lang = a.lang;
  i.date = a.date;
  return i;
}

}  // namespace

Document typeset_article(const model::Article& article, const Resources& res, shape::ShapeCache& cache,
                         const model::Layout& layout, const std::string& media_root) {
  Composer c(res, cache, layout, media_root);
  c.add_article(article, true);
  c.flow().finish();
  Composer::Fields fields{article.section, article.headline.empty() ? article.title : article.headline, article.url,
                          german_long_date(article.date), ""};
  c.running_heads([&](std::size_t) { return fields; });
  Document doc;
  doc.info = article_info(article);
  doc.pages = std::move(c.pages());
  doc.bleed = layout.bleed;
  doc.warnings = std::move(c.warnings());
  return doc;
}

}  // namespace satzwerk::page
