// Reading chat exports: the WhatsApp reader alone and reader + analysis, the
// way `reframe chat` runs them (chunks parsed and analysed on N threads,
// handed back in order).
//
//   build-bench/bench/reframe_chat_bench                      # a 64 MB export from gen_corpus.py
//   REFRAME_BENCH_CHAT_MB=256 build-bench/bench/reframe_chat_bench
//   REFRAME_BENCH_CHAT=/tmp/chat.txt build-bench/bench/reframe_chat_bench   # an export of your own
//
// MB/s are bytes of the export per second of wall time.
#include <benchmark/benchmark.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "pipeline/ordered_pool.h"
#include "reframe/analyzer.h"
#include "reframe/chat.h"

namespace {

// The export to read: REFRAME_BENCH_CHAT, or one generated once per run.
const std::string& ChatPath() {
  static const std::string path = [] {
    if (const char* given = std::getenv("REFRAME_BENCH_CHAT")) return std::string(given);
    const char* mb = std::getenv("REFRAME_BENCH_CHAT_MB");
    const std::string bytes = std::to_string((mb ? std::atol(mb) : 64) * 1000000L);
    char name[] = "/tmp/reframe-chat-bench-XXXXXX";
    const int fd = mkstemp(name);
    close(fd);
    const std::string command = "python3 '" REFRAME_GEN_CORPUS "' whatsapp " + bytes + " > " + name;
    if (std::system(command.c_str()) != 0) {
      std::fprintf(stderr, "cannot run %s\n", command.c_str());
      std::exit(1);
    }
    static const std::string generated = name;
    std::atexit([] { std::remove(generated.c_str()); });
    return generated;
  }();
  return path;
}

int64_t ChatBytes() {
  struct stat st;
  return stat(ChatPath().c_str(), &st) == 0 ? static_cast<int64_t>(st.st_size) : 0;
}

std::unique_ptr<reframe::ChatReader> Open(benchmark::State& state) {
  auto reader = reframe::OpenChat(ChatPath(), reframe::ChatFormat::kWhatsApp);
  if (!reader.ok()) {
    state.SkipWithError(reader.status().message().c_str());
    return nullptr;
  }
  return std::move(*reader);
}

const reframe::Analyzer& SharedAnalyzer() {
  static const reframe::Analyzer analyzer = [] {
    auto a = reframe::Analyzer::Create(reframe::Lexicon::Builtin());
    if (!a.ok()) std::abort();
    return std::move(*a);
  }();
  return analyzer;
}

// Reader alone, one message at a time (the library's streaming API).
void BM_WhatsAppNext(benchmark::State& state) {
  size_t messages = 0;
  for (auto _ : state) {
    auto reader = Open(state);
    if (!reader) return;
    reframe::ChatMessage m;
    for (;;) {
      auto more = reader->Next(m);
      if (!more.ok() || !*more) break;
      ++messages;
    }
  }
  state.SetBytesProcessed(state.iterations() * ChatBytes());
  state.counters["messages"] = benchmark::Counter(static_cast<double>(messages), benchmark::Counter::kAvgIterations);
}
BENCHMARK(BM_WhatsAppNext)->Unit(benchmark::kMillisecond)->UseRealTime();

// Reader + analysis on one thread, one message at a time.
void BM_WhatsAppNextAnalyze(benchmark::State& state) {
  const reframe::Analyzer& analyzer = SharedAnalyzer();
  for (auto _ : state) {
    auto reader = Open(state);
    if (!reader) return;
    reframe::ChatMessage m;
    for (;;) {
      auto more = reader->Next(m);
      if (!more.ok() || !*more) break;
      if (m.kind == reframe::MessageKind::kText) benchmark::DoNotOptimize(analyzer.Analyze(m.text));
    }
  }
  state.SetBytesProcessed(state.iterations() * ChatBytes());
}
BENCHMARK(BM_WhatsAppNextAnalyze)->Unit(benchmark::kMillisecond)->UseRealTime();

#ifndef REFRAME_BENCH_NO_CHUNKS
// Chunks cut on this thread, parsed (and, if `analyse`, analysed) on
// state.range(0) worker threads, results handed back in order — what
// `reframe chat --threads N` does, less the report.
void ReadInChunks(benchmark::State& state, bool analyse) {
  const reframe::Analyzer& analyzer = SharedAnalyzer();
  struct Batch {
    size_t messages = 0, findings = 0;
  };
  size_t messages = 0;
  for (auto _ : state) {
    auto reader = Open(state);
    if (!reader) return;
    reframe::internal::OrderedPool<Batch> pool(static_cast<unsigned>(state.range(0)));
    auto sink = [&](Batch& b) { messages += b.messages; };
    for (;;) {
      auto next = reader->NextChunk();
      if (!next.ok() || !*next) break;
      std::shared_ptr<reframe::ChatChunk> chunk = std::move(*next);
      pool.Submit([chunk, analyse, &analyzer] {
        Batch b;
        std::vector<reframe::ChatMessage> out;
        std::vector<std::string> problems;
        if (!chunk->Parse(out, problems).ok()) return b;
        b.messages = out.size();
        if (!analyse) return b;
        for (const reframe::ChatMessage& m : out) {
          if (m.kind == reframe::MessageKind::kText) b.findings += analyzer.Analyze(m.text).findings.size();
        }
        return b;
      }, sink);
    }
    pool.Finish(sink);
  }
  state.SetBytesProcessed(state.iterations() * ChatBytes());
  state.counters["messages"] = benchmark::Counter(static_cast<double>(messages), benchmark::Counter::kAvgIterations);
}

void BM_WhatsAppChunks(benchmark::State& state) { ReadInChunks(state, false); }
BENCHMARK(BM_WhatsAppChunks)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_WhatsAppChunksAnalyze(benchmark::State& state) { ReadInChunks(state, true); }
BENCHMARK(BM_WhatsAppChunksAnalyze)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();
#endif

}  // namespace

BENCHMARK_MAIN();
