// bahth-make-archive: a synthetic archive of any size, grown from real articles, and a fixed query
// mix for it — the inputs of the cost curve (bench/scale/cost-curve.sh).
//
//   bahth-make-archive --count 1000000 --out archive.jsonl --queries queries.jsonl
//       ../shared/data/ant-multisource/articles.jsonl ../shared/data/saudinewsnet/articles.jsonl …
//
// The inputs are interleaved in one fixed pseudo-random order, so every size has the same mix. The
// first pass over them is copied as it is (ids prefixed with the input's number so two
// inputs can never collide). Every later copy of an article gets a new id (`ID~COPY`) and lightly
// varied text, so a large archive is not the same documents over and over: the lead sentence stays
// (news keeps its first sentence), the other sentences are shuffled, about one in eight is dropped,
// one sentence of another article is spliced in, and numbers change. Titles lose or keep their last
// word. The vocabulary therefore stays that of real Arabic news while term statistics, document
// lengths and co-occurrences vary as they do in a real archive. Everything is seeded: the same
// arguments give the same bytes.
//
// The query mix (--queries) is drawn from the first-pass articles with a fixed seed, a quarter of
// each kind: a whole headline, two content words of the lead, a two-word phrase of the lead in
// quotes, and a content word with a date-year filter.
// SPDX-License-Identifier: GPL-2.0-or-later
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdint>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

namespace {

using json = nlohmann::json;

struct Source {
  json article;
  std::vector<std::string> sentences;  // of the body, each with its terminator
};

/// Splits a body into sentences after a line break, or after '.', '!', '?', '؟' followed by a space
/// or a line break (so 8.3 stays whole), keeping the terminator.
std::vector<std::string> split_sentences(const std::string& body) {
  std::vector<std::string> out;
  std::string cur;
  for (std::size_t i = 0; i < body.size(); ++i) {
    cur.push_back(body[i]);
    const bool at_break = i + 1 == body.size() || body[i + 1] == ' ' || body[i + 1] == '\n';
    bool end = body[i] == '\n' || ((body[i] == '.' || body[i] == '!' || body[i] == '?') && at_break);
    // '؟' is U+061F: D8 9F in UTF-8.
    if (body[i] == '\x9F' && i > 0 && body[i - 1] == '\xD8' && at_break) end = true;
    if (end) {
      out.push_back(std::move(cur));
      cur.clear();
    }
  }
  if (!cur.empty()) out.push_back(std::move(cur));
  return out;
}

/// The runs of Arabic letters (U+0621–U+064A) of a text, in order, that are at least min_letters
/// long; anything else (spaces, punctuation, digits, harakat) separates words.
std::vector<std::string> arabic_words(const std::string& text, std::size_t min_letters) {
  std::vector<std::string> words;
  std::string cur;
  auto flush = [&] {
    if (cur.size() >= 2 * min_letters) words.push_back(cur);
    cur.clear();
  };
  for (std::size_t i = 0; i < text.size();) {
    const auto b = static_cast<unsigned char>(text[i]);
    if (b >= 0xD8 && b <= 0xDB && i + 1 < text.size()) {
      const auto c = static_cast<unsigned char>(text[i + 1]);
      // Arabic letters U+0621–U+064A; anything else (punctuation, digits, harakat) ends a word.
      const unsigned cp = ((b & 0x1Fu) << 6) | (c & 0x3Fu);
      if (cp >= 0x621 && cp <= 0x64A) {
        cur.append(text, i, 2);
        i += 2;
        continue;
      }
    }
    flush();
    i += b < 0x80 ? 1 : (b >= 0xF0 ? 4 : (b >= 0xE0 ? 3 : 2));
  }
  flush();
  return words;
}

/// Adds `delta` to every run of ASCII digits (keeps dates and numbers plausible, varies the terms).
std::string vary_numbers(const std::string& s, unsigned delta) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    if (s[i] >= '0' && s[i] <= '9') {
      std::size_t j = i;
      while (j < s.size() && s[j] >= '0' && s[j] <= '9' && j - i < 9) ++j;
      out += std::to_string(std::stoull(s.substr(i, j - i)) + delta);
      i = j;
    } else {
      out.push_back(s[i++]);
    }
  }
  return out;
}

std::string drop_last_word(const std::string& title) {
  const auto sp = title.find_last_of(' ');
  return sp == std::string::npos || sp == 0 ? title : title.substr(0, sp);
}

json variant(const std::vector<Source>& sources, std::size_t base, std::uint64_t copy, std::mt19937_64& rng) {
  const Source& src = sources[base];
  json a = src.article;
  a["id"] = fmt::format("{}~{}", a["id"].get<std::string>(), copy);
  if (a.contains("title") && a["title"].is_string() && rng() % 2 == 0) {
    a["title"] = drop_last_word(a["title"].get<std::string>());
  }
  std::vector<std::string> rest;
  if (src.sentences.size() > 1) rest.assign(src.sentences.begin() + 1, src.sentences.end());
  std::shuffle(rest.begin(), rest.end(), rng);
  std::erase_if(rest, [&](const std::string&) { return rng() % 8 == 0; });
  const Source& other = sources[rng() % sources.size()];
  if (!other.sentences.empty()) {
    rest.insert(rest.begin() + static_cast<std::ptrdiff_t>(rng() % (rest.size() + 1)),
                other.sentences[rng() % other.sentences.size()]);
  }
  std::string body = src.sentences.empty() ? std::string() : src.sentences.front();
  for (const auto& s : rest) {
    if (!body.empty() && body.back() != '\n' && body.back() != ' ') body.push_back(' ');
    body += s;
  }
  a["body"] = vary_numbers(body, static_cast<unsigned>(copy % 97));
  return a;
}

