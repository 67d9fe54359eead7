// Benchmark of the paragraph stage on the corpus (not a test): paragraphs/s
// and lines/s of paragraph::compose() in one thread, and — given the satzwerk
// binary — the share of a whole article's time that composing its paragraphs
// takes.
//
//   bench_paragraph CORPUS_DIR [SATZWERK_BINARY] [--repeat N]
//
// Each article's headline-less text (abstract and body paragraphs, normalised
// like the page stage does) is composed in the Druckversion body style: Linux
// Libertine 10 pt, 150 mm measure, 1 em indent, justified and hyphenated. Every
// article starts with an empty shape cache, as one run of `satzwerk article`
// does, so shaping and hyphenation are included: the figure is the whole
// paragraph stage, an upper bound of the line breaking alone. The NITF is read
// with tinyxml2 here rather than the ingest stage, so that the benchmark
// depends only on the stages it measures.
#include <tinyxml2.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <unistd.h>
#include <string>
#include <vector>

#include "paragraph/compose.h"
#include "text/hyphenate.h"
#include "text/normalize.h"

namespace fs = std::filesystem;
using namespace satzwerk;
using Clock = std::chrono::steady_clock;

namespace {

// Whitespace-collapsed text of an element and its descendants.
std::string text_of(const tinyxml2::XMLNode* n) {
  std::string out;
  for (const tinyxml2::XMLNode* c = n->FirstChild(); c; c = c->NextSibling()) {
    if (c->ToText())
      out += c->Value();
    else
      out += text_of(c);
  }
  return out;
}

std::string collapse(const std::string& s) {
  std::string out;
  bool space = false;
  for (char c : s) {
    if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
      space = !out.empty();
    } else {
      if (space) out += ' ';
      space = false;
      out += c;
    }
  }
  return out;
}

// Finds descendants named `name` in document order.
void collect(const tinyxml2::XMLElement* e, const char* name, std::vector<const tinyxml2::XMLElement*>& out) {
  for (const tinyxml2::XMLElement* c = e->FirstChildElement(); c; c = c->NextSiblingElement()) {
    if (std::string(c->Name()) == name) out.push_back(c);
    collect(c, name, out);
  }
}

struct Article {
  std::string path;
  std::vector<std::string> paragraphs;  // normalised
};

Article load(const fs::path& path) {
  Article a{path.string(), {}};
  tinyxml2::XMLDocument doc;
  if (doc.LoadFile(path.c_str()) != tinyxml2::XML_SUCCESS || !doc.RootElement()) return a;
  const char* lang = doc.RootElement()->Attribute("xml:lang");
  text::NormalizeOptions opt;
  opt.region = text::region_from_lang(lang ? lang : "de-DE");
  opt.quotes = text::default_quotes(opt.region);
  const tinyxml2::XMLElement* body = doc.RootElement()->FirstChildElement("body");
  if (!body) return a;
  std::vector<const tinyxml2::XMLElement*> ps;
  if (const auto* head = body->FirstChildElement("body.head"))
    if (const auto* abs = head->FirstChildElement("abstract")) collect(abs, "p", ps);
  if (const auto* content = body->FirstChildElement("body.content")) collect(content, "p", ps);
  for (const auto* p : ps) {
    std::string t = collapse(text_of(p));
    if (!t.empty()) a.paragraphs.push_back(text::normalize(t, opt));
  }
  return a;
}

double seconds(Clock::duration d) { return std::chrono::duration<double>(d).count(); }

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s CORPUS_DIR [SATZWERK_BINARY] [--repeat N]\n", argv[0]);
    return 2;
  }
  const fs::path corpus = argv[1];
  std::string tool;
  int repeat = 5;
  for (int i = 2; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--repeat" && i + 1 < argc)
      repeat = std::max(1, std::atoi(argv[++i]));
    else
      tool = arg;
  }
  const std::string home = SATZWERK_SOURCE_DIR;
  const auto font = shape::Font::load(home + "/fonts/LinLibertine_R.otf");
  const auto hyphenator = text::Hyphenator::load(home + "/data/hyphenation");

  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(corpus))
    if (e.path().extension() == ".xml") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  std::vector<Article> articles;
  for (const auto& f : files) articles.push_back(load(f));

  paragraph::ParagraphStyle style;
  style.measure = 150 * 72 / 25.4;
  const paragraph::TextStyle roman{font.get(), 10, {"kern", "liga"}};

  // Best of `repeat` runs over the corpus (the least disturbed by other load).
  double best = 1e300;
  std::size_t paragraphs = 0, lines = 0;
  std::vector<double> per_article(articles.size(), 1e300);
  for (int r = 0; r < repeat; ++r) {
    paragraphs = lines = 0;
    const auto t0 = Clock::now();
    for (std::size_t i = 0; i < articles.size(); ++i) {
      const auto a0 = Clock::now();
      shape::ShapeCache cache;  // cold, as in one `satzwerk article` run
      for (std::size_t k = 0; k < articles[i].paragraphs.size(); ++k) {
        style.first_indent = k == 0 ? 0 : 10;
        lines += paragraph::compose({{articles[i].paragraphs[k], roman, {}}}, style, cache, &hyphenator).size();
        ++paragraphs;
      }
      per_article[i] = std::min(per_article[i], seconds(Clock::now() - a0));
    }
    best = std::min(best, seconds(Clock::now() - t0));
  }
  std::printf("articles %zu, paragraphs %zu, lines %zu (best of %d runs, one thread)\n", articles.size(),
              paragraphs, lines, repeat);
  std::printf("compose: %.3f s total, %.0f paragraphs/s, %.0f lines/s, %.2f ms per article\n", best,
              static_cast<double>(paragraphs) / best, static_cast<double>(lines) / best,
              1000 * best / static_cast<double>(articles.size()));

  if (!tool.empty()) {
    // Whole articles, one process each as the command line runs today; the
    // best of `repeat` runs per article.
    const fs::path out = fs::temp_directory_path() / ("bench_paragraph_" + std::to_string(::getpid()) + ".pdf");
    double total = 0, compose_total = 0;
    for (std::size_t i = 0; i < articles.size(); ++i) {
      double t = 1e300;
      for (int r = 0; r < repeat; ++r) {
        const std::string cmd = "'" + tool + "' article '" + articles[i].path + "' -o '" + out.string() + "'";
        const auto a0 = Clock::now();
        if (std::system(cmd.c_str()) != 0) {
          std::fprintf(stderr, "failed: %s\n", cmd.c_str());
          return 1;
        }
        t = std::min(t, seconds(Clock::now() - a0));
      }
      total += t;
      compose_total += per_article[i];
    }
    fs::remove(out);
    std::printf("satzwerk article: %.3f s total, %.2f ms per article (process start and font loading included)\n",
                total, 1000 * total / static_cast<double>(articles.size()));
    std::printf("paragraph stage share of article time: %.1f %%\n", 100 * compose_total / total);
  }
  return 0;
}
