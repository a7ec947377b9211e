// SPDX-License-Identifier: GPL-2.0-or-later
#include "bahth/record.h"

#include <zstd.h>

#include <algorithm>
#include <memory>
#include <stdexcept>

#include "bahth/utf8.h"

namespace bahth {

namespace detail {
// Generated at configure time from common/data/record-dictionary-1.jsonl (common/CMakeLists.txt).
extern const unsigned char kRecordDictionary1[];
extern const std::size_t kRecordDictionary1Size;
}  // namespace detail

namespace {

constexpr int kCompressionLevel = 6;

constexpr char kEscapeUtf8 = '\x01';
constexpr char kEscapeByte = '\x02';

// Length of the UTF-8 sequence a valid lead byte starts.
std::size_t sequence_length(unsigned char lead) {
  if (lead >= 0xF0) return 4;
  if (lead >= 0xE0) return 3;
  return 2;
}

// Layer 1: appends the letters of record to out.
void append_letters(std::string_view record, std::string& out) {
  // At most two bytes out for each byte in (an escaped byte); trimmed at the end.
  const std::size_t start_size = out.size();
  out.resize(start_size + 2 * record.size());
  char* o = out.data() + start_size;
  std::size_t i = 0;
  while (i < record.size()) {
    const auto c = static_cast<unsigned char>(record[i]);
    if (c < 0x80) {
      if (c == kEscapeUtf8 || c == kEscapeByte) *o++ = kEscapeByte;
      *o++ = static_cast<char>(c);
      ++i;
      continue;
    }
    // U+0600-U+067F is exactly the two-byte sequences D8 80 .. D9 BF.
    if ((c == 0xD8 || c == 0xD9) && i + 1 < record.size() &&
        (static_cast<unsigned char>(record[i + 1]) & 0xC0) == 0x80) {
      *o++ = static_cast<char>(0x80 | ((c & 1) << 6) | (static_cast<unsigned char>(record[i + 1]) & 0x3F));
      i += 2;
      continue;
    }
    const std::size_t start = i;
    if (utf8::decode(record, i) == utf8::kInvalid) {
      *o++ = kEscapeByte;
      *o++ = record[start];
    } else {
      *o++ = kEscapeUtf8;
      for (std::size_t k = start; k < i; ++k) *o++ = record[k];
    }
  }
  out.resize(static_cast<std::size_t>(o - out.data()));
}

// Layer 1 back: the record from its letters.
std::string decode_letters(std::string_view data) {
  // At most two bytes out for each byte in (an Arabic letter).
  std::string out(2 * data.size(), '\0');
  char* o = out.data();
  for (std::size_t i = 0; i < data.size();) {
    const auto b = static_cast<unsigned char>(data[i]);
    if (b >= 0x80) {  // U+0600 + (b - 0x80): D8 or D9, then a continuation byte
      *o++ = static_cast<char>(0xD8 | ((b >> 6) & 1));
      *o++ = static_cast<char>(0x80 | (b & 0x3F));
      ++i;
    } else if (data[i] == kEscapeUtf8 && i + 1 < data.size()) {
      const std::size_t n =
          std::min(sequence_length(static_cast<unsigned char>(data[i + 1])), data.size() - i - 1);
      for (std::size_t k = 0; k < n; ++k) *o++ = data[i + 1 + k];
      i += 1 + n;
    } else if (data[i] == kEscapeByte && i + 1 < data.size()) {
      *o++ = data[i + 1];
      i += 2;
    } else if (data[i] == kEscapeUtf8 || data[i] == kEscapeByte) {
      break;  // an escape with nothing after it: the data was cut here
    } else {
      *o++ = data[i];
      ++i;
    }
  }
  out.resize(static_cast<std::size_t>(o - out.data()));
  return out;
}

// Dictionary 1 in letters, made once from the embedded UTF-8 text.
const std::string& dictionary1() {
  static const std::string letters = [] {
    std::string out;
    append_letters(std::string_view(reinterpret_cast<const char*>(detail::kRecordDictionary1),
                                    detail::kRecordDictionary1Size),
                   out);
    return out;
  }();
  return letters;
}

template <typename T, std::size_t (*Free)(T*)>
struct ZstdDeleter {
  void operator()(T* p) const { Free(p); }
};
using CDictPtr = std::unique_ptr<ZSTD_CDict, ZstdDeleter<ZSTD_CDict, ZSTD_freeCDict>>;
using DDictPtr = std::unique_ptr<ZSTD_DDict, ZstdDeleter<ZSTD_DDict, ZSTD_freeDDict>>;
using CCtxPtr = std::unique_ptr<ZSTD_CCtx, ZstdDeleter<ZSTD_CCtx, ZSTD_freeCCtx>>;
using DCtxPtr = std::unique_ptr<ZSTD_DCtx, ZstdDeleter<ZSTD_DCtx, ZSTD_freeDCtx>>;

// The dictionary digested for compression once (zstd's CDict), shared by every thread.
const ZSTD_CDict* compression_dictionary() {
  static const CDictPtr cdict(
      ZSTD_createCDict(dictionary1().data(), dictionary1().size(), kCompressionLevel));
  return cdict.get();
}

const ZSTD_DDict* decompression_dictionary() {
  static const DDictPtr ddict(ZSTD_createDDict(dictionary1().data(), dictionary1().size()));
  return ddict.get();
}

// One compression context per thread (the analysis threads compress in parallel).
ZSTD_CCtx* compression_context() {
  thread_local const CCtxPtr cctx = [] {
    CCtxPtr c(ZSTD_createCCtx());
    if (!c || !compression_dictionary()) throw std::runtime_error("record: cannot set up zstd compression");
    ZSTD_CCtx_setParameter(c.get(), ZSTD_c_checksumFlag, 0);
    ZSTD_CCtx_setParameter(c.get(), ZSTD_c_dictIDFlag, 0);
    ZSTD_CCtx_setParameter(c.get(), ZSTD_c_contentSizeFlag, 1);
    ZSTD_CCtx_refCDict(c.get(), compression_dictionary());  // kept for every frame after
    return c;
  }();
  return cctx.get();
}

ZSTD_DCtx* decompression_context() {
  thread_local const DCtxPtr dctx = [] {
    DCtxPtr d(ZSTD_createDCtx());
    if (!d || !decompression_dictionary())
      throw std::runtime_error("record: cannot set up zstd decompression");
    return d;
  }();
  return dctx.get();
}

// One zstd frame back; a truncated or damaged frame gives what came out before the damage.
std::string decompress(std::string_view frame) {
  ZSTD_DCtx* d = decompression_context();
  ZSTD_DCtx_reset(d, ZSTD_reset_session_only);
  ZSTD_DCtx_refDDict(d, decompression_dictionary());
  const unsigned long long content = ZSTD_getFrameContentSize(frame.data(), frame.size());
  std::size_t capacity = 4 * frame.size() + 64;
  if (content != ZSTD_CONTENTSIZE_UNKNOWN && content != ZSTD_CONTENTSIZE_ERROR) {
    capacity = static_cast<std::size_t>(std::min<unsigned long long>(content, 64ULL << 20)) + 1;
  }
  std::string out(capacity, '\0');
  ZSTD_inBuffer in{frame.data(), frame.size(), 0};
  ZSTD_outBuffer o{out.data(), out.size(), 0};
  for (;;) {
    const std::size_t in_before = in.pos;
    const std::size_t out_before = o.pos;
    const std::size_t r = ZSTD_decompressStream(d, &o, &in);
    if (ZSTD_isError(r) || r == 0) break;  // damaged, or the frame is complete
    if (o.pos == o.size) {                 // more to come: grow
      out.resize(2 * out.size());
      o.dst = out.data();
      o.size = out.size();
      continue;
    }
    if (in.pos == in.size) break;                           // the frame was cut here
    if (in.pos == in_before && o.pos == out_before) break;  // no progress: give up
  }
  out.resize(o.pos);
  return out;
}

}  // namespace

std::string encode_letters(std::string_view record) {
  std::string out(1, kRecordMarker);
  append_letters(record, out);
  return out;
}

std::string encode_record(std::string_view record) {
  std::string letters;
  append_letters(record, letters);
  std::string out(2 + ZSTD_compressBound(letters.size()), '\0');
  out[0] = kRecordMarkerCompressed;
  out[1] = kRecordDictionary;
  const std::size_t n =
      ZSTD_compress2(compression_context(), out.data() + 2, out.size() - 2, letters.data(), letters.size());
  if (ZSTD_isError(n)) throw std::runtime_error(std::string("record: zstd: ") + ZSTD_getErrorName(n));
  out.resize(2 + n);
  return out;
}

std::string decode_record(std::string_view data) {
  if (data.empty()) return {};
  if (data.front() == kRecordMarker) return decode_letters(data.substr(1));
  if (data.front() != kRecordMarkerCompressed) return std::string(data);
  if (data.size() < 2 || data[1] != kRecordDictionary) return {};
  return decode_letters(decompress(data.substr(2)));
}

std::string_view record_dictionary(char number) {
  return number == kRecordDictionary ? std::string_view(dictionary1()) : std::string_view();
}

}  // namespace bahth
