// An Aho-Corasick automaton over literal strings ("atoms"): one pass over a
// text reports every atom that occurs in it.
//
// The automaton is a dense table walked a byte at a time: bytes map to a few
// classes (those used in atoms, and "other"), states are numbered breadth-
// first so the rows near the root (where the scan spends its time) share
// cache lines, and entries are 16-bit while the states fit (half the memory
// and page faults), 32-bit beyond.
#ifndef REFRAME_ENGINE_ATOM_AUTOMATON_H_
#define REFRAME_ENGINE_ATOM_AUTOMATON_H_

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "snapshot/snapshot.h"

namespace reframe::internal {

class AtomAutomaton {
 public:
  AtomAutomaton() = default;
  AtomAutomaton(const AtomAutomaton&) = delete;  // the scan may point into its own tables
  AtomAutomaton& operator=(const AtomAutomaton&) = delete;

  // Builds the automaton for `atoms` (ids are their indices).
  void Build(const std::vector<std::string>& atoms);

  // Calls on_atom(id) for every atom occurrence in `text` (an atom that
  // occurs several times is reported several times).
  template <typename OnAtom>
  void Scan(std::string_view text, OnAtom&& on_atom) const;

  // The built tables, for the build-time image; a loaded automaton reads
  // the image where it lies.
  void Save(SnapshotWriter& w) const;
  bool Load(SnapshotReader& r);

  [[nodiscard]] size_t state_count() const { return state_count_; }
  [[nodiscard]] size_t class_count() const { return class_count_; }

 private:
  struct Edge {
    uint32_t cls, child;
  };
  template <typename T>
  void FillTable(const std::vector<std::vector<Edge>>& edges, std::vector<uint32_t>& fail, std::vector<T>& table);

  // Byte -> class, state x class -> state, and per state the atom it
  // completes (or -1) and the next shorter suffix state that completes one.
  uint8_t byte_class_[256] = {};
  uint32_t class_count_ = 1;
  uint32_t state_count_ = 0;
  uint32_t max_atom_length_ = 0;  // how far back a second walk must start
  // One of the two tables: 16-bit entries while the states fit, 32-bit otherwise.
  std::vector<uint16_t> table16_;
  std::vector<uint32_t> table32_;
  // What the scan reads: the vectors above, or the image where it lies.
  const uint16_t* t16_ = nullptr;
  const uint32_t* t32_ = nullptr;
  std::vector<int32_t> state_atom_;
  std::vector<int32_t> output_link_;  // first state, self included, with an atom (-1 if none)
  std::vector<int32_t> next_output_;  // for a state with an atom: the next shorter one
};

template <typename OnAtom>
void AtomAutomaton::Scan(std::string_view text, OnAtom&& on_atom) const {
  const uint32_t classes = class_count_;
  auto emit = [&](uint32_t state) {
    for (int32_t o = output_link_[state]; o >= 0; o = next_output_[o]) on_atom(state_atom_[o]);
  };
  if (t16_ != nullptr) {
    const uint16_t* table = t16_;
    const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
    const size_t length = text.size();
    auto step = [&](uint32_t& state, size_t i) {
      const uint32_t next = table[state * classes + byte_class_[bytes[i]]];
      state = next & 0x7FFF;
      if (next & 0x8000) emit(state);
    };
    // Each step waits for the previous one's table load. Two walks, over the
    // first half and over the second half (started early enough that every
    // atom ending there lies wholly inside it), overlap those waits.
    const size_t overlap = max_atom_length_ > 0 ? max_atom_length_ - 1 : 0;
    size_t mid = length / 2;
    if (length < 4 * (overlap + 1)) mid = length;  // short texts: one walk
    uint32_t a = 0, b = 0;
    size_t j = mid - std::min(mid, overlap);
    for (size_t i = 0; i < mid; ++i, ++j) {
      step(a, i);
      if (j < length) step(b, j);
    }
    for (; j < length; ++j) step(b, j);
  } else if (t32_ != nullptr) {
    const uint32_t* table = t32_;
    uint32_t row = 0;
    for (const char ch : text) {
      const uint32_t next = table[row + byte_class_[static_cast<unsigned char>(ch)]];
      row = next >> 1;
      if (next & 1) emit(row / classes);
    }
  }
}

}  // namespace reframe::internal

#endif  // REFRAME_ENGINE_ATOM_AUTOMATON_H_
