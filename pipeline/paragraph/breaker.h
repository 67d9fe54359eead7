// Stage paragraph/: optimum-fit line breaking (Knuth & Plass 1981, as in TeX's
// line_break with the pdfTeX microtypography extensions) over abstract items.
// Knows nothing of fonts or shaping: the caller turns shaped text into boxes,
// glue and penalties, calls break_paragraph() and sets each returned line with
// its adjustment ratio.
//
// Item conventions (the TeX model):
//  - A Box is unbreakable material of fixed width (a syllable, a word, an indent).
//  - Glue is a stretchable/shrinkable space. Breaking at glue is legal when the
//    item before it is a box; the glue then disappears.
//  - A Penalty is a possible break with a cost. Its width counts only if the
//    line ends there (the hyphen of a hyphenated word).
//  - After a break, glue and penalties up to the next box are discarded, so a
//    line never starts with a space.
//  - A paragraph ends with glue(0, kFil, 0) followed by penalty(-kInfPenalty)
//    (TeX's \parfillskip + forced break). Without it the end of the item list
//    acts as a forced break and the last line is justified like the others.
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <span>
#include <vector>

namespace satzwerk::paragraph {

enum class ItemKind : uint8_t { Box, Glue, Penalty };

// Penalties at or above kInfPenalty forbid a break, at or below -kInfPenalty
// force one (TeX's 10000 / -10000).
constexpr double kInfPenalty = 10000;

// Infinite ("fil") stretchability: a glue whose stretch is kFil counts as one
// unit of first-order infinite stretch and absorbs all of a line's shortfall.
constexpr double kFil = std::numeric_limits<double>::infinity();

// Suggested penalties for the caller's items, TeX's defaults.
constexpr double kHyphenPenalty = 50;    // \hyphenpenalty: break inside a word
constexpr double kExHyphenPenalty = 50;  // \exhyphenpenalty: break after an explicit hyphen

struct Item {
  ItemKind kind = ItemKind::Box;
  double width = 0;    // pt; for a penalty, the width added when the line ends here
  double stretch = 0;  // glue: stretchability (or kFil); box: font-expansion stretch, 0 if off
  double shrink = 0;   // glue: shrinkability; box: font-expansion shrink, 0 if off
  double penalty = 0;  // penalty items: cost of breaking here
  // Penalty items: a hyphenation break. Consecutive flagged breaks cost
  // flagged_demerits and are limited by max_hyphen_run. A flagged penalty
  // with width > 0 inserts a hyphen (automatic hyphenation) and is tried only
  // from the second pass on, like TeX's discretionaries; with width 0 it marks
  // a break after an explicit hyphen or dash ("Corona-|Krise", or a flagged
  // penalty before the space after an Ergänzungsstrich "Wirtschafts-| und"),
  // which TeX already tries in the first pass.
  bool flagged = false;
  // Margin kerning (pdfTeX \lpcode/\rpcode, in pt). A box may hang this far
  // into the left margin when it starts a line. protrude_right: a box hangs
  // into the right margin when it is the last box of a line; a penalty with
  // width (the hyphen) when the line ends at it. A line ending at a penalty of
  // width 0 protrudes its last box.
  double protrude_left = 0;
  double protrude_right = 0;
  uint32_t source = 0;  // opaque to the breaker (e.g. a word index)
};

constexpr Item make_box(double width, uint32_t source = 0) {
  Item it;
  it.kind = ItemKind::Box;
  it.width = width;
  it.source = source;
  return it;
}

constexpr Item make_glue(double width, double stretch, double shrink, uint32_t source = 0) {
  Item it;
  it.kind = ItemKind::Glue;
  it.width = width;
  it.stretch = stretch;
  it.shrink = shrink;
  it.source = source;
  return it;
}

constexpr Item make_penalty(double penalty, bool flagged = false, double width = 0,
                            uint32_t source = 0) {
  Item it;
  it.kind = ItemKind::Penalty;
  it.penalty = penalty;
  it.flagged = flagged;
  it.width = width;
  it.source = source;
  return it;
}

// Ragged right without a separate algorithm (Knuth & Plass 1981, "ragged-right
// setting"): each interword space becomes
//   glue(0, rag, 0)  penalty(0)  glue(space, -rag, 0)
// Inside a line the two glues cancel (the space stays at its natural width);
// at a break the line keeps glue(0, rag) as its ragged margin and the next line
// drops glue(space, -rag) as discardable. rag is the tolerated raggedness,
// e.g. 3 em; end the paragraph with glue(0, kFil, 0) penalty(-kInfPenalty)
// as usual. Keep font expansion off (box stretch/shrink 0) in ragged text.
constexpr std::array<Item, 3> ragged_right_space(double space, double rag, uint32_t source = 0) {
  return {make_glue(0, rag, 0, source), make_penalty(0, false, 0, source),
          make_glue(space, -rag, 0, source)};
}

// A hyphenation point in ragged-right text. The line ending at the hyphen
// needs the ragged margin too, so the flagged penalty is wrapped the same way:
//   penalty(inf)  glue(0, rag, 0)  penalty(penalty, flagged, hyphen)  glue(0, -rag, 0)
// (the penalty(inf) keeps the glue from being a break of its own, which would
// split the word without a hyphen). hyphen is 0 after an explicit hyphen.
constexpr std::array<Item, 4> ragged_right_hyphen(double hyphen, double penalty, double rag,
                                                  uint32_t source = 0) {
  return {make_penalty(kInfPenalty, false, 0, source), make_glue(0, rag, 0, source),
          make_penalty(penalty, true, hyphen, source), make_glue(0, -rag, 0, source)};
}

// Centred lines, the same idea on both sides:
//   glue(0, rag, 0)  penalty(0)  glue(space, -2 rag, 0)  box(0)  penalty(inf)  glue(0, rag, 0)
// The empty box keeps the left glue of the next line from being discarded.
// Start the paragraph with glue(0, rag, 0) and end it with glue(0, rag, 0)
// penalty(-kInfPenalty) (no kFil glue).
constexpr std::array<Item, 6> centered_space(double space, double rag, uint32_t source = 0) {
  return {make_glue(0, rag, 0, source),         make_penalty(0, false, 0, source),
          make_glue(space, -2 * rag, 0, source), make_box(0, source),
          make_penalty(kInfPenalty, false, 0, source), make_glue(0, rag, 0, source)};
}

// A hyphenation point in centred text (see ragged_right_hyphen).
constexpr std::array<Item, 7> centered_hyphen(double hyphen, double penalty, double rag,
                                              uint32_t source = 0) {
  return {make_penalty(kInfPenalty, false, 0, source), make_glue(0, rag, 0, source),
          make_penalty(penalty, true, hyphen, source), make_glue(0, -2 * rag, 0, source),
          make_box(0, source),                           make_penalty(kInfPenalty, false, 0, source),
          make_glue(0, rag, 0, source)};
}

// Badness is 100 r^3 for an adjustment ratio r (TeX's formula, computed
// exactly rather than with TeX's integer approximation), capped at 10000.
struct BreakParams {
  // Maximum badness of a line in the second and third pass. TeX \tolerance 200
  // (r <= 1.26). Kept: with font expansion adding stretch, lines at the limit
  // still look acceptable, and a higher value mainly buys fewer hyphens at
  // the price of uneven spacing, which is what we measure against.
  double tolerance = 200;
  // Maximum badness in the first pass, which does not hyphenate (flagged
  // penalties with a hyphen width are not breaks there). Negative skips the
  // pass. TeX \pretolerance 100 (r <= 1): a paragraph that sets with no
  // line stretched beyond its stretchability is accepted without hyphens.
  double pretolerance = 100;
  // Added to every line's badness before squaring; favours fewer lines.
  // TeX \linepenalty 10.
  double line_penalty = 10;
  // How a line's spacing enters its demerits: (line_penalty + 100 |r|^p)^2
  // for the adjustment ratio r. p = 3 is TeX (the badness itself). TeX's
  // cubic is nearly flat up to r = 0.5 (badness 12), so it accepts many
  // moderately loose or tight lines to save a hyphen and spreads the
  // spacing widely; p = 1 makes the demerits grow with r^2, i.e. total fit
  // minimises the sum of squared spacing deviations, which evens the grey.
  // Tolerance, pretolerance and the fitness classes always use the badness.
  double ratio_exponent = 3;
  // Font expansion first (not in TeX: pdfTeX spreads a line's adjustment over
  // glue and expandable boxes in proportion to their stretch or shrink). The
  // caller sets each line by widening or narrowing its boxes first, up to
  // their stretch or shrink, and only the rest goes into the glue; see
  // LineBreak::box_ratio. Feasibility (tolerance) still uses the total
  // stretch, but the demerits charge what the eye sees in the word spaces:
  // 100 |r_glue|^p for the glue's own ratio, plus expansion_cost × 100 |r_box|^p
  // for the share of the expansion range used, so that among otherwise equal
  // lines the less expanded one wins. Without expandable boxes this changes
  // nothing.
  bool expansion_first = false;
  double expansion_cost = 0.25;
  // Added when two consecutive lines end at flagged breaks.
  // TeX \doublehyphendemerits 10000.
  double flagged_demerits = 10000;
  // Added when the second-last line of the paragraph (or of a block ended by
  // a forced break) ends at a flagged break. TeX \finalhyphendemerits 5000.
  // The caller should additionally forbid hyphenating the last word (P4).
  double final_hyphen_demerits = 5000;
  // Added when adjacent lines differ by more than one fitness class (very
  // loose / loose / decent / tight). TeX \adjdemerits 10000.
  double fitness_demerits = 10000;
  // Hard limit on consecutive lines ending at flagged breaks (de.md P3).
  // Nothing like it in TeX; exact because the run length is part of each
  // active node's state. 0 forbids flagged breaks, negative means no limit.
  int max_hyphen_run = 2;
  // Third pass: extra stretch (pt) credited to every line when judging its
  // badness, tried only if the first two passes find no solution. The lines
  // are still set with their real glue. TeX \emergencystretch, 0 in plain TeX
  // and LaTeX's \sloppypar uses 3 em; 20 pt is 2 em at the 10 pt body size,
  // enough to rescue paragraphs with URLs or long compounds. Scale with the
  // font size.
  double emergency_stretch = 20;
  // Ask for this many lines more (> 0) or fewer (< 0) than the optimum, when
  // feasible (TeX \looseness); the page builder uses it against widows.
  int looseness = 0;
  // Lines from this index on all have the same width (e.g. 1 after an
  // indented first line); negative: unknown. Then paths that differ only in
  // how many lines they have set so far are interchangeable, and the breaker
  // keeps one active node for all of them instead of one per line count, as
  // TeX does beyond its easy_line (§848). Without it a word of n letters
  // broken at every letter (the last resort for over-long words) keeps
  // O(n) line counts alive per breakpoint. Ignored when looseness != 0,
  // which needs the line counts.
  int uniform_width_from = -1;
  // A last line shorter than min_last_line × its measure (natural width) costs
  // up to short_last_line_demerits, growing linearly with the shortfall to the
  // full amount for an empty line (de.md P4: "≥ 1/4 of the measure").
  // No TeX parameter; TeX users get the effect with \parfillskip 0pt plus
  // 0.75\hsize. 5000 weighs a last line of a few letters like a hyphen in the
  // second-last line (final_hyphen_demerits).
  double min_last_line = 0.25;
  double short_last_line_demerits = 5000;
};

struct LineBreak {
  size_t start = 0;  // first item of the line (after the discarded items of the previous break)
  size_t end = 0;    // index of the break item; the line holds [start, end), plus the break
                     // item's width if it is a penalty (its hyphen). For a paragraph without
                     // final forced break, the last line ends at items.size().
  // Adjustment ratio for setting the line's glue: each glue changes by
  // ratio × stretch (ratio > 0) or ratio × shrink (ratio < 0); expandable
  // boxes change by box_ratio. Never below -1 (an overfull line is set at
  // maximal shrink). When fil is
  // true the line has infinite stretch: finite stretch stays unused and each
  // kFil glue grows by `ratio` pt. An underfull line without stretch has ratio 0.
  double ratio = 0;
  // The ratio for expandable boxes (font expansion), in [-1, 1]: each box
  // changes by box_ratio × stretch or shrink. Equals ratio (clamped to ±1,
  // the glue taking the excess) unless BreakParams::expansion_first, where
  // the boxes take the adjustment first and `ratio` is what is left for the glue.
  double box_ratio = 0;
  bool fil = false;
  bool hyphenated = false;    // ends at a flagged penalty
  bool overfull = false;      // natural width - shrink > width_available (unavoidable)
  double width_natural = 0;   // sum of the line's widths incl. the break penalty's width
  double width_available = 0; // line_width(i) + protrude_left + protrude_right
  double protrude_left = 0;   // hang of the first box into the left margin (set it at x = -this)
  double protrude_right = 0;  // hang of the last box / hyphen into the right margin
};

// Breaks a paragraph into lines of width line_width(i) (0-based line i; allows
// a first-line indent via a narrower first line, or shaped columns). Passes as
// in TeX: without hyphenation at pretolerance, with hyphenation at tolerance,
// with emergency_stretch; if all fail, a last resort accepts arbitrarily loose
// lines and takes an overfull line only where no break sequence avoids it
// (e.g. a single box wider than the line) — then max_hyphen_run gives way too.
// Returns no lines for a paragraph without boxes. line_width is called once
// per line index, in increasing order.
std::vector<LineBreak> break_paragraph(std::span<const Item> items,
                                  const std::function<double(size_t)>& line_width,
                                  const BreakParams& params = {});

}  // namespace satzwerk::paragraph
