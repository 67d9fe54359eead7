#include "pdf/font_embed.h"

#include <hb-subset.h>
#include <hb.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "text/utf8.h"

namespace satzwerk::pdf {

void GlyphUsage::use(uint32_t glyph, std::string_view text) {
  if (glyph < has_text_.size() && has_text_[glyph]) return;  // the usual case: seen, with its text
  auto [it, inserted] = glyphs_.try_emplace(glyph, text);
  if (!inserted && it->second.empty() && !text.empty()) it->second = text;
  if (!it->second.empty()) {
    if (glyph >= has_text_.size()) has_text_.resize(std::max<std::size_t>(glyph + 1, 2 * has_text_.size()));
    has_text_[glyph] = true;
  }
}

std::string subset_tag(const std::string& font_name, const std::map<uint32_t, std::string>& glyphs) {
  // FNV-1a over the name and the glyph ids: stable across runs and platforms.
  uint64_t h = 1469598103934665603ull;
  auto mix = [&](uint64_t v) {
    h ^= v;
    h *= 1099511628211ull;
  };
  for (unsigned char c : font_name) mix(c);
  for (const auto& [g, t] : glyphs) mix(g);
  std::string tag(6, 'A');
  for (char& c : tag) {
    c = static_cast<char>('A' + h % 26);
    h /= 26;
  }
  return tag;
}

namespace {

void append_utf16be_hex(std::string& out, const std::string& utf8_text) {
  static const char hex[] = "0123456789ABCDEF";
  auto put = [&](unsigned v) {
    for (int s = 12; s >= 0; s -= 4) out += hex[(v >> s) & 15];
  };
  for (char32_t cp : utf8::decode(utf8_text).text) {
    if (cp >= 0x10000) {
      cp -= 0x10000;
      put(0xD800 + (cp >> 10));
      put(0xDC00 + (cp & 0x3FF));
    } else {
      put(cp);
    }
  }
}

std::string hex4(unsigned v) {
  static const char hex[] = "0123456789ABCDEF";
  return {hex[(v >> 12) & 15], hex[(v >> 8) & 15], hex[(v >> 4) & 15], hex[v & 15]};
}

}  // namespace

std::string to_unicode_cmap(const std::map<uint16_t, std::string>& text_of_cid) {
  std::string s =
      "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
      "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
      "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
      "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n";
  std::vector<std::pair<uint16_t, const std::string*>> entries;
  for (const auto& [cid, text] : text_of_cid)
    if (!text.empty()) entries.emplace_back(cid, &text);
  // At most 100 entries per bfchar block (PDF reference, CMap limits).
  for (std::size_t i = 0; i < entries.size(); i += 100) {
    const std::size_t n = std::min<std::size_t>(100, entries.size() - i);
    s += std::to_string(n) + " beginbfchar\n";
    for (std::size_t k = i; k < i + n; ++k) {
      s += '<' + hex4(entries[k].first) + "> <";
      append_utf16be_hex(s, *entries[k].second);
      s += ">\n";
    }
    s += "endbfchar\n";
  }
  s += "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n";
  return s;
}

namespace {

// The PDF needs outlines and metrics only; layout tables would be dead weight.
hb_subset_input_t* subset_input() {
  hb_subset_input_t* input = hb_subset_input_create_or_fail();
  if (!input) throw std::runtime_error("hb-subset: out of memory");
  hb_set_t* drop = hb_subset_input_set(input, HB_SUBSET_SETS_DROP_TABLE_TAG);
  for (const char* tag : {"GSUB", "GPOS", "GDEF", "kern", "BASE", "JSTF", "MATH", "DSIG"})
    hb_set_add(drop, hb_tag_from_string(tag, 4));
  return input;
}

// nullptr when HarfBuzz cannot do it (out of memory): the plain way stays.
std::unique_ptr<const SubsetFaces::Prepared> prepare(const shape::Font& font, const std::vector<uint32_t>& glyphs) {
  static constexpr std::pair<char32_t, char32_t> kLatin[] = {{0x0020, 0x00FF}, {0x2010, 0x2030}, {0x20AC, 0x20AC}};
  hb_subset_input_t* input = subset_input();
  hb_set_t* set = hb_subset_input_glyph_set(input);
  hb_set_add(set, 0);
  for (const auto& [first, last] : kLatin)
    for (char32_t c = first; c <= last; ++c)
      if (const uint32_t g = font.glyph_for(c)) hb_set_add(set, g);
  for (uint32_t g : glyphs) hb_set_add(set, g);
  hb_subset_plan_t* plan = hb_subset_plan_create_or_fail(font.hb_face(), input);
  hb_subset_input_destroy(input);
  if (!plan) return nullptr;
  hb_face_t* cut = hb_subset_plan_execute_or_fail(plan);
  auto p = std::make_unique<SubsetFaces::Prepared>();
  p->glyph_in_face.assign(hb_face_get_glyph_count(font.hb_face()), SubsetFaces::Prepared::kAbsent);
  const hb_map_t* old_to_new = hb_subset_plan_old_to_new_glyph_mapping(plan);
  for (uint32_t g = 0; g < p->glyph_in_face.size(); ++g)
    if (const hb_codepoint_t n = hb_map_get(old_to_new, g); n != HB_MAP_VALUE_INVALID) p->glyph_in_face[g] = n;
  hb_subset_plan_destroy(plan);
  if (!cut) return nullptr;
  p->face = hb_subset_preprocess(cut);
  hb_face_destroy(cut);
  if (p->face == hb_face_get_empty()) return nullptr;
  return p;
}

}  // namespace

bool SubsetFaces::Prepared::covers(const std::map<uint32_t, std::string>& glyphs) const {
  for (const auto& [g, t] : glyphs)
    if (g >= glyph_in_face.size() || glyph_in_face[g] == kAbsent) return false;
  return true;
}

SubsetFaces::~SubsetFaces() {
  for (auto& [font, e] : entries_)
    for (auto& p : e->all) hb_face_destroy(p->face);
}

SubsetFaces::Entry& SubsetFaces::entry(const shape::Font& font) const {
  std::lock_guard lock(mutex_);
  auto& e = entries_[&font];  // entries never move: the map holds pointers
  if (!e) e = std::make_unique<Entry>();
  return *e;
}

const SubsetFaces::Prepared* SubsetFaces::use(const shape::Font& font, const std::map<uint32_t, std::string>& glyphs) {
  Entry& e = entry(font);
  const Prepared* current = e.prepared.load(std::memory_order_acquire);
  if (current && current->covers(glyphs)) return current;
  std::vector<uint32_t> wanted;
  {
    std::lock_guard lock(mutex_);
    if (e.all.size() >= kMaxPreparations) return nullptr;
    for (const auto& [g, t] : glyphs) e.seen.push_back(g);
    // Exactly one caller sees the count reach the threshold and prepares.
    if (++e.plain_uses < kPrepareAfter) return nullptr;
    e.plain_uses = 0;
    wanted.swap(e.seen);
    if (current)
      for (uint32_t g = 0; g < current->glyph_in_face.size(); ++g)
        if (current->glyph_in_face[g] != Prepared::kAbsent) wanted.push_back(g);
  }
  auto made = prepare(font, wanted);
  if (!made) return nullptr;
  std::lock_guard lock(mutex_);
  e.all.push_back(std::move(made));
  e.prepared.store(e.all.back().get(), std::memory_order_release);
  return e.all.back()->covers(glyphs) ? e.all.back().get() : nullptr;
}

std::size_t SubsetFaces::preparations(const shape::Font& font) const {
  Entry& e = entry(font);
  std::lock_guard lock(mutex_);
  return e.all.size();
}

EmbeddedFont embed_font(const shape::Font& font, const GlyphUsage& usage, SubsetFaces* faces) {
  // Through the prepared face when every glyph is in it; `in_source` maps the
  // document's glyph ids to the ids of the face the subset is made from.
  const SubsetFaces::Prepared* prepared = faces ? faces->use(font, usage.glyphs()) : nullptr;
  auto in_source = [&](uint32_t g) { return prepared ? prepared->glyph_in_face[g] : g; };

  hb_subset_input_t* input = subset_input();
  hb_set_t* gids = hb_subset_input_glyph_set(input);
  hb_set_add(gids, 0);  // .notdef must always be there
  for (const auto& [g, t] : usage.glyphs()) hb_set_add(gids, in_source(g));
  hb_subset_plan_t* plan = hb_subset_plan_create_or_fail(prepared ? prepared->face : font.hb_face(), input);
  hb_subset_input_destroy(input);
  if (!plan) throw std::runtime_error(font.path() + ": hb-subset cannot plan a subset");
  hb_face_t* subset = hb_subset_plan_execute_or_fail(plan);
  if (!subset) {
    hb_subset_plan_destroy(plan);
    throw std::runtime_error(font.path() + ": hb-subset failed");
  }
  EmbeddedFont ef;
  ef.via_prepared_face = prepared != nullptr;
  const hb_map_t* old_to_new = hb_subset_plan_old_to_new_glyph_mapping(plan);
  std::map<uint16_t, std::string> text_of_cid;
  const double to_milli_em = 1000.0 / font.metrics().units_per_em;
  unsigned max_cid = 0;
  for (const auto& [g, t] : usage.glyphs()) {
    const hb_codepoint_t cid = hb_map_get(old_to_new, in_source(g));
    if (cid == HB_MAP_VALUE_INVALID) continue;
    ef.cid_of[g] = static_cast<uint16_t>(cid);
    text_of_cid[static_cast<uint16_t>(cid)] = t;
    max_cid = std::max(max_cid, cid);
  }
  ef.widths.assign(max_cid + 1, 0);
  for (const auto& [g, cid] : ef.cid_of)
    ef.widths[cid] = static_cast<int>(std::lround(font.advance(g) * to_milli_em));
  hb_blob_t* blob = hb_face_reference_blob(subset);
  unsigned len = 0;
  const char* data = hb_blob_get_data(blob, &len);
  ef.program.assign(data, len);
  hb_blob_destroy(blob);
  hb_face_destroy(subset);
  hb_subset_plan_destroy(plan);
  ef.to_unicode = to_unicode_cmap(text_of_cid);
  ef.base_font = subset_tag(font.metrics().postscript_name, usage.glyphs()) + "+" + font.metrics().postscript_name;
  return ef;
}

}  // namespace satzwerk::pdf
