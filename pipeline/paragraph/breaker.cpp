// Knuth–Plass optimum-fit line breaking. See breaker.h for the item model.
//
// Shape of the algorithm (TeX §813–890, without delta nodes): the items are
// scanned once per pass; at every legal breakpoint each active node (a break
// already reached, still able to start a line that ends here) is tried as the
// start of a line ending at this breakpoint. Feasible lines create new active
// nodes, keyed by (line number, fitness class, hyphen run) so that every
// state with a different future survives; a node whose line is already
// overfull at some breakpoint can only get wider and is deactivated. Prefix
// sums make each trial O(1).
#include "paragraph/breaker.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <optional>
#include <tuple>
#include <utility>

namespace satzwerk::paragraph {
namespace {

constexpr double kInfBad = 10000;       // TeX's inf_bad: badness of a line without stretch
constexpr double kAwfulDemerits = 1e8;  // TeX's cap when line_penalty + badness >= 10000
constexpr double kEpsilon = 1e-7;       // pt; rounding noise of the prefix sums

// Last resort only. Its costs must order outcomes lexicographically: any
// overfull amount outweighs any number of hyphen-run violations, which
// outweigh any looseness. Line demerits there stay below ~1e14 (badness is
// capped at kLastResortBadnessCap), so these weights keep the orders apart for
// paragraphs of up to ~1000 lines.
constexpr double kLastResortBadnessCap = 1e7;
constexpr double kOverfullDemeritsPerPt = 1e22;
constexpr double kHyphenRunViolationDemerits = 1e18;

// TeX's fitness classes; adjacent lines more than one class apart cost
// fitness_demerits (\adjdemerits), so a very loose line does not follow a tight one.
enum class Fitness : uint8_t { VeryLoose = 0, Loose = 1, Decent = 2, Tight = 3 };

Fitness fitness_of(double shortfall, double badness) {
  if (shortfall > 0) {
    if (badness > 99) return Fitness::VeryLoose;
    if (badness > 12) return Fitness::Loose;
    return Fitness::Decent;
  }
  return badness > 12 ? Fitness::Tight : Fitness::Decent;
}

enum class Pass : uint8_t {
  First,       // no hyphenation, threshold pretolerance
  Second,      // hyphenation, threshold tolerance
  Emergency,   // hyphenation, tolerance, emergency_stretch credited to every line
  LastResort,  // any loose line, overfull only where unavoidable
};

// Running totals over items [0, i): breaking is about differences of these.
struct Totals {
  double width = 0;
  double stretch = 0;  // finite stretch (glue and font expansion)
  double shrink = 0;
  double fil = 0;      // units of kFil stretch
  double box_stretch = 0;  // the font-expansion part of stretch
  double box_shrink = 0;   // the font-expansion part of shrink
};

// A break chosen on some path, kept for backtracking once the pass is over.
struct Breakpoint {
  size_t position;  // item index of the break; SIZE_MAX for the paragraph start
  size_t previous;  // index into the breakpoint pool; SIZE_MAX for the start
};

// A breakpoint that may still start a line, with the state its future depends on.
struct ActiveNode {
  size_t breakpoint;    // index into the breakpoint pool
  size_t start;         // first item of the line that follows this break
  size_t line;          // lines set so far = 0-based index of the next line (at most easy_line_)
  Fitness fitness;      // of the line ending at this break
  uint8_t hyphen_run;   // consecutive flagged breaks ending here (capped, see Breaker)
  double demerits;      // total along the best path to this state
};

// A line from start to a breakpoint, measured for the available width.
struct LineMeasure {
  double natural = 0;
  double stretch = 0;
  double shrink = 0;
  double fil = 0;
  double box_stretch = 0;
  double box_shrink = 0;
  double available = 0;
  double protrude_left = 0;
  double protrude_right = 0;
};

class Breaker {
 public:
  Breaker(std::span<const Item> items, const std::function<double(size_t)>& line_width,
          const BreakParams& params)
      : items_(items), line_width_(line_width), params_(params) {
    const size_t n = items_.size();
    totals_.resize(n + 1);
    last_box_before_.resize(n + 1, kNone);
    size_t last_box = kNone;
    for (size_t i = 0; i < n; ++i) {
      const Item& it = items_[i];
      Totals t = totals_[i];
      if (it.kind != ItemKind::Penalty) {
        t.width += it.width;
        if (std::isinf(it.stretch) && it.stretch > 0)
          t.fil += 1;
        else
          t.stretch += it.stretch;
        t.shrink += it.shrink;
        if (it.kind == ItemKind::Box) {
          t.box_stretch += it.stretch;
          t.box_shrink += it.shrink;
        }
      }
      if (it.kind == ItemKind::Box) last_box = i;
      totals_[i + 1] = t;
      last_box_before_[i + 1] = last_box;
    }
    // The paragraph ends at the first forced break after its last box, or
    // (no such break) at the end of the items; anything after is discardable.
    end_ = n;
    if (last_box != kNone) {
      for (size_t i = last_box + 1; i < n; ++i) {
        if (is_forced(i)) {
          end_ = i;
          break;
        }
      }
    }
    has_box_ = last_box != kNone;
    run_cap_ = params_.max_hyphen_run < 0 ? 1 : std::clamp(params_.max_hyphen_run, 1, 255);
    if (params_.uniform_width_from >= 0 && params_.looseness == 0)
      easy_line_ = static_cast<size_t>(params_.uniform_width_from);
  }

