#include "paragraph/compose.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <unordered_map>

#include "text/hyphenate.h"
#include "text/utf8.h"

namespace satzwerk::paragraph {

namespace {

constexpr char32_t kNbsp = 0x00A0, kNnbsp = 0x202F;

// Penalties for break points inside words, tuned on the corpus together with
// the breaking parameters in compose.h (bench/README.md). TeX uses 50 for
// every hyphenation (\hyphenpenalty) and after explicit hyphens
// (\exhyphenpenalty); we keep 50 at compound joints and after hard hyphens
// and charge more inside a compound member, as a German compositor prefers
// Bundes-|regierung to Bun-|desregierung (H9).
constexpr double kJointPenalty = 50, kSyllablePenalty = 120, kHardHyphenPenalty = 50;
constexpr double kEdgePenalty = 100;        // extra when a part is only two letters
constexpr double kUrlBreakPenalty = 150;    // after / . - ? & = inside a URL
constexpr double kEmergencyPenalty = 5000;  // inside a word longer than the measure

// A word piece: a run of non-space text in one span.
struct Piece {
  std::size_t span = 0;
  std::string text;
  const shape::GlyphRun* run = nullptr;  // the whole piece shaped (set by push_piece)
};

enum class SpaceKind { Breakable, NoBreak, Narrow };

// A box's source: bytes [begin, end) of a piece.
struct Fragment {
  std::size_t piece = 0;
  uint32_t begin = 0, end = 0;
};

bool is_url_like(std::string_view s) {
  return s.rfind("http://", 0) == 0 || s.rfind("https://", 0) == 0 || s.rfind("www.", 0) == 0 ||
         s.find('@') != std::string_view::npos || s.rfind("mailto:", 0) == 0;
}

bool starts_with_any(std::string_view s, std::initializer_list<std::string_view> prefixes) {
  for (auto p : prefixes)
    if (s.rfind(p, 0) == 0) return true;
  return false;
}

// Character protrusion (margin kerning), as a share of the glyph's advance:
// punctuation and hyphens hang into the margin so the edge looks straight.
// The amounts follow microtype's default set (period and comma 700/1000, hyphen
// 700, colon and semicolon 500, quotes 300–500 …).
double protrusion_right(char32_t c) {
  switch (c) {
    case U'.': case U',': case U'-': case 0x2010: return 0.7;
    case U':': case U';': return 0.5;
    case 0x201C: case 0x2018: case 0x2019: case 0x00AB: case 0x2039: return 0.5;
    case 0x2013: case 0x2026: return 0.3;
    case U'!': case U'?': return 0.2;
    case U')': return 0.05;
    default: return 0;
  }
}
double protrusion_left(char32_t c) {
  switch (c) {
    case 0x201E: case 0x201A: case 0x00BB: case 0x203A: return 0.5;
    case 0x2013: return 0.3;
    case U'(': return 0.05;
    default: return 0;
  }
}

char32_t first_char(std::string_view s) {
  auto d = utf8::decode(s.substr(0, std::min<std::size_t>(4, s.size())));
  return d.text.empty() ? 0 : d.text.front();
}
char32_t last_char(std::string_view s) {
  std::size_t i = s.size();
  while (i > 0 && (static_cast<unsigned char>(s[i - 1]) & 0xC0) == 0x80) --i;
  if (i > 0) --i;
  auto d = utf8::decode(s.substr(i));
  return d.text.empty() ? 0 : d.text.back();
}

// P9: these never begin a line, so the space before them does not break.
bool must_not_start_line(std::string_view word) {
  return starts_with_any(word, {"\u2013", "\u2014", "\u2026", "\u201C", "\u2018", "\u00BB", "\u203A", "%", "\u20AC"});
}

class Builder {
 public:
  Builder(const std::vector<Span>& spans, const ParagraphStyle& style, shape::ShapeCache& cache,
          const text::Hyphenator* hyph)
      : spans_(spans), style_(style), cache_(cache), hyph_(hyph) {}

  std::vector<Line> run() {
    tokenize();
    if (pieces_.empty()) return {};
    build_items();
    auto width_of = [this](std::size_t line) {
      return style_.measure - (line == 0 ? style_.first_indent : 0);
    };
    BreakParams params = style_.breaking;
    if (params.uniform_width_from < 0) params.uniform_width_from = 1;  // only the first line differs
    auto lines = break_paragraph(items_, width_of, params);
    std::vector<Line> out;
    out.reserve(lines.size());
    for (std::size_t i = 0; i < lines.size(); ++i) out.push_back(lay_out(lines[i], width_of(i), i == 0));
    return out;
  }

