#include "shape/shape.h"

#include <ft2build.h>
#include FT_FREETYPE_H
#include FT_TRUETYPE_TABLES_H
#include <hb-ot.h>
#include <hb.h>

#include <algorithm>
#include <cstdio>
#include <stdexcept>

#include "text/file.h"
#include "text/utf8.h"

namespace satzwerk::shape {

namespace {

// Descriptor facts come from FreeType, which reads head/hhea/OS/2/post for us.
FontMetrics read_metrics(const std::string& path, const std::string& data) {
  FT_Library lib;
  if (FT_Init_FreeType(&lib)) throw std::runtime_error("FreeType initialisation failed");
  FT_Face face;
  if (FT_New_Memory_Face(lib, reinterpret_cast<const FT_Byte*>(data.data()),
                         static_cast<FT_Long>(data.size()), 0, &face)) {
    FT_Done_FreeType(lib);
    throw std::runtime_error(path + ": not a font FreeType can read");
  }
  FontMetrics m;
  m.units_per_em = face->units_per_EM;
  m.ascender = face->ascender;
  m.descender = face->descender;
  m.bbox[0] = static_cast<int>(face->bbox.xMin);
  m.bbox[1] = static_cast<int>(face->bbox.yMin);
  m.bbox[2] = static_cast<int>(face->bbox.xMax);
  m.bbox[3] = static_cast<int>(face->bbox.yMax);
  m.italic = face->style_flags & FT_STYLE_FLAG_ITALIC;
  m.bold = face->style_flags & FT_STYLE_FLAG_BOLD;
  m.fixed_pitch = FT_IS_FIXED_WIDTH(face);
  if (auto* os2 = static_cast<TT_OS2*>(FT_Get_Sfnt_Table(face, FT_SFNT_OS2))) {
    if (os2->version >= 2) {
      m.cap_height = os2->sCapHeight;
      m.x_height = os2->sxHeight;
    }
    m.serif = ((os2->sFamilyClass >> 8) & 0xFF) != 8;  // IBM class 8 = sans serif
  }
  if (auto* post = static_cast<TT_Postscript*>(FT_Get_Sfnt_Table(face, FT_SFNT_POST)))
    m.italic_angle = post->italicAngle / 65536.0;
  if (const char* ps = FT_Get_Postscript_Name(face)) m.postscript_name = ps;
  if (m.cap_height == 0) m.cap_height = m.ascender;
  if (m.x_height == 0) m.x_height = m.ascender / 2;
  FT_Done_Face(face);
  FT_Done_FreeType(lib);
  // A PDF name must not contain spaces or delimiters.
  for (char& c : m.postscript_name)
    if (c <= ' ' || c > '~' || std::string_view("()<>[]{}/%#").find(c) != std::string_view::npos) c = '-';
  if (m.postscript_name.empty()) m.postscript_name = "Font";
  return m;
}

bool is_invisible(char32_t cp) { return cp == 0x200C || cp == 0x200D || cp == 0x00AD || cp == 0x2060; }

// Unicode's Default_Ignorable_Code_Point (HarfBuzz removes these before it looks for glyphs).
bool is_default_ignorable(char32_t cp) {
  return cp == 0x00AD || cp == 0x034F || cp == 0x061C || (cp >= 0x115F && cp <= 0x1160) ||
         (cp >= 0x17B4 && cp <= 0x17B5) || (cp >= 0x180B && cp <= 0x180F) || (cp >= 0x200B && cp <= 0x200F) ||
         (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2060 && cp <= 0x206F) || cp == 0x3164 ||
         (cp >= 0xFE00 && cp <= 0xFE0F) || cp == 0xFEFF || cp == 0xFFA0 || (cp >= 0xFFF0 && cp <= 0xFFF8) ||
         (cp >= 0x1BCA0 && cp <= 0x1BCA3) || (cp >= 0x1D173 && cp <= 0x1D17A) || (cp >= 0xE0000 && cp <= 0xE0FFF);
}

// Letters of right-to-left scripts (Hebrew, Arabic, Syriac, Thaana, N'Ko, …):
// set left to right they would read backwards, so they count as missing.
bool is_rtl(char32_t cp) {
  return (cp >= 0x0590 && cp <= 0x08FF && cp != 0x061C) || (cp >= 0xFB1D && cp <= 0xFDFF) ||
         (cp >= 0xFE70 && cp <= 0xFEFE) || (cp >= 0x10800 && cp <= 0x10FFF) || (cp >= 0x1E800 && cp <= 0x1EFFF);
}

bool is_line_control(char32_t cp) { return cp == '\n' || cp == '\r' || cp == '\t'; }

}  // namespace

std::shared_ptr<const Font> Font::load(const std::string& path) {
  std::shared_ptr<Font> f(new Font());
  f->path_ = path;
  if (!text::read_file(path, f->data_)) throw std::runtime_error(path + ": cannot open font file");
  f->metrics_ = read_metrics(path, f->data_);
  // The blob points into data_, which lives as long as the Font.
  f->blob_ = hb_blob_create(f->data_.data(), static_cast<unsigned>(f->data_.size()), HB_MEMORY_MODE_READONLY,
                            nullptr, nullptr);
  f->face_ = hb_face_create(f->blob_, 0);
  f->font_ = hb_font_create(f->face_);
  hb_font_set_scale(f->font_, f->metrics_.units_per_em, f->metrics_.units_per_em);
  hb_font_make_immutable(f->font_);
  for (char32_t c = 0; c < f->latin_.size(); ++c) {
    hb_codepoint_t g = 0;
    f->latin_[c] = hb_font_get_nominal_glyph(f->font_, c, &g) ? static_cast<uint16_t>(g) : 0;
  }
  return f;
}

Font::~Font() {
  hb_font_destroy(font_);
  hb_face_destroy(face_);
  hb_blob_destroy(blob_);
}

uint32_t Font::glyph_for(char32_t cp) const {
  if (cp < latin_.size()) return latin_[cp];
  hb_codepoint_t g = 0;
  return hb_font_get_nominal_glyph(font_, cp, &g) ? g : 0;
}

int32_t Font::advance(uint32_t glyph) const { return hb_font_get_glyph_h_advance(font_, glyph); }

std::string GlyphRun::cluster_text(std::size_t i) const {
  const uint32_t start = glyphs[i].cluster;
  if (i > 0 && glyphs[i - 1].cluster == start) return {};
  if (glyphs[i].replaced) {
    std::string out;
    utf8::append(out, replacement_char(*font));
    return out;
  }
  // The cluster ends where the next different cluster starts (clusters ascend
  // for left-to-right text with monotone cluster levels).
  uint32_t end = static_cast<uint32_t>(text.size());
  for (std::size_t k = i + 1; k < glyphs.size(); ++k)
    if (glyphs[k].cluster != start) { end = glyphs[k].cluster; break; }
  const std::string_view bytes = std::string_view(text).substr(start, end - start);
  // ASCII has nothing invisible or ignorable: most clusters are copied as they are.
  if (std::all_of(bytes.begin(), bytes.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; }))
    return std::string(bytes);
  std::string out;
  auto decoded = utf8::decode(bytes);
  for (char32_t cp : decoded.text)
    if (!is_invisible(cp) && !is_default_ignorable(cp)) utf8::append(out, cp);
  return out;
}

