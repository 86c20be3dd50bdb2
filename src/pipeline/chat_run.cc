// AnalyzeChat (reframe/run.h): a chat's chunks parsed and analysed on a pool
// of threads, handed back in order.
#include <algorithm>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "pipeline/ordered_pool.h"
#include "reframe/run.h"

namespace reframe {
namespace {

struct Item {
  ChatMessage message;
  Report report;
  bool analysed = false;
};

// One chunk, parsed and analysed on a worker.
struct Batch {
  std::vector<Item> items;            // the selected messages
  std::vector<std::string> problems;  // records the chunk skipped
  size_t read = 0;                    // messages in the chunk, selected or not
  Status status;                      // the error that ends the reading here
};

bool Selected(const ChatRunOptions& o, const ChatMessage& m) {
  if (!o.author.empty() && m.author != o.author) return false;
  if (!o.since.empty() && (m.time.empty() || m.time.compare(0, o.since.size(), o.since) < 0)) return false;
  if (!o.until.empty() && (m.time.empty() || m.time.compare(0, o.until.size(), o.until) > 0)) return false;
  return true;
}

Batch Work(ChatChunk& chunk, const Analyzer& analyzer, const ChatRunOptions& o) {
  Batch batch;
  std::vector<ChatMessage> messages;
  batch.status = chunk.Parse(messages, batch.problems);
  batch.read = messages.size();
  batch.items.reserve(messages.size());
  for (ChatMessage& m : messages) {
    if (!Selected(o, m)) continue;
    Item& item = batch.items.emplace_back();
    item.message = std::move(m);
    if (item.message.kind != MessageKind::kText) continue;
    item.report = analyzer.Analyze(item.message.text);
    item.analysed = true;
    if (!o.only_category.empty()) {
      auto& f = item.report.findings;
      f.erase(std::remove_if(f.begin(), f.end(), [&](const Finding& x) { return x.category != o.only_category; }),
              f.end());
    }
  }
  return batch;
}

}  // namespace

Result<size_t> AnalyzeChat(ChatReader& reader, const Analyzer& analyzer, const ChatRunOptions& o, ChatWriter& writer) {
  if (!o.only_category.empty() &&
      std::find(kCategories.begin(), kCategories.end(), o.only_category) == kCategories.end()) {
    return Status(StatusCode::kInvalidArgument,
                  "only_category must be one of mixed-message, criticism, defensiveness, withdrawal, not '" +
                      o.only_category + "'");
  }
  // The reader cuts chunks here (a WhatsApp chunk is raw text cut at a
  // header); the workers parse and analyse them; the sink writes them in
  // order, and stops at the first chunk that ends the reading.
  size_t read = 0, reported = 0;
  Status failure;
  auto sink = [&](Batch& batch) {
    if (!failure.ok()) return;
    read += batch.read;
    reader.AddProblems(batch.problems);
    for (Item& item : batch.items) writer.Write(item.message, item.analysed ? &item.report : nullptr);
    if (!batch.status.ok()) failure = batch.status;
    if (o.progress && read - reported >= 0x4000) {
      reported = read;
      o.progress(read);
    }
  };
  internal::OrderedPool<Batch> pool(o.threads);
  for (;;) {
    Result<std::unique_ptr<ChatChunk>> next = reader.NextChunk();
    if (!next.ok()) {
      pool.Finish(sink);
      if (failure.ok()) failure = next.status();
      break;
    }
    if (!*next || !failure.ok()) break;
    std::shared_ptr<ChatChunk> chunk = std::move(*next);
    pool.Submit([chunk, &analyzer, &o] { return Work(*chunk, analyzer, o); }, sink);
  }
  pool.Finish(sink);
  if (!failure.ok()) return failure;
  return read;
}

}  // namespace reframe
