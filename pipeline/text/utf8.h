// UTF-8 helpers shared by the text stage and later stages.
// Contract: decode() never throws on bad input; it reports the first invalid byte offset.
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace satzwerk::utf8 {

// Decodes UTF-8 into code points. Returns the byte offset of the first invalid
// sequence (overlong forms, surrogates and values above U+10FFFF are invalid).
struct Decoded {
  std::u32string text;
  std::optional<std::size_t> invalid_at;  // byte offset of the first bad sequence
};
Decoded decode(std::string_view bytes);

// Number of bytes of the valid prefix; equals bytes.size() when all is valid.
std::size_t valid_prefix(std::string_view bytes);

void append(std::string& out, char32_t cp);
std::string encode(std::u32string_view text);

}  // namespace satzwerk::utf8
