// Stage cli/: the command line. Parses arguments, loads resources once, runs
// the stages and reports errors as "FILE:LINE: message" with exit status 2.
#pragma once
#include <string>
#include <string_view>

namespace satzwerk::cli {

// Entry point of the satzwerk executable; returns the process exit status.
int run(int argc, char** argv);

// Writes bytes to path via a temporary file in the same folder and a rename,
// so a reader (or a killed run) never sees a partial file. Throws on failure.
void write_file_atomically(const std::string& path, std::string_view bytes);

}  // namespace satzwerk::cli
