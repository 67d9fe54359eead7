#include "pdf/pdf.h"

#include <podofo/podofo.h>

#include <cmath>
#include <ctime>
#include <map>
#include <mutex>

#include "pdf/content.h"
#include "pdf/font_embed.h"

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

std::string xml_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string uuid_from_digest(const std::string& digest) {
  std::string h = digest;
  while (h.size() < 32) h += '0';
  return h.substr(0, 8) + '-' + h.substr(8, 4) + '-' + h.substr(12, 4) + '-' + h.substr(16, 4) + '-' + h.substr(20, 12);
}

std::string xmp_packet(const page::DocumentInfo& info, const std::string& created, const std::string& producer) {
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
  x += "</rdf:Description>\n"
       "<rdf:Description rdf:about=\"\" xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\">\n"
       "<xmp:CreatorTool>" + xml_escape(info.creator) + "</xmp:CreatorTool>\n"
       "<xmp:CreateDate>" + created + "</xmp:CreateDate>\n"
       "<xmp:ModifyDate>" + created + "</xmp:ModifyDate>\n"
       "<xmp:MetadataDate>" + created + "</xmp:MetadataDate>\n"
       "</rdf:Description>\n"
       "<rdf:Description rdf:about=\"\" xmlns:xmpMM=\"http://ns.adobe.com/xap/1.0/mm/\">\n"
       "<xmpMM:DocumentID>uuid:" + uuid_from_digest(info.digest) + "</xmpMM:DocumentID>\n"
       "<xmpMM:InstanceID>uuid:" + uuid_from_digest(info.digest) + "</xmpMM:InstanceID>\n"
       "</rdf:Description>\n"
       "</rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"w\"?>";
  return x;
}

class Writer {
 public:
  Writer(const page::Document& d, const Options& o) : doc_(d), opt_(o) {
    std::lock_guard lock(construction_mutex());
    pdf_ = std::make_unique<PdfMemDocument>();
  }

  std::string run() {
    pdf_->SetPdfVersion(ePdfVersion_1_7);
    pdf_->SetWriteMode(ePdfWriteMode_Clean);
    collect_glyphs();
    embed_fonts();
    for (const auto& p : doc_.pages) write_page(p);
    write_metadata();
    PdfRefCountedBuffer buffer;
    PdfOutputDevice device(&buffer);
    pdf_->Write(&device);
    return std::string(buffer.GetBuffer(), device.GetLength());
  }

 private:
  struct FontEntry {
    GlyphUsage usage;
    EmbeddedFont embedded;
    std::string resource;  // "F1"
    PdfReference ref;
  };

  void collect_glyphs() {
    // Fonts are numbered in order of first use, so resource names are stable.
    for (const auto& p : doc_.pages)
      for (const auto& tl : p.lines)
        for (const auto& r : tl.line.runs) {
          FontEntry& fe = font_entry(r.font);
          for (const auto& g : r.glyphs) fe.usage.use(g.id, g.text);
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
      fe.embedded = embed_font(*f, fe.usage);
      fe.ref = write_font(*f, fe.embedded);
    }
  }

