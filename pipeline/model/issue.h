// model/: an issue as the editor's manifest describes it: sections (Rubriken)
// with their articles in print order, ads, the vendor directory.
#pragma once
#include <string>
#include <vector>

#include "model/article.h"

namespace satzwerk::model {

struct IssueArticle {
  std::string href;   // as written in the manifest
  std::string path;   // resolved file path
  std::string doc_id;
  int line = 0;       // manifest line, for messages
};

struct Section {
  std::string name;  // the Rubrik
  std::vector<IssueArticle> articles;
  int line = 0;
};

struct Ad {
  enum class Size { Whole, Half, Quarter } size = Size::Half;
  std::string href, path;   // PDF, PNG or JPEG
  std::string after;        // print it after this Rubrik; "" = at the end, "front" = after the front matter
  std::string advertiser;
  int line = 0;
};

struct Vendor {
  std::string rubrik, company, street, postcode, town, web;
  int line = 0;
};

struct Issue {
  std::string file;          // the manifest
  std::string id, lang = "de-DE";
  std::string publication;   // e.g. "Kommune21"
  std::string title;         // "Kommune21 – Ausgabe 9/2019"
  std::string number;        // "9/2019"
  std::string date_text;     // "September 2019"
  Date date;
  std::vector<Section> sections;
  std::vector<Ad> ads;
  std::vector<Vendor> vendors;
  std::string cover_image;   // resolved path, optional
  std::string editorial;     // optional text for the cover page
  int aktuelle_count = -1;   // entries in "Aktuelle Meldungen"; -1 = the layout's
};

}  // namespace satzwerk::model
