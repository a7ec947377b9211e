// Terminal safety: article text is untrusted. Escape sequences (OSC 0 title, OSC 52 clipboard,
// CSI colour), C0/C1 controls and bidi overrides in titles and bodies never reach the terminal raw;
// --json output is valid JSON whatever the input held.
// SPDX-License-Identifier: GPL-2.0-or-later
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <string>

#include "support.h"

using namespace bahth::reliability;
using nlohmann::json;

namespace {

struct EvilIndex {
  TempDir tmp;
  fs::path db = tmp / "db";
  EvilIndex() {
    const std::vector<std::string> payloads = {
        "\x1b]0;pwned-title\x07",             // OSC 0: set the window title (BEL-terminated)
        "\x1b]0;pwned-title\x1b\\",           // OSC 0, ST-terminated
        "\x1b]52;c;cm0gLXJmIH4K\x07",         // OSC 52: write the clipboard
        "\x1b[31mred\x1b[0m",                 // CSI colour
        "\x1b[2J\x1b[H",                      // clear screen, cursor home
        "\xc2\x9b" "31m",                     // C1 CSI (U+009B)
        "\xc2\x9d" "0;c1-title\xc2\x9c",      // C1 OSC … ST
        "\x07\x08\x0d\x7f",                   // BEL, BS, CR, DEL
        "\xe2\x80\xae" "txt.exe",             // RIGHT-TO-LEFT OVERRIDE
        "\xe2\x81\xa6" "isolate\xe2\x81\xa9", // LRI … PDI
        "\xe2\x80\xaa" "embed\xe2\x80\xac",   // LRE … PDF
    };
    std::string data;
    int i = 0;
    for (const auto& p : payloads) {
      json rec = {{"id", "evil-" + std::to_string(i++)},
                  {"title", "الطاقة " + p + " عنوان"},
                  {"body", "الطاقة المتجددة " + p + " في المدينة " + p + " نهاية"},
                  {"source", "Wasat " + p},
                  {"category", "economy"},
                  {"date", "2024-03-10"},
                  {"url", "https://example.com/" + p},
                  {"extra", p}};
      data += rec.dump() + "\n";
    }
    write_file(tmp / "evil.jsonl", data);
    const ProcessResult r = run_index({"-d", db.string(), "-q", (tmp / "evil.jsonl").string()});
    if (r.exit_code != 0) FAIL("indexing failed: " << r.err);
  }
};

EvilIndex& evil_index() {
  static EvilIndex index;
  return index;
}

}  // namespace

TEST_CASE("human output never carries an article's escape sequences - controls or bidi overrides",
          "[terminal]") {
  const std::string mode = GENERATE(std::string("plain"), std::string("NO_COLOR"), std::string("visual"),
                                    std::string("explain"), std::string("like"), std::string("facets"));
  std::vector<std::string> args{"-d", evil_index().db.string(), "--limit", "50"};
  RunOptions ro;
  if (mode == "NO_COLOR") {
    ro.env["NO_COLOR"] = "1";
    args.push_back("--color=auto");
  } else {
    args.push_back("--color=never");
  }
  if (mode == "visual") args.push_back("--visual");
  if (mode == "explain") args.push_back("--explain");
  if (mode == "facets") args.push_back("--facets");
  if (mode == "like") {
    args.insert(args.end(), {"--like", "evil-0"});
  } else {
    args.push_back("الطاقة");
  }
  const ProcessResult r = run_search(args, ro);
  INFO("mode " << mode << ", exit " << r.exit_code << ", stderr: " << r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.size() > 0);
  CHECK_FALSE(has_unsafe_terminal_bytes(r.out, false));
  CHECK_FALSE(has_unsafe_terminal_bytes(r.err, false));
}

TEST_CASE("with colour on the only escape sequences are bahth's own SGR codes", "[terminal]") {
  const ProcessResult r = run_search({"-d", evil_index().db.string(), "--limit", "50", "--color=always", "الطاقة"});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find('\x1b') != std::string::npos);  // colour is on
  CHECK_FALSE(has_unsafe_terminal_bytes(r.out, true));
  CHECK(r.out.find("\x1b]") == std::string::npos);  // no OSC
}

TEST_CASE("the query echoed back in human output is made safe too", "[terminal]") {
  const std::string q = GENERATE(std::string("الطاقة \x1b]0;pwned\x07"), std::string("\xc2\x9b" "2J الطاقة"),
                                 std::string("\xe2\x80\xae" "الطاقة"), std::string("zzzqqq \x1b[31m"));
  const ProcessResult r = run_search({"-d", evil_index().db.string(), "--color=never", "--explain", q});
  INFO(r.err);
  CHECK_FALSE(r.signaled);
  CHECK_FALSE(has_unsafe_terminal_bytes(r.out, false));
  CHECK_FALSE(has_unsafe_terminal_bytes(r.err, false));
}

TEST_CASE("JSON output (--json and --batch) is valid JSON whatever the article held", "[terminal][json]") {
  const std::string extra = GENERATE(std::string(""), std::string("--explain"), std::string("--facets"),
                                     std::string("--no-snippets"));
  std::vector<std::string> args{"-d", evil_index().db.string(), "--json", "--limit", "50"};
  if (!extra.empty()) args.push_back(extra);
  args.push_back("الطاقة");
  const ProcessResult r = run_search(args);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  REQUIRE(json::accept(r.out));
  const json j = json::parse(r.out);
  CHECK(j["hits"].size() == 11);
  for (const auto& hit : j["hits"]) {
    CHECK(hit["id"].get<std::string>().rfind("evil-", 0) == 0);
  }
  // The batch mode too, with a hostile query line.
  TempDir tmp;
  write_file(tmp / "q.txt", "الطاقة\n\x1b]0;x\x07 الطاقة\n\xff\xfe\n");
  const ProcessResult b = run_search({"-d", evil_index().db.string(), "--batch", (tmp / "q.txt").string()});
  CHECK_FALSE(b.signaled);
  std::size_t lines = 0;
  std::size_t start = 0;
  for (std::size_t nl = b.out.find('\n'); nl != std::string::npos; nl = b.out.find('\n', start)) {
    CHECK(json::accept(b.out.substr(start, nl - start)));
    ++lines;
    start = nl + 1;
  }
  CHECK(lines == 3);
}
