#include "pdf/pdf.h"

#include <podofo/podofo.h>
#include <libdeflate.h>

#include <cctype>
#include <array>
#include <cmath>
#include <ctime>
#include <fstream>
#include <iterator>
#include <map>
#include <mutex>
#include <set>
#include <stdexcept>

#include "pdf/content.h"
#include "pdf/font_embed.h"
#include "pdf/image_embed.h"

namespace satzwerk::pdf {

using namespace PoDoFo;

std::string safe_uri(const std::string& href) {
  auto starts = [&](const char* p) {
    const std::size_t n = std::char_traits<char>::length(p);
    if (href.size() < n) return false;
    for (std::size_t i = 0; i < n; ++i)
      if (std::tolower(static_cast<unsigned char>(href[i])) != p[i]) return false;
    return true;
  };
  for (char c : href)
    if (static_cast<unsigned char>(c) <= ' ' || static_cast<unsigned char>(c) >= 0x7F) return {};
  if (starts("http://") || starts("https://") || starts("mailto:")) return href;
  if (starts("www.")) return "https://" + href;
  return {};
}

std::string pdf_date(int64_t epoch) {
  std::time_t t = static_cast<std::time_t>(epoch);
  std::tm tm{};
  gmtime_r(&t, &tm);  // thread-safe, unlike the localtime() inside PoDoFo's PdfDate
  char buf[32];
  std::strftime(buf, sizeof buf, "D:%Y%m%d%H%M%SZ", &tm);
  return buf;
}

namespace {

std::string iso_date(int64_t epoch) {
  std::time_t t = static_cast<std::time_t>(epoch);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

// PoDoFo's PdfMemDocument constructor stamps the date via localtime(), which is
// not thread-safe; documents are therefore created one at a time.
std::mutex& construction_mutex() {
  static std::mutex m;
  return m;
}

PdfString utf8_string(const std::string& s) { return PdfString(reinterpret_cast<const pdf_utf8*>(s.c_str())); }

PdfArray real_array(std::initializer_list<double> values) {
  PdfArray a;
  for (double v : values) a.push_back(PdfVariant(v));
  return a;
}

PdfVariant integer(long long v) { return PdfVariant(static_cast<pdf_int64>(v)); }

std::string ref_syntax(const PdfReference& r) {
  return std::to_string(r.ObjectNumber()) + ' ' + std::to_string(r.GenerationNumber()) + " R";
}

// A long array of integers, references and small dictionaries, formatted here
// and written as it is: PoDoFo prints every element through vsnprintf, which
// made such arrays (glyph widths, the structure tree) most of its writing time.
class RawArray {
 public:
  RawArray& num(long long v) {
    separate();
    s_ += std::to_string(v);
    return *this;
  }
  RawArray& ref(const PdfReference& r) { return raw(ref_syntax(r)); }
  RawArray& open() {
    separate();
    s_ += '[';
    fresh_ = true;
    return *this;
  }
  RawArray& close() {
    s_ += ']';
    fresh_ = false;
    return *this;
  }
  // Appends PDF syntax that the caller made, e.g. a dictionary.
  RawArray& raw(const std::string& syntax) {
    separate();
    s_ += syntax;
    return *this;
  }
  bool empty() const { return s_.size() == 1; }
  PdfVariant variant() const { return PdfVariant(PdfData((s_ + ']').c_str())); }

 private:
  void separate() {
    if (!fresh_) s_ += ' ';
    fresh_ = false;
  }
  std::string s_ = "[";
  bool fresh_ = true;
};

std::string xml_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default:
        // Control characters are not allowed in XML 1.0.
        if (static_cast<unsigned char>(c) >= 0x20 || c == '\t' || c == '\n' || c == '\r') out += c;
    }
  }
  return out;
}

std::string uuid_from_digest(const std::string& digest) {
  std::string h = digest;
  while (h.size() < 32) h += '0';
  return h.substr(0, 8) + '-' + h.substr(8, 4) + '-' + h.substr(12, 4) + '-' + h.substr(16, 4) + '-' + h.substr(20, 12);
}

// ---------------------------------------------------------------- metadata

constexpr const char* kOutputCondition = "FOGRA39";
constexpr const char* kOutputConditionText = "Offset printing, coated paper, ISO 12647-2:2004/Amd 1 (FOGRA39)";
constexpr const char* kOutputProfileInfo = "FOGRA39L-based profile built with ArgyllCMS colprof";

std::string xmp_packet(const page::DocumentInfo& info, const std::string& created, const std::string& producer,
                       Profile profile) {
  const std::string lang = info.lang.empty() ? "x-default" : info.lang;
  std::string x =
      "<?xpacket begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
      "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
      "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
      "<rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n"
      "<dc:format>application/pdf</dc:format>\n"
      "<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">" + xml_escape(info.title) + "</rdf:li></rdf:Alt></dc:title>\n";
  if (!info.author.empty())
    x += "<dc:creator><rdf:Seq><rdf:li>" + xml_escape(info.author) + "</rdf:li></rdf:Seq></dc:creator>\n";
  if (!info.subject.empty())
    x += "<dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">" + xml_escape(info.subject) +
         "</rdf:li></rdf:Alt></dc:description>\n";
  x += "<dc:language><rdf:Bag><rdf:li>" + xml_escape(lang) + "</rdf:li></rdf:Bag></dc:language>\n";
  x += "</rdf:Description>\n"
       "<rdf:Description rdf:about=\"\" xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\">\n"
       "<pdf:Producer>" + xml_escape(producer) + "</pdf:Producer>\n";
  if (!info.keywords.empty()) x += "<pdf:Keywords>" + xml_escape(info.keywords) + "</pdf:Keywords>\n";
  if (profile == Profile::X4) x += "<pdf:Trapped>False</pdf:Trapped>\n";
  x += "</rdf:Description>\n"
       "<rdf:Description rdf:about=\"\" xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\">\n"
       "<xmp:CreatorTool>" + xml_escape(info.creator) + "</xmp:CreatorTool>\n"
       "<xmp:CreateDate>" + created + "</xmp:CreateDate>\n"
       "<xmp:ModifyDate>" + created + "</xmp:ModifyDate>\n"
       "<xmp:MetadataDate>" + created + "</xmp:MetadataDate>\n"
       "</rdf:Description>\n"
       "<rdf:Description rdf:about=\"\" xmlns:xmpMM=\"http://ns.adobe.com/xap/1.0/mm/\">\n"
       "<xmpMM:DocumentID>uuid:" + uuid_from_digest(info.digest) + "</xmpMM:DocumentID>\n"
       "<xmpMM:InstanceID>uuid:" + uuid_from_digest(info.digest) + "</xmpMM:InstanceID>\n";
  if (profile == Profile::X4)
    x += "<xmpMM:VersionID>1</xmpMM:VersionID>\n"
         "<xmpMM:RenditionClass>default</xmpMM:RenditionClass>\n";
  x += "</rdf:Description>\n";
  if (profile == Profile::X4) {
    x += "<rdf:Description rdf:about=\"\" xmlns:pdfxid=\"http://www.npes.org/pdfx/ns/id/\">\n"
         "<pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion>\n"
         "</rdf:Description>\n";
  }
  if (profile == Profile::A2uUa1) {
    x += "<rdf:Description rdf:about=\"\" xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\">\n"
         "<pdfaid:part>2</pdfaid:part>\n"
         "<pdfaid:conformance>U</pdfaid:conformance>\n"
         "</rdf:Description>\n"
         "<rdf:Description rdf:about=\"\" xmlns:pdfuaid=\"http://www.aiim.org/pdfua/ns/id/\">\n"
         "<pdfuaid:part>1</pdfuaid:part>\n"
         "</rdf:Description>\n"
         // PDF/A-2 accepts properties outside its predefined schemas only when
         // the file describes them: the PDF/UA identification schema.
         "<rdf:Description rdf:about=\"\" xmlns:pdfaExtension=\"http://www.aiim.org/pdfa/ns/extension/\""
         " xmlns:pdfaSchema=\"http://www.aiim.org/pdfa/ns/schema#\""
         " xmlns:pdfaProperty=\"http://www.aiim.org/pdfa/ns/property#\">\n"
         "<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType=\"Resource\">\n"
         "<pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>\n"
         "<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>\n"
         "<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>\n"
         "<pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType=\"Resource\">\n"
         "<pdfaProperty:name>part</pdfaProperty:name>\n"
         "<pdfaProperty:valueType>Integer</pdfaProperty:valueType>\n"
         "<pdfaProperty:category>internal</pdfaProperty:category>\n"
         "<pdfaProperty:description>Part of ISO 14289 the file conforms to</pdfaProperty:description>\n"
         "</rdf:li></rdf:Seq></pdfaSchema:property>\n"
         "</rdf:li></rdf:Bag></pdfaExtension:schemas>\n"
         "</rdf:Description>\n";
  }
  x += "</rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"w\"?>";
  return x;
}