  std::vector<LineBreak> run() {
    if (!has_box_) return {};
    std::vector<Pass> passes;
    if (params_.pretolerance >= 0) passes.push_back(Pass::First);
    passes.push_back(Pass::Second);
    if (params_.emergency_stretch > 0) passes.push_back(Pass::Emergency);

    // Like TeX, a pass that is feasible but misses the requested looseness
    // lets the next pass try; the closest result wins, the earlier on ties.
    std::optional<std::vector<size_t>> best;
    int best_miss = 0;
    for (Pass pass : passes) {
      int miss = 0;
      if (auto breaks = run_pass(pass, miss)) {
        if (!best || std::abs(miss) < std::abs(best_miss)) {
          best = std::move(breaks);
          best_miss = miss;
        }
        if (best_miss == 0) break;
      }
    }
    if (!best) {
      int miss = 0;
      best = run_pass(Pass::LastResort, miss);  // always succeeds
    }
    return make_lines(*best);
  }

 private:
  static constexpr size_t kNone = SIZE_MAX;

  bool is_forced(size_t i) const {
    if (i >= items_.size()) return true;  // the implicit end of the paragraph
    const Item& it = items_[i];
    return it.kind == ItemKind::Penalty && it.penalty <= -kInfPenalty;
  }

  bool is_flagged(size_t i) const {
    return i < items_.size() && items_[i].kind == ItemKind::Penalty && items_[i].flagged;
  }

  // next_start: start_after(i). A break that would leave nothing but a forced
  // break for the next line is not taken: it could only add an empty line
  // (e.g. at the glue(0, kFil) that ends every paragraph, which TeX protects
  // with a penalty(10000) in front of it).
  bool is_legal_break(size_t i, size_t next_start, Pass pass) const {
    if (is_forced(i)) return true;
    if (is_forced(next_start)) return false;
    const Item& it = items_[i];
    switch (it.kind) {
      case ItemKind::Box:
        return false;
      case ItemKind::Glue:
        return i > 0 && items_[i - 1].kind == ItemKind::Box;
      case ItemKind::Penalty:
        if (it.penalty >= kInfPenalty) return false;
        // The first pass does not hyphenate; breaks after explicit hyphens
        // (flagged, nothing inserted) are ordinary breaks in every pass.
        return !(pass == Pass::First && it.flagged && it.width != 0);
    }
    return false;
  }

  // First item of the line after a break at b: glue and penalties are
  // discarded up to the next box; a forced break stops the discarding so that
  // it is still reached.
  size_t start_after(size_t b) const {
    size_t s = b + 1;
    while (s < end_ && items_[s].kind != ItemKind::Box && !is_forced(s)) ++s;
    return std::min(s, end_);
  }

  double width_of_line(size_t line) {
    while (widths_.size() <= line) widths_.push_back(line_width_(widths_.size()));
    return widths_[line];
  }

  LineMeasure measure(size_t start, size_t b, size_t line) {
    const Totals& from = totals_[start];
    const Totals& to = totals_[b];
    LineMeasure m;
    m.natural = to.width - from.width;
    m.stretch = to.stretch - from.stretch;
    m.shrink = to.shrink - from.shrink;
    m.box_stretch = to.box_stretch - from.box_stretch;
    m.box_shrink = to.box_shrink - from.box_shrink;
    m.fil = to.fil - from.fil;
    const bool penalty_end = b < items_.size() && items_[b].kind == ItemKind::Penalty;
    if (penalty_end) m.natural += items_[b].width;
    if (start < b && items_[start].kind == ItemKind::Box) m.protrude_left = items_[start].protrude_left;
    if (penalty_end && items_[b].width != 0) {
      m.protrude_right = items_[b].protrude_right;
    } else {
      const size_t last = last_box_before_[b];
      if (last != kNone && last >= start) m.protrude_right = items_[last].protrude_right;
    }
    m.available = width_of_line(line) + m.protrude_left + m.protrude_right;
    return m;
  }

