// Stage cli/: the command line. Parses arguments, loads resources once, runs
// the stages and reports errors as "FILE:LINE: message" with exit status 2.
#pragma once

namespace satzwerk::cli {

// Entry point of the satzwerk executable; returns the process exit status.
int run(int argc, char** argv);

}  // namespace satzwerk::cli
