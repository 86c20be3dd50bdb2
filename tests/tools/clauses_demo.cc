// Development aid: prints the tokens and clauses the clause layer sees.
//   clauses_demo [--tokens] < lines
#include <iostream>
#include <string>

#include "language/clauses.h"
#include "language/grammar.h"
#include "language/tokens.h"
#include "language/word_table.h"
#include "lexicon/lexicon_access.h"
#include "lexicon/lexicon_data.h"
#include "reframe/lexicon.h"
#include "text/text.h"

int main(int argc, char** argv) {
  using namespace reframe::internal;
  const bool show_tokens = argc > 1 && std::string(argv[1]) == "--tokens";
  const reframe::Lexicon lexicon = reframe::Lexicon::Builtin();
  const LexiconData& data = LexiconAccess::Data(lexicon);
  const Grammar grammar(data.grammar);
  TextPreparer preparer(data.shorthand, data.abbreviations);
  std::string line;
  while (std::getline(std::cin, line)) {
    PreparedText pt;
    preparer.Prepare(line, pt);
    preparer.SegmentSentences(pt);
    std::vector<std::pair<uint32_t, uint32_t>> sentences, quoted;
    std::vector<uint32_t> starts;
    for (const Span& s : pt.sentences) {
      sentences.push_back({s.begin, s.end});
      starts.push_back(s.begin);
    }
    for (const Span& q : FindQuotedRegions(pt.folded)) quoted.push_back({q.begin, q.end});
    CaseInfo case_info;
    case_info.upper.assign(pt.folded.size(), 0);
    for (uint32_t i = 0; i < pt.folded.size(); ++i) {
      const Span in = pt.ToInput({i, i + 1});
      if (in.begin < line.size()) case_info.upper[i] = line[in.begin] >= 'A' && line[in.begin] <= 'Z';
    }
    std::vector<Token> tokens = Tokenize(pt.folded, grammar, WordTable::Builtin(), case_info, starts);
    std::cout << line << "\n";
    if (show_tokens) {
      std::cout << " ";
      for (const Token& t : tokens) {
        std::cout << " " << t.norm << "/" << TagName(t.tag);
        if (t.lemma != t.norm && !t.lemma.empty()) std::cout << "(" << t.lemma << ")";
      }
      std::cout << "\n";
    }
    std::string d = DescribeClauses(pt.folded, tokens, AnalyzeClauses(tokens, sentences, quoted, grammar));
    size_t p = 0;
    while (p < d.size()) {
      size_t e = d.find('\n', p);
      std::cout << "  " << d.substr(p, e - p) << "\n";
      p = e + 1;
    }
  }
}
