#include "language/word_table.h"

#include <algorithm>
#include <cstring>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

namespace reframe::internal {
namespace {

// The image (native byte order: made and read by one build):
//   "rfwords2", u32 word count, u32 exception count, u32 pool size, u32 slot
//   count (a power of two), Entry[word count] sorted by text,
//   Exception[exception count] sorted by form then class, u32 slots[slot
//   count] (a hash index of the entries: index + 1, 0 empty), then the pool
//   of NUL-terminated strings. Lookups hash: the tagger asks for every word.
constexpr std::string_view kMagic = "rfwords2";

uint32_t HashWord(std::string_view w) {
  uint32_t h = 2166136261u;  // FNV-1a
  for (unsigned char c : w) h = (h ^ c) * 16777619u;
  return h;
}
constexpr size_t kHeaderSize = 24;

// Entry::info bits.
constexpr uint32_t kPosMask = 0x0F;
constexpr uint32_t kNameBit = 0x10;
constexpr uint32_t kCommonBit = 0x20;

constexpr WordPos kAllPos[] = {kPosNoun, kPosVerb, kPosAdj, kPosAdv};

struct SuffixRule {
  const char* suffix;
  const char* replacement;
};

// WordNet's detachment rules (morph.c), per class.
constexpr SuffixRule kNounRules[] = {{"s", ""},      {"ses", "s"},   {"xes", "x"},   {"zes", "z"},
                                     {"ches", "ch"}, {"shes", "sh"}, {"men", "man"}, {"ies", "y"}};
constexpr SuffixRule kVerbRules[] = {{"s", ""},   {"ies", "y"}, {"es", "e"},  {"es", ""},
                                     {"ed", "e"}, {"ed", ""},   {"ing", "e"}, {"ing", ""}};
constexpr SuffixRule kAdjRules[] = {{"er", ""}, {"est", ""}, {"er", "e"}, {"est", "e"}};

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() > suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

bool IsVowel(char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'; }

uint8_t Cap(long n) { return static_cast<uint8_t>(std::clamp<long>(n, 0, 255)); }

}  // namespace

WordTable::WordTable(std::string_view image) {
  if (image.size() < kHeaderSize || image.substr(0, kMagic.size()) != kMagic) return;
  uint32_t header[4];
  std::memcpy(header, image.data() + kMagic.size(), sizeof header);
  const size_t words = header[0], exceptions = header[1], pool = header[2], slots = header[3];
  const size_t need = kHeaderSize + words * sizeof(Entry) + exceptions * sizeof(Exception) + slots * 4 + pool;
  if (need != image.size() || reinterpret_cast<uintptr_t>(image.data()) % alignof(Entry) != 0) return;
  if (slots == 0 || (slots & (slots - 1)) != 0 || slots < words) return;
  entries_ = reinterpret_cast<const Entry*>(image.data() + kHeaderSize);
  word_count_ = words;
  exceptions_ = reinterpret_cast<const Exception*>(image.data() + kHeaderSize + words * sizeof(Entry));
  exception_count_ = exceptions;
  slots_ = reinterpret_cast<const uint32_t*>(image.data() + kHeaderSize + words * sizeof(Entry) +
                                             exceptions * sizeof(Exception));
  slot_mask_ = slots - 1;
  pool_ = reinterpret_cast<const char*>(slots_ + slots);
  pool_size_ = pool;
  ok_ = pool == 0 || pool_[pool - 1] == '\0';
}

std::string_view WordTable::Text(uint32_t offset) const {
  if (offset >= pool_size_) return {};
  return std::string_view(pool_ + offset);
}

const WordTable::Entry* WordTable::FindEntry(std::string_view word) const {
  if (!ok_ || word.empty()) return nullptr;
  for (size_t slot = HashWord(word) & slot_mask_;; slot = (slot + 1) & slot_mask_) {
    const uint32_t index = slots_[slot];
    if (index == 0 || index > word_count_) return nullptr;
    const Entry& e = entries_[index - 1];
    if (e.length == word.size() && e.text + e.length < pool_size_ &&
        std::memcmp(pool_ + e.text, word.data(), word.size()) == 0) {
      return &e;
    }
  }
}

WordFacts WordTable::Find(std::string_view word) const {
  WordFacts facts;
  const Entry* e = FindEntry(word);
  if (!e) return facts;
  facts.pos = static_cast<uint8_t>(e->info & kPosMask);
  facts.name = (e->info & kNameBit) != 0;
  facts.common = (e->info & kCommonBit) != 0;
  facts.noun_freq = static_cast<uint8_t>(e->freq & 0xFF);
  facts.verb_freq = static_cast<uint8_t>((e->freq >> 8) & 0xFF);
  facts.adj_freq = static_cast<uint8_t>((e->freq >> 16) & 0xFF);
  facts.adv_freq = static_cast<uint8_t>((e->freq >> 24) & 0xFF);
  return facts;
}

bool WordTable::HasLemma(std::string_view word, WordPos pos) const {
  const Entry* e = FindEntry(word);
  return e && (e->info & pos) != 0;
}

std::vector<Lemma> WordTable::Lemmatize(std::string_view word) const {
  std::vector<Lemma> out;
  auto add = [&out](std::string_view lemma, WordPos pos) {
    for (const Lemma& l : out) {
      if (l.pos == pos && l.lemma == lemma) return;
    }
    out.push_back({std::string(lemma), pos});
  };
  if (!ok_ || word.empty()) return out;
  // Irregular forms first: "went" is "go", never a lemma of its own.
  const Exception* end = exceptions_ + exception_count_;
  const Exception* it = std::lower_bound(exceptions_, end, word,
                                         [this](const Exception& x, std::string_view w) { return Text(x.form) < w; });
  for (; it != end && Text(it->form) == word; ++it) add(Text(it->lemma), static_cast<WordPos>(it->pos));
  std::string base;
  for (WordPos pos : kAllPos) {
    if (HasLemma(word, pos)) add(word, pos);
    const SuffixRule* rules = nullptr;
    size_t count = 0;
    if (pos == kPosNoun) rules = kNounRules, count = std::size(kNounRules);
    if (pos == kPosVerb) rules = kVerbRules, count = std::size(kVerbRules);
    if (pos == kPosAdj) rules = kAdjRules, count = std::size(kAdjRules);
    for (size_t i = 0; i < count; ++i) {
      if (!EndsWith(word, rules[i].suffix)) continue;
      base.assign(word.substr(0, word.size() - std::strlen(rules[i].suffix)));
      base += rules[i].replacement;
      if (base.size() < 2) continue;
      if (HasLemma(base, pos)) add(base, pos);
      // "planned" -> "plann" -> "plan": a doubled final consonant.
      const size_t n = base.size();
      if (!*rules[i].replacement && n >= 3 && base[n - 1] == base[n - 2] && !IsVowel(base[n - 1]) &&
          (pos == kPosVerb || pos == kPosAdj) && HasLemma(std::string_view(base).substr(0, n - 1), pos)) {
        add(std::string_view(base).substr(0, n - 1), pos);
      }
    }
  }
  return out;
}

bool WordTable::IsWord(std::string_view word) const { return Find(word).known() || !Lemmatize(word).empty(); }

std::vector<std::string> WordTable::Inflect(std::string_view lemma, WordPos pos) const {
  std::vector<std::string> forms{std::string(lemma)};
  auto add = [&forms](std::string form) {
    if (std::find(forms.begin(), forms.end(), form) == forms.end()) forms.push_back(std::move(form));
  };
  for (size_t i = 0; i < exception_count_; ++i) {
    if (exceptions_[i].pos == pos && Text(exceptions_[i].lemma) == lemma) add(std::string(Text(exceptions_[i].form)));
  }
  const std::string l(lemma);
  const size_t n = l.size();
  if (n == 0) return forms;
  const char last = l[n - 1];
  const bool consonant_y = n >= 2 && last == 'y' && !IsVowel(l[n - 2]);
  const bool sibilant = last == 's' || last == 'x' || last == 'z' || EndsWith(l, "ch") || EndsWith(l, "sh");
  if (pos == kPosNoun || pos == kPosVerb) {
    if (consonant_y) {
      add(l.substr(0, n - 1) + "ies");
    } else if (sibilant || (pos == kPosVerb && last == 'o' && n >= 2 && !IsVowel(l[n - 2]))) {
      add(l + "es");
    } else {
      add(l + "s");
    }
  }
  if (pos != kPosVerb) return forms;
  // One vowel group ending consonant-vowel-consonant doubles: stop, plan, chat.
  int vowel_groups = 0;
  for (size_t i = 0; i < n; ++i) {
    if (IsVowel(l[i]) && (i == 0 || !IsVowel(l[i - 1]))) ++vowel_groups;
  }
  const bool doubles = n >= 3 && vowel_groups == 1 && !IsVowel(last) && last != 'w' && last != 'x' && last != 'y' &&
                       IsVowel(l[n - 2]) && !IsVowel(l[n - 3]);
  // Regular forms even for irregular verbs: "going" is regular, and a form
  // nobody writes ("goed") costs nothing.
  const std::string stem = doubles ? l + last : l;
  if (last == 'e') {
    add(l + "d");
    const bool keep_e = EndsWith(l, "ee") || EndsWith(l, "ye") || EndsWith(l, "oe");
    if (EndsWith(l, "ie")) {
      add(l.substr(0, n - 2) + "ying");
    } else {
      add((keep_e ? l : l.substr(0, n - 1)) + "ing");
    }
  } else if (consonant_y) {
    add(l.substr(0, n - 1) + "ied");
    add(l + "ing");
  } else {
    add(stem + "ed");
    add(stem + "ing");
  }
  return forms;
}

bool MakeWordTableImage(const std::string& wordnet_dir, const std::string& hunspell_dic, std::string* image,
                        std::string* error) {
  struct Facts {
    uint32_t info = 0;
    uint32_t freq = 0;
  };
  std::map<std::string, Facts> words;
  std::set<std::tuple<std::string, uint32_t, std::string>> exceptions;  // form, pos, lemma
  auto plain = [](const std::string& w) {
    if (w.empty()) return false;
    for (char c : w) {
      const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '\'' || c == '-' || c == '.';
      if (!ok) return false;
    }
    return true;
  };
  const std::pair<const char*, WordPos> kFiles[] = {
      {"noun", kPosNoun}, {"verb", kPosVerb}, {"adj", kPosAdj}, {"adv", kPosAdv}};
  for (const auto& [name, pos] : kFiles) {
    const std::string index_path = wordnet_dir + "/index." + name;
    std::ifstream index(index_path);
    if (!index) {
      *error = index_path + ": cannot open (install Debian's wordnet-base)";
      return false;
    }
    std::string line;
    int line_no = 0;
    while (std::getline(index, line)) {
      ++line_no;
      if (line.empty() || line[0] == ' ') continue;  // the licence header
      std::istringstream fields(line);
      std::string lemma, pos_letter;
      long synsets = 0, pointers = 0;
      if (!(fields >> lemma >> pos_letter >> synsets >> pointers)) {
        *error = index_path + ":" + std::to_string(line_no) + ": malformed index line";
        return false;
      }
      std::string skip;
      for (long i = 0; i < pointers; ++i) fields >> skip;
      long senses = 0, tagged = 0;
      if (!(fields >> senses >> tagged)) {
        *error = index_path + ":" + std::to_string(line_no) + ": malformed index line";
        return false;
      }
      if (!plain(lemma)) continue;  // collocations ("give_up") are phrases, not words
      Facts& f = words[lemma];
      f.info |= pos;
      const int shift = pos == kPosNoun ? 0 : pos == kPosVerb ? 8 : pos == kPosAdj ? 16 : 24;
      // One more than the tagged count, so a listed class always outweighs a missing one.
      f.freq |= static_cast<uint32_t>(Cap(tagged + 1)) << shift;
    }
    const std::string exc_path = wordnet_dir + "/" + name + ".exc";
    std::ifstream exc(exc_path);
    if (!exc) {
      *error = exc_path + ": cannot open (install Debian's wordnet-base)";
      return false;
    }
    line_no = 0;
    while (std::getline(exc, line)) {
      ++line_no;
      std::istringstream fields(line);
      std::string form, lemma;
      if (!(fields >> form)) continue;
      while (fields >> lemma) {
        if (plain(form) && plain(lemma)) exceptions.insert({form, pos, lemma});
      }
    }
  }
  std::ifstream dic(hunspell_dic);
  if (!dic) {
    *error = hunspell_dic + ": cannot open (install Debian's hunspell-en-us)";
    return false;
  }
  std::string line;
  std::getline(dic, line);  // the word count
  while (std::getline(dic, line)) {
    std::string word = line.substr(0, line.find('/'));
    while (!word.empty() && (word.back() == '\r' || word.back() == ' ' || word.back() == '\t')) word.pop_back();
    if (word.empty()) continue;
    const bool capital = word[0] >= 'A' && word[0] <= 'Z';
    bool rest_lower = true;
    for (size_t i = 1; i < word.size(); ++i) rest_lower = rest_lower && !(word[i] >= 'A' && word[i] <= 'Z');
    if (capital && !rest_lower) continue;  // abbreviations: "NASA", "McDonald"
    std::string lower = word;
    for (char& c : lower) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    if (!plain(lower)) continue;
    words[lower].info |= capital ? kNameBit : kCommonBit;
  }

  std::string pool;
  std::map<std::string, uint32_t> offsets;
  auto intern = [&](const std::string& s) {
    auto [it, added] = offsets.emplace(s, static_cast<uint32_t>(pool.size()));
    if (added) {
      pool += s;
      pool += '\0';
    }
    return it->second;
  };
  std::vector<WordTable::Entry> entries;
  for (const auto& [word, facts] : words) {
    entries.push_back({intern(word), static_cast<uint32_t>(word.size()), facts.info, facts.freq});
  }
  size_t slot_count = 1;
  while (slot_count < entries.size() * 2) slot_count <<= 1;
  std::vector<uint32_t> slots(slot_count, 0);
  {
    size_t i = 0;
    for (const auto& [word, facts] : words) {
      size_t slot = HashWord(word) & (slot_count - 1);
      while (slots[slot]) slot = (slot + 1) & (slot_count - 1);
      slots[slot] = static_cast<uint32_t>(++i);
    }
  }
  std::vector<WordTable::Exception> excs;
  for (const auto& [form, pos, lemma] : exceptions) excs.push_back({intern(form), intern(lemma), pos});
  const uint32_t header[4] = {static_cast<uint32_t>(entries.size()), static_cast<uint32_t>(excs.size()),
                              static_cast<uint32_t>(pool.size()), static_cast<uint32_t>(slot_count)};
  image->assign(kMagic);
  image->append(reinterpret_cast<const char*>(header), sizeof header);
  image->append(reinterpret_cast<const char*>(entries.data()), entries.size() * sizeof(WordTable::Entry));
  image->append(reinterpret_cast<const char*>(excs.data()), excs.size() * sizeof(WordTable::Exception));
  image->append(reinterpret_cast<const char*>(slots.data()), slots.size() * sizeof(uint32_t));
  image->append(pool);
  return true;
}

}  // namespace reframe::internal