static void replace_missing(const Font& font, GlyphRun& run);

GlyphRun shape_text(const Font& font, std::string_view text, const Features& features, std::string_view lang) {
  GlyphRun run;
  run.font = &font;
  run.text = std::string(text);
  // Per thread, kept from word to word: a buffer, and the last features and
  // language parsed (making and parsing them cost about as much as shaping a short word).
  struct Reused {
    hb_buffer_t* buf = hb_buffer_create();
    Features features;
    std::vector<hb_feature_t> parsed;
    std::string lang;
    hb_language_t language = nullptr;
    ~Reused() { hb_buffer_destroy(buf); }
  };
  thread_local Reused reused;
  if (reused.features != features) {
    reused.features = features;
    reused.parsed.clear();
    for (const auto& f : features) {
      hb_feature_t hf;
      if (hb_feature_from_string(f.c_str(), static_cast<int>(f.size()), &hf)) reused.parsed.push_back(hf);
    }
  }
  if (!reused.language || reused.lang != lang) {
    reused.lang = std::string(lang);
    reused.language = hb_language_from_string(lang.data(), static_cast<int>(lang.size()));
  }
  hb_buffer_t* buf = reused.buf;
  hb_buffer_reset(buf);
  hb_buffer_add_utf8(buf, run.text.data(), static_cast<int>(run.text.size()), 0, static_cast<int>(run.text.size()));
  hb_buffer_set_direction(buf, HB_DIRECTION_LTR);
  hb_buffer_set_script(buf, HB_SCRIPT_LATIN);
  hb_buffer_set_language(buf, reused.language);
  hb_buffer_set_cluster_level(buf, HB_BUFFER_CLUSTER_LEVEL_MONOTONE_CHARACTERS);
  // ZWNJ must break ligatures but leave no trace in the glyph stream.
  hb_buffer_set_flags(buf, HB_BUFFER_FLAG_REMOVE_DEFAULT_IGNORABLES);
  hb_shape(font.hb_font(), buf, reused.parsed.data(), static_cast<unsigned>(reused.parsed.size()));
  unsigned n = 0;
  const hb_glyph_info_t* info = hb_buffer_get_glyph_infos(buf, &n);
  const hb_glyph_position_t* pos = hb_buffer_get_glyph_positions(buf, &n);
  run.glyphs.reserve(n);
  for (unsigned i = 0; i < n; ++i) {
    Glyph g;
    g.id = info[i].codepoint;
    g.advance = pos[i].x_advance;
    g.x_offset = pos[i].x_offset;
    g.y_offset = pos[i].y_offset;
    g.cluster = info[i].cluster;
    g.unsafe_to_break = hb_glyph_info_get_glyph_flags(&info[i]) & HB_GLYPH_FLAG_UNSAFE_TO_BREAK;
    run.glyphs.push_back(g);
  }
  replace_missing(font, run);
  for (const auto& g : run.glyphs) run.advance += g.advance;
  return run;
}

