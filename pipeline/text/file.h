// Reading a whole data file (fonts, patterns, articles, profiles) for any
// stage from here on: one read loop sized by fstat, no stream buffers copied.
#pragma once
#include <string>

namespace satzwerk::text {

// Reads the whole file into out; false when it cannot be read.
bool read_file(const std::string& path, std::string& out);

}  // namespace satzwerk::text