// ---------------------------------------------------------------- structure

// The glyphs of a run that go into one marked-content sequence.
struct Segment {
  std::size_t begin = 0, end = 0;  // glyph range in the run
  int elem = -1;                   // structure element the content belongs to
  int link = -1;                   // index into the page's links, or -1
};

bool is_list_label(const std::string& s) {
  if (s == "\u2022" || s == "\u2013" || s == "-") return true;
  if (s.size() < 2 || s.back() != '.') return false;
  for (std::size_t i = 0; i + 1 < s.size(); ++i)
    if (!std::isdigit(static_cast<unsigned char>(s[i])) && !std::isalpha(static_cast<unsigned char>(s[i]))) return false;
  return true;
}


class Writer {
 public:
  Writer(const page::Document& d, const Options& o) : doc_(d), opt_(o) {
    std::lock_guard lock(construction_mutex());
    pdf_ = std::make_unique<PdfMemDocument>();
  }

  std::string run() {
    const bool needs_intent = opt_.profile != Profile::None;
    if (needs_intent && (!opt_.output_profile || opt_.output_profile->empty()))
      throw std::runtime_error(std::string("the ") + profile_name(opt_.profile) +
                               " profile needs the output intent's ICC profile (data/icc/)");
    tagged_ = opt_.profile == Profile::A2uUa1;
    links_ = opt_.profile != Profile::X4;  // a print file carries no annotations
    if (opt_.profile == Profile::X4) {
      const double bleed = opt_.bleed >= 0 ? opt_.bleed : doc_.bleed > 0 ? doc_.bleed : 3 * kMm;
      geo_ = print_geometry(bleed);
    }
    pdf_->SetPdfVersion(opt_.profile == Profile::X4 ? ePdfVersion_1_6 : ePdfVersion_1_7);
    pdf_->SetWriteMode(ePdfWriteMode_Clean);
    collect_glyphs();
    embed_fonts();
    if (tagged_) plan_structure();
    // All pages at once: PoDoFo inserts one page at a time in time linear in the page count.
    std::vector<PdfRect> sizes;
    const double slug = opt_.profile == Profile::X4 ? geo_.slug : 0;
    for (const auto& p : doc_.pages) sizes.emplace_back(0, 0, p.width + 2 * slug, p.height + 2 * slug);
    pdf_->CreatePages(sizes);
    for (std::size_t i = 0; i < doc_.pages.size(); ++i) write_page(i);
    for (auto& [annot, target] : internal_links_)
      annot->GetDictionary().AddKey("Dest", destination(static_cast<std::size_t>(target)));
    write_outline();
    if (tagged_) write_structure();
    write_metadata();
    if (needs_intent) write_output_intent();
    PdfRefCountedBuffer buffer;
    PdfOutputDevice device(&buffer);
    pdf_->Write(&device);
    return std::string(buffer.GetBuffer(), device.GetLength());
  }

 private:
  static constexpr double kMm = 72.0 / 25.4;

  struct FontEntry {
    GlyphUsage usage;
    EmbeddedFont embedded;
    std::string resource;  // "F1"
    PdfReference ref;
  };

  // A structure element while the pages are written; objects come at the end.
  struct Kid {
    int elem = -1;     // a child element, or
    int page = -1;     // marked content (page, mcid), or
    int mcid = -1;
    PdfReference annot;  // an annotation (OBJR) on page `page`
  };
  struct Elem {
    std::string type;
    int parent = -1;
    std::vector<Kid> kids;
    std::string alt;
    std::string list_numbering;  // L: /ListNumbering attribute
    PdfObject* obj = nullptr;
  };
  struct BlockElems {
    int leaf = -1;   // where the block's text goes (P, H1, LBody, Caption, …)
    int label = -1;  // list items: Lbl
    int figure = -1; // figures: the Figure element (images go here)
  };

  // ---- fonts ---------------------------------------------------------------
  void collect_glyphs() {
    // Fonts are numbered in order of first use, so resource names are stable.
    for (const auto& p : doc_.pages)
      for (const auto& tl : p.lines)
        for (const auto& r : tl.line.runs) {
          FontEntry& fe = font_entry(r.font);
          for (const auto& g : r.glyphs) fe.usage.use(g.id, r.text_of(g));
        }
  }

  FontEntry& font_entry(const shape::Font* f) {
    auto it = fonts_.find(f);
    if (it != fonts_.end()) return it->second;
    auto& fe = fonts_[f];
    fe.resource = "F" + std::to_string(fonts_.size());
    font_order_.push_back(f);
    return fe;
  }

