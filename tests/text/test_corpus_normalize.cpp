// Runs text::normalize over the text of the shared NITF corpus and checks
// properties that must hold for any news text: no straight double quote and
// no " - " survives outside URLs and e-mail addresses, and the result is
// stable (N1). The expected typography of single examples is tested in
// test_normalize.cpp; this test guards against surprises in real text.
#include <doctest/doctest.h>

#include "text/normalize.h"
#include "text/utf8.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace {

namespace fs = std::filesystem;

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// Crude XML text extraction, enough for the corpus: tags inside the element
// (<a>, <em>) are dropped, their text is kept; the five predefined entities
// and numeric character references are resolved.
std::string unescape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '&') {
      out.push_back(s[i]);
      continue;
    }
    const std::size_t semi = s.find(';', i);
    if (semi == std::string_view::npos) {
      out.push_back(s[i]);
      continue;
    }
    const std::string_view name = s.substr(i + 1, semi - i - 1);
    if (name == "amp") out += '&';
    else if (name == "lt") out += '<';
    else if (name == "gt") out += '>';
    else if (name == "quot") out += '"';
    else if (name == "apos") out += '\'';
    else if (name.size() > 1 && name[0] == '#') {
      const bool hex = name[1] == 'x' || name[1] == 'X';
      const std::string digits(name.substr(hex ? 2 : 1));
      satzwerk::utf8::append(out, static_cast<char32_t>(std::stoul(digits, nullptr, hex ? 16 : 10)));
    } else {
      out.append(s.substr(i, semi - i + 1));
    }
    i = semi;
  }
  return out;
}

std::string strip_tags(std::string_view s) {
  std::string out;
  bool in_tag = false;
  for (const char c : s) {
    if (c == '<') in_tag = true;
    else if (c == '>') in_tag = false;
    else if (!in_tag) out.push_back(c);
  }
  return out;
}

// Text of every <name> or <name …> element of the document.
void collect_element_texts(std::string_view xml, std::string_view name, std::vector<std::string>& out) {
  const std::string open = "<" + std::string(name);
  const std::string close = "</" + std::string(name) + ">";
  std::size_t pos = 0;
  while ((pos = xml.find(open, pos)) != std::string_view::npos) {
    const std::size_t after_name = pos + open.size();
    if (after_name >= xml.size() || (xml[after_name] != '>' && xml[after_name] != ' ')) {
      pos = after_name;
      continue;
    }
    const std::size_t content = xml.find('>', after_name);
    const std::size_t end = xml.find(close, content);
    if (content == std::string_view::npos || end == std::string_view::npos) break;
    out.push_back(unescape(strip_tags(xml.substr(content + 1, end - content - 1))));
    pos = end + close.size();
  }
}

// URLs and e-mail addresses are protected spans (N0): they keep their
// characters, so the checks skip the white-space separated tokens holding them.
bool is_url_or_email(std::string_view token) {
  return token.find("://") != std::string_view::npos || token.find("www.") != std::string_view::npos ||
         token.find('@') != std::string_view::npos ||
         (token.find('/') != std::string_view::npos && token.find('.') != std::string_view::npos);
}

bool has_straight_quote_outside_spans(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    const std::size_t begin = text.find_first_not_of(" \t\n\r", i);
    if (begin == std::string_view::npos) break;
    std::size_t end = text.find_first_of(" \t\n\r", begin);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view token = text.substr(begin, end - begin);
    if (token.find('"') != std::string_view::npos && !is_url_or_email(token)) return true;
    i = end;
  }
  return false;
}

}  // namespace

TEST_CASE("normalize: NITF corpus") {
  const fs::path dir = fs::path(SATZWERK_SHARED_DIR) / "corpus" / "nitf";
  if (!fs::is_directory(dir)) {
    MESSAGE("corpus folder not found, test skipped: " << dir.string());
    return;
  }
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.is_regular_file() && entry.path().extension() == ".xml") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());  // deterministic order of reports

  std::size_t texts = 0;
  for (const fs::path& file : files) {
    const std::string xml = read_file(file);
    std::vector<std::string> elements;
    for (const std::string_view name : {"p", "hl1", "hl2", "title", "tagline"}) {
      collect_element_texts(xml, name, elements);
    }
    for (const std::string& text : elements) {
      CAPTURE(file.filename().string());
      CAPTURE(text);
      REQUIRE_FALSE(satzwerk::utf8::decode(text).invalid_at.has_value());
      const std::string once = satzwerk::text::normalize(text);
      CAPTURE(once);
      CHECK_FALSE(has_straight_quote_outside_spans(once));
      CHECK(once.find(" - ") == std::string::npos);
      CHECK(satzwerk::text::normalize(once) == once);
      ++texts;
    }
  }
  MESSAGE("normalised " << texts << " element texts from " << files.size() << " files");
  CHECK(texts > 0);
}
