// What every match of a regex must contain, as an AND/OR tree of literal
// strings ("atoms"): "you (always|never)" needs "you always" or "you never".
//
// The idea of RE2's FilteredRE2, done here on the pattern text so that no RE2
// object has to be built to know it. The prefilter (engine/prefilter.h)
// finds the atoms of every tree in one pass over a text and so knows which
// regexes can match at all.
#ifndef REFRAME_ENGINE_REGEX_REDUCER_H_
#define REFRAME_ENGINE_REGEX_REDUCER_H_

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace reframe::internal {

// The trees of many regexes, sharing nodes: node 0 is "anything" (no atom
// could be derived), and structurally equal nodes are one node.
class AtomTree {
 public:
  enum class Op : uint8_t { kAll, kAtom, kAnd, kOr };
  struct Node {
    Op op = Op::kAll;
    int atom = -1;  // kAtom: index into atoms()
    std::vector<int> children;
  };

  // Atoms shorter than this would hit nearly every text: a tree leaf that
  // only has such atoms counts as "anything".
  static constexpr size_t kMinAtomLength = 3;
  // Longer atoms are cut to their first bytes (the state count, not the
  // filtering, is what a longer atom buys).
  static constexpr size_t kMaxAtomLength = 16;

  // Reduces a regex in RE2 syntax (case-sensitive: the analyzer folds case in
  // both pattern and text) and returns the root of its tree. Syntax the
  // reducer does not know gives 0, "anything": an unusual pattern costs
  // speed, never a match.
  int Reduce(std::string_view regex);

  [[nodiscard]] const std::vector<Node>& nodes() const { return nodes_; }
  [[nodiscard]] const std::vector<std::string>& atoms() const { return atoms_; }
  // The node of each atom (atoms and their nodes are one to one).
  [[nodiscard]] const std::vector<int>& atom_nodes() const { return atom_node_; }
  // A tree, readable, for tests: "('you always' OR 'you never')".
  [[nodiscard]] std::string Describe(int node) const;

 private:
  struct Info;  // a partial reduction: an exact set of strings, or a node
  class Reducer;

  int AtomNode(const std::string& atom);
  int MakeNode(Op op, std::vector<int> children);
  int ExactToNode(std::vector<std::string> strings, size_t min_length = kMinAtomLength);

  std::vector<Node> nodes_{Node{}};
  std::map<std::pair<Op, std::vector<int>>, int> node_ids_;
  std::unordered_map<std::string, int> atom_ids_;
  std::vector<std::string> atoms_;
  std::vector<int> atom_node_;  // by atom
};

}  // namespace reframe::internal

#endif  // REFRAME_ENGINE_REGEX_REDUCER_H_
