// Font embedding: hb-subset subsets, glyph-id remapping, /W arrays and
// ToUnicode CMaps. Pure data in, bytes and tables out; no PoDoFo here.
#pragma once
#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "shape/shape.h"

namespace satzwerk::pdf {

// The glyphs a document uses from one font, with the text each stands for.
class GlyphUsage {
 public:
  // Records a glyph; the first text seen for a glyph is kept (a glyph has one
  // ToUnicode entry; conflicts are rare and the first occurrence wins, so
  // output stays deterministic).
  void use(uint32_t glyph, const std::string& text);
  const std::map<uint32_t, std::string>& glyphs() const { return glyphs_; }

 private:
  std::map<uint32_t, std::string> glyphs_;  // ordered: deterministic output
};

struct EmbeddedFont {
  std::string base_font;       // "ABCDEF+LinLibertineO"
  std::string program;         // the subset OpenType file
  std::map<uint32_t, uint16_t> cid_of;  // original glyph id -> CID (= glyph id in the subset)
  std::vector<int> widths;     // per CID, in 1/1000 em
  std::string to_unicode;      // the CMap stream's text
};

// The faces fonts are subset from, shared by all documents of a process.
// hb-subset spends most of a plain subset (~0.8 ms for Libertine) reading the
// whole font again; a face prepared once with hb_subset_preprocess (~20 ms)
// subsets in ~0.13 ms and gives the same bytes. So a font is prepared when it
// is subset for the kPrepareAfter-th time: a single document never pays for
// it, a batch pays once per font. Thread-safe; threads that arrive while a face
// is being prepared use the plain face meanwhile (same output).
class SubsetFaces {
 public:
  static constexpr int kPrepareAfter = 24;
  SubsetFaces() = default;
  SubsetFaces(const SubsetFaces&) = delete;
  SubsetFaces& operator=(const SubsetFaces&) = delete;
  ~SubsetFaces();
  // The face to subset `font` from; valid as long as this object and the font live.
  hb_face_t* face_for(const shape::Font& font);
  bool prepared(const shape::Font& font) const;  // for tests

 private:
  struct Entry {
    std::atomic<int> uses{0};
    std::atomic<hb_face_t*> prepared{nullptr};
  };
  Entry& entry(const shape::Font& font) const;
  mutable std::mutex mutex_;
  mutable std::map<const shape::Font*, std::unique_ptr<Entry>> entries_;
};

// Subsets the font to the used glyphs (plus .notdef) and builds the tables;
// from faces->face_for(font) when given, else from the font's own face.
// Throws std::runtime_error if HarfBuzz cannot subset the font.
EmbeddedFont embed_font(const shape::Font& font, const GlyphUsage& usage, SubsetFaces* faces = nullptr);

// A ToUnicode CMap for CID -> UTF-8 text (written as UTF-16BE).
std::string to_unicode_cmap(const std::map<uint16_t, std::string>& text_of_cid);

// Six capital letters derived from the glyph set, so the same document gets
// the same tag and different subsets differ.
std::string subset_tag(const std::string& font_name, const std::map<uint32_t, std::string>& glyphs);

}  // namespace satzwerk::pdf