  void embed_fonts() {
    for (const shape::Font* f : font_order_) {
      FontEntry& fe = fonts_[f];
      fe.embedded = embed_font(*f, fe.usage, opt_.subset_faces.get());
      fe.ref = write_font(*f, fe.embedded);
    }
  }

  PdfReference write_font(const shape::Font& font, const EmbeddedFont& ef) {
    auto& objs = pdf_->GetObjects();
    const auto& m = font.metrics();
    const double k = 1000.0 / m.units_per_em;

    PdfObject* file = objs.CreateObject();
    file->GetDictionary().AddKey("Subtype", PdfName("OpenType"));
    put_stream(file, ef.program);

    PdfObject* desc = objs.CreateObject("FontDescriptor");
    auto& dd = desc->GetDictionary();
    dd.AddKey("FontName", PdfName(ef.base_font));
    long flags = 4;  // symbolic: glyphs are addressed by CID, not by a standard encoding
    if (m.fixed_pitch) flags |= 1;
    if (m.serif) flags |= 2;
    if (m.italic) flags |= 64;
    dd.AddKey("Flags", integer(flags));
    PdfArray bbox;
    for (int v : m.bbox) bbox.push_back(integer(std::lround(v * k)));
    dd.AddKey("FontBBox", bbox);
    dd.AddKey("ItalicAngle", PdfVariant(m.italic_angle));
    dd.AddKey("Ascent", integer(std::lround(m.ascender * k)));
    dd.AddKey("Descent", integer(std::lround(m.descender * k)));
    dd.AddKey("CapHeight", integer(std::lround(m.cap_height * k)));
    dd.AddKey("XHeight", integer(std::lround(m.x_height * k)));
    dd.AddKey("StemV", integer(m.bold ? 140 : 80));
    dd.AddKey("FontFile3", file->Reference());

    PdfObject* cid = objs.CreateObject("Font");
    auto& cd = cid->GetDictionary();
    cd.AddKey("Subtype", PdfName("CIDFontType0"));
    cd.AddKey("BaseFont", PdfName(ef.base_font));
    PdfDictionary sysinfo;
    sysinfo.AddKey("Registry", PdfString("Adobe"));
    sysinfo.AddKey("Ordering", PdfString("Identity"));
    sysinfo.AddKey("Supplement", integer(0));
    cd.AddKey("CIDSystemInfo", sysinfo);
    cd.AddKey("FontDescriptor", desc->Reference());
    cd.AddKey("DW", integer(1000));
    cd.AddKey("W", width_array(ef.widths));

    PdfObject* cmap = objs.CreateObject();
    put_stream(cmap, ef.to_unicode);

    PdfObject* type0 = objs.CreateObject("Font");
    auto& td = type0->GetDictionary();
    td.AddKey("Subtype", PdfName("Type0"));
    td.AddKey("BaseFont", PdfName(ef.base_font));
    td.AddKey("Encoding", PdfName("Identity-H"));
    PdfArray desc_fonts;
    desc_fonts.push_back(cid->Reference());
    td.AddKey("DescendantFonts", desc_fonts);
    td.AddKey("ToUnicode", cmap->Reference());
    return type0->Reference();
  }

  // /W as runs of consecutive CIDs: [first [w w w] first [w …] …]
  static PdfVariant width_array(const std::vector<int>& widths) {
    RawArray w;
    for (std::size_t i = 0; i < widths.size();) {
      if (widths[i] == 0) { ++i; continue; }
      w.num(static_cast<long long>(i)).open();
      while (i < widths.size() && widths[i] != 0) w.num(widths[i++]);
      w.close();
    }
    return w.variant();
  }

  // ---- structure plan --------------------------------------------------------
  int add_elem(const std::string& type, int parent) {
    elems_.push_back({type, parent, {}, {}, {}, nullptr});
    const int id = static_cast<int>(elems_.size()) - 1;
    if (parent >= 0) elems_[parent].kids.push_back({id});
    return id;
  }

  // Label runs of a list item's first line: the leading run when its text is
  // a bullet or a number ("•", "3.").
  static int label_runs(const page::TextLine& tl) {
    if (tl.role != page::Role::ListItem || tl.line.runs.size() < 2) return 0;
    return is_list_label(tl.line.runs.front().text) ? 1 : 0;
  }

  // One element tree for the document, in block order (the logical reading
  // order): Document > H1, P, H2, L > LI > Lbl + LBody, BlockQuote > P,
  // Figure > Caption; the link list is an H2 and an L of its entries.
  void plan_structure() {
    struct BlockInfo {
      page::Role role = page::Role::Paragraph;
      std::string label;  // list items: the label text
      const page::Image* image = nullptr;
      bool has_lines = false;
    };
    std::map<int, BlockInfo> blocks;
    for (const auto& p : doc_.pages) {
      for (const auto& tl : p.lines) {
        if (tl.block < 0 || tl.role == page::Role::Artifact) continue;
        auto& b = blocks[tl.block];
        if (!b.has_lines) {
          b.role = tl.role;
          b.has_lines = true;
          if (label_runs(tl)) b.label = tl.line.runs.front().text;
        }
      }
      for (const auto& im : p.images)
        if (im.block >= 0 && !blocks[im.block].image) blocks[im.block].image = &im;
    }
    const int document = add_elem("Document", -1);
    bool have_h1 = false, link_heading = false;
    int list = -1;
    page::Role list_role = page::Role::Artifact;
    for (const auto& [index, b] : blocks) {
      BlockElems be;
      const bool listish = b.has_lines && !b.image &&
                           (b.role == page::Role::ListItem || (b.role == page::Role::LinkList && link_heading));
      if (!listish || b.role != list_role) list = -1;
      if (b.image) {
        be.figure = add_elem("Figure", document);
        elems_[be.figure].alt = b.image->alt;
        if (b.has_lines) be.leaf = add_elem("Caption", be.figure);
        if (elems_[be.figure].alt.empty()) elems_[be.figure].alt = "Bild";
      } else if (listish) {
        if (list < 0) {
          list = add_elem("L", document);
          list_role = b.role;
          if (b.role == page::Role::ListItem)
            elems_[list].list_numbering =
                b.label.empty() ? "None" : std::isdigit(static_cast<unsigned char>(b.label[0])) ? "Decimal" : "Disc";
          else
            elems_[list].list_numbering = "None";
        }
        const int li = add_elem("LI", list);
        if (!b.label.empty()) be.label = add_elem("Lbl", li);
        be.leaf = add_elem("LBody", li);
      } else {
        std::string type = "P";
        switch (b.role) {
          case page::Role::Headline: type = "H1"; have_h1 = true; break;
          case page::Role::Heading: type = have_h1 ? "H2" : "H1"; have_h1 = true; break;
          case page::Role::LinkList:  // the first block of the link list is its heading
            type = have_h1 ? "H2" : "H1";
            have_h1 = link_heading = true;
            break;
          case page::Role::Caption: type = "Caption"; break;
          default: break;
        }
        if (b.role == page::Role::Quote) {
          be.leaf = add_elem("P", add_elem("BlockQuote", document));
        } else {
          be.leaf = add_elem(type, document);
        }
      }
      blocks_[index] = be;
    }
    parent_tree_.resize(doc_.pages.size());
  }

