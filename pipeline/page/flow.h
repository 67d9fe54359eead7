// page/ (private): the column flow. Units of content (lines, spaces, figures,
// boxes) are filled into the columns of a page on the baseline grid, keeping
// widows, orphans and headings apart from their text; the last columns of an
// article are balanced. Full-width spans (an article's head) interrupt the
// columns: the columns above are balanced and closed, the span is placed, and
// new columns start on the grid below it.
#pragma once
#include <functional>
#include <vector>

#include "model/layout.h"
#include "page/page.h"

namespace satzwerk::page {

// Display items relative to an origin: x from the column's (or span's) left
// edge, y upwards from the baseline of the unit's first grid row.
struct Fragment {
  std::vector<TextLine> lines;
  std::vector<Rect> rects;
  std::vector<Image> images;
  void append(const Fragment& f, double dx, double dy);
};

struct Unit {
  enum class Kind { Line, Space, Atomic } kind = Kind::Line;
  int rows = 1;          // grid rows it takes
  Fragment content;
  int block = -1;        // Line: the paragraph it belongs to
  int line_index = 0;    // Line: its place in the paragraph
  int line_count = 1;
  int keep_with_next = 0;  // lines of the next paragraph that must share its column
  bool hyphenated = false;
};

struct Placement {
  std::size_t unit;
  int column, row;
};

struct FillResult {
  std::vector<Placement> placed;
  std::size_t end = 0;  // first unit not placed
  int rows_used = 0;    // the deepest column, in rows
  bool forced = false;  // a column was too short to keep the widow, orphan or heading rules
};

// Fills units[begin…] into `columns` columns of `rows` grid rows each.
FillResult fill_columns(const std::vector<Unit>& units, std::size_t begin, int rows, int columns, int widow_lines,
                        int orphan_lines);

class Flow {
 public:
  Flow(const model::Layout& layout, double body_size, std::vector<Page>& pages);

  // Adds a full-width block (lines relative to its first baseline) whose first
  // line is set in first_size and whose last baseline is `depth` below the
  // first; the next grid line at least space_after below the last baseline
  // continues the flow.
  void add_span(Fragment f, double first_size, double depth, double space_after);
  void add_units(std::vector<Unit> units);
  // Places what is still pending; balances the columns of the last set.
  void finish();
  // Ends the page: what follows starts on a new one (on the next right-hand
  // page when recto is set and pages face each other).
  void page_break(bool recto = false);
  // Columns for what follows (the layout's master otherwise); 0 = the master's.
  void set_columns(int columns);
  // Index of the page being filled (0 before the first).
  std::size_t current_page() const { return pages_.empty() ? 0 : pages_.size() - 1; }
  // Rows left on the current page below the current position.
  int rows_left() const { return pages_.empty() ? 0 : rows_from(top_); }
  double column_width() const;

  // Left edge of column c on page p (facing pages swap inner and outer).
  double column_x(std::size_t page, int column) const;
  double left_margin(std::size_t page) const;

 private:
  void flow_pending();
  void new_page();
  double snap(double y) const;  // the next grid baseline at or below y (distance from the top)
  double bottom() const { return layout_.page_height - layout_.margin_bottom; }
  int rows_from(double baseline) const;
  void emit(Fragment&& f, double x, double baseline);  // takes the fragment's contents

  const model::Layout& layout_;
  std::vector<Page>& pages_;
  double body_size_;
  double grid_origin_;  // first body baseline, distance from the page top
  double top_ = 0;      // the next free baseline position, distance from the page top
  std::vector<Unit> pending_;
  int columns_ = 0;  // 0: the master's
};

}  // namespace satzwerk::page
