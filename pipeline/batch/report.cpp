#include "batch/report.h"

#include <cstdio>

namespace satzwerk::batch {

namespace {

std::string seconds_text(double s) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6f", s);
  std::string t = buf;
  // snprintf follows LC_NUMERIC; reports always use a decimal point.
  for (char& c : t)
    if (c == ',') c = '.';
  return t;
}

}  // namespace

std::string json_string(const std::string& s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out + "\"";
}

std::string xml_text(const std::string& s) {
  std::string out;
  for (unsigned char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\n': out += "&#10;"; break;
      case '\t': out += "&#9;"; break;
      case '\r': out += "&#13;"; break;
      default:
        if (c < 0x20) out += '?';  // not allowed in XML 1.0, not even as a reference
        else out += static_cast<char>(c);
    }
  }
  return out;
}

std::string report_json(const BatchResult& r, const ReportInfo& info) {
  std::string j = "{\n";
  j += "  \"tool\": \"satzwerk\",\n";
  j += "  \"version\": " + json_string(info.tool_version) + ",\n";
  j += "  \"shard\": " + json_string(info.shard) + ",\n";
  j += "  \"force\": " + std::string(info.force ? "true" : "false") + ",\n";
  j += "  \"threads\": " + std::to_string(r.threads) + ",\n";
  j += "  \"inputs_total\": " + std::to_string(info.inputs_total) + ",\n";
  j += "  \"items\": " + std::to_string(r.items.size()) + ",\n";
  j += "  \"built\": " + std::to_string(r.built) + ",\n";
  j += "  \"up_to_date\": " + std::to_string(r.up_to_date) + ",\n";
  j += "  \"failed\": " + std::to_string(r.failed) + ",\n";
  j += "  \"not_run\": " + std::to_string(r.not_run) + ",\n";
  j += "  \"seconds\": " + seconds_text(r.seconds) + ",\n";
  j += "  \"articles_per_second\": " + seconds_text(r.seconds > 0 ? r.items.size() / r.seconds : 0) + ",\n";
  j += "  \"results\": [";
  for (std::size_t i = 0; i < r.items.size(); ++i) {
    const auto& it = r.items[i];
    j += i ? ",\n    {" : "\n    {";
    j += "\"input\": " + json_string(it.input);
    j += ", \"output\": " + json_string(it.output);
    if (!it.preview.empty()) j += ", \"preview\": " + json_string(it.preview);
    j += ", \"status\": " + json_string(status_name(it.status));
    j += ", \"pages\": " + std::to_string(it.pages);
    j += ", \"seconds\": " + seconds_text(it.seconds);
    j += ", \"warnings\": [";
    for (std::size_t w = 0; w < it.warnings.size(); ++w) j += (w ? ", " : "") + json_string(it.warnings[w]);
    j += "]";
    if (!it.error.empty()) j += ", \"error\": " + json_string(it.error);
    j += "}";
  }
  j += r.items.empty() ? "]\n}\n" : "\n  ]\n}\n";
  return j;
}

std::string report_junit(const BatchResult& r, const ReportInfo& info) {
  std::string x = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  x += "<testsuites name=\"satzwerk batch\" tests=\"" + std::to_string(r.items.size()) + "\" failures=\"" +
       std::to_string(r.failed) + "\" errors=\"0\" skipped=\"" + std::to_string(r.not_run) + "\" time=\"" +
       seconds_text(r.seconds) + "\">\n";
  x += "  <testsuite name=\"satzwerk batch " + xml_text(info.shard) + "\" tests=\"" + std::to_string(r.items.size()) +
       "\" failures=\"" + std::to_string(r.failed) + "\" errors=\"0\" skipped=\"" + std::to_string(r.not_run) +
       "\" time=\"" + seconds_text(r.seconds) + "\">\n";
  x += "    <properties>\n";
  x += "      <property name=\"version\" value=\"" + xml_text(info.tool_version) + "\"/>\n";
  x += "      <property name=\"threads\" value=\"" + std::to_string(r.threads) + "\"/>\n";
  x += "      <property name=\"built\" value=\"" + std::to_string(r.built) + "\"/>\n";
  x += "      <property name=\"up_to_date\" value=\"" + std::to_string(r.up_to_date) + "\"/>\n";
  x += "    </properties>\n";
  for (const auto& it : r.items) {
    x += "    <testcase classname=\"satzwerk.batch\" name=\"" + xml_text(it.input) + "\" time=\"" +
         seconds_text(it.seconds) + "\"";
    std::string out = std::string(status_name(it.status)) + ": " + it.output;
    if (it.status == Status::Built || it.status == Status::UpToDate)
      out += " (" + std::to_string(it.pages) + (it.pages == 1 ? " page)" : " pages)");
    if (!it.preview.empty() && it.status != Status::Failed) out += "\npreview: " + it.preview;
    for (const auto& w : it.warnings) out += "\nwarning: " + w;
    x += ">\n";
    if (it.status == Status::Failed)
      x += "      <failure message=\"" + xml_text(it.error) + "\" type=\"article\">" + xml_text(it.error) +
           "</failure>\n";
    if (it.status == Status::NotRun) x += "      <skipped message=\"interrupted before this input\"/>\n";
    x += "      <system-out>" + xml_text(out) + "</system-out>\n";
    x += "    </testcase>\n";
  }
  x += "  </testsuite>\n</testsuites>\n";
  return x;
}

}  // namespace satzwerk::batch
