// Which regexes can possibly match a text, decided from literal strings
// ("atoms") that every match of each regex must contain.
//
// Each regex is reduced to an AND/OR tree of atoms (the idea of RE2's
// FilteredRE2, done here on the pattern text so that no RE2 object has to be
// built to know it). All atoms of all regexes form one Aho-Corasick automaton,
// a dense table walked a byte at a time, so one pass over a message finds every
// atom; the matched atoms then trigger their trees bottom-up. A regex that is
// not a candidate cannot match; a candidate may or may not.
//
// Building costs a fraction of a millisecond for the built-in lexicon, where
// compiling its regexes costs tens: the analyzer compiles a regex only when a
// text first makes it a candidate.
#ifndef REFRAME_ENGINE_PREFILTER_H_
#define REFRAME_ENGINE_PREFILTER_H_

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace reframe::internal {

class SnapshotWriter;
class SnapshotReader;

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
  Prefilter(const Prefilter&) = delete;  // the scan may point into its own tables
  Prefilter& operator=(const Prefilter&) = delete;

  // Atoms shorter than this would hit nearly every text: a tree leaf that
  // only has such atoms counts as "anything".
  static constexpr size_t kMinAtomLength = 3;
  // Longer atoms are cut to their first bytes (the state count, not the
  // filtering, is what a longer atom buys).
  static constexpr size_t kMaxAtomLength = 16;

  // Adds a regex in RE2 syntax (case-sensitive: the analyzer folds case in
  // both pattern and text) and returns its id, counting from 0. Syntax the
  // reducer does not know makes the regex a candidate for every text, so an
  // unusual pattern costs speed, never a match.
  int Add(std::string_view regex);

  // Builds the automaton. Call once, after the last Add and before Candidates.
  void Build();

  // Appends to `out` the id of every regex that may match `text`, each once.
  void Candidates(std::string_view text, Scratch& scratch, std::vector<int>* out) const;

  // The built automaton and trees, for the build-time image (snapshot/snapshot.h).
  // A loaded prefilter screens like the saved one but cannot Add or Describe.
  void Save(SnapshotWriter& w) const;
  bool Load(SnapshotReader& r);

  // Regexes that are candidates for every text (no atoms could be derived).
  [[nodiscard]] const std::vector<int>& unfiltered() const { return unfiltered_; }
  [[nodiscard]] size_t atom_count() const { return atom_node_.size(); }
  [[nodiscard]] size_t state_count() const { return state_count_; }
  [[nodiscard]] size_t class_count() const { return class_count_; }
  // The atom tree of regex `id`, readable, for tests: "(you AND (always OR never))".
  [[nodiscard]] std::string Describe(int id) const;

 private:
  enum class Op : uint8_t { kAll, kAtom, kAnd, kOr };
  struct Node {
    Op op = Op::kAll;
    int atom = -1;
    std::vector<int> children;
  };
  struct Info;  // a partial reduction: an exact set of strings, or a node
  class Reducer;
  struct Edge {
    uint32_t cls, child;
  };
  template <typename T>
  void FillTable(const std::vector<std::vector<Edge>>& edges, std::vector<uint32_t>& fail, std::vector<T>& table);

  int AtomNode(const std::string& atom);
  int MakeNode(Op op, std::vector<int> children);
  int ExactToNode(std::vector<std::string> strings, size_t min_length = kMinAtomLength);
  std::string DescribeNode(int node) const;

  // Trees: node 0 is "anything"; structurally equal nodes are shared.
  std::vector<Node> nodes_{Node{}};
  std::map<std::pair<Op, std::vector<int>>, int> node_ids_;
  std::unordered_map<std::string, int> atom_ids_;
  std::vector<std::string> atoms_;
  std::vector<int> atom_node_;  // by atom
  std::vector<int> roots_;      // by regex
  std::vector<int> unfiltered_;

  // Frozen by Build: parents and roots in compressed rows, node kinds.
  uint32_t node_count_ = 0;
  std::vector<uint32_t> parent_begin_, parents_;
  std::vector<uint32_t> regex_begin_, regexes_;  // regex ids whose root is the node
  std::vector<uint32_t> need_;                   // children an AND node needs; 0 for OR
  // The automaton: byte -> class, state x class -> state, and per state the
  // atom it completes (or -1) and the next shorter suffix state that completes one.
  uint8_t byte_class_[256] = {};
  uint32_t class_count_ = 1;
  uint32_t state_count_ = 0;
  uint32_t max_atom_length_ = 0;  // how far back a second walk must start
  // One of the two tables: 16-bit entries while the states fit (half the
  // cache), 32-bit otherwise.
  std::vector<uint16_t> table16_;
  std::vector<uint32_t> table32_;
  // What the scan reads: the vectors above, or the image where it lies.
  const uint16_t* t16_ = nullptr;
  const uint32_t* t32_ = nullptr;
  std::vector<int32_t> state_atom_;
  std::vector<int32_t> output_link_;  // first state, self included, with an atom (-1 if none)
  std::vector<int32_t> next_output_;  // for a state with an atom: the next shorter one
};

}  // namespace reframe::internal

#endif  // REFRAME_ENGINE_PREFILTER_H_