  // ---- pages ---------------------------------------------------------------
  void set_fill(ContentStream& cs, const model::Cmyk& c) {
    if (fill_ && fill_->c == c.c && fill_->m == c.m && fill_->y == c.y && fill_->k == c.k) return;
    cs.set_fill_cmyk(c.c, c.m, c.y, c.k);
    fill_ = c;
  }
  void set_stroke(ContentStream& cs, const model::Cmyk& c) {
    if (stroke_ && stroke_->c == c.c && stroke_->m == c.m && stroke_->y == c.y && stroke_->k == c.k) return;
    cs.set_stroke_cmyk(c.c, c.m, c.y, c.k);
    stroke_ = c;
  }

  int next_mcid(std::size_t page_index, int elem) {
    auto& pt = parent_tree_[page_index];
    pt.push_back(elem);
    const int mcid = static_cast<int>(pt.size()) - 1;
    elems_[elem].kids.push_back({-1, static_cast<int>(page_index), mcid, {}});
    return mcid;
  }

  void write_page(std::size_t index) {
    const page::Page& p = doc_.pages[index];
    const bool print = opt_.profile == Profile::X4;
    const double s = print ? geo_.slug : 0;
    PdfPage* page = pdf_->GetPage(static_cast<int>(index));
    page_refs_.push_back(page->GetObject()->Reference());
    auto& pd = page->GetObject()->GetDictionary();
    if (print) {
      const double b = geo_.bleed;
      pd.AddKey("TrimBox", real_array({s, s, s + p.width, s + p.height}));
      pd.AddKey("BleedBox", real_array({s - b, s - b, s + p.width + b, s + p.height + b}));
    }
    page_links_.assign(p.links.size(), -1);
    fill_.reset();
    stroke_.reset();
    ContentStream cs;
    if (print) {
      cs.save();
      cs.transform(1, 0, 0, 1, s, s);
    }
    std::map<std::string, PdfReference> fonts_used, images_used;
    write_rects(cs, p);
    write_images(cs, p, index, images_used);
    for (const auto& rule : p.rules) {
      if (tagged_) cs.begin_artifact("<</Type /Layout>>");
      set_stroke(cs, rule.color);
      cs.line(rule.x0, rule.y0, rule.x1, rule.y1, rule.width);
      if (tagged_) cs.end_marked();
    }
    for (const auto& tl : p.lines) write_line(cs, p, index, tl, fonts_used);
    if (print) {
      cs.restore();
      write_marks(cs, p);
    }
    put_stream(page->GetContentsForAppending(), cs.str());

    auto& res = page->GetResources()->GetDictionary();
    PdfDictionary font_dict;
    for (const auto& [name, ref] : fonts_used) font_dict.AddKey(PdfName(name), ref);
    if (!fonts_used.empty()) res.AddKey("Font", font_dict);
    if (!images_used.empty()) {
      PdfDictionary xobjects;
      for (const auto& [name, ref] : images_used) xobjects.AddKey(PdfName(name), ref);
      res.AddKey("XObject", xobjects);
    }
    if (print) {
      PdfDictionary spaces;
      spaces.AddKey("CSall", all_separation());
      res.AddKey("ColorSpace", spaces);
    }
    if (links_) write_links(page, p, index);
    if (tagged_) {
      pd.AddKey("StructParents", integer(static_cast<long long>(index)));
      pd.AddKey("Tabs", PdfName("S"));
    }
  }

  // Backgrounds and frames. In the print file a rectangle that touches the trim
  // edge runs on into the bleed.
  void write_rects(ContentStream& cs, const page::Page& p) {
    for (const auto& r : p.rects) {
      double x = r.x, y = r.y, w = r.w, h = r.h;
      if (opt_.profile == Profile::X4) bleed_out(p, x, y, w, h);
      if (tagged_) cs.begin_artifact(r.artifact ? "<</Type /Layout>>" : "");
      if (r.fill) set_fill(cs, *r.fill);
      if (r.stroke) {
        set_stroke(cs, *r.stroke);
        cs.append(number(r.line_width) + " w\n");
      }
      cs.rect(x, y, w, h, r.fill && r.stroke ? "B" : r.fill ? "f" : "S");
      if (tagged_) cs.end_marked();
    }
  }

  // Extends a box that touches an edge of the trim box by the bleed.
  void bleed_out(const page::Page& p, double& x, double& y, double& w, double& h) const {
    const double b = geo_.bleed, eps = 0.01;
    if (x <= eps) { w += x + b; x = -b; }
    if (y <= eps) { h += y + b; y = -b; }
    if (x + w >= p.width - eps) w = p.width + b - x;
    if (y + h >= p.height - eps) h = p.height + b - y;
  }

  void write_images(ContentStream& cs, const page::Page& p, std::size_t index,
                    std::map<std::string, PdfReference>& used) {
    for (const auto& im : p.images) {
      const auto ref = image_xobject(im.path);
      if (!ref) continue;
      const std::string name = "Im" + std::to_string(image_names_.at(im.path));
      used.emplace(name, *ref);
      double x = im.x, y = im.y, w = im.w, h = im.h;
      double cx = x, cy = y, cw = w, ch = h;  // the clip: the frame, in print with its bleed
      if (opt_.profile == Profile::X4) {
        bleed_out(p, cx, cy, cw, ch);
        // Scale the picture about the frame's centre until it covers the larger frame.
        const double k = std::max(cw / w, ch / h);
        const double mx = cx + cw / 2, my = cy + ch / 2;
        w *= k;
        h *= k;
        x = mx - w / 2;
        y = my - h / 2;
      }
      const auto b = blocks_.find(im.block);
      const int figure = tagged_ && b != blocks_.end() ? b->second.figure : -1;
      if (tagged_) {
        if (figure >= 0) cs.begin_marked("Figure", next_mcid(index, figure));
        else cs.begin_artifact("<</Type /Layout>>");
      }
      cs.save();
      cs.rect(cx, cy, cw, ch, "W n");
      if (auto f = forms_.find(im.path); f != forms_.end()) {
        // A form keeps its own coordinates: scale its box onto the frame.
        const auto& [bx, by, bw, bh] = f->second;
        cs.transform(w / bw, 0, 0, h / bh, x - bx * w / bw, y - by * h / bh);
      } else {
        cs.transform(w, 0, 0, h, x, y);
      }
      cs.append("/" + name + " Do\n");
      cs.restore();
      if (tagged_) cs.end_marked();
    }
  }

