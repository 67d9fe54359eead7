#include "ingest/manifest.h"

#include <tinyxml2.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "ingest/nitf.h"

namespace satzwerk::ingest {

namespace fs = std::filesystem;
using model::Diagnostic;
using tinyxml2::XMLElement;

namespace {

std::string attr(const XMLElement* e, const char* n) {
  const char* v = e->Attribute(n);
  return v ? v : "";
}

std::string text_of(const XMLElement* e) {
  std::string s;
  for (auto* c = e->FirstChild(); c; c = c->NextSibling())
    if (auto* t = c->ToText()) s += t->Value();
  // collapse whitespace
  std::string out;
  bool space = false;
  for (char ch : s) {
    if (ch == ' ' || ch == '\n' || ch == '\t' || ch == '\r') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += ch;
  }
  return out;
}

class Reader {
 public:
  Reader(const std::string& path, ManifestResult& res) : path_(path), res_(res) {
    std::error_code ec;
    dir_ = fs::weakly_canonical(fs::path(path).parent_path().empty() ? fs::path(".") : fs::path(path).parent_path(), ec);
  }

  void error(const XMLElement* e, const std::string& msg) { res_.errors.push_back({path_, e->GetLineNum(), msg}); }

  // A file the manifest refers to: relative, inside the manifest's folder, existing.
  std::optional<std::string> resolve(const XMLElement* e, const std::string& href, const char* what) {
    if (href.empty()) {
      error(e, std::string(what) + " without href");
      return std::nullopt;
    }
    std::error_code ec;
    const fs::path p = fs::weakly_canonical(dir_ / href, ec);
    const auto [a, b] = std::mismatch(dir_.begin(), dir_.end(), p.begin(), p.end());
    if (fs::path(href).is_absolute() || a != dir_.end()) {
      error(e, std::string(what) + " \"" + href + "\" lies outside the manifest's folder");
      return std::nullopt;
    }
    if (!fs::is_regular_file(p, ec)) {
      error(e, std::string(what) + " \"" + href + "\" does not exist");
      return std::nullopt;
    }
    return p.string();
  }

  void read(const XMLElement* root, model::Issue& is) {
    is.id = attr(root, "id");
    if (const char* l = root->Attribute("xml:lang")) is.lang = l;
    is.publication = attr(root, "publication");
    for (auto* e = root->FirstChildElement(); e; e = e->NextSiblingElement()) {
      const std::string n = e->Name();
      if (n == "title") is.title = text_of(e);
      else if (n == "publication") is.publication = text_of(e);
      else if (n == "number") is.number = text_of(e);
      else if (n == "date") read_date(e, is);
      else if (n == "sections") read_sections(e, is);
      else if (n == "ads") read_ads(e, is);
      else if (n == "vendors") read_vendors(e, is);
      else if (n == "cover") {
        if (e->Attribute("image"))
          if (auto p = resolve(e, attr(e, "image"), "cover image")) is.cover_image = *p;
      } else if (n == "editorial") is.editorial = text_of(e);
      else if (n == "aktuelle-meldungen") is.aktuelle_count = e->IntAttribute("count", 10);
      else error(e, "unknown element <" + n + "> in <issue>");
    }
    check_rubriken(is);
  }

 private:
  void read_date(const XMLElement* e, model::Issue& is) {
    is.date_text = text_of(e);
    const std::string norm = attr(e, "norm");
    if (norm.size() >= 8) {
      is.date.year = std::atoi(norm.substr(0, 4).c_str());
      is.date.month = std::atoi(norm.substr(4, 2).c_str());
      is.date.day = std::atoi(norm.substr(6, 2).c_str());
    }
  }

  void read_sections(const XMLElement* e, model::Issue& is) {
    for (auto* s = e->FirstChildElement(); s; s = s->NextSiblingElement()) {
      if (std::strcmp(s->Name(), "section") != 0) {
        error(s, std::string("unknown element <") + s->Name() + "> in <sections>");
        continue;
      }
      model::Section sec;
      sec.name = attr(s, "name");
      sec.line = s->GetLineNum();
      if (sec.name.empty()) error(s, "<section> without a name");
      for (auto* a = s->FirstChildElement(); a; a = a->NextSiblingElement()) {
        if (std::strcmp(a->Name(), "article") != 0) {
          error(a, std::string("unknown element <") + a->Name() + "> in <section>");
          continue;
        }
        auto path = resolve(a, attr(a, "href"), "article");
        if (!path) continue;
        if (!seen_.insert(*path).second) {
          error(a, "article \"" + attr(a, "href") + "\" is listed twice");
          continue;
        }
        sec.articles.push_back({attr(a, "href"), *path, attr(a, "doc-id"), a->GetLineNum()});
      }
      is.sections.push_back(std::move(sec));
    }
  }

