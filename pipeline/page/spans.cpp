#include "page/spans.h"

#include <cctype>
#include <cstring>

#include "text/ligature.h"
#include "text/utf8.h"

namespace satzwerk::page {

using paragraph::Span;

namespace {

constexpr char32_t kRunSeparator = 0xE000;  // private use: marks run boundaries through normalisation

}  // namespace

std::vector<std::string> normalise_runs(const std::vector<std::string>& texts, const text::NormalizeOptions& opt) {
  std::string joined;
  for (std::size_t i = 0; i < texts.size(); ++i) {
    if (i) utf8::append(joined, kRunSeparator);
    joined += texts[i];
  }
  const std::string norm = text::suppress_ligatures(text::normalize(joined, opt));
  std::vector<std::string> out(1);
  std::string sep;
  utf8::append(sep, kRunSeparator);
  for (std::size_t pos = 0;;) {
    const auto next = norm.find(sep, pos);
    out.back() += norm.substr(pos, next == std::string::npos ? std::string::npos : next - pos);
    if (next == std::string::npos) break;
    out.emplace_back();
    pos = next + sep.size();
  }
  if (out.size() != texts.size()) {  // the separator did not survive: fall back to run by run
    out.clear();
    for (const auto& t : texts) out.push_back(text::suppress_ligatures(text::normalize(t, opt)));
  }
  return out;
}

namespace {

bool is_url_char(char c) {
  return static_cast<unsigned char>(c) > ' ' && static_cast<unsigned char>(c) < 0x7F && c != '"' && c != '<' &&
         c != '>';
}

// Finds the next bare web or e-mail address in text at or after pos:
// returns [begin, end) and the link target, or begin == npos.
struct Found {
  std::size_t begin = std::string::npos, end = 0;
  std::string target;
};
Found find_address(const std::string& text, std::size_t pos) {
  Found f;
  for (const char* prefix : {"https://", "http://", "www."}) {
    std::size_t at = text.find(prefix, pos);
    // "www." must start a word.
    while (at != std::string::npos && prefix[0] == 'w' && at > 0 && is_url_char(text[at - 1]) && text[at - 1] != '(')
      at = text.find(prefix, at + 1);
    if (at < f.begin) {
      f.begin = at;
      f.target = prefix[0] == 'w' ? "https://" : "";
    }
  }
  // user@domain.tld
  for (std::size_t at = text.find('@', pos); at != std::string::npos && at < f.begin; at = text.find('@', at + 1)) {
    std::size_t b = at;
    while (b > pos && (std::isalnum(static_cast<unsigned char>(text[b - 1])) || std::strchr("._%+-", text[b - 1]))) --b;
    std::size_t e = at + 1;
    while (e < text.size() && (std::isalnum(static_cast<unsigned char>(text[e])) || std::strchr(".-", text[e]))) ++e;
    const std::string domain = text.substr(at + 1, e - at - 1);
    if (b < at && domain.find('.') != std::string::npos && domain.back() != '.') {
      f.begin = b;
      f.target = "mailto:";
      f.end = e;
      break;
    }
  }
  if (f.begin == std::string::npos) return f;
  if (f.target != "mailto:") {
    f.end = f.begin;
    while (f.end < text.size() && is_url_char(text[f.end])) ++f.end;
    // Sentence punctuation after an address is not part of it (de.md N0).
    while (f.end > f.begin && std::strchr(".,;:!?)", text[f.end - 1])) --f.end;
  }
  f.target += text.substr(f.begin, f.end - f.begin);
  return f;
}

}  // namespace

std::vector<Span> link_bare_addresses(std::vector<Span> spans) {
  std::vector<Span> out;
  for (auto& s : spans) {
    if (!s.href.empty()) {
      out.push_back(std::move(s));
      continue;
    }
    std::size_t pos = 0;
    for (Found f = find_address(s.text, 0); f.begin != std::string::npos; f = find_address(s.text, pos)) {
      if (f.begin > pos) out.push_back({s.text.substr(pos, f.begin - pos), s.style, {}});
      out.push_back({s.text.substr(f.begin, f.end - f.begin), s.style, f.target});
      pos = f.end;
    }
    if (pos < s.text.size()) out.push_back({s.text.substr(pos), s.style, {}});
  }
  return out;
}


}  // namespace satzwerk::page
