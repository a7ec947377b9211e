// SPDX-License-Identifier: GPL-2.0-or-later
#include "bahth/stopwords.h"

#include <algorithm>

#include "bahth/normalizer.h"
#include "string_index.h"

namespace bahth {

namespace {
// Written for bahth. Spelled as they appear in text; normalization folds the variants.
constexpr std::string_view kList = R"(
في من إلى على عن مع حتى منذ لدى عند بين نحو ضد خلال حول دون عبر فوق تحت أمام وراء بعد قبل
و ف ثم أو أم بل لكن لكنّ إلا غير سوى كي لكي لأن لان إن أن إنّ أنّ كأن لعل ليت
هو هي هم هن هما أنا نحن أنت أنتم أنتن أنتما إياه إياها إياهم
هذا هذه ذلك تلك هؤلاء أولئك هنا هناك هنالك ذاك ذا
الذي التي الذين اللذان اللتان اللاتي اللواتي اللائي ما ماذا من متى أين كيف كم لماذا أي أيّ
لا لم لن ليس ليست لست قد لقد سوف كان كانت كانوا يكون تكون يكونون أصبح أصبحت صار ظل مازال لازال
كل بعض جميع كلا كلتا أيضا أيضاً فقط كذلك هكذا حيث إذ إذا إذن لو لولا أما إما
له لها لهم لهن لنا لي لك لكم به بها بهم بنا بي فيه فيها فيهم منه منها منهم عليه عليها عليهم
إليه إليها إليهم عنه عنها عنهم معه معها معهم
وفي ومن وإلى وعلى وعن ومع وهو وهي وهم وهذا وهذه وذلك وتلك والذي والتي والذين وما ولا ولم ولن
وقد ولقد وكان وكانت وأن وإن وأو وكل وبعد وقبل وبين وحتى ومنذ وخلال وفقا وفقاً
فإن فقد فلا فما فهو فهي بأن بأنه بأنها لأنه لأنها أنه أنها إنه إنها كما بما مما عما فيما لما
the a an of and or in on to for with by is are was were be at from as this that it
)";
}  // namespace

std::string_view Stopwords::raw_list() noexcept { return kList; }

Stopwords::Stopwords(const Normalizer& normalizer) {
  std::size_t i = 0;
  while (i < kList.size()) {
    while (i < kList.size() && (kList[i] == ' ' || kList[i] == '\n')) ++i;
    std::size_t j = i;
    while (j < kList.size() && kList[j] != ' ' && kList[j] != '\n') ++j;
    if (j > i) {
      std::string word = normalizer.normalize(kList.substr(i, j - i));
      if (!word.empty() && std::find(words_.begin(), words_.end(), word) == words_.end()) {
        max_bytes_ = std::max(max_bytes_, word.size());
        words_.push_back(std::move(word));
      }
    }
    i = j;
  }
  index_ = detail::build_index(words_);
}

bool Stopwords::contains(std::string_view normalized) const {
  return normalized.size() <= max_bytes_ &&
         detail::find_in_index(index_, words_, normalized) != words_.size();
}

}  // namespace bahth
