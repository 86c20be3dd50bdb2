// The Aho-Corasick automaton of engine/atom_automaton.h.
#include "engine/atom_automaton.h"

namespace reframe::internal {

void AtomAutomaton::Build(const std::vector<std::string>& atoms) {
  max_atom_length_ = 0;
  for (const std::string& a : atoms) max_atom_length_ = std::max(max_atom_length_, static_cast<uint32_t>(a.size()));
  // Byte classes: each byte used in an atom is its own class, the rest share 0.
  std::fill(std::begin(byte_class_), std::end(byte_class_), 0);
  class_count_ = 1;
  for (const std::string& a : atoms) {
    for (char ch : a) {
      auto& cls = byte_class_[static_cast<unsigned char>(ch)];
      if (cls == 0) cls = static_cast<uint8_t>(class_count_++);
    }
  }
  // The trie as sparse edges, then the dense table (FillTable).
  std::vector<std::vector<Edge>> edges(1);
  state_atom_.assign(1, -1);
  for (size_t a = 0; a < atoms.size(); ++a) {
    uint32_t s = 0;
    for (char ch : atoms[a]) {
      const uint32_t cls = byte_class_[static_cast<unsigned char>(ch)];
      auto it = std::find_if(edges[s].begin(), edges[s].end(), [cls](const Edge& e) { return e.cls == cls; });
      if (it != edges[s].end()) {
        s = it->child;
        continue;
      }
      const auto child = static_cast<uint32_t>(edges.size());
      edges[s].push_back({cls, child});
      edges.emplace_back();
      state_atom_.push_back(-1);
      s = child;
    }
    state_atom_[s] = static_cast<int32_t>(a);
  }
  state_count_ = static_cast<uint32_t>(edges.size());
  // Number states breadth-first: the scan spends most of its time near the
  // root, and those rows then sit together in cache.
  {
    std::vector<uint32_t> bfs{0}, renumber(state_count_, 0);
    bfs.reserve(state_count_);
    for (size_t q = 0; q < bfs.size(); ++q) {
      for (const Edge& e : edges[bfs[q]]) bfs.push_back(e.child);
    }
    for (uint32_t i = 0; i < state_count_; ++i) renumber[bfs[i]] = i;
    std::vector<std::vector<Edge>> renumbered(state_count_);
    std::vector<int32_t> state_atom(state_count_, -1);
    for (uint32_t old = 0; old < state_count_; ++old) {
      for (Edge e : edges[old]) {
        e.child = renumber[e.child];
        renumbered[renumber[old]].push_back(e);
      }
      state_atom[renumber[old]] = state_atom_[old];
    }
    edges = std::move(renumbered);
    state_atom_ = std::move(state_atom);
  }
  std::vector<uint32_t> fail(state_count_, 0);
  output_link_.assign(state_count_, -1);
  next_output_.assign(state_count_, -1);
  if (state_count_ < 0x8000) {
    FillTable(edges, fail, table16_);
    // Entries: the next state, bit 15 set when it completes an atom.
    for (uint16_t& next : table16_) next = static_cast<uint16_t>(next | (output_link_[next] >= 0 ? 0x8000 : 0));
    table32_.clear();
    t16_ = table16_.data();
    t32_ = nullptr;
  } else {
    FillTable(edges, fail, table32_);
    // Entries: the next state's row offset, shifted, with the low bit set
    // when it completes an atom (no multiply in the scan loop).
    for (uint32_t& next : table32_) next = ((next * class_count_) << 1) | (output_link_[next] >= 0 ? 1u : 0u);
    table16_.clear();
    t16_ = nullptr;
    t32_ = table32_.data();
  }
}

// The dense table, in BFS order: each state's row starts as a copy of its
// failure state's row (already final), and its own trie edges overwrite it.
template <typename T>
void AtomAutomaton::FillTable(const std::vector<std::vector<Edge>>& edges, std::vector<uint32_t>& fail,
                              std::vector<T>& table) {
  const uint32_t classes = class_count_;
  table.assign(static_cast<size_t>(state_count_) * classes, 0);
  std::vector<uint32_t> order;
  order.reserve(state_count_);
  for (const Edge& e : edges[0]) {
    table[e.cls] = static_cast<T>(e.child);
    order.push_back(e.child);
  }
  for (size_t q = 0; q < order.size(); ++q) {
    const uint32_t s = order[q];
    // Outputs: this state's atom, then the atoms of its suffixes.
    const int32_t suffix_output = output_link_[fail[s]];
    if (state_atom_[s] >= 0) {
      output_link_[s] = static_cast<int32_t>(s);
      next_output_[s] = suffix_output;
    } else {
      output_link_[s] = suffix_output;
    }
    T* row = &table[static_cast<size_t>(s) * classes];
    const T* fail_row = &table[static_cast<size_t>(fail[s]) * classes];
    std::copy(fail_row, fail_row + classes, row);
    for (const Edge& e : edges[s]) {
      fail[e.child] = fail_row[e.cls];
      row[e.cls] = static_cast<T>(e.child);
      order.push_back(e.child);
    }
  }
}

void AtomAutomaton::Save(SnapshotWriter& w) const {
  w.Raw(byte_class_, sizeof byte_class_);
  w.U32(class_count_);
  w.U32(state_count_);
  w.U32(max_atom_length_);
  w.AlignedPods(table16_);
  w.AlignedPods(table32_);
  w.Pods(state_atom_);
  w.Pods(output_link_);
  w.Pods(next_output_);
}

bool AtomAutomaton::Load(SnapshotReader& r) {
  r.Raw(byte_class_, sizeof byte_class_);
  class_count_ = r.U32();
  state_count_ = r.U32();
  max_atom_length_ = r.U32();
  table16_.clear();
  table32_.clear();
  size_t n16 = 0, n32 = 0;
  t16_ = r.View<uint16_t>(&n16);
  t32_ = r.View<uint32_t>(&n32);
  if (n16 == 0) t16_ = nullptr;
  if (n32 == 0) t32_ = nullptr;
  state_atom_ = r.Pods<int32_t>();
  output_link_ = r.Pods<int32_t>();
  next_output_ = r.Pods<int32_t>();
  // The shapes must agree, or Scan would read out of bounds.
  const size_t table = static_cast<size_t>(state_count_) * class_count_;
  return r.ok() && state_atom_.size() == state_count_ && output_link_.size() == state_count_ &&
         next_output_.size() == state_count_ && (n16 == table) != (n32 == table);
}

}  // namespace reframe::internal
