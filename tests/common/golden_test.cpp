// Golden analyzer output for corpus sentences that cover the hard cases. The file is reviewed by
// reading it: regenerate with BAHTH_UPDATE_GOLDEN=1 and read every changed line before accepting.
// SPDX-License-Identifier: GPL-2.0-or-later
#include <catch2/catch.hpp>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "bahth/analyzer.h"
#include "bahth/utf8.h"
#include "test_support.h"

namespace {

// Articles whose first sentences hold the hard cases (see the comment beside each).
struct Pick {
  const char* id;
  const char* why;
};
constexpr Pick kPicks[] = {
    {"a-002", "harakat and shadda (عمّان، سوقٌ), Arabic-Indic digits, ٫ decimals, IMF"},
    {"a-006", "iPhone 15, USB C, ٬ thousands separators, tanween (عاماً)"},
    {"a-011", "Persian letters (فی، کان), COVID-19, علي spelled for على"},
    {"b-001", "harakat (الحُكُومَة), tatweel (جـديـدة), ٫ and ٬ in one article, clitics"},
    {"b-006", "tatweel (جـديـدة), ChatGPT, vocalized verbs (يُصرّح)"},
    {"b-008", "ASCII 1,200 and 3.1, ه spelled for ة (الشركه)"},
    {"b-012", "Persian keheh (شرکة), ٬ separators, Tesla, الله after عبد"},
};
constexpr std::size_t kSentences = 3;

const char* golden_path() {
  return BAHTH_GOLDEN_DIR "/analyzer.txt";
}

// Invisible format controls are written as <U+XXXX> so a reader can see them.
std::string visible(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t at = i;
    const char32_t cp = bahth::utf8::decode(s, i);
    const bool invisible = cp == 0x00AD || cp == 0x061C || (cp >= 0x200B && cp <= 0x200F) ||
                           (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2060 && cp <= 0x2069) || cp == 0xFEFF ||
                           cp == '\t' || cp == '\n';
    if (invisible) {
      char buf[16];
      std::snprintf(buf, sizeof buf, "<U+%04X>", static_cast<unsigned>(cp));
      out += buf;
    } else {
      out.append(s.substr(at, i - at));
    }
  }
  return out;
}

std::string render() {
  const bahth::Analyzer analyzer;
  std::ostringstream out;
  out << "# bahth golden analyzer output: the first " << kSentences
      << " sentences of a few corpus/ articles.\n"
      << "# Regenerate: BAHTH_UPDATE_GOLDEN=1 test_common testGoldenAnalyzerOutput\n"
      << "# then READ every changed line before accepting it.\n"
      << "# analyzer " << analyzer.id() << "\n"
      << "# position<TAB>surface<TAB>normalized<TAB>stem<TAB>stopword(yes|-)\n";
  for (const Pick& p : kPicks) {
    const auto& article = bahth::test::article(p.id);
    const auto sents = bahth::test::sentences(article.body);
    std::string text;
    for (std::size_t i = 0; i < sents.size() && i < kSentences; ++i) {
      if (i > 0) text += "\n";
      text += sents[i];
    }
    out << "\n## " << p.id << " — " << p.why << "\n";
    for (const auto& t : analyzer.analyze(text)) {
      out << t.position << '\t' << visible(std::string_view(text).substr(t.begin, t.end - t.begin)) << '\t'
          << visible(t.normalized) << '\t' << visible(t.stem) << '\t' << (t.stopword ? "yes" : "-") << '\n';
    }
  }
  return out.str();
}

std::vector<std::string> lines(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  std::string line;
  while (std::getline(in, line)) out.push_back(line);
  return out;
}

}  // namespace

TEST_CASE("testGoldenAnalyzerOutput", "[analyzer][golden]") {
  const std::string actual = render();
  const char* update = std::getenv("BAHTH_UPDATE_GOLDEN");
  if (update != nullptr && std::string(update) == "1") {
    std::filesystem::create_directories(BAHTH_GOLDEN_DIR);
    std::ofstream(golden_path(), std::ios::binary) << actual;
    WARN("rewrote " << golden_path() << ": read the diff before accepting it");
    SUCCEED();
    return;
  }
  std::ifstream in(golden_path(), std::ios::binary);
  if (!in) FAIL("missing " << golden_path() << " (BAHTH_UPDATE_GOLDEN=1 writes it)");
  std::ostringstream ss;
  ss << in.rdbuf();
  const auto want = lines(ss.str());
  const auto got = lines(actual);
  for (std::size_t i = 0; i < std::max(want.size(), got.size()); ++i) {
    const std::string w = i < want.size() ? want[i] : "<end of file>";
    const std::string g = i < got.size() ? got[i] : "<end of output>";
    if (w != g) {
      FAIL("golden " << golden_path() << " differs at line " << i + 1 << "\n  expected: " << w
                     << "\n  actual:   " << g
                     << "\n(if the change is intended: BAHTH_UPDATE_GOLDEN=1, then review the diff)");
    }
  }
  CHECK(want.size() == got.size());
  CHECK(got.size() > 300);
}