 private:
  // ---- tokens ------------------------------------------------------------
  struct Token {
    bool is_piece = true;
    std::size_t piece = 0;
    SpaceKind space = SpaceKind::Breakable;
    std::size_t span = 0;  // for spaces: whose font sets the width
    bool newline = false;
  };

  void tokenize() {
    for (std::size_t s = 0; s < spans_.size(); ++s) {
      auto cps = utf8::decode(spans_[s].text).text;
      std::string cur;
      auto flush = [&] {
        if (cur.empty()) return;
        // Pieces of adjacent spans without a space between them form one word.
        pieces_.push_back({s, std::move(cur)});
        tokens_.push_back({true, pieces_.size() - 1});
        cur.clear();
      };
      for (char32_t cp : cps) {
        if (cp == U' ' || cp == U'\t' || cp == kNbsp || cp == kNnbsp || cp == U'\n') {
          flush();
          Token t{false};
          t.span = s;
          t.newline = cp == U'\n';
          t.space = cp == kNbsp ? SpaceKind::NoBreak : cp == kNnbsp ? SpaceKind::Narrow : SpaceKind::Breakable;
          // Runs of breakable spaces collapse to one.
          if (!t.newline && t.space == SpaceKind::Breakable && !tokens_.empty() && !tokens_.back().is_piece &&
              !tokens_.back().newline)
            continue;
          tokens_.push_back(t);
        } else {
          utf8::append(cur, cp);
        }
      }
      flush();
    }
    // No glue at the paragraph's edges.
    while (!tokens_.empty() && !tokens_.back().is_piece) tokens_.pop_back();
    while (!tokens_.empty() && !tokens_.front().is_piece) tokens_.erase(tokens_.begin());
  }

  // ---- items -------------------------------------------------------------
  double scale(std::size_t span) const { return spans_[span].style.font->scale(spans_[span].style.size); }

  const shape::GlyphRun& shaped(std::size_t span, std::string_view text) {
    const auto& st = spans_[span].style;
    return cache_.shape(*st.font, text, st.features);
  }

  double space_width(std::size_t span) const {
    const auto& st = spans_[span].style;
    return st.font->advance(st.font->glyph_for(U' ')) * st.font->scale(st.size);
  }

  bool ragged() const { return style_.align != Align::Justify; }

  // The width a character hangs into the margin at the given side; asked for
  // at both ends of every box, so remembered per span and character.
  double hang(std::size_t span, char32_t c, bool left) {
    const double share = left ? protrusion_left(c) : protrusion_right(c);
    if (share == 0 || !style_.protrusion) return 0;
    const uint64_t key = static_cast<uint64_t>(span) << 33 | static_cast<uint64_t>(c) << 1 | left;
    if (auto it = hangs_.find(key); it != hangs_.end()) return it->second;
    std::string s;
    utf8::append(s, c);
    return hangs_[key] = share * shaped(span, s).advance * scale(span);
  }

  // The width of a hyphen added at a break, per span.
  double hyphen_width(std::size_t span) {
    if (hyphen_widths_.size() <= span) hyphen_widths_.resize(spans_.size(), -1);
    double& w = hyphen_widths_[span];
    if (w < 0) w = shaped(span, "-").advance * scale(span);
    return w;
  }

  void push_box(double width, Fragment f) {
    fragments_.push_back(f);
    Item it{ItemKind::Box};
    it.width = width;
    if (!ragged()) {
      // Font expansion: the box may widen or narrow with the line (pdfTeX's
      // expandable boxes); lay_out() applies the same ratio to the glyphs.
      it.stretch = width * style_.expansion;
      it.shrink = width * style_.expansion;
    }
    const std::string_view text = std::string_view(pieces_[f.piece].text).substr(f.begin, f.end - f.begin);
    it.protrude_left = hang(pieces_[f.piece].span, first_char(text), true);
    it.protrude_right = hang(pieces_[f.piece].span, last_char(text), false);
    it.source = static_cast<uint32_t>(fragments_.size() - 1);
    items_.push_back(it);
  }
  void push_glue(double w, double stretch, double shrink) {
    Item it{ItemKind::Glue};
    it.width = w;
    it.stretch = stretch;
    it.shrink = shrink;
    items_.push_back(it);
  }
  void push_penalty(double p, double width = 0, bool flagged = false, double hang = 0) {
    Item it{ItemKind::Penalty};
    it.penalty = p;
    it.width = width;
    it.flagged = flagged;
    it.protrude_right = hang;
    items_.push_back(it);
  }

