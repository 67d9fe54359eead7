// A message a user can act on: where (file, line) and what is wrong.
#pragma once
#include <string>

namespace satzwerk::model {

struct Diagnostic {
  std::string file;
  int line = 0;  // 0 when the problem has no line (e.g. unreadable file)
  std::string message;

  // "FILE:LINE: message", the form every command prints.
  std::string str() const {
    return file + ":" + std::to_string(line) + ": " + message;
  }
};

}  // namespace satzwerk::model
