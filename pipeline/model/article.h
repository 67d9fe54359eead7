// model/: plain value types shared by every stage. No behaviour, no dependencies.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace satzwerk::model {

// A run of inline text with its emphasis and, for links, its target.
struct Inline {
  enum class Style : uint8_t { Regular, Emphasis, Strong };
  std::string text;    // UTF-8, whitespace not yet collapsed across runs
  Style style = Style::Regular;
  std::string href;    // non-empty for <a href>
  bool line_break = false;  // <br/>: text is empty, a forced line break
};

struct Block {
  enum class Kind : uint8_t {
    Paragraph,      // <p>
    Heading,        // <hl2> inside body.content
    ListItem,       // <li> of <ul>/<ol>
    Quote,          // <bq> / <block> text
    Figure,         // <media> with caption
    LinkParagraph,  // <p class="link">: a paragraph that is only a link
  };
  Kind kind = Kind::Paragraph;
  std::vector<Inline> runs;
  int list_number = 0;        // ListItem: 1-based number in an <ol>, 0 in a <ul>
  std::string media_source;   // Figure: image path as written in the NITF
  std::string media_alt;      // Figure: alternate text
  int line = 0;               // source line, for messages
};

struct Date {
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  bool valid() const { return year > 0 && month >= 1 && month <= 12 && day >= 1 && day <= 31; }
};

struct Article {
  std::string source_file;
  std::string lang = "de-DE";
  std::string title;           // head/title
  std::string doc_id;
  Date date;                   // docdata/date.issue@norm
  std::vector<std::string> keywords;
  std::string copyright;       // doc.copyright@holder
  std::string section;         // pubdata@position.section (Rubrik)
  std::string url;             // pubdata@ex-ref, when present
  std::string headline;        // body.head/hedline/hl1
  std::string subheadline;     // body.head/hedline/hl2
  std::vector<Inline> abstract;
  std::string byline;
  std::string dateline;
  std::vector<Block> blocks;   // body.content in order
  std::string tagline;         // body.end/tagline
};

}  // namespace satzwerk::model