  void push_space(const Token& t, bool breakable) {
    const double w = space_width(t.span);
    if (t.space == SpaceKind::Narrow) {
      // A fixed narrow space (Achtel- to Sechstelgeviert); never breaks.
      const auto& st = spans_[t.span].style;
      double nw = st.font->advance(st.font->glyph_for(kNnbsp)) * scale(t.span);
      if (nw <= 0 || st.font->glyph_for(kNnbsp) == 0) nw = st.size / 6;
      push_penalty(kInfPenalty);
      push_glue(nw, 0, 0);
      return;
    }
    if (!breakable || t.space == SpaceKind::NoBreak) push_penalty(kInfPenalty);
    if (ragged()) {
      // Knuth–Plass ragged setting: the rag stretch only counts at a break.
      const double rag = 3 * w;
      push_glue(0, rag, 0);
      push_penalty(0);
      push_glue(w, -rag, 0);
    } else {
      push_glue(w, w * style_.space_stretch, w * style_.space_shrink);
    }
  }

  void push_break(double penalty, double hyphen_width, bool flagged, std::size_t piece, bool adds_hyphen) {
    const std::size_t span = pieces_[piece].span;
    const double hyphen_hang = adds_hyphen ? hang(span, U'-', false) : 0;
    if (ragged()) {
      const double rag = 3 * space_width(span);
      push_penalty(kInfPenalty);
      push_glue(0, rag, 0);
      push_penalty(penalty, hyphen_width, flagged, hyphen_hang);
      push_glue(0, -rag, 0);
    } else {
      push_penalty(penalty, hyphen_width, flagged, hyphen_hang);
    }
  }

  struct Cut {
    uint32_t at;
    double penalty;
    bool adds_hyphen;
    bool hard_hyphen = false;
  };

  std::vector<Cut> cuts_for(const Piece& p, double width) {
    std::vector<Cut> cuts;
    const auto& text = p.text;
    const bool url = !spans_[p.span].href.empty() || is_url_like(text);
    if (url) {
      // Break after / . - ? & = but not right after "//" of the scheme's start.
      for (uint32_t i = 0; i + 1 < text.size(); ++i) {
        const char c = text[i];
        if (std::string_view("/.-?&=_#").find(c) == std::string_view::npos) continue;
        if (c == '/' && text[i + 1] == '/') continue;
        cuts.push_back({i + 1, kUrlBreakPenalty, false});
      }
    } else if (style_.hyphenate && hyph_) {
      for (const auto& bp : hyph_->breaks(text)) {
        double pen = bp.kind == text::BreakKind::CompoundJoint ? kJointPenalty
                     : bp.kind == text::BreakKind::HardHyphen  ? kHardHyphenPenalty
                                                               : kSyllablePenalty;
        if (bp.offset <= 2 || text.size() - bp.offset <= 2) pen += kEdgePenalty;
        cuts.push_back({bp.offset, pen, bp.kind != text::BreakKind::HardHyphen, bp.kind == text::BreakKind::HardHyphen});
      }
    } else {
      // Without hyphenation a compound with a hard hyphen may still break after it.
      for (uint32_t i = 1; i + 1 < text.size(); ++i)
        if (text[i] == '-' && std::isalpha(static_cast<unsigned char>(text[i - 1])))
          cuts.push_back({i + 1, kHardHyphenPenalty, false, true});
    }
    if (width > style_.measure * 0.9) add_emergency_cuts(text, url, cuts);
    std::sort(cuts.begin(), cuts.end(), [](const Cut& a, const Cut& b) { return a.at < b.at; });
    cuts.erase(std::unique(cuts.begin(), cuts.end(), [](const Cut& a, const Cut& b) { return a.at == b.at; }),
               cuts.end());
    return cuts;
  }

