#include "text/text.h"

#include <unicode/uchar.h>

#include <algorithm>
#include <cassert>
#include <memory>

#include "text/ascii_segmenter.h"
#include "text/fold.h"
#include "text/stretch.h"

namespace reframe::internal {
namespace {

uint64_t PackWord(std::string_view word) { return PackShortWord(word); }

// Two hashes of a key for the filter in front of the shorthand map.
uint64_t BloomHash1(uint64_t key) { return (key * 0x9E3779B97F4A7C15ULL) >> 32; }
uint64_t BloomHash2(uint64_t key) { return ((key ^ (key >> 29)) * 0xBF58476D1CE4E5B9ULL) >> 32; }

bool IsAsciiAlnum(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }

}  // namespace

uint64_t PackShortWord(std::string_view word) {
  uint64_t key = 0;
  for (char c : word) key = (key << 8) | static_cast<unsigned char>(c);
  return key;
}

const std::string* WordReplacements::Find(uint64_t key) const {
  auto it = std::lower_bound(keys.begin(), keys.end(), key);
  return it != keys.end() && *it == key ? &values[static_cast<size_t>(it - keys.begin())] : nullptr;
}

bool IsWordCodePoint(int32_t c) {
  if (c < 0x80) return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  return u_isalnum(c) || u_charType(c) == U_NON_SPACING_MARK || u_charType(c) == U_COMBINING_SPACING_MARK;
}

bool IsSeparatorCodePoint(int32_t c) {
  if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') return true;
  if (c < 0x80) return false;
  if (c == 0x200D || (c >= 0xFE00 && c <= 0xFE0F) || c == 0xFEFF) return true;  // joiners, selectors, BOM
  if (u_hasBinaryProperty(c, UCHAR_EMOJI_MODIFIER)) return true;                // skin tones
  return u_isUWhiteSpace(c) || u_charType(c) == U_FORMAT_CHAR;
}

bool IsPunctuationCodePoint(int32_t c) {
  if (c < 0x80) return !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'));
  const int8_t type = u_charType(c);
  return (type >= U_DASH_PUNCTUATION && type <= U_OTHER_PUNCTUATION) || type == U_INITIAL_PUNCTUATION ||
         type == U_FINAL_PUNCTUATION;
}

int32_t FoldCodePoint(int32_t cp) {
  if (cp < 0x80) return cp >= 'A' && cp <= 'Z' ? cp + ('a' - 'A') : cp;
  return u_foldCase(cp, U_FOLD_CASE_DEFAULT);
}

int DisplayWidth(int32_t cp) {
  if (cp < 0x300) return cp < 0x20 ? 0 : 1;
  int8_t type = u_charType(cp);
  if (type == U_NON_SPACING_MARK || type == U_ENCLOSING_MARK || type == U_FORMAT_CHAR) return 0;
  if (cp >= 0xFE00 && cp <= 0xFE0F) return 0;                   // variation selectors
  if (u_hasBinaryProperty(cp, UCHAR_EMOJI_MODIFIER)) return 0;  // skin tones join the emoji before
  int eaw = u_getIntPropertyValue(cp, UCHAR_EAST_ASIAN_WIDTH);
  if (eaw == U_EA_WIDE || eaw == U_EA_FULLWIDTH) return 2;
  if (u_hasBinaryProperty(cp, UCHAR_EMOJI_PRESENTATION)) return 2;
  return 1;
}

Span PreparedText::ToInput(Span span) const {
  if (identity_map) {  // ASCII, nothing expanded: folded byte i is input byte i
    const auto size = static_cast<uint32_t>(folded.size());
    if (span.begin >= span.end || span.end > size) {
      const uint32_t at = std::min(span.begin, size);
      return {at, at};
    }
    return span;
  }
  if (span.begin >= span.end || span.end > folded.size()) {
    uint32_t at = span.begin < src_begin.size() ? src_begin[span.begin] : (src_end.empty() ? 0 : src_end.back());
    return {at, at};
  }
  return {src_begin[span.begin], src_end[span.end - 1]};
}

size_t PreparedText::SentenceAt(uint32_t pos) const {
  auto it =
      std::upper_bound(sentences.begin(), sentences.end(), pos, [](uint32_t p, const Span& s) { return p < s.end; });
  if (it == sentences.end()) return sentences.empty() ? 0 : sentences.size() - 1;
  return static_cast<size_t>(it - sentences.begin());
}

size_t PreparedText::WordsBetween(uint32_t begin, uint32_t end) const {
  auto lo = std::lower_bound(words.begin(), words.end(), begin, [](const Span& w, uint32_t p) { return w.begin < p; });
  auto hi = std::lower_bound(words.begin(), words.end(), end, [](const Span& w, uint32_t p) { return w.begin < p; });
  return static_cast<size_t>(hi - lo);
}

TextPreparer::TextPreparer(std::map<std::string, std::string> shorthand, std::vector<std::string> abbreviations) {
  // The lexicon's words are folded as the text they are looked up in is.
  for (const std::string& a : abbreviations) abbreviations_.insert(FoldText(a));
  for (const auto& [word, expansion] : shorthand) AddShorthand(FoldText(word), FoldText(expansion));
  RebuildFilter();
}

void TextPreparer::RebuildFilter() {
  const size_t keys = shorthand_.size() + (replacements_ ? replacements_->keys.size() : 0);
  size_t bits = 1024;
  while (bits < keys * 16) bits *= 2;
  bloom_.assign(bits / 64, 0);
  bloom_mask_ = bits - 1;
  auto add = [this](uint64_t key) {
    for (uint64_t h : {BloomHash1(key) & bloom_mask_, BloomHash2(key) & bloom_mask_}) {
      bloom_[h >> 6] |= uint64_t{1} << (h & 63);
    }
  };
  for (const auto& entry : shorthand_) add(entry.first);
  if (replacements_) {
    for (uint64_t key : replacements_->keys) add(key);
  }
}

bool TextPreparer::MaybeKey(uint64_t key) const {
  const uint64_t a = BloomHash1(key) & bloom_mask_, b = BloomHash2(key) & bloom_mask_;
  return (bloom_[a >> 6] >> (a & 63) & (bloom_[b >> 6] >> (b & 63)) & 1) != 0;
}

void TextPreparer::AddShorthand(const std::string& word, const std::string& expansion) {
  if (!word.empty() && word.size() <= 8) {  // longer: the loader refuses them
    shorthand_[PackWord(word)] = expansion;
  }
  if (!std::all_of(word.begin(), word.end(), IsAsciiAlnum)) unusual_keys_.push_back(word);
}

void TextPreparer::AddReplacements(const WordReplacements* words, const std::vector<std::string>* vocabulary) {
  replacements_ = words;
  vocabulary_ = vocabulary;
  RebuildFilter();
}

bool TextPreparer::InVocabulary(std::string_view word) const {
  return vocabulary_ && std::binary_search(vocabulary_->begin(), vocabulary_->end(), word,
                                           [](std::string_view a, std::string_view b) { return a < b; });
}

const std::string* TextPreparer::FindReplacement(std::string_view word, std::string& scratch) const {
  if (const std::string* found = FindShorthand(word)) return found;
  if (!vocabulary_ || vocabulary_->empty() || word.size() < 3) return nullptr;
  scratch = Unstretch(word, [this](const std::string& w) { return InVocabulary(w) || FindShorthand(w); });
  if (scratch.empty()) return nullptr;
  if (const std::string* found = FindShorthand(scratch)) return found;  // "uuuu" -> "u" -> "you"
  return &scratch;
}

const std::string* TextPreparer::FindShorthand(std::string_view word) const {
  if (word.empty() || word.size() > 8 || bloom_.empty()) return nullptr;
  const uint64_t key = PackWord(word);
  if (!MaybeKey(key)) return nullptr;  // most words
  if (auto it = shorthand_.find(key); it != shorthand_.end()) return &it->second;
  return replacements_ ? replacements_->Find(key) : nullptr;
}

void TextPreparer::Prepare(std::string_view input, PreparedText& out) const {
  FoldInto(input, out);
  SegmentWordsAndExpand(out);
  out.words_ready = true;
  out.sentences.clear();
}

void TextPreparer::PrepareForScreening(std::string_view input, PreparedText& out) const {
  FoldInto(input, out);
  out.sentences.clear();
  out.words_ready = false;
  if (MayHaveShorthand(out.folded)) {
    SegmentWordsAndExpand(out);
    out.words_ready = true;
  }
}

void TextPreparer::EnsureWords(PreparedText& out) const {
  if (out.words_ready) return;
  SegmentWordsAndExpand(out, /*may_have_shorthand=*/false);  // MayHaveShorthand said so
  out.words_ready = true;
}

bool TextPreparer::MayHaveShorthand(std::string_view folded) const {
  // A letter three times in a row may be a stretched word ("sooo").
  if (vocabulary_ && !vocabulary_->empty()) {
    for (size_t i = 2; i < folded.size(); ++i) {
      if (folded[i] == folded[i - 1] && folded[i] == folded[i - 2] && folded[i] >= 'a' && folded[i] <= 'z') return true;
    }
  }
  if (shorthand_.empty() && (!replacements_ || replacements_->keys.empty())) return false;
  for (const std::string& key : unusual_keys_) {
    if (folded.find(key) != std::string_view::npos) return true;
  }
  // An ASCII letter-and-digit run is never split by word segmentation, so a
  // shorthand word that is such a run shows up as a whole run here.
  size_t i = 0;
  const size_t n = folded.size();
  while (i < n) {
    while (i < n && !IsAsciiAlnum(folded[i])) ++i;
    const size_t start = i;
    while (i < n && IsAsciiAlnum(folded[i])) ++i;
    if (i > start && i - start <= 8 && FindShorthand(folded.substr(start, i - start))) return true;
  }
  return false;
}

void TextPreparer::SegmentWordsAndExpand(PreparedText& out, bool may_have_shorthand) const {
  // ICU decides where words are (or its exact ASCII equivalent); shorthand
  // is replaced word for word.
  using Segment = WordSegment;
  thread_local std::vector<Segment> segments;
  const bool ascii = IsAscii(out.folded);
  if (ascii)
    AsciiWordSegments(out.folded, segments);
  else
    IcuWordSegments(out.folded, segments);

  bool any_shorthand = false;
  thread_local std::string scratch;
  for (size_t i = 0; may_have_shorthand && i < segments.size() && !any_shorthand; ++i) {
    const Segment& s = segments[i];
    any_shorthand = s.word && FindReplacement(std::string_view(out.folded).substr(s.begin, s.end - s.begin), scratch);
  }

  out.words.clear();
  out.boundary.assign(out.folded.size() + 1, 0);
  if (!any_shorthand) {
    for (const Segment& s : segments) {
      out.boundary[s.begin] = out.boundary[s.end] = 1;
      if (s.word) out.words.push_back({s.begin, s.end});
    }
    out.boundary[0] = out.boundary[out.folded.size()] = 1;
    return;
  }

  // Built beside `out` in per-thread buffers, then swapped in: no allocation
  // once the buffers have grown.
  thread_local std::string text;
  thread_local std::vector<uint32_t> src_begin, src_end;
  thread_local std::vector<uint8_t> boundary;
  text.clear();
  src_begin.clear();
  src_end.clear();
  boundary.clear();
  out.MaterializeMap();
  text.reserve(out.folded.size() + 16);
  auto mark = [&](size_t pos) {
    if (boundary.size() <= pos) boundary.resize(pos + 1, 0);
    boundary[pos] = 1;
  };
  mark(0);
  // Text without shorthand is copied in runs, not segment by segment.
  const std::string_view folded(out.folded);
  uint32_t run = 0;  // where the bytes not yet copied begin
  auto at = [&](uint32_t pos) { return static_cast<uint32_t>(text.size() + (pos - run)); };  // pos's place in `text`
  auto flush = [&](uint32_t upto) {
    text.append(folded.substr(run, upto - run));
    src_begin.insert(src_begin.end(), out.src_begin.begin() + run, out.src_begin.begin() + upto);
    src_end.insert(src_end.end(), out.src_end.begin() + run, out.src_end.begin() + upto);
    run = upto;
  };
  for (const Segment& s : segments) {
    std::string_view seg = folded.substr(s.begin, s.end - s.begin);
    const std::string* found = s.word ? FindReplacement(seg, scratch) : nullptr;
    if (!found) {
      if (s.word) out.words.push_back({at(s.begin), at(s.end)});
      mark(at(s.end));
      continue;
    }
    flush(s.begin);
    // The expansion's bytes all map to the shorthand word in the input.
    const std::string& expansion = *found;
    const uint32_t b = out.src_begin[s.begin], e = out.src_end[s.end - 1];
    size_t word_start = text.size();
    for (char ch : expansion) {
      if (ch == ' ') {
        if (text.size() > word_start)
          out.words.push_back({static_cast<uint32_t>(word_start), static_cast<uint32_t>(text.size())});
        mark(text.size());
        text.push_back(' ');
        mark(text.size());
        word_start = text.size();
      } else {
        text.push_back(ch);
      }
      src_begin.push_back(b);
      src_end.push_back(e);
    }
    if (text.size() > word_start)
      out.words.push_back({static_cast<uint32_t>(word_start), static_cast<uint32_t>(text.size())});
    mark(text.size());
    run = s.end;
  }
  flush(static_cast<uint32_t>(folded.size()));
  boundary.resize(text.size() + 1, 0);
  boundary[text.size()] = 1;
  out.folded.swap(text);
  out.src_begin.swap(src_begin);
  out.src_end.swap(src_end);
  out.boundary.swap(boundary);
}

void PreparedText::MaterializeMap() {
  if (!identity_map) return;
  const auto n = static_cast<uint32_t>(folded.size());
  src_begin.resize(n);
  src_end.resize(n);
  for (uint32_t i = 0; i < n; ++i) {
    src_begin[i] = i;
    src_end[i] = i + 1;
  }
  identity_map = false;
}

void TextPreparer::SegmentSentences(PreparedText& out) const {
  const std::string& t = out.folded;
  thread_local std::vector<uint32_t> breaks;
  if (IsAscii(t))
    AsciiSentenceBreaks(t, breaks);
  else
    IcuSentenceBreaks(t, breaks);
  // ICU will not end a sentence before a lower-case letter ("i'm done. you
  // never..."), and the folded copy is all lower case; texting rarely
  // capitalises either. So a terminal mark followed by a space also ends a
  // sentence, unless it closes an abbreviation ("dr.", "p.m.").
  for (size_t i = 0; i < t.size(); ++i) {
    const char c = t[i];
    if (c != '.' && c != '!' && c != '?') continue;
    size_t j = i;
    while (j < t.size() && (t[j] == '.' || t[j] == '!' || t[j] == '?' || t[j] == '"' || t[j] == '\'' || t[j] == ')'))
      ++j;
    if (j >= t.size() || (t[j] != ' ' && t[j] != '\t')) {
      i = j;
      continue;
    }
    size_t k = j;
    while (k < t.size() && (t[k] == ' ' || t[k] == '\t')) ++k;
    if (k >= t.size()) break;
    if (c == '.' && j == i + 1) {
      size_t w = i;
      while (w > 0 && IsAsciiAlnum(t[w - 1])) --w;
      std::string_view word(t.data() + w, i - w);
      bool dotted = w > 0 && t[w - 1] == '.';  // "a.m.", "e.g."
      if (abbreviations_.count(word) || (word.size() == 1 && dotted)) {
        i = j;
        continue;
      }
    }
    breaks.push_back(static_cast<uint32_t>(k));
    i = k - 1;
  }
  breaks.push_back(0);
  breaks.push_back(static_cast<uint32_t>(t.size()));
  std::sort(breaks.begin(), breaks.end());
  breaks.erase(std::unique(breaks.begin(), breaks.end()), breaks.end());
  out.sentences.clear();
  for (size_t i = 0; i + 1 < breaks.size(); ++i) out.sentences.push_back({breaks[i], breaks[i + 1]});
  if (out.sentences.empty()) out.sentences.push_back({0, 0});
}

}  // namespace reframe::internal
