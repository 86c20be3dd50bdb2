// The built-in lexicon is parsed and compiled at build time (snapshot/snapshot.h).
// These tests make sure the library really uses that image, and that it gives
// exactly what parsing and compiling the lexicon files gives.
#include "snapshot/snapshot.h"

#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "analyzer/builtin_snapshot.h"
#include "lexicon/lexicon_access.h"
#include "lexicon/lexicon_snapshot.h"
#include "reframe/analyzer.h"
#include "reframe/format.h"
#include "reframe/lexicon.h"

namespace reframe::internal {
namespace {

TEST(Snapshot, IsEmbeddedAndLoads) {
  SnapshotReader lexicon_section(nullptr, 0);
  ASSERT_TRUE(OpenSnapshotSection(SnapshotSection::kLexicon, &lexicon_section));
  LexiconData data;
  ASSERT_TRUE(LoadLexiconData(lexicon_section, data));
  EXPECT_GT(data.rules.size(), 20u);
  EXPECT_TRUE(data.trusted);
  EXPECT_TRUE(BuiltinAnalyzerSnapshotLoads());
}

// Making the image again from the loaded lexicon gives the same bytes: the
// lexicon data round-trips and compiling is deterministic.
TEST(Snapshot, RebuildsByteForByte) {
  const EmbeddedSnapshot embedded = BuiltinSnapshot();
  Result<std::string> again = MakeBuiltinSnapshot();
  ASSERT_TRUE(again.ok()) << again.status().message();
  ASSERT_EQ(again->size(), embedded.size);
  EXPECT_TRUE(std::equal(again->begin(), again->end(), reinterpret_cast<const char*>(embedded.data)));
}

TEST(Snapshot, TruncatedOrCorruptSectionsAreRejected) {
  Result<std::string> image = MakeBuiltinSnapshot();
  ASSERT_TRUE(image.ok());
  const auto* bytes = reinterpret_cast<const unsigned char*>(image->data());
  SnapshotReader header(bytes, image->size());
  ASSERT_EQ(header.Str(), kSnapshotMagic);
  const uint32_t lexicon_size = header.U32();
  const unsigned char* lexicon = bytes + kSnapshotHeaderSize;
  for (size_t cut :
       {size_t{0}, size_t{3}, size_t{lexicon_size / 3}, size_t{lexicon_size / 2}, size_t{lexicon_size - 16}}) {
    SnapshotReader r(lexicon, cut);
    LexiconData data;
    EXPECT_FALSE(LoadLexiconData(r, data)) << "cut at " << cut;
  }
  // A count field blown up to 4 billion rules: fails for want of bytes, fast.
  std::string corrupt(reinterpret_cast<const char*>(lexicon), lexicon_size);
  corrupt[0] = corrupt[1] = corrupt[2] = corrupt[3] = '\xFF';
  SnapshotReader r(reinterpret_cast<const unsigned char*>(corrupt.data()), corrupt.size());
  LexiconData data;
  EXPECT_FALSE(LoadLexiconData(r, data));
}

// The image against the files: same findings, spans and reframes everywhere.
TEST(Snapshot, AnalysesLikeTheLexiconFiles) {
  auto files = Lexicon::FromDirectory(REFRAME_LEXICON_DIR);
  ASSERT_TRUE(files.ok()) << files.status().message();
  ASSERT_FALSE(LexiconAccess::Data(*files).trusted);
  auto compiled = Analyzer::Create(*files);
  ASSERT_TRUE(compiled.ok()) << compiled.status().message();
  auto loaded = Analyzer::Create(Lexicon::Builtin());
  ASSERT_TRUE(loaded.ok());
  std::vector<std::string> texts;
  for (const RuleInfo& rule : Lexicon::Builtin().rules()) {
    texts.insert(texts.end(), rule.flag.begin(), rule.flag.end());
    texts.insert(texts.end(), rule.pass.begin(), rule.pass.end());
  }
  for (const char* file : {"/accuracy/cases.jsonl", "/accuracy/holdout.jsonl", "/accuracy/holdout2.jsonl"}) {
    std::ifstream in(std::string(REFRAME_TESTS_DIR) + file);
    for (std::string line; std::getline(in, line);) {
      if (!line.empty()) texts.push_back(nlohmann::json::parse(line).at("text").get<std::string>());
    }
  }
  ASSERT_GT(texts.size(), 500u);
  size_t flagged = 0;
  for (const std::string& text : texts) {
    const Report a = compiled->Analyze(text), b = loaded->Analyze(text);
    flagged += a.findings.empty() ? 0 : 1;
    EXPECT_EQ(FormatJson(a, MessageContext{}, text), FormatJson(b, MessageContext{}, text)) << text;
  }
  EXPECT_GT(flagged, texts.size() / 4);
}

}  // namespace
}  // namespace reframe::internal
