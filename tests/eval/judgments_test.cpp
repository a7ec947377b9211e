// Reading queries (JSON Lines) and TREC qrels.
// SPDX-License-Identifier: GPL-2.0-or-later
#include <catch2/catch.hpp>

#include "bahth/error.h"
#include "bahth/eval/judgments.h"
#include "eval_test_support.h"

using bahth::eval::read_qrels;
using bahth::eval::read_queries;
using bahth::eval::testing::TempDir;
using Catch::Matchers::Contains;

TEST_CASE("judgments: a list of ids gives grade 1 each") {
  TempDir dir;
  const auto path = dir.write("q.jsonl",
                              "{\"qid\": \"q1\", \"query\": \"أسعار النفط\", \"relevant\": [\"a\", \"b\"]}\n"
                              "\n"
                              "{\"qid\": 17, \"query\": \"x\", \"relevant\": []}\n");
  const auto set = read_queries(path);
  REQUIRE(set.queries.size() == 2);
  CHECK(set.queries[0].qid == "q1");
  CHECK(set.queries[0].text == "أسعار النفط");
  CHECK(set.queries[0].judgments == std::map<std::string, int>{{"a", 1}, {"b", 1}});
  CHECK(set.queries[0].relevant_count() == 2);
  CHECK(set.queries[1].qid == "17");
  CHECK(set.queries[1].relevant_count() == 0);
}

TEST_CASE("judgments: graded judgments as an object or as id/grade pairs") {
  TempDir dir;
  const auto path = dir.write("q.jsonl",
                              "{\"qid\": \"q1\", \"query\": \"x\", \"relevant\": {\"a\": 2, \"b\": 0}}\n"
                              "{\"qid\": \"q2\", \"query\": \"y\", \"relevant\": [{\"id\": \"c\", \"grade\": "
                              "3}, {\"id\": \"d\"}]}\n");
  const auto set = read_queries(path);
  REQUIRE(set.queries.size() == 2);
  CHECK(set.queries[0].judgments == std::map<std::string, int>{{"a", 2}, {"b", 0}});
  CHECK(set.queries[0].relevant_count() == 1);
  CHECK(set.queries[1].judgments == std::map<std::string, int>{{"c", 3}, {"d", 1}});
}

TEST_CASE("judgments: bad query lines are named by file, line and field") {
  struct Row {
    std::string line;
    std::string message;
  };
  auto row = GENERATE(Row{"{\"query\": \"x\"}", ":2: field 'qid' missing"},
                      Row{"{\"qid\": \"q2\"}", ":2: field 'query' missing"},
                      Row{"{\"qid\": \"q2\", \"query\": \"  \"}", ":2: field 'query' is empty"},
                      Row{"{\"qid\": \"q1\", \"query\": \"x\"}", ":2: field 'qid': duplicate qid 'q1'"},
                      Row{"{\"qid\": true, \"query\": \"x\"}", ":2: field 'qid': expected a string"},
                      Row{"{\"qid\": \"q2\", \"query\": \"x\", \"relevant\": {\"a\": 1.5}}",
                          ":2: field 'relevant.a': grade must be an integer"},
                      Row{"{\"qid\": \"q2\", \"query\": \"x\", \"relevant\": [\"a\", \"a\"]}",
                          ":2: field 'relevant[1]': document 'a' judged twice"},
                      Row{"{\"qid\": \"q2\", \"query\": \"x\", \"relevant\": \"a\"}",
                          ":2: field 'relevant': expected an array"},
                      Row{"{\"qid\": \"q2\", \"query\": \"x\", \"relevant\": [3]}",
                          ":2: field 'relevant[0]': expected a document id"},
                      Row{"{\"qid\": \"q2\", \"query\": ", ":2: invalid JSON"},
                      Row{"[1, 2]", ":2: expected a JSON object"});
  TempDir dir;
  const auto path = dir.write("bad.jsonl", "{\"qid\": \"q1\", \"query\": \"x\"}\n" + row.line + "\n");
  CAPTURE(row.line);
  CHECK_THROWS_WITH(read_queries(path), Contains("bad.jsonl" + row.message));
  CHECK_THROWS_AS(read_queries(path), bahth::InputError);
}

TEST_CASE("judgments: a missing file is an InputError naming it") {
  CHECK_THROWS_WITH(read_queries("/nonexistent/q.jsonl"), Contains("/nonexistent/q.jsonl"));
  CHECK_THROWS_AS(read_qrels("/nonexistent/qrels"), bahth::InputError);
}

TEST_CASE("judgments: TREC qrels lines") {
  TempDir dir;
  const auto path = dir.write("qrels", "# comment\nq1 0 doc-a 2\n\nq1 0 doc-b 0\nq2\tQ0\tdoc-c\t+1\r\n");
  const auto qrels = read_qrels(path);
  REQUIRE(qrels.size() == 2);
  CHECK(qrels.at("q1") == std::map<std::string, int>{{"doc-a", 2}, {"doc-b", 0}});
  CHECK(qrels.at("q2") == std::map<std::string, int>{{"doc-c", 1}});
}

TEST_CASE("judgments: bad qrels lines are named by file and line") {
  struct Row {
    std::string line;
    std::string message;
  };
  auto row =
      GENERATE(Row{"q1 0 doc", ":2: expected 4 columns"}, Row{"q1 0 doc 1 extra", ":2: more than 4 columns"},
               Row{"q1 0 doc high", ":2: column 4 (grade): 'high' is not an integer"},
               Row{"q1 0 doc 1.5", ":2: column 4 (grade): '1.5' is not an integer"},
               Row{"q1 0 a 1", ":2: document 'a' judged twice for query 'q1'"});
  TempDir dir;
  const auto path = dir.write("qrels.txt", "q1 0 a 1\n" + row.line + "\n");
  CAPTURE(row.line);
  CHECK_THROWS_WITH(read_qrels(path), Contains("qrels.txt" + row.message));
}

TEST_CASE("judgments: qrels replace the judgments of the queries file") {
  TempDir dir;
  auto set = read_queries(dir.write("q.jsonl",
                                    "{\"qid\": \"q1\", \"query\": \"x\", \"relevant\": [\"old\"]}\n"
                                    "{\"qid\": \"q2\", \"query\": \"y\", \"relevant\": [\"old\"]}\n"));
  const auto qrels = read_qrels(dir.write("qrels", "q1 0 new 2\nq9 0 other 1\n"));
  bahth::eval::apply_qrels(set, qrels);
  CHECK(set.queries[0].judgments == std::map<std::string, int>{{"new", 2}});
  CHECK(set.queries[1].judgments.empty());
  CHECK(set.qrels_missing == 1);
  CHECK(set.qrels_unknown_qid == 1);
}

TEST_CASE("judgments: the corpus query set reads, and its qrels apply") {
  auto set = read_queries(BAHTH_EVAL_DATA_DIR "/corpus_queries.jsonl");
  CHECK(set.queries.size() >= 15);
  for (const auto& q : set.queries) {
    CAPTURE(q.qid);
    CHECK(q.relevant_count() >= 1);
  }
  bahth::eval::apply_qrels(set, read_qrels(BAHTH_EVAL_DATA_DIR "/corpus_qrels.txt"));
  CHECK(set.qrels_unknown_qid == 0);
  CHECK(set.queries.size() - set.qrels_missing == 3);
}
