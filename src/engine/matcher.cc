// The matcher of engine/matcher.h.
#include "engine/matcher.h"

#include "text/encoding.h"

namespace reframe::internal {

void Locate(const CompiledLexicon& lexicon, int entry, const PreparedText& prepared,
            const std::vector<uint8_t>& possible, LocateScratch& s, std::vector<Occurrence>& out) {
  out.clear();
  // Only the alternatives the prefilter let through can match.
  s.candidates.clear();
  for (int a : lexicon.entries[entry].alternatives) {
    if (possible[a]) s.candidates.push_back(a);
  }
  if (s.candidates.empty()) return;
  const std::deque<Alternative>& alternatives = lexicon.alternatives;
  const std::string& t = prepared.folded;
  const re2::StringPiece text(t);
  const auto size = static_cast<uint32_t>(t.size());
  constexpr uint32_t kNone = UINT32_MAX, kUnsearched = UINT32_MAX - 1;
  // Each candidate's leftmost-longest match from `pos` on, kept while still
  // ahead of `pos`: the alternation's match is the leftmost of these and, of
  // those starting there, the longest (the first alternative on a tie).
  s.next_match.assign(s.candidates.size(), Span{kUnsearched, kUnsearched});
  re2::StringPiece whole;
  auto next_from = [&](size_t c, uint32_t pos) -> Span {
    Span& m = s.next_match[c];
    if (m.begin != kUnsearched && (m.begin == kNone || m.begin >= pos)) return m;
    const Alternative& alt = alternatives[s.candidates[c]];
    if (alt.literal()) {
      const size_t at = t.find(alt.regex(), pos);
      m = at == std::string::npos ? Span{kNone, kNone}
                                  : Span{static_cast<uint32_t>(at), static_cast<uint32_t>(at + alt.regex().size())};
      return m;
    }
    const RE2& re = alt.compiled().re;
    if (re.ok() && re.Match(text, pos, size, RE2::UNANCHORED, &whole, 1)) {
      const auto b = static_cast<uint32_t>(whole.data() - t.data());
      m = {b, static_cast<uint32_t>(b + whole.size())};
    } else {
      m = {kNone, kNone};
    }
    return m;
  };
  uint32_t pos = 0;
  while (pos < size) {
    uint32_t b = kNone, e = 0;
    size_t winner = 0;
    for (size_t c = 0; c < s.candidates.size(); ++c) {
      const Span m = next_from(c, pos);
      if (m.begin < b || (m.begin == b && m.begin != kNone && m.end > e)) {
        b = m.begin;
        e = m.end;
        winner = c;
      }
    }
    if (b == kNone) break;
    if (e > b && prepared.boundary[b] && !prepared.boundary[e]) {
      // The longest match ends inside a word ("i'm not the one who" in
      // "who's"): take the longest match from b that ends on a boundary.
      uint32_t shorter = e;
      bool found = false;
      while (!found && --shorter > b) {
        if (!prepared.boundary[shorter]) continue;
        for (size_t c = 0; c < s.candidates.size() && !found; ++c) {
          const Alternative& alt = alternatives[s.candidates[c]];
          if (alt.literal()) {
            if (t.compare(b, shorter - b, alt.regex()) == 0) {
              found = true;
              winner = c;
            }
            continue;
          }
          const RE2& re = alt.compiled().re;
          if (re.ok() && re.Match(text, b, shorter, RE2::ANCHOR_BOTH, nullptr, 0)) {
            found = true;
            winner = c;
          }
        }
      }
      if (found) e = shorter;
    }
    if (e > b && prepared.boundary[b] && prepared.boundary[e]) {
      Occurrence occ{{b, e}, {}};
      const Alternative& alt = alternatives[s.candidates[winner]];
      if (!alt.literal() && alt.compiled().has_captures) {
        const Alternative::Compiled& re = alt.compiled();
        const int groups = static_cast<int>(re.capture_slots.size());
        std::vector<re2::StringPiece> subs(groups);
        if (re.re.Match(text, b, e, RE2::ANCHOR_BOTH, subs.data(), groups)) {
          for (int g = 1; g < groups; ++g) {
            if (!re.capture_slots[g].empty() && subs[g].data() != nullptr) {
              const auto cb = static_cast<uint32_t>(subs[g].data() - t.data());
              occ.captures.push_back({re.capture_slots[g], {cb, static_cast<uint32_t>(cb + subs[g].size())}});
            }
          }
        }
      }
      out.push_back(std::move(occ));
      pos = e;
    } else {
      // Not on word boundaries ("busy" in "busybody"): try from the next character.
      pos = Utf8Ceil(t, b + 1);
    }
  }
}

}  // namespace reframe::internal