std::string make_query(const Source& s, std::size_t kind, std::mt19937_64& rng) {
  const json& a = s.article;
  const std::string title = a.value("title", std::string());
  const std::string lead = s.sentences.empty() ? std::string() : s.sentences.front();
  const auto words = arabic_words(lead, 4);  // content words
  switch (kind) {
    case 0:
      return title;
    case 1:
      if (words.size() < 2) return title;
      return words[rng() % words.size()] + " " + words[rng() % words.size()];
    case 2: {
      const auto all = arabic_words(lead, 2);  // adjacent words, for a phrase
      if (all.size() < 2) return title;
      const std::size_t i = rng() % (all.size() - 1);
      return "\"" + all[i] + " " + all[i + 1] + "\"";
    }
    default: {
      const std::string date = a.value("date", std::string());
      if (words.empty()) return title;
      const std::string w = words[rng() % words.size()];
      return date.size() >= 4 ? w + " date:" + date.substr(0, 4) : w;
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Writes a synthetic archive of COUNT articles grown from real ones, and a query mix."};
  std::vector<std::string> inputs;
  std::string out_path;
  std::string queries_path;
  std::uint64_t count = 0;
  std::size_t query_count = 400;
  std::uint64_t seed = 20261201;
  app.add_option("inputs", inputs, "JSON Lines articles to grow the archive from")->required()->check(CLI::ExistingFile);
  app.add_option("--out", out_path, "archive to write (JSON Lines)")->required();
  app.add_option("--count", count, "articles to write")->required();
  app.add_option("--queries", queries_path, "also write a query mix here (JSON Lines, {\"qid\",\"query\"})");
  app.add_option("--query-count", query_count, "queries in the mix")->capture_default_str();
  app.add_option("--seed", seed, "random seed")->capture_default_str();
  CLI11_PARSE(app, argc, argv);

  std::vector<Source> sources;
  for (std::size_t f = 0; f < inputs.size(); ++f) {
    std::ifstream in(inputs[f]);
    std::string line;
    std::size_t lineno = 0;
    while (std::getline(in, line)) {
      ++lineno;
      if (line.empty()) continue;
      json a = json::parse(line, nullptr, false);
      if (a.is_discarded() || !a.is_object() || !a.contains("id") || !a["id"].is_string()) {
        std::cerr << fmt::format("{}:{}: skipped (not an article)\n", inputs[f], lineno);
        continue;
      }
      a["id"] = fmt::format("{}-{}", f, a["id"].get<std::string>());
      Source s;
      if (a.contains("body") && a["body"].is_string()) s.sentences = split_sentences(a["body"].get<std::string>());
      s.article = std::move(a);
      sources.push_back(std::move(s));
    }
  }
  if (sources.empty()) {
    std::cerr << "bahth-make-archive: no articles in the inputs\n";
    return 1;
  }

  // One fixed interleaving of all inputs, so that every archive size has the same mix of outlets,
  // countries and article lengths (taken in file order, a 10,000-article archive would be one
  // input only, and the curve would measure the mix instead of the size).
  std::shuffle(sources.begin(), sources.end(), std::mt19937_64(seed ^ 0x5eed5eedULL));

  std::ofstream out(out_path, std::ios::binary);
  if (!out) {
    std::cerr << "bahth-make-archive: cannot write " << out_path << '\n';
    return 1;
  }
  std::mt19937_64 rng(seed);
  for (std::uint64_t i = 0; i < count; ++i) {
    const std::size_t base = i % sources.size();
    const std::uint64_t copy = i / sources.size();
    out << (copy == 0 ? sources[base].article : variant(sources, base, copy, rng)).dump(-1, ' ', false,
                                                                                   json::error_handler_t::replace)
        << '\n';
  }
  out.close();
  if (!out) {
    std::cerr << "bahth-make-archive: error writing " << out_path << '\n';
    return 1;
  }

  if (!queries_path.empty()) {
    std::ofstream q(queries_path);
    std::mt19937_64 qrng(seed ^ 0x5175657279ull);
    const std::size_t pool = std::min<std::uint64_t>(count, sources.size());
    for (std::size_t k = 0; k < query_count; ++k) {
      const Source& s = sources[qrng() % pool];
      json j{{"qid", fmt::format("q{}", k)}, {"query", make_query(s, k % 4, qrng)}};
      q << j.dump(-1, ' ', false, json::error_handler_t::replace) << '\n';
    }
  }
  std::cerr << fmt::format("bahth-make-archive: {} articles from {} sources → {}\n", count, sources.size(), out_path);
  return 0;
}
