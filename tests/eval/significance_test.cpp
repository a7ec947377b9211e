// Paired tests: sign test against exact binomial values, randomization test against exact
// enumeration.
// SPDX-License-Identifier: GPL-2.0-or-later
#include <catch2/catch.hpp>

#include <vector>

#include "bahth/error.h"
#include "bahth/eval/significance.h"

using bahth::eval::paired_test;
using bahth::eval::sign_test_p;
using Catch::Detail::Approx;

TEST_CASE("significance: sign test equals the two-sided binomial tail") {
  struct Row {
    std::size_t wins, losses;
    double p;
  };
  auto row = GENERATE(Row{8, 2, 2.0 * (1 + 10 + 45) / 1024},  // 0.109375
                      Row{2, 8, 2.0 * (1 + 10 + 45) / 1024},  //
                      Row{5, 0, 2.0 / 32},                    //
                      Row{5, 5, 1.0},                         //
                      Row{0, 0, 1.0},                         //
                      Row{1, 0, 1.0});
  CAPTURE(row.wins, row.losses);
  CHECK(sign_test_p(row.wins, row.losses) == Approx(row.p).epsilon(1e-9));
}

TEST_CASE("significance: sign test stays finite for thousands of queries") {
  const double p = sign_test_p(760, 640);  // n = 1400, z ≈ 3.2
  CHECK(p > 0.0005);
  CHECK(p < 0.005);
}

TEST_CASE("significance: randomization test matches exact enumeration on a small case") {
  // d = (1, 1, 1): of the 8 sign patterns, 2 reach |sum| = 3, so p = 0.25.
  const std::vector<double> a{0, 0, 0}, b{1, 1, 1};
  const auto t = paired_test(a, b, 20000);
  CHECK(t.p_randomization == Approx(0.25).margin(0.015));
  CHECK(t.wins == 3);
  CHECK(t.losses == 0);
  CHECK(t.diff == Approx(1.0));
  CHECK(t.p_sign == Approx(0.25));
}

TEST_CASE("significance: identical runs are all ties with p = 1") {
  const std::vector<double> a{0.5, 1, 0, 0.25};
  const auto t = paired_test(a, a);
  CHECK(t.ties == 4);
  CHECK(t.p_randomization == 1.0);
  CHECK(t.p_sign == 1.0);
  CHECK(t.diff == 0.0);
}

TEST_CASE("significance: a consistent gain over many queries is significant") {
  std::vector<double> a(200, 0.5), b(200, 0.5);
  for (std::size_t i = 0; i < 200; i += 2) b[i] = 1.0;  // better on half, never worse
  const auto t = paired_test(a, b, 5000);
  CHECK(t.p_randomization < 0.001);
  CHECK(t.p_sign < 0.001);
  CHECK(t.mean_a == Approx(0.5));
  CHECK(t.mean_b == Approx(0.75));
  CHECK(t.wins == 100);
  CHECK(t.ties == 100);
}

TEST_CASE("significance: the test is reproducible and symmetric") {
  const std::vector<double> a{0.1, 0.5, 1, 0, 0.33, 0.2, 1, 0.5};
  const std::vector<double> b{0.2, 0.5, 0.5, 1, 0.33, 0.25, 1, 0};
  const auto t1 = paired_test(a, b, 3000, 7);
  const auto t2 = paired_test(a, b, 3000, 7);
  const auto t3 = paired_test(b, a, 3000, 7);
  CHECK(t1.p_randomization == t2.p_randomization);
  CHECK(t3.p_randomization == Approx(t1.p_randomization));
  CHECK(t3.diff == Approx(-t1.diff));
  CHECK(t3.wins == t1.losses);
}

TEST_CASE("significance: runs of different lengths are refused") {
  const std::vector<double> a{1, 2}, b{1};
  CHECK_THROWS_AS(paired_test(a, b), bahth::InputError);
}
