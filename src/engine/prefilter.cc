// The prefilter of engine/prefilter.h: atom trees plus one automaton.
#include "engine/prefilter.h"

#include <algorithm>

namespace reframe::internal {

int Prefilter::Add(std::string_view regex) {
  const int root = tree_.Reduce(regex);
  roots_.push_back(root);
  const int id = static_cast<int>(roots_.size()) - 1;
  if (root == 0) unfiltered_.push_back(id);
  return id;
}

void Prefilter::Build() {
  const std::vector<AtomTree::Node>& nodes = tree_.nodes();
  const size_t n = nodes.size();
  node_count_ = static_cast<uint32_t>(n);
  atom_node_ = tree_.atom_nodes();
  // Parents and roots as compressed rows.
  std::vector<std::vector<uint32_t>> parents(n), regexes(n);
  need_.assign(n, 0);
  for (size_t i = 0; i < n; ++i) {
    for (int c : nodes[i].children) parents[c].push_back(static_cast<uint32_t>(i));
    if (nodes[i].op == AtomTree::Op::kAnd) need_[i] = static_cast<uint32_t>(nodes[i].children.size());
  }
  for (size_t r = 0; r < roots_.size(); ++r) {
    if (roots_[r] != 0) regexes[roots_[r]].push_back(static_cast<uint32_t>(r));
  }
  auto compress = [n](const std::vector<std::vector<uint32_t>>& rows, std::vector<uint32_t>& begin,
                      std::vector<uint32_t>& flat) {
    begin.assign(n + 1, 0);
    flat.clear();
    for (size_t i = 0; i < n; ++i) {
      begin[i] = static_cast<uint32_t>(flat.size());
      flat.insert(flat.end(), rows[i].begin(), rows[i].end());
    }
    begin[n] = static_cast<uint32_t>(flat.size());
  };
  compress(parents, parent_begin_, parents_);
  compress(regexes, regex_begin_, regexes_);
  automaton_.Build(tree_.atoms());
}

void Prefilter::Candidates(std::string_view text, Scratch& s, std::vector<int>* out) const {
  const size_t n = node_count_;
  if (s.nodes.size() != n || ++s.generation == 0) {
    s.nodes.assign(n, Scratch::NodeState{});
    s.generation = 1;
  }
  const uint32_t gen = s.generation;
  out->insert(out->end(), unfiltered_.begin(), unfiltered_.end());
  s.queue.clear();

  // One pass of the automaton: every atom that occurs, once.
  automaton_.Scan(text, [&](int32_t atom) {
    const int node = atom_node_[atom];
    if (s.nodes[node].triggered == gen) return;
    s.nodes[node].triggered = gen;
    s.queue.push_back(node);
  });

  // Trigger the trees bottom-up: an OR node with its first child, an AND
  // node with its last.
  for (size_t q = 0; q < s.queue.size(); ++q) {
    const auto node = static_cast<uint32_t>(s.queue[q]);
    for (uint32_t i = regex_begin_[node]; i < regex_begin_[node + 1]; ++i)
      out->push_back(static_cast<int>(regexes_[i]));
    for (uint32_t i = parent_begin_[node]; i < parent_begin_[node + 1]; ++i) {
      const uint32_t p = parents_[i];
      Scratch::NodeState& state = s.nodes[p];
      if (state.triggered == gen) continue;
      if (need_[p] > 0) {
        if (state.counted != gen) {
          state.counted = gen;
          state.count = 0;
        }
        if (++state.count < need_[p]) continue;
      }
      state.triggered = gen;
      s.queue.push_back(static_cast<int>(p));
    }
  }
}

std::string Prefilter::Describe(int id) const {
  return tree_.nodes().size() == node_count_ ? tree_.Describe(roots_[id]) : "(loaded: not kept)";
}

void Prefilter::Save(SnapshotWriter& w) const {
  w.U32(node_count_);
  w.Pods(atom_node_);
  w.Pods(unfiltered_);
  w.Pods(parent_begin_);
  w.Pods(parents_);
  w.Pods(regex_begin_);
  w.Pods(regexes_);
  w.Pods(need_);
  automaton_.Save(w);
}

bool Prefilter::Load(SnapshotReader& r) {
  node_count_ = r.U32();
  atom_node_ = r.Pods<int>();
  unfiltered_ = r.Pods<int>();
  parent_begin_ = r.Pods<uint32_t>();
  parents_ = r.Pods<uint32_t>();
  regex_begin_ = r.Pods<uint32_t>();
  regexes_ = r.Pods<uint32_t>();
  need_ = r.Pods<uint32_t>();
  tree_ = AtomTree();
  // The shapes must agree, or Candidates would read out of bounds.
  return automaton_.Load(r) && r.ok() && parent_begin_.size() == node_count_ + 1 &&
         regex_begin_.size() == node_count_ + 1 && need_.size() == node_count_;
}

}  // namespace reframe::internal
