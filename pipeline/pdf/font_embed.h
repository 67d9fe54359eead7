// Font embedding: hb-subset subsets, glyph-id remapping, /W arrays and
// ToUnicode CMaps. Pure data in, bytes and tables out; no PoDoFo here.
#pragma once
#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "shape/shape.h"

namespace satzwerk::pdf {

// The glyphs a document uses from one font, with the text each stands for.
class GlyphUsage {
 public:
  // Records a glyph; the first text seen for a glyph is kept (a glyph has one
  // ToUnicode entry; conflicts are rare and the first occurrence wins, so
  // output stays deterministic).
  void use(uint32_t glyph, std::string_view text);
  const std::map<uint32_t, std::string>& glyphs() const { return glyphs_; }

 private:
  std::map<uint32_t, std::string> glyphs_;  // ordered: deterministic output
  std::vector<bool> has_text_;  // by glyph id: seen with a text, so later uses change nothing
};

struct EmbeddedFont {
  std::string base_font;       // "ABCDEF+LinLibertineO"
  std::string program;         // the subset OpenType file
  std::map<uint32_t, uint16_t> cid_of;  // original glyph id -> CID (= glyph id in the subset)
  std::vector<int> widths;     // per CID, in 1/1000 em
  std::string to_unicode;      // the CMap stream's text
  bool via_prepared_face = false;  // made the quick way (SubsetFaces); the bytes are the same
};

// Makes subsetting cheap for the documents of a batch. A plain hb-subset of
// Libertine costs ~0.8 ms, nearly all of it reading the whole 2,700-glyph font
// again. So after kPrepareAfter plain subsets of a font it is prepared (~2.5 ms):
// cut down to Basic Latin, Latin-1, the general punctuation and € plus every
// glyph the documents so far used (ligatures, figures, accents), and that face
// preprocessed (hb_subset_preprocess). A document whose glyphs all lie in it is
// then subset from it in ~0.08 ms, with byte-identical output, so which way a
// document took never shows. Documents with other glyphs take the plain way and
// count towards a new preparation that adds their glyphs. A single document never
// pays for any of it (ski rental: prepare after about as many uses as it costs).
// Thread-safe; prepared faces live as long as this object.
class SubsetFaces {
 public:
  static constexpr int kPrepareAfter = 4;
  // Faces made per font at most (each stays alive): memory stays bounded when
  // documents keep bringing new glyphs; they then take the plain way.
  static constexpr std::size_t kMaxPreparations = 8;
  SubsetFaces() = default;
  SubsetFaces(const SubsetFaces&) = delete;
  SubsetFaces& operator=(const SubsetFaces&) = delete;
  ~SubsetFaces();

  // A prepared font: the cut-down face and where the original glyphs went.
  struct Prepared {
    hb_face_t* face = nullptr;
    std::vector<uint32_t> glyph_in_face;  // by original glyph id; kAbsent if not in the face
    static constexpr uint32_t kAbsent = UINT32_MAX;
    bool covers(const std::map<uint32_t, std::string>& glyphs) const;
  };
  // A use of font for these glyphs: the prepared face that has them all, or
  // nullptr for the plain way.
  const Prepared* use(const shape::Font& font, const std::map<uint32_t, std::string>& glyphs);
  std::size_t preparations(const shape::Font& font) const;  // faces made so far (for tests)

 private:
  struct Entry {
    std::atomic<const Prepared*> prepared{nullptr};
    int plain_uses = 0;                               // guarded by mutex_, as are:
    std::vector<uint32_t> seen;                       // their glyphs, for the next preparation
    std::vector<std::unique_ptr<const Prepared>> all;  // every face made; the last is current
  };
  Entry& entry(const shape::Font& font) const;
  mutable std::mutex mutex_;
  mutable std::map<const shape::Font*, std::unique_ptr<Entry>> entries_;
};

// Subsets the font to the used glyphs (plus .notdef) and builds the tables,
// the quick way through faces when given (see SubsetFaces; same result).
// Throws std::runtime_error if HarfBuzz cannot subset the font.
EmbeddedFont embed_font(const shape::Font& font, const GlyphUsage& usage, SubsetFaces* faces = nullptr);

// A ToUnicode CMap for CID -> UTF-8 text (written as UTF-16BE).
std::string to_unicode_cmap(const std::map<uint16_t, std::string>& text_of_cid);

// Six capital letters derived from the glyph set, so the same document gets
// the same tag and different subsets differ.
std::string subset_tag(const std::string& font_name, const std::map<uint32_t, std::string>& glyphs);

}  // namespace satzwerk::pdf