  // Badness 100 r^3 of a line that is not overfull, at most cap. A line that
  // has to stretch but cannot gets cap (TeX's inf_bad); in the last resort
  // (cap above kInfBad) such lines are ranked by how empty they are instead,
  // so that a nearly full rigid line beats a nearly empty one.
  static double badness(double shortfall, const LineMeasure& m, double stretch, double cap) {
    if (shortfall > kEpsilon) {
      if (m.fil > 0) return 0;
      if (stretch <= 0) {
        if (cap <= kInfBad || m.available <= 0) return cap;
        return cap * std::min(1.0, shortfall / m.available);
      }
      const double r = shortfall / stretch;
      return std::min(cap, 100 * r * r * r);
    }
    if (shortfall < -kEpsilon) {
      if (m.shrink <= 0) return 0;  // within kEpsilon of fitting
      const double r = -shortfall / m.shrink;
      return std::min(cap, 100 * r * r * r);
    }
    return 0;
  }

  // How the adjustment of a line that is not overfull splits between the
  // glue and the expandable boxes: {glue ratio, box ratio}. pdfTeX's way is
  // one ratio for both, the boxes stopping at their limit (±1) and the glue
  // taking the excess; with expansion_first the boxes go first.
  std::pair<double, double> split_ratio(double shortfall, const LineMeasure& m) const {
    if (std::abs(shortfall) <= kEpsilon || m.fil > 0) return {0, 0};
    const bool grow = shortfall > 0;
    const double total = grow ? m.stretch : m.shrink;
    const double box = grow ? m.box_stretch : m.box_shrink;
    const double glue = total - box;
    const double need = std::abs(shortfall);
    const double sign = grow ? 1 : -1;
    if (total <= 0) return {0, 0};
    if (params_.expansion_first && box > 0) {
      const double by_box = std::min(need, box);
      const double rest = need - by_box;
      return {glue > 0 ? sign * rest / glue : 0, sign * by_box / box};
    }
    const double r = need / total;
    if (r <= 1 || glue <= 0) return {sign * r, sign * std::min(r, 1.0)};
    return {sign * (need - box) / glue, sign};
  }

  // What a feasible line's spacing costs in its demerits (see
  // BreakParams::ratio_exponent and expansion_first).
  double spacing_cost(double shortfall, const LineMeasure& m, double bad) const {
    const double p = params_.ratio_exponent;
    if (!params_.expansion_first || (m.box_stretch <= 0 && m.box_shrink <= 0) || m.fil > 0)
      return p == 3 || bad <= 0 ? bad : 100 * std::pow(bad / 100, p / 3);
    const auto [glue_ratio, box_ratio] = split_ratio(shortfall, m);
    double cost = params_.expansion_cost * 100 * std::pow(std::abs(box_ratio), p);
    if (glue_ratio != 0) {
      // No glue to take the rest (a line of one word): as bad as it gets.
      const double glue = shortfall > 0 ? m.stretch - m.box_stretch : m.shrink - m.box_shrink;
      cost += glue > 0 ? 100 * std::pow(std::abs(glue_ratio), p) : kInfBad;
    } else if (std::abs(box_ratio) >= 1 && std::abs(shortfall) > (shortfall > 0 ? m.box_stretch : m.box_shrink) + kEpsilon) {
      cost += kInfBad;
    }
    return std::min(cost, kInfBad - 1);
  }

