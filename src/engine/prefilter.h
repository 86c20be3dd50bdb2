// Which regexes can possibly match a text, decided from literal strings
// ("atoms") that every match of each regex must contain.
//
// Each regex is reduced to an AND/OR tree of atoms (engine/regex_reducer.h).
// All atoms of all regexes form one Aho-Corasick automaton
// (engine/atom_automaton.h), so one pass over a message finds every atom;
// the matched atoms then trigger their trees bottom-up. A regex that is not
// a candidate cannot match; a candidate may or may not.
//
// Building costs a fraction of a millisecond for the built-in lexicon, where
// compiling its regexes costs tens: the analyzer compiles a regex only when a
// text first makes it a candidate.
#ifndef REFRAME_ENGINE_PREFILTER_H_
#define REFRAME_ENGINE_PREFILTER_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "engine/atom_automaton.h"
#include "engine/regex_reducer.h"
#include "snapshot/snapshot.h"

namespace reframe::internal {

class Prefilter {
 public:
  // Per-thread state for Candidates; reusable across calls and texts.
  struct Scratch {
    struct NodeState {
      uint32_t triggered = 0;  // generation in which the node was triggered
      uint32_t counted = 0;    // generation in which `count` is valid
      uint32_t count = 0;      // an AND node's triggered children
    };
    std::vector<NodeState> nodes;  // one cache line per visit, not three
    std::vector<int> queue;
    uint32_t generation = 0;
  };

  Prefilter() = default;
  Prefilter(const Prefilter&) = delete;  // the automaton may point into its own tables
  Prefilter& operator=(const Prefilter&) = delete;

  static constexpr size_t kMinAtomLength = AtomTree::kMinAtomLength;
  static constexpr size_t kMaxAtomLength = AtomTree::kMaxAtomLength;

  // Adds a regex in RE2 syntax (case-sensitive: the analyzer folds case in
  // both pattern and text) and returns its id, counting from 0. Syntax the
  // reducer does not know makes the regex a candidate for every text, so an
  // unusual pattern costs speed, never a match.
  int Add(std::string_view regex);

  // Builds the automaton. Call once, after the last Add and before Candidates.
  void Build();

  // Appends to `out` the id of every regex that may match `text`, each once.
  void Candidates(std::string_view text, Scratch& scratch, std::vector<int>* out) const;

  // The built automaton and trees, for the build-time image (the engine's
  // section). A loaded prefilter screens like the saved one but cannot Add
  // or Describe.
  void Save(SnapshotWriter& w) const;
  bool Load(SnapshotReader& r);

  // Regexes that are candidates for every text (no atoms could be derived).
  [[nodiscard]] const std::vector<int>& unfiltered() const { return unfiltered_; }
  [[nodiscard]] size_t atom_count() const { return atom_node_.size(); }
  [[nodiscard]] size_t state_count() const { return automaton_.state_count(); }
  [[nodiscard]] size_t class_count() const { return automaton_.class_count(); }
  // The atom tree of regex `id`, readable, for tests: "(you AND (always OR never))".
  [[nodiscard]] std::string Describe(int id) const;

 private:
  AtomTree tree_;
  std::vector<int> roots_;  // by regex
  std::vector<int> unfiltered_;

  // Frozen by Build: the node of each atom, parents and roots in compressed
  // rows, node kinds.
  uint32_t node_count_ = 0;
  std::vector<int> atom_node_;
  std::vector<uint32_t> parent_begin_, parents_;
  std::vector<uint32_t> regex_begin_, regexes_;  // regex ids whose root is the node
  std::vector<uint32_t> need_;                   // children an AND node needs; 0 for OR
  AtomAutomaton automaton_;
};

}  // namespace reframe::internal

#endif  // REFRAME_ENGINE_PREFILTER_H_
