// Microbenchmarks for each stage of the analyzer (Google Benchmark).
//   cmake -S . -B build-bench -DREFRAME_BUILD_BENCH=ON && cmake --build build-bench
//   build-bench/bench/reframe_bench
#include <benchmark/benchmark.h>

#include <set>
#include <string>

#include "text/ascii_segmenter.h"
#include "engine/pattern_compiler.h"
#include "engine/prefilter.h"
#include "text/text.h"
#include "lexicon/lexicon_access.h"
#include "reframe/analyzer.h"
#include "reframe/format.h"
#include "reframe/lexicon.h"

namespace {

const char kShort[] = "Running 10 min late, traffic is terrible on the bridge, sorry!! be there soon";
const char kFlagged[] = "I want to connect, but I am too busy. And you always make it a big deal.";
const char kUnicode[] = "Caf\xC3\xA9 \xE2\x80\x9Cok\xE2\x80\x9D\xE2\x80\xA6 You\xE2\x80\x99ll never learn \xF0\x9F\x98\x8A";

std::string Long() {
  std::string s;
  while (s.size() < 20000) s += std::string(kShort) + " " + kFlagged + " ";
  return s;
}

// Worst cases for the matcher: many near-misses and one endless word.
std::string Adversarial() {
  std::string s;
  for (int i = 0; i < 500; ++i) s += "you always i want to but not ";
  s += std::string(20000, 'a');
  return s;
}

const reframe::Analyzer& Analyzer() {
  static const reframe::Analyzer a = std::move(*reframe::Analyzer::Create(reframe::Lexicon::Builtin()));
  return a;
}

reframe::internal::TextPreparer& Preparer() {
  static const reframe::internal::LexiconData& data = reframe::internal::LexiconAccess::Data(reframe::Lexicon::Builtin());
  static reframe::internal::TextPreparer p(data.shorthand, data.abbreviations);
  return p;
}

void BM_IsAscii(benchmark::State& state) {
  std::string text = Long();
  for (auto _ : state) benchmark::DoNotOptimize(reframe::internal::IsAscii(text));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
}
BENCHMARK(BM_IsAscii);

void BM_FoldAndWords(benchmark::State& state, std::string text) {
  reframe::internal::PreparedText out;
  for (auto _ : state) {
    Preparer().Prepare(text, out);
    benchmark::DoNotOptimize(out.folded.data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
}
BENCHMARK_CAPTURE(BM_FoldAndWords, ascii_short, std::string(kShort));
BENCHMARK_CAPTURE(BM_FoldAndWords, unicode_short, std::string(kUnicode));

void BM_Sentences(benchmark::State& state, std::string text) {
  reframe::internal::PreparedText out;
  Preparer().Prepare(text, out);
  for (auto _ : state) {
    Preparer().SegmentSentences(out);
    benchmark::DoNotOptimize(out.sentences.data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
}
BENCHMARK_CAPTURE(BM_Sentences, ascii_long, Long());
BENCHMARK_CAPTURE(BM_Sentences, unicode_short, std::string(kUnicode));

void BM_IcuWords(benchmark::State& state) {
  std::vector<reframe::internal::WordSegment> out;
  std::string text = Long();
  for (auto _ : state) reframe::internal::IcuWordSegments(text, out);
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
}
BENCHMARK(BM_IcuWords);

void BM_AsciiWords(benchmark::State& state) {
  std::vector<reframe::internal::WordSegment> out;
  std::string text = Long();
  for (auto _ : state) reframe::internal::AsciiWordSegments(text, out);
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
}
BENCHMARK(BM_AsciiWords);

// The matching stage's first pass: the atom automaton and tree triggering
// over a prepared message, on the built-in lexicon's alternatives.
const reframe::internal::Prefilter& BuiltinPrefilter() {
  static const auto* prefilter = [] {
    auto* p = new reframe::internal::Prefilter;
    const auto lexicon = reframe::Lexicon::Builtin();
    const auto& data = reframe::internal::LexiconAccess::Data(lexicon);
    std::set<std::string> seen;
    auto add = [&](const std::string& element) {
      auto regex = reframe::internal::ExpandPattern(element, data, "bench");
      for (std::string& alt : reframe::internal::SplitAlternatives(*regex)) {
        if (seen.insert(alt).second) p->Add(alt);
      }
    };
    for (const auto& rule : data.rules) {
      for (const auto& e : rule.pattern) add(e);
      for (const auto& e : rule.unless) add(e);
    }
    p->Build();
    return p;
  }();
  return *prefilter;
}

void BM_Prefilter(benchmark::State& state, std::string text) {
  reframe::internal::PreparedText prepared;
  Preparer().Prepare(text, prepared);
  reframe::internal::Prefilter::Scratch scratch;
  std::vector<int> out;
  for (auto _ : state) {
    out.clear();
    BuiltinPrefilter().Candidates(prepared.folded, scratch, &out);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
}
BENCHMARK_CAPTURE(BM_Prefilter, short_clean, std::string(kShort));
BENCHMARK_CAPTURE(BM_Prefilter, short_flagged, std::string(kFlagged));
BENCHMARK_CAPTURE(BM_Prefilter, long_20k, Long());

void BM_Analyze(benchmark::State& state, std::string text) {
  for (auto _ : state) benchmark::DoNotOptimize(Analyzer().Analyze(text));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}
BENCHMARK_CAPTURE(BM_Analyze, short_clean, std::string(kShort));
BENCHMARK_CAPTURE(BM_Analyze, short_flagged, std::string(kFlagged));
BENCHMARK_CAPTURE(BM_Analyze, unicode, std::string(kUnicode));
BENCHMARK_CAPTURE(BM_Analyze, long_20k, Long());
BENCHMARK_CAPTURE(BM_Analyze, adversarial, Adversarial());

void BM_FormatJson(benchmark::State& state, std::string text) {
  reframe::Report report = Analyzer().Analyze(text);
  reframe::MessageContext ctx;
  ctx.source = "bench.txt";
  for (auto _ : state) benchmark::DoNotOptimize(reframe::FormatJson(report, ctx, text));
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}
BENCHMARK_CAPTURE(BM_FormatJson, clean, std::string(kShort));
BENCHMARK_CAPTURE(BM_FormatJson, flagged, std::string(kFlagged));

// The built-in lexicon: loading the build-time image.
void BM_CreateAnalyzer(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(reframe::Analyzer::Create(reframe::Lexicon::Builtin()));
}
BENCHMARK(BM_CreateAnalyzer)->Unit(benchmark::kMillisecond);

// A lexicon of one's own (here the built-in one merged with an empty one):
// expanding, reducing and compiling every pattern.
void BM_CompileLexicon(benchmark::State& state) {
  const auto empty = reframe::Lexicon::FromString("", "empty.toml");
  const auto custom = reframe::Lexicon::Builtin().MergedWith(*empty);
  for (auto _ : state) benchmark::DoNotOptimize(reframe::Analyzer::Create(custom));
}
BENCHMARK(BM_CompileLexicon)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
