// model/: a Layout as production staff write it in layouts/*.xml — page
// geometry, grid, fonts, colours, paragraph styles, running heads. Plain values;
// lengths are in PostScript points (1/72 in).
#pragma once
#include <map>
#include <string>
#include <vector>

namespace satzwerk::model {

struct Cmyk {
  double c = 0, m = 0, y = 0, k = 1;  // 0..1
};

// A font family: one file per variant (file names in fonts/), OpenType features.
struct FontFamily {
  std::string regular, bold, italic, bold_italic;
  std::vector<std::string> features = {"kern", "liga"};
  int line = 0;  // where it was declared, for messages
};

enum class Alignment { Justify, Left, Center, Right };

struct ParagraphStyleSpec {
  std::string family = "serif";
  bool bold = false, italic = false;
  double size = 10, leading = 13;  // pt
  Alignment align = Alignment::Justify;
  bool hyphenate = true;
  int max_hyphen_run = 2;
  double space_before = 0, space_after = 0;  // in grid lines
  double first_indent = 0;                    // pt
  int keep_with_next = 0;                     // lines of the next block kept in the same column
  std::string color = "text";
  std::vector<std::string> features;          // added to the family's
};

struct Master {
  std::string name;
  int columns = 1;
  double gutter = 14;  // pt
};

struct Layout {
  std::string name, file;
  std::string publication;
  double page_width = 595.276, page_height = 841.89;
  double bleed = 8.504;  // 3 mm
  bool facing = false;
  double margin_top = 85.04, margin_bottom = 70.87, margin_inner = 85.04, margin_outer = 85.04;
  std::vector<Master> masters = {Master{"einspaltig", 1, 14}};
  std::size_t master = 0;   // the master pages use
  double leading = 13;      // the baseline grid
  int widow_lines = 2, orphan_lines = 2;
  bool balance_columns = true;
  std::map<std::string, FontFamily> fonts;
  std::map<std::string, Cmyk> colors;
  std::map<std::string, ParagraphStyleSpec> styles;
  std::string header_left, header_right, footer_left, footer_right;  // templates with {fields}
  std::string header_rule;  // colour name of a rule under the header, empty for none
  int aktuelle_count = 10;  // entries in "Aktuelle Meldungen" (issue layouts)
  std::string date_style = "long";  // "long" (29. August 2019) or "short" ([29.8.2019])

  const Master& current_master() const { return masters.at(master); }
  double measure() const { return page_width - margin_inner - margin_outer; }
  double column_width() const {
    const Master& m = current_master();
    return (measure() - (m.columns - 1) * m.gutter) / m.columns;
  }
  const ParagraphStyleSpec& style(const std::string& name) const {
    static const ParagraphStyleSpec fallback;
    auto it = styles.find(name);
    return it == styles.end() ? fallback : it->second;
  }
  Cmyk color(const std::string& name) const {
    auto it = colors.find(name);
    return it == colors.end() ? Cmyk{} : it->second;
  }
};

}  // namespace satzwerk::model