  // One scan over the items. Returns the chosen breaks (item indices), or
  // nothing if the pass found no feasible sequence. `miss` receives how many
  // lines the result is away from the requested looseness.
  std::optional<std::vector<size_t>> run_pass(Pass pass, int& miss) {
    const bool last_resort = pass == Pass::LastResort;
    const double threshold = pass == Pass::First ? params_.pretolerance : params_.tolerance;
    const double background_stretch =
        (pass == Pass::Emergency || last_resort) ? std::max(0.0, params_.emergency_stretch) : 0;
    const double badness_cap = last_resort ? kLastResortBadnessCap : kInfBad;
    const int limit = params_.max_hyphen_run;

    pool_.clear();
    active_.clear();
    pool_.push_back({kNone, kNone});
    active_.push_back({0, 0, 0, Fitness::Decent, 0, 0});

    for (size_t b = 0; b <= end_; ++b) {
      if (b < end_ && items_[b].kind == ItemKind::Box) continue;
      const size_t next_start = start_after(b);
      if (!is_legal_break(b, next_start, pass)) continue;
      const bool forced = is_forced(b);
      const bool flagged = is_flagged(b);
      const double pi = b < items_.size() && items_[b].kind == ItemKind::Penalty
                            ? items_[b].penalty
                            : (b == end_ ? -kInfPenalty : 0);
      candidates_.clear();

      size_t kept = 0;
      for (size_t k = 0; k < active_.size(); ++k) {
        const ActiveNode a = active_[k];
        if (b < a.start) {  // b lies in the discarded items after a's break
          active_[kept++] = a;
          continue;
        }
        const LineMeasure m = measure(a.start, b, a.line);
        const double shortfall = m.available - m.natural;
        const double overflow = -shortfall - m.shrink;
        const bool overfull = overflow > kEpsilon;
        // A line that is too wide even at full shrink only gets wider with
        // later breaks: this node is done. TeX does the same (§851).
        const bool deactivate = overfull || forced;
        if (!deactivate) active_[kept++] = a;
        if (overfull && !last_resort) continue;

        const double bad = overfull ? badness_cap
                                    : badness(shortfall, m, m.stretch + background_stretch,
                                              badness_cap);
        if (!last_resort && bad > threshold) continue;

        const double spacing = overfull || bad >= kInfBad ? bad : spacing_cost(shortfall, m, bad);
        double d = params_.line_penalty + spacing;
        d = (!last_resort && std::abs(d) >= kInfBad) ? kAwfulDemerits : d * d;
        if (pi >= 0)
          d += pi * pi;
        else if (pi > -kInfPenalty)
          d -= pi * pi;

        const bool previous_flagged = a.hyphen_run > 0;
        if (flagged && limit >= 0 && a.hyphen_run >= limit) {
          if (!last_resort) continue;  // the hard limit of de.md P3
          d += kHyphenRunViolationDemerits;
        }
        if (previous_flagged) {
          if (flagged)
            d += params_.flagged_demerits;
          else if (forced)
            d += params_.final_hyphen_demerits;
        }
        const Fitness fit = overfull ? Fitness::Tight : fitness_of(shortfall, bad);
        if (std::abs(static_cast<int>(fit) - static_cast<int>(a.fitness)) > 1)
          d += params_.fitness_demerits;
        if (b == end_ && params_.min_last_line > 0) {
          const double wanted = params_.min_last_line * width_of_line(a.line);
          if (wanted > 0 && m.natural < wanted)
            d += params_.short_last_line_demerits * (wanted - m.natural) / wanted;
        }
        if (overfull) d += kOverfullDemeritsPerPt * overflow;

        ActiveNode c;
        c.breakpoint = a.breakpoint;  // predecessor, replaced when committed
        c.line = std::min(a.line + 1, easy_line_);
        c.fitness = fit;
        c.hyphen_run = flagged ? static_cast<uint8_t>(std::min<int>(a.hyphen_run + 1, run_cap_)) : 0;
        c.demerits = a.demerits + d;
        c.start = 0;
        offer(c);
      }
      active_.resize(kept);
      commit(b, next_start);
      if (active_.empty()) return std::nullopt;
    }

    // Only nodes at the end remain: everything before it was deactivated by
    // the forced break there.
    return best_path(miss);
  }

  // Keeps the best candidate per (line, fitness, hyphen run) at the current breakpoint.
  void offer(const ActiveNode& c) {
    for (ActiveNode& o : candidates_) {
      if (o.line == c.line && o.fitness == c.fitness && o.hyphen_run == c.hyphen_run) {
        if (c.demerits < o.demerits) o = c;
        return;
      }
    }
    candidates_.push_back(c);
  }