  // A PDF (an ad) becomes a form XObject of its first page, imported as it is,
  // not re-rendered.
  std::optional<PdfReference> form_xobject(const std::string& path) {
    std::unique_ptr<PdfMemDocument> src;
    {
      std::lock_guard lock(construction_mutex());
      src = std::make_unique<PdfMemDocument>();
    }
    try {
      src->Load(path.c_str());
      if (src->GetPageCount() < 1) return std::nullopt;
      PdfXObject form(*src, 0, pdf_.get(), "Ad");
      const PdfRect box = form.GetPageSize();
      forms_[path] = {box.GetLeft(), box.GetBottom(), box.GetWidth(), box.GetHeight()};
      return form.GetObject()->Reference();
    } catch (const PdfError&) {
      return std::nullopt;
    }
  }

  std::optional<PdfReference> image_xobject(const std::string& path) {
    if (auto it = images_.find(path); it != images_.end()) return it->second;
    if (path.size() > 4 && path.compare(path.size() - 4, 4, ".pdf") == 0) {
      auto ref = form_xobject(path);
      if (ref) image_names_[path] = static_cast<int>(image_names_.size()) + 1;
      images_[path] = ref;
      return ref;
    }
    std::optional<PdfReference> result;
    std::ifstream in(path, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::string why;
    const auto img = in ? load_image(bytes, why) : std::nullopt;
    if (img) {
      image_names_[path] = static_cast<int>(image_names_.size()) + 1;
      result = write_image(*img);
    }
    images_[path] = result;
    return result;
  }

  PdfReference write_image(const ImageData& img) {
    auto& objs = pdf_->GetObjects();
    PdfObject* smask = nullptr;
    if (!img.alpha.empty()) {
      smask = objs.CreateObject("XObject");
      auto& d = smask->GetDictionary();
      d.AddKey("Subtype", PdfName("Image"));
      d.AddKey("Width", integer(img.width));
      d.AddKey("Height", integer(img.height));
      d.AddKey("ColorSpace", PdfName("DeviceGray"));
      d.AddKey("BitsPerComponent", integer(8));
      put_stream(smask, img.alpha);
    }
    PdfObject* o = objs.CreateObject("XObject");
    auto& d = o->GetDictionary();
    d.AddKey("Subtype", PdfName("Image"));
    d.AddKey("Width", integer(img.width));
    d.AddKey("Height", integer(img.height));
    d.AddKey("BitsPerComponent", integer(img.bits));
    switch (img.space) {
      case ImageData::Space::Gray: d.AddKey("ColorSpace", PdfName("DeviceGray")); break;
      case ImageData::Space::Cmyk: d.AddKey("ColorSpace", PdfName("DeviceCMYK")); break;
      case ImageData::Space::Rgb: d.AddKey("ColorSpace", rgb_space()); break;
      case ImageData::Space::Indexed: {
        PdfArray idx;
        idx.push_back(PdfName("Indexed"));
        idx.push_back(rgb_space());
        idx.push_back(integer(static_cast<long long>(img.palette.size() / 3) - 1));
        idx.push_back(PdfString(img.palette.data(), static_cast<pdf_long>(img.palette.size()), true));
        d.AddKey("ColorSpace", idx);
        break;
      }
    }
    if (img.inverted) d.AddKey("Decode", real_array({1, 0, 1, 0, 1, 0, 1, 0}));
    if (smask) d.AddKey("SMask", smask->Reference());
    if (img.encoding == ImageData::Encoding::Raw) {
      put_stream(o, img.data);
    } else {
      // Already compressed: the file's own bytes, stored as they are, with their filter.
      o->GetStream()->Set(img.data.data(), static_cast<pdf_long>(img.data.size()), TVecFilters());
      d.AddKey("Filter", PdfName(img.encoding == ImageData::Encoding::Dct ? "DCTDecode" : "FlateDecode"));
      if (img.encoding == ImageData::Encoding::PngPredicted) {
        PdfDictionary parms;
        parms.AddKey("Predictor", integer(15));
        parms.AddKey("Colors", integer(img.colors));
        parms.AddKey("BitsPerComponent", integer(img.bits));
        parms.AddKey("Columns", integer(img.width));
        d.AddKey("DecodeParms", parms);
      }
    }
    return o->Reference();
  }

  // RGB samples are sRGB: ICCBased with the sRGB profile when there is one.
  PdfVariant rgb_space() {
    if (!opt_.srgb_profile || opt_.srgb_profile->empty()) return PdfName("DeviceRGB");
    if (!srgb_ref_) {
      PdfObject* icc = pdf_->GetObjects().CreateObject();
      icc->GetDictionary().AddKey("N", integer(3));
      icc->GetDictionary().AddKey("Alternate", PdfName("DeviceRGB"));
      put_stream(icc, *opt_.srgb_profile, opt_.srgb_profile_deflated.get());
      srgb_ref_ = icc->Reference();
    }
    PdfArray a;
    a.push_back(PdfName("ICCBased"));
    a.push_back(*srgb_ref_);
    return a;
  }

  void write_line(ContentStream& cs, const page::Page& p, std::size_t index, const page::TextLine& tl,
                  std::map<std::string, PdfReference>& fonts_used) {
    const bool artifact = tl.block < 0 || tl.role == page::Role::Artifact;
    const auto be = tagged_ && !artifact ? blocks_.find(tl.block) : blocks_.end();
    const bool structured = be != blocks_.end();
    const bool first_of_block = structured && first_line_seen_.insert(tl.block).second;
    const int labels = structured && first_of_block && be->second.label >= 0 ? label_runs(tl) : 0;
    set_fill(cs, tl.color);
    if (tagged_ && !structured)
      cs.begin_artifact(tl.baseline > p.height / 2 ? "<</Type /Pagination /Subtype /Header>>"
                                                   : "<</Type /Pagination /Subtype /Footer>>");
    for (std::size_t ri = 0; ri < tl.line.runs.size(); ++ri) {
      const auto& r = tl.line.runs[ri];
      FontEntry& fe = fonts_[r.font];
      fonts_used.emplace(fe.resource, fe.ref);
      std::vector<ShowGlyph> glyphs;
      glyphs.reserve(r.glyphs.size());
      for (const auto& g : r.glyphs) {
        const uint16_t cid = fe.embedded.cid_of.at(g.id);
        glyphs.push_back({cid, g.x, fe.embedded.widths[cid] * r.size / 1000.0});
      }
      if (!structured) {
        cs.show_glyphs(fe.resource, r.size, tl.x, tl.baseline, glyphs, 100 * r.expansion);
        continue;
      }
      const int target = static_cast<int>(ri) < labels ? be->second.label : be->second.leaf;
      for (const Segment& sg : segments(p, tl, glyphs, target)) {
        int elem = sg.elem;
        if (sg.link >= 0) elem = link_elem(sg.link, p, sg.elem);
        cs.begin_marked(elems_[elem].type, next_mcid(index, elem));
        cs.show_glyphs(fe.resource, r.size, tl.x, tl.baseline,
                       std::vector<ShowGlyph>(glyphs.begin() + static_cast<std::ptrdiff_t>(sg.begin),
                                              glyphs.begin() + static_cast<std::ptrdiff_t>(sg.end)),
                       100 * r.expansion);
        cs.end_marked();
      }
    }
    if (tagged_ && !structured) cs.end_marked();
  }

  // Splits a run where it enters or leaves a link area on the page.
  std::vector<Segment> segments(const page::Page& p, const page::TextLine& tl, const std::vector<ShowGlyph>& glyphs,
                                int target) const {
    std::vector<Segment> out;
    for (std::size_t i = 0; i < glyphs.size(); ++i) {
      int link = -1;
      if (links_) {
        const double cx = tl.x + glyphs[i].x + glyphs[i].width / 2;
        for (std::size_t k = 0; k < p.links.size(); ++k) {
          const auto& l = p.links[k];
          if ((l.block < 0 || l.block == tl.block) && cx >= l.x0 && cx <= l.x1 && tl.baseline >= l.y0 &&
              tl.baseline <= l.y1 && (!safe_uri(l.uri).empty() || l.dest_page >= 0)) {
            link = static_cast<int>(k);
            break;
          }
        }
      }
      if (out.empty() || out.back().link != link) out.push_back({i, i, target, link});
      out.back().end = i + 1;
    }
    return out;
  }

  // The Link element of a link area, made when its first text is written.
  int link_elem(int link, const page::Page& p, int parent) {
    int& e = page_links_[static_cast<std::size_t>(link)];
    if (e < 0) {
      e = add_elem("Link", parent);
      elems_[e].alt = p.links[static_cast<std::size_t>(link)].uri;
    }
    return e;
  }

  void write_links(PdfPage* page, const page::Page& p, std::size_t index) {
    PdfArray annots;
    for (std::size_t k = 0; k < p.links.size(); ++k) {
      const auto& l = p.links[k];
      const std::string uri = safe_uri(l.uri);
      const bool internal = l.dest_page >= 0 && static_cast<std::size_t>(l.dest_page) < doc_.pages.size();
      if (uri.empty() && !internal) continue;
      PdfObject* a = pdf_->GetObjects().CreateObject("Annot");
      auto& d = a->GetDictionary();
      d.AddKey("Subtype", PdfName("Link"));
      d.AddKey("Rect", real_array({l.x0, l.y0, l.x1, l.y1}));
      d.AddKey("Border", real_array({0, 0, 0}));
      d.AddKey("F", integer(4));  // print
      if (internal) {
        // The target page may not exist yet: its /Dest is set when all pages are.
        d.AddKey("Contents", utf8_string("Seite " + std::to_string(l.dest_page + 1)));
        internal_links_.push_back({a, l.dest_page});
      } else {
        d.AddKey("Contents", utf8_string(l.uri));
        PdfDictionary action;
        action.AddKey("Type", PdfName("Action"));
        action.AddKey("S", PdfName("URI"));
        action.AddKey("URI", PdfString(uri));
        d.AddKey("A", action);
      }
      if (tagged_) {
        // A link whose text is an artifact (the running foot) still needs its
        // Link element: it goes into the element of its block, or the Document.
        int e = page_links_[k];
        if (e < 0) {
          const auto b = blocks_.find(l.block);
          e = link_elem(static_cast<int>(k), p, b != blocks_.end() ? b->second.leaf : 0);
        }
        elems_[e].kids.push_back({-1, static_cast<int>(index), -1, a->Reference()});
        const long long key = static_cast<long long>(doc_.pages.size() + annot_parents_.size());
        annot_parents_.push_back(e);
        d.AddKey("StructParent", integer(key));
      }
      annots.push_back(a->Reference());
    }
    if (!annots.empty()) page->GetObject()->GetDictionary().AddKey("Annots", annots);
  }

  // [page /XYZ null null null]: the page at the reader's current zoom.
  PdfArray destination(std::size_t page) {
    PdfArray d;
    d.push_back(page_refs_.at(page));
    d.push_back(PdfName("XYZ"));
    d.push_back(PdfVariant());
    d.push_back(PdfVariant());
    d.push_back(PdfVariant());
    return d;
  }

  // The document outline (bookmarks): level-0 entries with their level-1 children.
  void write_outline() {
    const auto& marks = doc_.bookmarks;
    if (marks.empty()) return;
    auto& objs = pdf_->GetObjects();
    PdfObject* root = objs.CreateObject("Outlines");
    struct Node {
      PdfObject* obj;
      std::vector<PdfObject*> kids;
    };
    std::vector<Node> top;
    for (const auto& b : marks) {
      if (b.page >= page_refs_.size()) continue;
      PdfObject* o = objs.CreateObject();
      o->GetDictionary().AddKey("Title", utf8_string(b.title));
      o->GetDictionary().AddKey("Dest", destination(b.page));
      if (b.level > 0 && !top.empty()) top.back().kids.push_back(o);
      else top.push_back({o, {}});
    }
    auto link = [](PdfObject* parent, const std::vector<PdfObject*>& items) {
      for (std::size_t i = 0; i < items.size(); ++i) {
        auto& d = items[i]->GetDictionary();
        d.AddKey("Parent", parent->Reference());
        if (i > 0) d.AddKey("Prev", items[i - 1]->Reference());
        if (i + 1 < items.size()) d.AddKey("Next", items[i + 1]->Reference());
      }
      if (items.empty()) return;
      parent->GetDictionary().AddKey("First", items.front()->Reference());
      parent->GetDictionary().AddKey("Last", items.back()->Reference());
    };
    std::vector<PdfObject*> top_objs;
    long long count = 0;
    for (auto& n : top) {
      top_objs.push_back(n.obj);
      link(n.obj, n.kids);
      // Closed entries: a negative count of their children.
      if (!n.kids.empty()) n.obj->GetDictionary().AddKey("Count", integer(-static_cast<long long>(n.kids.size())));
      ++count;
    }
    link(root, top_objs);
    root->GetDictionary().AddKey("Count", integer(count));
    pdf_->GetCatalog()->GetDictionary().AddKey("Outlines", root->Reference());
  }

  // ---- print marks -----------------------------------------------------------
  // [/Separation /All /DeviceCMYK f]: marks print on every plate.
  PdfVariant all_separation() {
    if (!all_ref_) {
      PdfDictionary fn;
      fn.AddKey("FunctionType", integer(2));
      fn.AddKey("Domain", real_array({0, 1}));
      fn.AddKey("C0", real_array({0, 0, 0, 0}));
      fn.AddKey("C1", real_array({1, 1, 1, 1}));
      fn.AddKey("N", integer(1));
      PdfArray cs;
      cs.push_back(PdfName("Separation"));
      cs.push_back(PdfName("All"));
      cs.push_back(PdfName("DeviceCMYK"));
      cs.push_back(fn);
      PdfObject* o = pdf_->GetObjects().CreateObject(cs);
      all_ref_ = o->Reference();
    }
    return *all_ref_;
  }

  // Crop marks at the four corners, outside the bleed; optional registration
  // targets at the middle of each side.
  void write_marks(ContentStream& cs, const page::Page& p) {
    const double s = geo_.slug, off = geo_.mark_offset, len = geo_.mark_length;
    const double x0 = s, y0 = s, x1 = s + p.width, y1 = s + p.height;
    cs.append("/CSall CS 1 SCN 0.25 w\n");
    for (double x : {x0, x1}) {
      const double dir = x == x0 ? -1 : 1;
      for (double y : {y0, y1}) {
        const double dy = y == y0 ? -1 : 1;
        cs.append(number(x + dir * off) + ' ' + number(y) + " m " + number(x + dir * (off + len)) + ' ' + number(y) +
                  " l S\n");
        cs.append(number(x) + ' ' + number(y + dy * off) + " m " + number(x) + ' ' + number(y + dy * (off + len)) +
                  " l S\n");
      }
    }
    if (!opt_.registration_marks) return;
    const double r = 2 * kMm, d = off + len / 2;
    const double centres[4][2] = {{(x0 + x1) / 2, y0 - d}, {(x0 + x1) / 2, y1 + d}, {x0 - d, (y0 + y1) / 2},
                                  {x1 + d, (y0 + y1) / 2}};
    constexpr double kappa = 0.5523;  // Bézier quarter circle
    for (const auto& c : centres) {
      const double cx = c[0], cy = c[1], k = r * kappa;
      cs.append(number(cx + r) + ' ' + number(cy) + " m " + number(cx + r) + ' ' + number(cy + k) + ' ' +
                number(cx + k) + ' ' + number(cy + r) + ' ' + number(cx) + ' ' + number(cy + r) + " c " +
                number(cx - k) + ' ' + number(cy + r) + ' ' + number(cx - r) + ' ' + number(cy + k) + ' ' +
                number(cx - r) + ' ' + number(cy) + " c " + number(cx - r) + ' ' + number(cy - k) + ' ' +
                number(cx - k) + ' ' + number(cy - r) + ' ' + number(cx) + ' ' + number(cy - r) + " c " +
                number(cx + k) + ' ' + number(cy - r) + ' ' + number(cx + r) + ' ' + number(cy - k) + ' ' +
                number(cx + r) + ' ' + number(cy) + " c S\n");
      const double arm = 1.5 * r;
      cs.append(number(cx - arm) + ' ' + number(cy) + " m " + number(cx + arm) + ' ' + number(cy) + " l S\n");
      cs.append(number(cx) + ' ' + number(cy - arm) + " m " + number(cx) + ' ' + number(cy + arm) + " l S\n");
    }
  }

  // ---- structure tree ----------------------------------------------------------
  void write_structure() {
    auto& objs = pdf_->GetObjects();
    PdfObject* root = objs.CreateObject("StructTreeRoot");
    for (auto& e : elems_) e.obj = objs.CreateObject("StructElem");
    for (auto& e : elems_) {
      auto& d = e.obj->GetDictionary();
      d.AddKey("S", PdfName(e.type));
      d.AddKey("P", e.parent >= 0 ? elems_[e.parent].obj->Reference() : root->Reference());
      int pg = -1;  // the element's page: that of its first marked content
      for (const auto& k : e.kids)
        if (k.elem < 0 && k.page >= 0) { pg = k.page; break; }
      if (pg >= 0) d.AddKey("Pg", page_refs_[static_cast<std::size_t>(pg)]);
      RawArray kids;
      for (const auto& k : e.kids) {
        if (k.elem >= 0) {
          kids.ref(elems_[k.elem].obj->Reference());
        } else if (k.mcid >= 0 && k.page == pg) {
          kids.num(k.mcid);
        } else if (k.mcid >= 0) {
          kids.raw("<< /Type /MCR /Pg " + ref_syntax(page_refs_[static_cast<std::size_t>(k.page)]) + " /MCID " +
                   std::to_string(k.mcid) + " >>");
        } else {
          kids.raw("<< /Type /OBJR /Pg " + ref_syntax(page_refs_[static_cast<std::size_t>(k.page)]) + " /Obj " +
                   ref_syntax(k.annot) + " >>");
        }
      }
      if (!kids.empty()) d.AddKey("K", kids.variant());
      if (!e.alt.empty()) d.AddKey("Alt", utf8_string(e.alt));
      if (!e.list_numbering.empty()) {
        PdfDictionary a;
        a.AddKey("O", PdfName("List"));
        a.AddKey("ListNumbering", PdfName(e.list_numbering));
        d.AddKey("A", a);
      }
    }
    RawArray nums;
    for (std::size_t i = 0; i < parent_tree_.size(); ++i) {
      nums.num(static_cast<long long>(i)).open();
      for (int e : parent_tree_[i]) nums.ref(elems_[e].obj->Reference());
      nums.close();
    }
    for (std::size_t i = 0; i < annot_parents_.size(); ++i)
      nums.num(static_cast<long long>(parent_tree_.size() + i)).ref(elems_[annot_parents_[i]].obj->Reference());
    PdfObject* tree = objs.CreateObject();
    tree->GetDictionary().AddKey("Nums", nums.variant());
    auto& rd = root->GetDictionary();
    rd.AddKey("K", elems_.front().obj->Reference());
    rd.AddKey("ParentTree", tree->Reference());
    rd.AddKey("ParentTreeNextKey", integer(static_cast<long long>(parent_tree_.size() + annot_parents_.size())));
    auto& cat = pdf_->GetCatalog()->GetDictionary();
    cat.AddKey("StructTreeRoot", root->Reference());
    PdfDictionary mark;
    mark.AddKey("Marked", PdfVariant(true));
    cat.AddKey("MarkInfo", mark);
  }

  // ---- document level ------------------------------------------------------------
  // Every stream satzwerk makes is written here, Flate-compressed by deflate()
  // at its fastest level (PoDoFo's own filter would run zlib at level 6: 7× the
  // time for 4 % fewer bytes of these streams; see bench/README.md).
  static void put_stream(PdfObject* o, std::string_view raw, const std::string* deflated = nullptr) {
    const std::string compressed = deflated ? std::string() : deflate(raw, 1);
    const std::string& bytes = deflated ? *deflated : compressed;
    o->GetDictionary().AddKey("Filter", PdfName("FlateDecode"));
    PdfMemoryInputStream in(bytes.data(), static_cast<pdf_long>(bytes.size()));
    o->GetStream()->SetRawData(&in, static_cast<pdf_long>(bytes.size()));
  }

  void write_output_intent() {
    PdfObject* icc = pdf_->GetObjects().CreateObject();
    icc->GetDictionary().AddKey("N", integer(4));
    put_stream(icc, *opt_.output_profile, opt_.output_profile_deflated.get());
    PdfObject* oi = pdf_->GetObjects().CreateObject("OutputIntent");
    auto& d = oi->GetDictionary();
    d.AddKey("S", PdfName(opt_.profile == Profile::X4 ? "GTS_PDFX" : "GTS_PDFA1"));
    d.AddKey("OutputConditionIdentifier", PdfString(kOutputCondition));
    d.AddKey("OutputCondition", PdfString(kOutputConditionText));
    d.AddKey("RegistryName", PdfString("http://www.color.org"));
    d.AddKey("Info", PdfString(kOutputProfileInfo));
    d.AddKey("DestOutputProfile", icc->Reference());
    PdfArray intents;
    intents.push_back(oi->Reference());
    pdf_->GetCatalog()->GetDictionary().AddKey("OutputIntents", intents);
  }

  void write_metadata() {
    const auto& info = doc_.info;
    const std::string producer = "satzwerk " + opt_.producer_version;
    PdfInfo* pi = pdf_->GetInfo();
    pi->SetTitle(utf8_string(info.title));
    if (!info.author.empty()) pi->SetAuthor(utf8_string(info.author));
    if (!info.subject.empty()) pi->SetSubject(utf8_string(info.subject));
    if (!info.keywords.empty()) pi->SetKeywords(utf8_string(info.keywords));
    pi->SetCreator(utf8_string(info.creator));
    pi->SetProducer(utf8_string(producer));
    // PoDoFo derives the trailer /ID from the Info dictionary, so a digest of the
    // inputs there makes the ID unique per document and still reproducible.
    pi->SetCustomKey(PdfName("SatzwerkDigest"), PdfString(info.digest + profile_name(opt_.profile)));
    const std::string date = pdf_date(opt_.creation_time);
    auto& infod = pi->GetObject()->GetDictionary();
    infod.AddKey("CreationDate", PdfString(date));
    infod.AddKey("ModDate", PdfString(date));
    if (opt_.profile == Profile::X4) {
      infod.AddKey("GTS_PDFXVersion", PdfString("PDF/X-4"));
      pi->SetTrapped(PdfName("False"));
    }

    const std::string xmp = xmp_packet(info, iso_date(opt_.creation_time), producer, opt_.profile);
    PdfObject* meta = pdf_->GetObjects().CreateObject("Metadata");
    meta->GetDictionary().AddKey("Subtype", PdfName("XML"));
    meta->GetStream()->Set(xmp.data(), static_cast<pdf_long>(xmp.size()), TVecFilters());  // uncompressed
    auto& cat = pdf_->GetCatalog()->GetDictionary();
    cat.AddKey("Metadata", meta->Reference());
    if (!info.lang.empty()) cat.AddKey("Lang", PdfString(info.lang));
    else if (tagged_) cat.AddKey("Lang", PdfString("de-DE"));
    PdfDictionary prefs;
    prefs.AddKey("DisplayDocTitle", PdfVariant(true));
    cat.AddKey("ViewerPreferences", prefs);
  }

  const page::Document& doc_;
  const Options& opt_;
  std::unique_ptr<PdfMemDocument> pdf_;
  bool tagged_ = false, links_ = true;
  PrintGeometry geo_;
  std::map<const shape::Font*, FontEntry> fonts_;
  std::vector<const shape::Font*> font_order_;
  std::optional<model::Cmyk> fill_, stroke_;
  std::map<std::string, std::optional<PdfReference>> images_;  // by path
  std::map<std::string, std::array<double, 4>> forms_;         // PDF images: their box (x, y, w, h)
  std::vector<std::pair<PdfObject*, int>> internal_links_;     // annotation, target page
  std::map<std::string, int> image_names_;
  std::optional<PdfReference> srgb_ref_, all_ref_;
  std::vector<PdfReference> page_refs_;
  // structure
  std::vector<Elem> elems_;
  std::map<int, BlockElems> blocks_;
  std::set<int> first_line_seen_;
  std::vector<std::vector<int>> parent_tree_;  // page -> element of each MCID
  std::vector<int> annot_parents_;             // StructParent key - pages -> Link element
  std::vector<int> page_links_;                // this page's link areas -> Link element
};

}  // namespace

