#include "page/flow.h"

#include <algorithm>
#include <cmath>

namespace satzwerk::page {

void Fragment::append(const Fragment& f, double dx, double dy) {
  for (auto l : f.lines) {
    l.x += dx;
    l.baseline += dy;
    lines.push_back(std::move(l));
  }
  for (auto r : f.rects) {
    r.x += dx;
    r.y += dy;
    rects.push_back(r);
  }
  for (auto i : f.images) {
    i.x += dx;
    i.y += dy;
    images.push_back(std::move(i));
  }
}

namespace {

// The paragraph run starting at i: units [i, end) of the same paragraph.
std::size_t run_end(const std::vector<Unit>& u, std::size_t i) {
  std::size_t j = i + 1;
  while (j < u.size() && u[j].kind == Unit::Kind::Line && u[j].block == u[i].block) ++j;
  return j;
}

// Lines of the paragraph after the run ending at j, up to `want`.
int following_lines(const std::vector<Unit>& u, std::size_t j, int want) {
  while (j < u.size() && u[j].kind == Unit::Kind::Space) ++j;
  if (j >= u.size() || u[j].kind != Unit::Kind::Line) return 0;
  return std::min(want, static_cast<int>(run_end(u, j) - j));
}

}  // namespace

FillResult fill_columns(const std::vector<Unit>& u, std::size_t i, int rows, int columns, int widow_lines,
                        int orphan_lines) {
  FillResult res;
  int c = 0, r = 0;
  auto next_column = [&] {
    res.rows_used = std::max(res.rows_used, r);
    ++c;
    r = 0;
  };
  while (i < u.size() && c < columns) {
    const Unit& unit = u[i];
    const int avail = rows - r;
    if (unit.kind == Unit::Kind::Space) {
      // Space at the top of a column is dropped; space that does not fit ends it.
      if (r > 0 && unit.rows <= avail) r += unit.rows;
      else if (r > 0) next_column();
      ++i;
      continue;
    }
    if (unit.kind == Unit::Kind::Atomic) {
      if (unit.rows <= avail || r == 0) {  // an oversized one goes alone at the top of a column
        res.placed.push_back({i, c, r});
        r += unit.rows;
        ++i;
      } else {
        next_column();
      }
      continue;
    }
    const std::size_t j = run_end(u, i);
    const int n = static_cast<int>(j - i);
    const int keep = unit.keep_with_next > 0 || u[j - 1].keep_with_next > 0
                         ? following_lines(u, j, std::max(unit.keep_with_next, u[j - 1].keep_with_next))
                         : 0;
    int take;
    if (n + keep <= avail) {
      take = n;
    } else if (keep > 0) {
      take = r == 0 ? std::min(n, avail) : 0;  // a heading goes where its text goes (P6)
      res.forced |= r == 0;
    } else {
      // Split the paragraph: an orphan is a first line alone at the foot, a widow
      // a last line alone at the head (P1, P2). A run that continues a paragraph
      // starts at a column head, so only the widow rule binds its split.
      const bool starts_paragraph = unit.line_index == 0;
      take = std::min(avail, n - widow_lines);
      if (starts_paragraph && take < orphan_lines) take = 0;
      if (take < 1) take = 0;
      // Do not end a column on a hyphen when moving one more line keeps the rules (P5).
      if (take > 0 && u[i + take - 1].hyphenated && take - 1 >= (starts_paragraph ? orphan_lines : 1) &&
          n - (take - 1) >= widow_lines)
        --take;
      if (take == 0 && r == 0) {
        // The column is too short for the rules: fill it, but leave no widow when a line can move.
        res.forced = true;
        take = std::min(n, avail);
        if (n - take > 0 && n - take < widow_lines) take = std::max(1, n - widow_lines);
      }
    }
    for (int k = 0; k < take; ++k) res.placed.push_back({i + k, c, r + k});
    r += take;
    i += take;
    if (i < j || take == 0) next_column();
  }
  res.rows_used = std::max(res.rows_used, r);
  res.end = i;
  return res;
}

Flow::Flow(const model::Layout& layout, double body_size, std::vector<Page>& pages)
    : layout_(layout), pages_(pages), body_size_(body_size), grid_origin_(layout.margin_top + body_size) {}

double Flow::left_margin(std::size_t page) const {
  // Page 1 is a right-hand page: its inner margin is on the left.
  if (!layout_.facing || page % 2 == 0) return layout_.margin_inner;
  return layout_.margin_outer;
}

double Flow::column_width() const {
  const int n = columns_ > 0 ? columns_ : layout_.current_master().columns;
  return (layout_.measure() - (n - 1) * layout_.current_master().gutter) / n;
}

double Flow::column_x(std::size_t page, int column) const {
  return left_margin(page) + column * (column_width() + layout_.current_master().gutter);
}

void Flow::page_break(bool recto) {
  flow_pending();
  if (pages_.empty()) return;
  new_page();
  if (recto && layout_.facing && pages_.size() % 2 == 0) new_page();
}

void Flow::set_columns(int columns) {
  flow_pending();
  columns_ = columns;
}

void Flow::new_page() {
  Page p;
  p.width = layout_.page_width;
  p.height = layout_.page_height;
  pages_.push_back(std::move(p));
  top_ = grid_origin_;
}

double Flow::snap(double y) const {
  const double k = std::ceil((y - grid_origin_) / layout_.leading - 1e-6);
  return grid_origin_ + std::max(0.0, k) * layout_.leading;
}

int Flow::rows_from(double baseline) const {
  if (baseline > bottom() + 1e-6) return 0;
  return static_cast<int>(std::floor((bottom() - baseline) / layout_.leading + 1e-6)) + 1;
}

void Flow::emit(Fragment&& f, double x, double baseline_from_top) {
  Page& p = pages_.back();
  const double y = p.height - baseline_from_top;
  for (auto& l : f.lines) {
    TextLine tl = std::move(l);
    tl.x += x;
    tl.baseline += y;
    for (const auto& lk : tl.line.links) {
      const double size = tl.line.runs.empty() ? 10 : tl.line.runs.front().size;
      p.links.push_back({tl.x + lk.x0, tl.baseline - 0.25 * size, tl.x + lk.x1, tl.baseline + 0.8 * size, lk.href,
                         tl.block});
    }
    p.lines.push_back(std::move(tl));
  }
  for (auto r : f.rects) {
    r.x += x;
    r.y += y;
    p.rects.push_back(r);
  }
  for (auto& i : f.images) {
    i.x += x;
    i.y += y;
    p.images.push_back(std::move(i));
  }
}

void Flow::add_span(Fragment f, double first_size, double depth, double space_after) {
  flow_pending();
  if (pages_.empty()) new_page();
  // A span below other text keeps a blank grid line from it.
  if (top_ > grid_origin_ + 0.01) top_ += layout_.leading;
  // The span's first line stands where a body line would, its larger type
  // reaching up by the difference in size.
  double first = top_ + first_size - body_size_;
  if (first + depth > bottom() && top_ > grid_origin_) {
    new_page();
    first = top_ + first_size - body_size_;
  }
  emit(std::move(f), left_margin(pages_.size() - 1), first);
  top_ = snap(first + depth + space_after);
}

void Flow::add_units(std::vector<Unit> units) {
  for (auto& u : units) pending_.push_back(std::move(u));
}

void Flow::finish() { flow_pending(); }

void Flow::flow_pending() {
  if (pending_.empty()) return;
  if (pages_.empty()) new_page();
  const int columns = columns_ > 0 ? columns_ : layout_.current_master().columns;
  std::size_t i = 0;
  while (i < pending_.size()) {
    const int rows = rows_from(top_);
    if (rows < 1) {
      new_page();
      continue;
    }
    FillResult res = fill_columns(pending_, i, rows, columns, layout_.widow_lines, layout_.orphan_lines);
    if (res.end == i) {  // nothing fits below a span: go on to the next page
      new_page();
      continue;
    }
    if (res.end == pending_.size() && columns > 1 && layout_.balance_columns) {
      // Balance: the shortest column height that still takes everything.
      for (int h = std::max(1, res.rows_used / columns); h < res.rows_used; ++h) {
        FillResult b = fill_columns(pending_, i, h, columns, layout_.widow_lines, layout_.orphan_lines);
        if (b.end == pending_.size() && (!b.forced || res.forced)) {
          res = std::move(b);
          break;
        }
      }
    }
    const std::size_t page = pages_.size() - 1;
    // Every unit is placed once, so its contents can move to the page.
    for (const auto& pl : res.placed)
      emit(std::move(pending_[pl.unit].content), column_x(page, pl.column), top_ + pl.row * layout_.leading);
    top_ += res.rows_used * layout_.leading;
    i = res.end;
    if (i < pending_.size()) new_page();
  }
  pending_.clear();
}

}  // namespace satzwerk::page