  // A word longer than the line may break between any two characters: a loose
  // or split word is always better than text running into the margin.
  static void add_emergency_cuts(const std::string& text, bool url, std::vector<Cut>& cuts) {
    // A flag per byte offset, not a search per offset: words can be very
    // long (hostile input), and this must stay linear.
    std::vector<bool> have(text.size() + 1, false);
    for (auto& c : cuts) have[c.at] = true;
    for (uint32_t i = 1; i < text.size(); ++i) {
      if ((static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) continue;  // inside a UTF-8 sequence
      if (have[i]) continue;
      cuts.push_back({i, kEmergencyPenalty, !url});
    }
  }

  void push_piece(std::size_t pi) {
    const Piece& p = pieces_[pi];
    const auto& run = *(pieces_[pi].run = &shaped(p.span, p.text));
    const double sc = scale(p.span);
    auto cuts = cuts_for(p, run.advance * sc);
    // Widths of the fragments come from the whole word's shaping split at clusters.
    uint32_t begin = 0;
    std::size_t g = 0;
    const double hyphen_w = hyphen_width(p.span);
    auto width_until = [&](uint32_t end) {
      double w = 0;
      while (g < run.glyphs.size() && run.glyphs[g].cluster < end) w += run.glyphs[g++].advance;
      return w * sc;
    };
    for (const auto& c : cuts) {
      push_box(width_until(c.at), {pi, begin, c.at});
      // A hyphen-adding break and a break after a hard hyphen both end the line
      // with a hyphen (flagged, P3); a URL break does not.
      push_break(c.penalty, c.adds_hyphen ? hyphen_w : 0, c.adds_hyphen || c.hard_hyphen, pi, c.adds_hyphen);
      begin = c.at;
    }
    push_box(width_until(static_cast<uint32_t>(p.text.size())), {pi, begin, static_cast<uint32_t>(p.text.size())});
  }

  void build_items() {
    for (std::size_t i = 0; i < tokens_.size(); ++i) {
      const Token& t = tokens_[i];
      if (t.is_piece) {
        push_piece(t.piece);
      } else if (t.newline) {
        push_glue(0, kFil, 0);
        push_penalty(-kInfPenalty);
      } else {
        const bool next_forbids = i + 1 < tokens_.size() && tokens_[i + 1].is_piece &&
                                  must_not_start_line(pieces_[tokens_[i + 1].piece].text);
        push_space(t, !next_forbids);
      }
    }
    // \parfillskip and the forced end; the last word must not be hyphenated (P4).
    push_penalty(kInfPenalty);
    push_glue(0, kFil, 0);
    push_penalty(-kInfPenalty);
    disable_last_word_breaks();
  }

  void disable_last_word_breaks() {
    // P4: no hyphen in the paragraph's last word.
    for (std::size_t i = items_.size(); i-- > 0;) {
      if (items_[i].kind == ItemKind::Glue && items_[i].stretch < kFil && items_[i].width > 0) break;
      if (items_[i].kind == ItemKind::Penalty && items_[i].flagged && items_[i].penalty < kInfPenalty &&
          items_[i].penalty < kEmergencyPenalty)
        items_[i].penalty = kInfPenalty;
    }
  }

  // ---- layout ------------------------------------------------------------
  // One element of a set line: a stretch of a piece's text, or a word space.
  struct Element {
    bool is_text = true;
    Fragment frag;
    bool hyphen = false;   // text: ends with an added hyphen
    double width = 0, stretch = 0, shrink = 0;  // space
  };

  std::vector<Element> elements_of(const LineBreak& br) {
    std::vector<Element> els;
    std::size_t i = br.start;
    // Glue and penalties after a break are discarded (TeX's rule).
    while (i < br.end && items_[i].kind != ItemKind::Box) ++i;
    for (; i < br.end; ++i) {
      const Item& it = items_[i];
      if (it.kind == ItemKind::Box) {
        const Fragment& f = fragments_[it.source];
        if (!els.empty() && els.back().is_text && els.back().frag.piece == f.piece && els.back().frag.end == f.begin)
          els.back().frag.end = f.end;
        else
          els.push_back({true, f});
      } else if (it.kind == ItemKind::Glue && it.width > 0) {
        Element sp{false};
        sp.width = it.width;
        if (!ragged()) {
          sp.stretch = it.stretch;
          sp.shrink = it.shrink;
        }
        els.push_back(sp);
      }
    }
    // Spaces at the line's end are dropped.
    while (!els.empty() && !els.back().is_text) els.pop_back();
    // A flagged penalty with a width is a hyphenation point: the line shows a hyphen.
    const Item& brk = items_[br.end];
    if (br.end < items_.size() && brk.kind == ItemKind::Penalty && brk.flagged && brk.width > 0 && !els.empty())
      els.back().hyphen = true;
    return els;
  }

  Line lay_out(const LineBreak& br, double measure, bool first) {
    auto els = elements_of(br);
    // Protruding characters widen the line by what they hang into the margins.
    const double width = measure + br.protrude_left + br.protrude_right;
    const Item& brk = items_[br.end];
    const bool last = brk.kind == ItemKind::Penalty && brk.penalty <= -kInfPenalty;
    // Shape what the line really shows (a split word is reshaped with its
    // hyphen), so the ratio is recomputed here from the real widths rather
    // than taken from the breaker's sum of fragments.
    std::vector<const shape::GlyphRun*> runs(els.size(), nullptr);
    double natural = 0, stretch = 0, shrink = 0, text = 0;  // stretch, shrink: of the spaces
    for (std::size_t k = 0; k < els.size(); ++k) {
      auto& e = els[k];
      if (e.is_text) {
        const Piece& p = pieces_[e.frag.piece];
        if (e.frag.begin == 0 && e.frag.end == p.text.size() && !e.hyphen) {
          runs[k] = p.run;  // most words are not split
        } else {
          std::string s = p.text.substr(e.frag.begin, e.frag.end - e.frag.begin);
          if (e.hyphen) s += '-';
          runs[k] = &shaped(p.span, s);
        }
        const double w = runs[k]->advance * scale(p.span);
        natural += w;
        text += w;
      } else {
        natural += e.width;
        stretch += e.stretch;
        shrink += e.shrink;
      }
    }
    // Font expansion: the glyphs may change by up to ±expansion of their width.
    const double box = ragged() ? 0 : text * style_.expansion;
    const double need = width - natural;  // > 0: to stretch, < 0: to shrink
    const bool adjust = !ragged() && !last ? std::abs(need) > 0 : need < 0;
    double ratio = 0, box_share = 0;  // box_share: the glyphs' change in [-box, box]
    if (adjust) {
      const double glue = need > 0 ? stretch : shrink;
      if (style_.breaking.expansion_first) {
        // The glyphs first, the spaces take the rest (BreakParams::expansion_first).
        box_share = std::clamp(need, -box, box);
        if (glue > 0) ratio = (need - box_share) / glue;
      } else {
        // pdfTeX: one ratio for glyphs and spaces; beyond ±1 the glyphs stay
        // at their limit and the spaces take the excess.
        const double r = glue + box > 0 ? need / (glue + box) : 0;
        box_share = std::clamp(r, -1.0, 1.0) * box;
        ratio = std::abs(r) <= 1 || glue <= 0 ? r : (need - box_share) / glue;
      }
      ratio = std::max(ratio, -1.0);  // an overfull line is set at full shrink
    }
    const double scale_x = text > 0 ? 1 + box_share / text : 1;
    Line line;
    line.ratio = ratio;
    line.expansion = scale_x;
    line.hyphenated = !els.empty() && els.back().hyphen;
    double x = 0;
    for (std::size_t k = 0; k < els.size(); ++k) {
      const auto& e = els[k];
      if (!e.is_text) {
        x += e.width + (ratio > 0 ? ratio * e.stretch : ratio * e.shrink);
        continue;
      }
      const Piece& p = pieces_[e.frag.piece];
      const Span& span = spans_[p.span];
      const double sc = scale(p.span);
      const double sx = sc * scale_x;
      if (line.runs.empty() || line.runs.back().font != span.style.font || line.runs.back().size != span.style.size)
        line.runs.push_back({span.style.font, span.style.size, {}, scale_x, {}});
      const double x0 = x;
      const auto& run = *runs[k];
      for (std::size_t g = 0; g < run.glyphs.size(); ++g) {
        const auto& gl = run.glyphs[g];
        line.runs.back().add(gl.id, x + gl.x_offset * sx, gl.y_offset * sc, gl.advance * sx, run.cluster_text(g));
        x += gl.advance * sx;
      }
      line.ascent = std::max(line.ascent, span.style.font->metrics().ascender * sc);
      if (!span.href.empty()) {
        if (!line.links.empty() && line.links.back().href == span.href) line.links.back().x1 = x;
        else line.links.push_back({x0, x, span.href});
      }
    }
    line.width = x;
    line.indent = (first ? style_.first_indent : 0) - br.protrude_left;
    if (style_.align == Align::Center) line.indent += std::max(0.0, (measure - x) / 2);
    return line;
  }

  const std::vector<Span>& spans_;
  const ParagraphStyle& style_;
  shape::ShapeCache& cache_;
  const text::Hyphenator* hyph_;
  std::vector<Piece> pieces_;
  std::vector<Token> tokens_;
  std::vector<Item> items_;
  std::vector<Fragment> fragments_;
  std::unordered_map<uint64_t, double> hangs_;
  std::vector<double> hyphen_widths_;
};

}  // namespace

std::string Line::text() const {
  std::string out;
  double end = -1;
  for (const auto& r : runs)
    for (const auto& g : r.glyphs) {
      if (end >= 0 && g.x - end > r.size * 0.1) out += ' ';
      out += r.text_of(g);
      end = g.x + g.advance;
    }
  return out;
}

std::vector<Line> compose(const std::vector<Span>& spans, const ParagraphStyle& style, shape::ShapeCache& cache,
                          const text::Hyphenator* hyphenator) {
  return Builder(spans, style, cache, hyphenator).run();
}

}  // namespace satzwerk::paragraph