std::optional<Profile> parse_profile(std::string_view s) {
  if (s == "x4" || s == "X4" || s == "pdfx4") return Profile::X4;
  if (s == "a2u-ua1" || s == "a2u,ua1" || s == "ua1-a2u") return Profile::A2uUa1;
  if (s == "none") return Profile::None;
  return std::nullopt;
}

const char* profile_name(Profile p) {
  switch (p) {
    case Profile::X4: return "x4";
    case Profile::A2uUa1: return "a2u-ua1";
    case Profile::None: break;
  }
  return "none";
}

PrintGeometry print_geometry(double bleed) {
  constexpr double mm = 72.0 / 25.4;
  PrintGeometry g;
  g.bleed = bleed;
  g.mark_offset = bleed + 1 * mm;  // marks start 1 mm outside the bleed box
  g.mark_length = 6 * mm;
  g.slug = g.mark_offset + g.mark_length + 3 * mm;
  return g;
}

std::string deflate(std::string_view bytes, int level) {
  // One compressor per thread and level: making one costs more than compressing a page.
  struct Compressors {
    std::array<libdeflate_compressor*, 13> by_level{};
    ~Compressors() {
      for (auto* c : by_level) libdeflate_free_compressor(c);
    }
  };
  thread_local Compressors compressors;
  if (level < 1 || level > 12) throw std::invalid_argument("deflate: level must be 1..12");
  libdeflate_compressor*& c = compressors.by_level[static_cast<std::size_t>(level)];
  if (!c) c = libdeflate_alloc_compressor(level);
  if (!c) throw std::runtime_error("libdeflate: out of memory");
  std::string out(libdeflate_zlib_compress_bound(c, bytes.size()), '\0');
  const std::size_t len = libdeflate_zlib_compress(c, bytes.data(), bytes.size(), out.data(), out.size());
  if (len == 0) throw std::runtime_error("libdeflate cannot compress a stream");
  out.resize(len);
  return out;
}

std::string write_pdf(const page::Document& doc, const Options& opt) { return Writer(doc, opt).run(); }

}  // namespace satzwerk::pdf
