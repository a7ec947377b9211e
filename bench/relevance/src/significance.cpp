// SPDX-License-Identifier: GPL-2.0-or-later
#include "bahth/eval/significance.h"

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

#include "bahth/error.h"

namespace bahth::eval {

double sign_test_p(std::size_t wins, std::size_t losses) {
  const std::size_t n = wins + losses;
  if (n == 0) return 1.0;
  const std::size_t k = std::min(wins, losses);
  // P(X <= k) for X ~ Binomial(n, 1/2), summed in log space (n can be in the thousands).
  const double log_half_n = -static_cast<double>(n) * std::log(2.0);
  double tail = 0;
  for (std::size_t i = 0; i <= k; ++i) {
    const double log_c = std::lgamma(static_cast<double>(n) + 1) - std::lgamma(static_cast<double>(i) + 1) -
                         std::lgamma(static_cast<double>(n - i) + 1);
    tail += std::exp(log_c + log_half_n);
  }
  return std::min(1.0, 2.0 * tail);
}

PairedTest paired_test(std::span<const double> a, std::span<const double> b, std::size_t trials,
                       std::uint64_t seed) {
  if (a.size() != b.size()) {
    throw InputError("paired test: the runs have " + std::to_string(a.size()) + " and " +
                     std::to_string(b.size()) + " queries");
  }
  PairedTest t;
  t.n = a.size();
  if (t.n == 0) return t;
  std::vector<double> d(t.n);
  double sum_a = 0, sum_b = 0, sum_d = 0;
  for (std::size_t i = 0; i < t.n; ++i) {
    sum_a += a[i];
    sum_b += b[i];
    d[i] = b[i] - a[i];
    if (std::abs(d[i]) < 1e-12) {
      d[i] = 0;
      ++t.ties;
    } else if (d[i] > 0) {
      ++t.wins;
    } else {
      ++t.losses;
    }
    sum_d += d[i];
  }
  const auto n = static_cast<double>(t.n);
  t.mean_a = sum_a / n;
  t.mean_b = sum_b / n;
  t.diff = t.mean_b - t.mean_a;
  t.p_sign = sign_test_p(t.wins, t.losses);

  const double observed = std::abs(sum_d);
  if (t.wins + t.losses == 0 || trials == 0) {
    t.p_randomization = 1.0;
    return t;
  }
  std::mt19937_64 rng(seed);
  std::size_t hits = 0;
  for (std::size_t trial = 0; trial < trials; ++trial) {
    double s = 0;
    std::uint64_t bits = 0;
    for (std::size_t i = 0; i < t.n; ++i) {
      if (i % 64 == 0) bits = rng();
      s += (bits & 1) ? d[i] : -d[i];
      bits >>= 1;
    }
    // A tolerance so that permutations equal to the observed sum count despite rounding.
    if (std::abs(s) >= observed - 1e-9) ++hits;
  }
  t.p_randomization = (static_cast<double>(hits) + 1.0) / (static_cast<double>(trials) + 1.0);
  return t;
}

}  // namespace bahth::eval