  // Turns the surviving candidates for breakpoint b into active nodes. A
  // candidate is dropped when another one for the same line count, with no
  // longer hyphen run, is cheaper by more than fitness_demerits: whatever
  // follows, it can only be worse (TeX's pruning in §836 generalised to the
  // extra state).
  void commit(size_t b, size_t start) {
    if (candidates_.empty()) return;
    for (size_t i = 0; i < candidates_.size(); ++i) {
      const ActiveNode& c = candidates_[i];
      bool dominated = false;
      for (size_t j = 0; j < candidates_.size() && !dominated; ++j) {
        const ActiveNode& o = candidates_[j];
        if (j == i || o.line != c.line || o.hyphen_run > c.hyphen_run) continue;
        const double margin = o.fitness == c.fitness ? 0 : params_.fitness_demerits;
        dominated = o.demerits + margin < c.demerits;
      }
      if (dominated) continue;
      pool_.push_back({b, c.breakpoint});
      ActiveNode node = c;
      node.breakpoint = pool_.size() - 1;
      node.start = start;
      active_.push_back(node);
    }
  }

  // TeX §873–875: the cheapest final node, or with looseness the one whose
  // line count is closest to the optimum's plus looseness.
  std::vector<size_t> best_path(int& miss) const {
    const ActiveNode* best = &active_.front();
    for (const ActiveNode& a : active_)
      if (a.demerits < best->demerits) best = &a;
    const long best_line = static_cast<long>(best->line);
    long actual = 0;
    if (params_.looseness != 0) {
      const long wanted = params_.looseness;
      const ActiveNode* chosen = best;
      for (const ActiveNode& a : active_) {
        const long diff = static_cast<long>(a.line) - best_line;
        const bool closer = (diff < actual && wanted <= diff) || (diff > actual && wanted >= diff);
        if (closer || (diff == actual && a.demerits < chosen->demerits)) {
          chosen = &a;
          actual = diff;
        }
      }
      best = chosen;
      miss = static_cast<int>(wanted - actual);
    }
    std::vector<size_t> breaks;
    for (size_t bp = best->breakpoint; pool_[bp].position != kNone; bp = pool_[bp].previous)
      breaks.push_back(pool_[bp].position);
    std::reverse(breaks.begin(), breaks.end());
    return breaks;
  }

  std::vector<LineBreak> make_lines(const std::vector<size_t>& breaks) {
    std::vector<LineBreak> lines;
    lines.reserve(breaks.size());
    size_t start = 0;
    for (size_t b : breaks) {
      const LineMeasure m = measure(start, b, lines.size());
      LineBreak line;
      line.start = start;
      line.end = b;
      line.hyphenated = is_flagged(b);
      line.width_natural = m.natural;
      line.width_available = m.available;
      line.protrude_left = m.protrude_left;
      line.protrude_right = m.protrude_right;
      const double shortfall = m.available - m.natural;
      if (shortfall > kEpsilon) {
        if (m.fil > 0) {
          line.fil = true;
          line.ratio = shortfall / m.fil;
        } else {
          std::tie(line.ratio, line.box_ratio) = split_ratio(shortfall, m);
        }
      } else if (shortfall < -kEpsilon) {
        line.overfull = -shortfall - m.shrink > kEpsilon;
        // An overfull line is set at full shrink.
        if (line.overfull) {
          line.ratio = m.shrink > 0 ? -1 : 0;
          line.box_ratio = m.box_shrink > 0 ? -1 : 0;
        } else {
          std::tie(line.ratio, line.box_ratio) = split_ratio(shortfall, m);
        }
      }
      lines.push_back(line);
      start = start_after(b);
    }
    return lines;
  }

  std::span<const Item> items_;
  const std::function<double(size_t)>& line_width_;
  const BreakParams& params_;
  std::vector<Totals> totals_;           // totals_[i]: sums over items [0, i)
  std::vector<size_t> last_box_before_;  // [i]: last box index < i, or kNone
  std::vector<double> widths_;           // line_width_ cache
  size_t end_ = 0;                       // index of the paragraph's final break
  bool has_box_ = false;
  // Hyphen runs are stored up to max_hyphen_run (longer runs exist only in
  // the last resort and need not be told apart), or up to 1 without a limit,
  // where only "the previous line was hyphenated" matters.
  int run_cap_ = 1;
  // Line counts from here on are not told apart (BreakParams::uniform_width_from).
  size_t easy_line_ = kNone;

  std::vector<Breakpoint> pool_;
  std::vector<ActiveNode> active_;
  std::vector<ActiveNode> candidates_;  // new nodes for the current breakpoint; their
                                        // .breakpoint is the predecessor until commit()
};

}  // namespace

std::vector<LineBreak> break_paragraph(std::span<const Item> items,
                                  const std::function<double(size_t)>& line_width,
                                  const BreakParams& params) {
  return Breaker(items, line_width, params).run();
}

}  // namespace satzwerk::paragraph
