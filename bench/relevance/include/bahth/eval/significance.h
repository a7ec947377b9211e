// bahth — paired significance tests between two runs over the same queries.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

namespace bahth::eval {

struct PairedTest {
  std::size_t n = 0;  ///< queries
  double mean_a = 0;
  double mean_b = 0;
  double diff = 0;  ///< mean_b - mean_a
  /// Two-sided paired randomization (permutation) test: the share of random sign flips of the
  /// per-query differences whose mean is at least as far from 0 as the observed one, computed as
  /// (hits + 1) / (trials + 1).
  double p_randomization = 1;
  std::size_t wins = 0;    ///< queries where b > a
  std::size_t losses = 0;  ///< queries where b < a
  std::size_t ties = 0;
  /// Two-sided exact sign test over the non-tied queries (binomial, p = 1/2).
  double p_sign = 1;
};

/// Compares per-query scores a and b (same queries, same order). trials random sign flips with a
/// fixed seed, so a run is reproducible. Differences smaller than 1e-12 count as ties.
/// Throws bahth::InputError if a and b differ in length.
PairedTest paired_test(std::span<const double> a, std::span<const double> b, std::size_t trials = 10000,
                       std::uint64_t seed = 20240601);

/// The two-sided exact sign-test p-value for wins and losses (ties left out).
double sign_test_p(std::size_t wins, std::size_t losses);

}  // namespace bahth::eval
