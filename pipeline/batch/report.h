// batch/: machine-readable reports of a batch run, items in input order.
#pragma once
#include <string>

#include "batch/run.h"

namespace satzwerk::batch {

// What the report says about the run as a whole.
struct ReportInfo {
  std::string tool_version;
  std::string shard = "1/1";
  std::size_t inputs_total = 0;  // inputs before sharding
  bool force = false;
};

// JSON: {"tool", "version", "shard", "threads", "inputs_total", "items",
// "built", "up_to_date", "failed", "not_run", "seconds", "articles_per_second",
// "results": [{"input", "output", "preview"?, "status", "pages", "seconds",
// "warnings": [...], "error"?}]}.
std::string report_json(const BatchResult& r, const ReportInfo& info);

// JUnit XML: one <testsuite name="satzwerk batch"> with one <testcase> per input
// (name = input path); failed inputs carry <failure message="FILE:LINE: …">,
// inputs not run (interrupted) <skipped/>, warnings and the output path go to
// <system-out>.
std::string report_junit(const BatchResult& r, const ReportInfo& info);

// JSON string literal with escapes (UTF-8 passes through).
std::string json_string(const std::string& s);
// Text for an XML attribute or element (escapes & < > " and drops characters XML 1.0 forbids).
std::string xml_text(const std::string& s);

}  // namespace satzwerk::batch