  PdfReference write_font(const shape::Font& font, const EmbeddedFont& ef) {
    auto& objs = pdf_->GetObjects();
    const auto& m = font.metrics();
    const double k = 1000.0 / m.units_per_em;

    PdfObject* file = objs.CreateObject();
    file->GetDictionary().AddKey("Subtype", PdfName("OpenType"));
    file->GetStream()->Set(ef.program.data(), static_cast<pdf_long>(ef.program.size()));

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
    cmap->GetStream()->Set(ef.to_unicode.data(), static_cast<pdf_long>(ef.to_unicode.size()));

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
  static PdfArray width_array(const std::vector<int>& widths) {
    PdfArray w;
    for (std::size_t i = 0; i < widths.size();) {
      if (widths[i] == 0) { ++i; continue; }
      PdfArray run;
      const std::size_t first = i;
      while (i < widths.size() && widths[i] != 0) run.push_back(integer(widths[i++]));
      w.push_back(integer(static_cast<long long>(first)));
      w.push_back(run);
    }
    return w;
  }

  void write_page(const page::Page& p) {
    PdfPage* page = pdf_->CreatePage(PdfRect(0, 0, p.width, p.height));
    ContentStream cs;
    cs.set_fill_cmyk(0, 0, 0, 1);  // text in pure black (K only), never rich black
    std::map<std::string, PdfReference> used;
    for (const auto& tl : p.lines) {
      double x = tl.x;
      for (const auto& r : tl.line.runs) {
        FontEntry& fe = fonts_[r.font];
        used.emplace(fe.resource, fe.ref);
        std::vector<ShowGlyph> glyphs;
        glyphs.reserve(r.glyphs.size());
        for (const auto& g : r.glyphs) {
          const uint16_t cid = fe.embedded.cid_of.at(g.id);
          glyphs.push_back({cid, g.x, fe.embedded.widths[cid] * r.size / 1000.0});
        }
        cs.show_glyphs(fe.resource, r.size, x, tl.baseline, glyphs);
      }
    }
    for (const auto& rule : p.rules) cs.line(rule.x0, rule.y0, rule.x1, rule.y1, rule.width);
    page->GetContentsForAppending()->GetStream()->Set(cs.str().data(), static_cast<pdf_long>(cs.str().size()));

    PdfDictionary font_dict;
    for (const auto& [name, ref] : used) font_dict.AddKey(PdfName(name), ref);
    page->GetResources()->GetDictionary().AddKey("Font", font_dict);
    write_links(page, p);
  }

  void write_links(PdfPage* page, const page::Page& p) {
    PdfArray annots;
    for (const auto& l : p.links) {
      const std::string uri = safe_uri(l.uri);
      if (uri.empty()) continue;
      PdfObject* a = pdf_->GetObjects().CreateObject("Annot");
      auto& d = a->GetDictionary();
      d.AddKey("Subtype", PdfName("Link"));
      d.AddKey("Rect", real_array({l.x0, l.y0, l.x1, l.y1}));
      d.AddKey("Border", real_array({0, 0, 0}));
      d.AddKey("F", integer(4));  // print
      d.AddKey("Contents", utf8_string(l.uri));
      PdfDictionary action;
      action.AddKey("Type", PdfName("Action"));
      action.AddKey("S", PdfName("URI"));
      action.AddKey("URI", PdfString(uri));
      d.AddKey("A", action);
      annots.push_back(a->Reference());
    }
    if (!annots.empty()) page->GetObject()->GetDictionary().AddKey("Annots", annots);
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
    pi->SetCustomKey(PdfName("SatzwerkDigest"), PdfString(info.digest));
    const std::string date = pdf_date(opt_.creation_time);
    auto& infod = pi->GetObject()->GetDictionary();
    infod.AddKey("CreationDate", PdfString(date));
    infod.AddKey("ModDate", PdfString(date));

    const std::string xmp = xmp_packet(info, iso_date(opt_.creation_time), producer);
    PdfObject* meta = pdf_->GetObjects().CreateObject("Metadata");
    meta->GetDictionary().AddKey("Subtype", PdfName("XML"));
    meta->GetStream()->Set(xmp.data(), static_cast<pdf_long>(xmp.size()), TVecFilters());  // uncompressed
    auto& cat = pdf_->GetCatalog()->GetDictionary();
    cat.AddKey("Metadata", meta->Reference());
    if (!info.lang.empty()) cat.AddKey("Lang", PdfString(info.lang));
    PdfDictionary prefs;
    prefs.AddKey("DisplayDocTitle", PdfVariant(true));
    cat.AddKey("ViewerPreferences", prefs);
  }

  const page::Document& doc_;
  const Options& opt_;
  std::unique_ptr<PdfMemDocument> pdf_;
  std::map<const shape::Font*, FontEntry> fonts_;
  std::vector<const shape::Font*> font_order_;
};

}  // namespace

std::string write_pdf(const page::Document& doc, const Options& opt) { return Writer(doc, opt).run(); }

}  // namespace satzwerk::pdf
