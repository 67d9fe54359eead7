#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <set>

#include "batch/files.h"
#include "batch/inputs.h"
#include "batch/job.h"
#include "batch/report.h"
#include "batch/state.h"

using namespace satzwerk::batch;
namespace fs = std::filesystem;

namespace {

struct TempDir {
  fs::path path;
  TempDir() {
    std::string t = (fs::temp_directory_path() / "satzwerk-batch-test-XXXXXX").string();
    REQUIRE(mkdtemp(t.data()) != nullptr);
    path = t;
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  void write(const std::string& rel, const std::string& bytes = "x") const {
    fs::create_directories((path / rel).parent_path());
    std::ofstream(path / rel, std::ios::binary) << bytes;
  }
};

Input input(const std::string& path) {
  Input in;
  in.path = path;
  in.rel = fs::path(path).filename().string();
  return in;
}

}  // namespace

TEST_CASE("--shard K/N: parsing") {
  CHECK(parse_shard("1/3")->index == 1);
  CHECK(parse_shard("3/3")->count == 3);
  CHECK(parse_shard("1/1"));
  for (const char* bad : {"0/3", "4/3", "1/0", "/3", "1/", "13", "a/b", "1/3x", "-1/3", " 1/3", ""})
    CHECK_MESSAGE(!parse_shard(bad), bad);
  CHECK(parse_shard("2/7")->str() == "2/7");
}

TEST_CASE("shards cover every input exactly once and differ in size by at most one") {
  for (std::size_t n : {1u, 2u, 3u, 5u, 16u}) {
    for (std::size_t items : {0u, 1u, 7u, 156u}) {
      std::vector<int> owner(items, 0);
      std::vector<std::size_t> size(n, 0);
      for (std::size_t k = 1; k <= n; ++k)
        for (std::size_t i = 0; i < items; ++i)
          if (in_shard(i, Shard{k, n})) {
            ++owner[i];
            ++size[k - 1];
          }
      for (int o : owner) CHECK(o == 1);
      if (!size.empty()) CHECK(*std::max_element(size.begin(), size.end()) - *std::min_element(size.begin(), size.end()) <= 1);
    }
  }
}

TEST_CASE("folders expand recursively, sorted bytewise, hidden and non-XML skipped, duplicates once") {
  TempDir d;
  d.write("in/b.xml");
  d.write("in/a.xml");
  d.write("in/Z.XML");
  d.write("in/sub/c.xml");
  d.write("in/.hidden.xml");
  d.write("in/.git/x.xml");
  d.write("in/notes.txt");
  d.write("other/a.xml");
  const std::string in = (d.path / "in").string();
  const auto e = expand_inputs({in, (d.path / "in" / "a.xml").string(), (d.path / "other" / "a.xml").string(),
                                (d.path / "missing.xml").string()});
  std::vector<std::string> rels;
  for (const auto& i : e.inputs) rels.push_back(i.rel);
  CHECK(rels == std::vector<std::string>{"Z.XML", "a.xml", "b.xml", "sub/c.xml", "a.xml", "missing.xml"});
  CHECK(e.inputs[3].path == in + "/sub/c.xml");
  CHECK(e.inputs[4].arg == 2);
  CHECK(e.warnings.empty());

  d.write("empty/readme.txt");
  const auto e2 = expand_inputs({(d.path / "empty").string()});
  CHECK(e2.inputs.empty());
  CHECK(e2.warnings.size() == 1);
}

TEST_CASE("output names: base name + .pdf; collisions get a path digest, independent of order") {
  const std::vector<Input> ins = {input("x/a.xml"), input("y/a.xml"), input("y/b.xml"), input("z/A.xml"),
                                  input("c.nitf")};
  const auto names = output_names(ins);
  CHECK(names[2] == "b.pdf");
  CHECK(names[4] == "c.nitf.pdf");
  CHECK(names[0].starts_with("a-"));
  CHECK(names[0].size() == std::string("a-12345678.pdf").size());
  CHECK(names[3].starts_with("A-"));
  std::set<std::string> unique(names.begin(), names.end());
  CHECK(unique.size() == names.size());
  // Reordered inputs keep their names.
  const auto again = output_names({ins[3], ins[1], ins[0]});
  CHECK(again[0] == names[3]);
  CHECK(again[1] == names[1]);
  CHECK(again[2] == names[0]);
  // A hidden base name never gives a hidden output.
  CHECK(output_names({input(".xml")})[0] == "article.pdf");
}

TEST_CASE("build key: any part changes the key; the order parts are added in does not") {
  BuildKey a, b, c;
  a.add("tool", "1");
  a.add("input", "abc");
  b.add("input", "abc");
  b.add("tool", "1");
  c.add("tool", "1");
  c.add("input", "abd");
  CHECK(a.hex() == b.hex());
  CHECK(a.hex() != c.hex());
  CHECK(a.hex().size() == 64);
  BuildKey d = a;
  d.add("layout", "x");
  CHECK(d.hex() != a.hex());
}

TEST_CASE("resource fingerprint follows every file's content and name") {
  TempDir d;
  d.write("fonts/a.otf", "font");
  d.write("data/hyphenation/exceptions-de.txt", "Wach-stu-be\n");
  const auto f1 = fingerprint_folders(d.path.string(), {"fonts", "data", "layouts"});
  CHECK(f1 == fingerprint_folders(d.path.string(), {"fonts", "data", "layouts"}));
  d.write("data/hyphenation/exceptions-de.txt", "Wach-stu-be\nStau-be-cken\n");
  const auto f2 = fingerprint_folders(d.path.string(), {"fonts", "data", "layouts"});
  CHECK(f2 != f1);
  d.write("layouts/druckversion.xml", "<layout/>");
  CHECK(fingerprint_folders(d.path.string(), {"fonts", "data", "layouts"}) != f2);
  fs::rename(d.path / "fonts/a.otf", d.path / "fonts/b.otf");
  CHECK(fingerprint_folders(d.path.string(), {"fonts", "data"}) != fingerprint_folders(d.path.string(), {"data"}));
}

TEST_CASE("a file's streamed digest equals the digest of its bytes, with and without a prefix") {
  TempDir d;
  std::string big;
  for (int i = 0; i < 200000; ++i) big += static_cast<char>('a' + i * 7 % 26);  // more than one read
  const std::string file = (d.path / "f.bin").string();
  write_file_atomically(file, big, Sync::No);
  CHECK(sha256_file_hex(file) == sha256_hex(big));
  CHECK(sha256_file_hex(file, std::string_view("v1\0", 3)) == sha256_hex(std::string("v1\0", 3) + big));
  CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(!sha256_file_hex((d.path / "missing").string()));
}

TEST_CASE("state files round-trip; damaged ones are not trusted") {
  OutputState s;
  s.key = std::string(64, 'a');
  s.pdf_size = 12345;
  s.pages = 3;
  s.preview = true;
  s.warnings = {"a.xml:3: unknown element <foo>", "two\nlines"};
  const auto back = parse_state(format_state(s));
  REQUIRE(back);
  CHECK(back->key == s.key);
  CHECK(back->pdf_size == 12345);
  CHECK(back->pages == 3);
  CHECK(back->preview);
  CHECK(back->warnings == std::vector<std::string>{"a.xml:3: unknown element <foo>", "two lines"});
  const std::string text = format_state(s);
  CHECK(!parse_state(text.substr(0, text.size() - 1)));  // cut short
  CHECK(!parse_state(""));
  CHECK(!parse_state("something else\nkey x\n"));
  CHECK(!parse_state("satzwerk-state 1\npages 3\n"));  // no key
  CHECK(parse_state("satzwerk-state 1\nkey k\nfuture-field 7\n"));
  CHECK(state_path("out", "a.pdf") == "out/.satzwerk/a.pdf.state");
}

TEST_CASE("atomic writes leave no temporary file; stale ones are removed only for our names") {
  TempDir d;
  const std::string target = (d.path / "a.pdf").string();
  write_file_atomically(target, "%PDF-1.7 new", Sync::No);
  std::string back;
  REQUIRE(read_file(target, back));
  CHECK(back == "%PDF-1.7 new");
  CHECK(is_temp_for(".a.pdf.Ab12Cd", "a.pdf"));
  CHECK(!is_temp_for(".a.pdf.Ab12C", "a.pdf"));
  CHECK(!is_temp_for("a.pdf", "a.pdf"));
  CHECK(!is_temp_for(".b.pdf.Ab12Cd", "a.pdf"));
  d.write(".a.pdf.Ab12Cd");       // ours, left by a killed run
  d.write(".a.png.zz99YY");       // ours
  d.write(".other.pdf.Ab12Cd");   // another shard's
  d.write(".a.pdf.toolong1");     // not a temporary name
  CHECK(remove_stale_temps(d.path.string(), {"a.pdf", "a.png"}) == 2);
  CHECK(!fs::exists(d.path / ".a.pdf.Ab12Cd"));
  CHECK(fs::exists(d.path / ".other.pdf.Ab12Cd"));
  CHECK(fs::exists(d.path / ".a.pdf.toolong1"));
  CHECK(fs::exists(target));
}

TEST_CASE("reports: input order, escaping, counts") {
  BatchResult r;
  r.threads = 2;
  r.items.resize(2);
  r.items[0].input = "a&b.xml";
  r.items[0].output = "out/a&b.pdf";
  r.items[0].status = Status::Built;
  r.items[0].pages = 2;
  r.items[0].warnings = {"a&b.xml:3: unknown element <x>"};
  r.items[1].input = "bad\".xml";
  r.items[1].status = Status::Failed;
  r.items[1].error = "bad\".xml:2: root element is <html>, expected <nitf>\x01";
  r.built = 1;
  r.failed = 1;
  ReportInfo info;
  info.tool_version = "0.1.0";
  info.inputs_total = 2;
  const std::string j = report_json(r, info);
  CHECK(j.find("\"input\": \"a&b.xml\"") < j.find("\"input\": \"bad\\\".xml\""));
  CHECK(j.find("\\u0001") != std::string::npos);
  CHECK(j.find("\"failed\": 1") != std::string::npos);
  const std::string x = report_junit(r, info);
  CHECK(x.find("name=\"a&amp;b.xml\"") != std::string::npos);
  CHECK(x.find("<failure message=\"bad&quot;.xml:2: root element is &lt;html&gt;, expected &lt;nitf&gt;?\"") !=
        std::string::npos);
  CHECK(x.find("tests=\"2\" failures=\"1\"") != std::string::npos);
  CHECK(json_string("ä„“\n") == "\"ä„“\\n\"");
}
