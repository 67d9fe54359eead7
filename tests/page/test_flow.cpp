#include <doctest/doctest.h>

#include "page/flow.h"

using namespace satzwerk::page;

namespace {

// Units of paragraphs with the given line counts (block = paragraph index).
std::vector<Unit> paragraphs(std::initializer_list<int> counts) {
  std::vector<Unit> u;
  int block = 0;
  for (int n : counts) {
    for (int k = 0; k < n; ++k) {
      Unit x;
      x.block = block;
      x.line_index = k;
      x.line_count = n;
      u.push_back(x);
    }
    ++block;
  }
  return u;
}

// Lines placed in each column.
std::vector<int> per_column(const FillResult& r, int columns) {
  std::vector<int> n(static_cast<std::size_t>(columns), 0);
  for (const auto& p : r.placed) ++n[static_cast<std::size_t>(p.column)];
  return n;
}

}  // namespace

TEST_CASE("a paragraph that fits stays whole") {
  auto r = fill_columns(paragraphs({5}), 0, 10, 1, 2, 2);
  CHECK(r.end == 5);
  CHECK(r.rows_used == 5);
}

TEST_CASE("no orphan: a first line alone at the foot moves to the next column") {
  // 9 rows filled by the first paragraph, one row left for a 6-line paragraph.
  auto r = fill_columns(paragraphs({9, 6}), 0, 10, 2, 2, 2);
  CHECK(per_column(r, 2) == std::vector<int>{9, 6});
}

TEST_CASE("no widow: the last line never stands alone at the head") {
  // 5 rows left for a 6-line paragraph: 5 + 1 would leave a widow, 4 + 2 is right.
  auto r = fill_columns(paragraphs({5, 6}), 0, 10, 2, 2, 2);
  CHECK(per_column(r, 2) == std::vector<int>{9, 2});
}

TEST_CASE("a heading keeps two lines of its text in its column") {
  auto u = paragraphs({8, 1, 5});
  u[8].keep_with_next = 2;  // the one-line paragraph is a heading
  auto r = fill_columns(u, 0, 10, 2, 2, 2);
  // Heading + 2 lines need 3 rows, only 2 are left: the heading moves on.
  CHECK(per_column(r, 2) == std::vector<int>{8, 6});
}

TEST_CASE("a column does not end in a hyphen when one line more can move") {
  auto u = paragraphs({4, 10});
  u[4 + 5].hyphenated = true;  // the 6th line of paragraph 2 ends with a hyphen
  auto r = fill_columns(u, 0, 10, 2, 2, 2);
  CHECK(per_column(r, 2) == std::vector<int>{9, 5});
}

TEST_CASE("space at a column head is dropped") {
  auto u = paragraphs({10});
  Unit space;
  space.kind = Unit::Kind::Space;
  u.push_back(space);
  auto more = paragraphs({3});
  for (auto& m : more) m.block = 1;
  u.insert(u.end(), more.begin(), more.end());
  auto r = fill_columns(u, 0, 10, 2, 2, 2);
  REQUIRE(r.end == u.size());
  CHECK(r.placed.back().row == 2);  // 3 lines at rows 0..2 of column 2
}

TEST_CASE("an atomic unit that does not fit starts the next column") {
  auto u = paragraphs({7});
  Unit fig;
  fig.kind = Unit::Kind::Atomic;
  fig.rows = 5;
  u.push_back(fig);
  auto r = fill_columns(u, 0, 10, 2, 2, 2);
  CHECK(r.placed.back().column == 1);
  CHECK(r.placed.back().row == 0);
}

TEST_CASE("the fill stops when the columns are full") {
  auto r = fill_columns(paragraphs({30}), 0, 10, 2, 2, 2);
  CHECK(r.end == 20);
}

TEST_CASE("a column too short for the rules is filled, marked as forced, and leaves no widow") {
  // A 3-line paragraph in columns of 1 row: the rules cannot hold.
  auto r = fill_columns(paragraphs({3}), 0, 1, 3, 2, 2);
  CHECK(r.forced);
  auto ok = fill_columns(paragraphs({3}), 0, 3, 3, 2, 2);
  CHECK_FALSE(ok.forced);
  CHECK(per_column(ok, 3) == std::vector<int>{3, 0, 0});
}
