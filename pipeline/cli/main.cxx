#include "cli/cli.h"

int main(int argc, char** argv) { return satzwerk::cli::run(argc, argv); }