  void read_ads(const XMLElement* e, model::Issue& is) {
    for (auto* a = e->FirstChildElement("ad"); a; a = a->NextSiblingElement("ad")) {
      model::Ad ad;
      ad.href = attr(a, "href");
      ad.after = attr(a, "after");
      ad.advertiser = attr(a, "advertiser");
      ad.line = a->GetLineNum();
      const std::string size = attr(a, "size");
      if (size == "whole" || size == "ganzseitig") ad.size = model::Ad::Size::Whole;
      else if (size == "half" || size == "halbseitig" || size.empty()) ad.size = model::Ad::Size::Half;
      else if (size == "quarter" || size == "viertelseitig") ad.size = model::Ad::Size::Quarter;
      else {
        error(a, "ad size \"" + size + "\" must be whole, half or quarter");
        continue;
      }
      const std::string ext = fs::path(ad.href).extension().string();
      if (ext != ".pdf" && ext != ".png" && ext != ".jpg" && ext != ".jpeg") {
        error(a, "ad \"" + ad.href + "\" must be a PDF, PNG or JPEG file");
        continue;
      }
      auto path = resolve(a, ad.href, "ad");
      if (!path) continue;
      ad.path = *path;
      is.ads.push_back(std::move(ad));
    }
  }

  // Vendors inline (<vendor …/>) or from a tab-separated file (<vendors href=…>)
  // with the columns Rubrik, Firma, Straße, PLZ, Ort, Web.
  void read_vendors(const XMLElement* e, model::Issue& is) {
    for (auto* v = e->FirstChildElement("vendor"); v; v = v->NextSiblingElement("vendor"))
      is.vendors.push_back({attr(v, "rubrik"), attr(v, "company"), attr(v, "street"), attr(v, "postcode"),
                            attr(v, "town"), attr(v, "web"), v->GetLineNum()});
    if (!e->Attribute("href")) return;
    auto path = resolve(e, attr(e, "href"), "vendor list");
    if (!path) return;
    std::ifstream in(*path);
    std::string line;
    while (std::getline(in, line)) {
      if (line.empty() || line[0] == '#') continue;
      std::vector<std::string> f;
      std::stringstream ss(line);
      for (std::string cell; std::getline(ss, cell, '\t');) f.push_back(cell);
      f.resize(6);
      is.vendors.push_back({f[0], f[1], f[2], f[3], f[4], f[5], e->GetLineNum()});
    }
  }

  // Ads and vendors may only name Rubriken the issue has.
  void check_rubriken(model::Issue& is) {
    std::set<std::string> names;
    for (const auto& s : is.sections) names.insert(s.name);
    std::vector<model::Vendor> vendors;
    for (auto& v : is.vendors) {
      if (names.count(v.rubrik)) vendors.push_back(std::move(v));
      else res_.errors.push_back({path_, v.line, "vendor \"" + v.company + "\" names the unknown Rubrik \"" + v.rubrik + "\""});
    }
    is.vendors = std::move(vendors);
    std::vector<model::Ad> ads;
    for (auto& a : is.ads) {
      if (a.after.empty() || a.after == "front" || names.count(a.after)) ads.push_back(std::move(a));
      else res_.errors.push_back({path_, a.line, "ad \"" + a.href + "\" is placed after the unknown Rubrik \"" + a.after + "\""});
    }
    is.ads = std::move(ads);
  }

  std::string path_;
  fs::path dir_;
  ManifestResult& res_;
  std::set<std::string> seen_;
};

}  // namespace

ManifestResult parse_manifest(std::string_view xml, const std::string& path) {
  ManifestResult res;
  tinyxml2::XMLDocument doc(true, tinyxml2::PRESERVE_WHITESPACE);
  if (doc.Parse(xml.data(), xml.size()) != tinyxml2::XML_SUCCESS || !doc.RootElement()) {
    res.errors.push_back({path, doc.ErrorLineNum(), "malformed XML in issue manifest"});
    return res;
  }
  const XMLElement* root = doc.RootElement();
  if (std::strcmp(root->Name(), "issue") != 0) {
    res.errors.push_back({path, root->GetLineNum(), std::string("root element is <") + root->Name() + ">, expected <issue>"});
    return res;
  }
  model::Issue is;
  is.file = path;
  Reader(path, res).read(root, is);
  res.issue = std::move(is);
  return res;
}

ManifestResult read_manifest_file(const std::string& path) {
  const Source src = read_source(path);
  if (src.error) {
    ManifestResult res;
    res.errors.push_back(*src.error);
    return res;
  }
  return parse_manifest(src.bytes, path);
}

}  // namespace satzwerk::ingest
