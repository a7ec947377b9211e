// SPDX-License-Identifier: GPL-2.0-or-later
#include "bahth/eval/judgments.h"

#include <charconv>
#include <fstream>
#include <limits>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "bahth/error.h"

namespace bahth::eval {
namespace {

using nlohmann::json;

[[noreturn]] void fail(const std::string& path, std::size_t line, const std::string& what) {
  throw InputError(path + ":" + std::to_string(line) + ": " + what);
}

std::ifstream open(const std::string& path, const char* what) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(std::string("cannot open ") + what + " file '" + path + "'");
  return in;
}

bool blank(const std::string& s) {
  return s.find_first_not_of(" \t\r\n") == std::string::npos;
}

int parse_grade(const json& v, const std::string& path, std::size_t line, const std::string& field) {
  if (v.is_number_integer()) {
    const auto g = v.get<long long>();
    if (g < std::numeric_limits<int>::min() || g > std::numeric_limits<int>::max()) {
      fail(path, line, "field '" + field + "': grade out of range");
    }
    return static_cast<int>(g);
  }
  fail(path, line, "field '" + field + "': grade must be an integer, got " + v.dump());
}

void add_judgment(Query& q, const std::string& id, int grade, const std::string& path, std::size_t line,
                  const std::string& field) {
  if (id.empty()) fail(path, line, "field '" + field + "': empty document id");
  if (!q.judgments.emplace(id, grade).second) {
    fail(path, line, "field '" + field + "': document '" + id + "' judged twice");
  }
}

void read_relevant(const json& rel, Query& q, const std::string& path, std::size_t line) {
  if (rel.is_array()) {
    for (std::size_t i = 0; i < rel.size(); ++i) {
      const json& e = rel[i];
      const std::string field = "relevant[" + std::to_string(i) + "]";
      if (e.is_string()) {
        add_judgment(q, e.get<std::string>(), 1, path, line, field);
      } else if (e.is_object()) {
        auto id = e.find("id");
        if (id == e.end() || !id->is_string())
          fail(path, line, "field '" + field + ".id': missing or not a string");
        int grade = 1;
        if (auto g = e.find("grade"); g != e.end()) grade = parse_grade(*g, path, line, field + ".grade");
        add_judgment(q, id->get<std::string>(), grade, path, line, field);
      } else {
        fail(path, line, "field '" + field + "': expected a document id string or {\"id\", \"grade\"}");
      }
    }
  } else if (rel.is_object()) {
    for (const auto& [id, g] : rel.items()) {
      add_judgment(q, id, parse_grade(g, path, line, "relevant." + id), path, line, "relevant");
    }
  } else {
    fail(path, line, "field 'relevant': expected an array of document ids or an object id → grade");
  }
}

}  // namespace

std::size_t Query::relevant_count() const noexcept {
  std::size_t n = 0;
  for (const auto& [id, grade] : judgments) n += grade > 0 ? 1 : 0;
  return n;
}

QuerySet read_queries(const std::string& path) {
  std::ifstream in = open(path, "queries");
  QuerySet set;
  std::set<std::string> seen;
  std::string text;
  std::size_t line = 0;
  while (std::getline(in, text)) {
    ++line;
    if (blank(text)) continue;
    json obj;
    try {
      obj = json::parse(text);
    } catch (const json::exception& e) {
      fail(path, line, std::string("invalid JSON: ") + e.what());
    }
    if (!obj.is_object()) fail(path, line, "expected a JSON object");
    Query q;
    auto qid = obj.find("qid");
    if (qid == obj.end()) fail(path, line, "field 'qid' missing");
    if (qid->is_string()) {
      q.qid = qid->get<std::string>();
    } else if (qid->is_number_integer()) {
      q.qid = qid->dump();
    } else {
      fail(path, line, "field 'qid': expected a string or an integer");
    }
    if (q.qid.empty()) fail(path, line, "field 'qid' is empty");
    if (!seen.insert(q.qid).second) fail(path, line, "field 'qid': duplicate qid '" + q.qid + "'");
    auto query = obj.find("query");
    if (query == obj.end()) fail(path, line, "field 'query' missing");
    if (!query->is_string()) fail(path, line, "field 'query': expected a string");
    q.text = query->get<std::string>();
    if (blank(q.text)) fail(path, line, "field 'query' is empty");
    if (auto rel = obj.find("relevant"); rel != obj.end()) read_relevant(*rel, q, path, line);
    set.queries.push_back(std::move(q));
  }
  if (in.bad()) throw InputError("error reading queries file '" + path + "'");
  return set;
}

std::map<std::string, std::map<std::string, int>> read_qrels(const std::string& path) {
  std::ifstream in = open(path, "qrels");
  std::map<std::string, std::map<std::string, int>> qrels;
  std::string text;
  std::size_t line = 0;
  while (std::getline(in, text)) {
    ++line;
    if (blank(text)) continue;
    const auto first = text.find_first_not_of(" \t");
    if (text[first] == '#') continue;
    std::istringstream fields(text);
    std::string qid, iter, docid, grade_text, extra;
    if (!(fields >> qid >> iter >> docid >> grade_text)) {
      fail(path, line, "expected 4 columns \"qid iteration docid grade\"");
    }
    if (fields >> extra) fail(path, line, "more than 4 columns (\"qid iteration docid grade\")");
    int grade = 0;
    const char* b = grade_text.data();
    const char* e = b + grade_text.size();
    if (*b == '+') ++b;
    auto [p, ec] = std::from_chars(b, e, grade);
    if (ec != std::errc() || p != e)
      fail(path, line, "column 4 (grade): '" + grade_text + "' is not an integer");
    if (!qrels[qid].emplace(docid, grade).second) {
      fail(path, line, "document '" + docid + "' judged twice for query '" + qid + "'");
    }
  }
  if (in.bad()) throw InputError("error reading qrels file '" + path + "'");
  return qrels;
}

void apply_qrels(QuerySet& set, const std::map<std::string, std::map<std::string, int>>& qrels) {
  std::set<std::string> known;
  set.qrels_missing = 0;
  for (Query& q : set.queries) {
    known.insert(q.qid);
    auto it = qrels.find(q.qid);
    if (it == qrels.end()) {
      q.judgments.clear();
      ++set.qrels_missing;
    } else {
      q.judgments = it->second;
    }
  }
  set.qrels_unknown_qid = 0;
  for (const auto& [qid, j] : qrels) set.qrels_unknown_qid += known.contains(qid) ? 0 : 1;
}

}  // namespace bahth::eval