static void replace_missing(const Font& font, GlyphRun& run) {
  bool any_rtl = false;
  for (char32_t cp : utf8::decode(run.text).text) any_rtl = any_rtl || is_rtl(cp);
  bool any_notdef = false;
  for (const auto& g : run.glyphs) any_notdef = any_notdef || g.id == 0;
  if (!any_rtl && !any_notdef) return;
  // Cluster i covers the bytes from its start to the next larger cluster start.
  std::vector<uint32_t> starts;
  for (const auto& g : run.glyphs) starts.push_back(g.cluster);
  std::sort(starts.begin(), starts.end());
  starts.erase(std::unique(starts.begin(), starts.end()), starts.end());
  const char32_t repl = replacement_char(font);
  const uint32_t repl_glyph = font.glyph_for(repl);
  std::vector<char32_t> missing;
  for (auto& g : run.glyphs) {
    const auto next = std::upper_bound(starts.begin(), starts.end(), g.cluster);
    const uint32_t end = next == starts.end() ? static_cast<uint32_t>(run.text.size()) : *next;
    if (g.cluster >= end) continue;
    const std::u32string cps = utf8::decode(std::string_view(run.text).substr(g.cluster, end - g.cluster)).text;
    bool replace = g.id == 0;
    for (char32_t cp : cps) {
      if (is_rtl(cp)) replace = true;
      if ((g.id == 0 || is_rtl(cp)) && !is_default_ignorable(cp) && !is_line_control(cp)) missing.push_back(cp);
    }
    if (!replace) continue;
    g.id = repl_glyph;
    g.advance = font.advance(repl_glyph);
    g.x_offset = g.y_offset = 0;
    g.replaced = true;
  }
  std::sort(missing.begin(), missing.end());
  missing.erase(std::unique(missing.begin(), missing.end()), missing.end());
  run.missing = std::move(missing);
}

char32_t replacement_char(const Font& font) {
  for (char32_t c : {U'\u25A1', U'\uFFFD'})
    if (font.glyph_for(c)) return c;
  return U'?';
}

std::vector<char32_t> missing_code_points(const Font& font, std::string_view text) {
  std::vector<char32_t> out;
  for (char32_t cp : utf8::decode(text).text)
    if (!is_default_ignorable(cp) && !is_line_control(cp) && (is_rtl(cp) || font.glyph_for(cp) == 0))
      out.push_back(cp);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::string describe_missing(const std::vector<char32_t>& cps, const Font& font) {
  std::string s = "missing glyphs for";
  bool rtl = false;
  for (std::size_t i = 0; i < cps.size(); ++i) {
    if (i == 12) {
      s += " and " + std::to_string(cps.size() - 12) + " more";
      break;
    }
    char buf[16];
    std::snprintf(buf, sizeof buf, " U+%04X", static_cast<unsigned>(cps[i]));
    s += (i ? "," : "") + std::string(buf);
    if (cps[i] >= 0x20 && !(cps[i] >= 0x7F && cps[i] <= 0x9F)) {
      s += ' ';
      utf8::append(s, cps[i]);
    }
    rtl = rtl || is_rtl(cps[i]);
  }
  if (rtl) s += " (right-to-left text is not supported)";
  s += "; set as ";
  utf8::append(s, replacement_char(font));
  return s;
}

const GlyphRun& ShapeCache::shape(const Font& font, std::string_view text, const Features& features,
                                  std::string_view lang) {
  // The key is built in a reused buffer: most calls are hits and need no allocation.
  thread_local std::string key;
  key.clear();
  const auto font_id = reinterpret_cast<std::uintptr_t>(&font);
  key.append(reinterpret_cast<const char*>(&font_id), sizeof font_id);
  for (const auto& f : features) key.append(f).push_back(',');
  key.append(lang).push_back('\x1f');
  key.append(text);
  return runs_.get(key, [&] { return shape_text(font, text, features, lang); });
}

std::size_t ShapeCache::size() const { return runs_.size(); }

}  // namespace satzwerk::shape
