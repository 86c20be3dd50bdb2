// AnalyzeChat (reframe/run.h): a chat's messages in batches on a pool of threads.
#include <algorithm>
#include <memory>
#include <string>
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

bool Selected(const ChatRunOptions& o, const ChatMessage& m) {
  if (!o.author.empty() && m.author != o.author) return false;
  if (!o.since.empty() && (m.time.empty() || m.time.compare(0, o.since.size(), o.since) < 0)) return false;
  if (!o.until.empty() && (m.time.empty() || m.time.compare(0, o.until.size(), o.until) > 0)) return false;
  return true;
}

}  // namespace

Result<size_t> AnalyzeChat(ChatReader& reader, const Analyzer& analyzer, const ChatRunOptions& o, ChatWriter& writer) {
  if (!o.only_category.empty() &&
      std::find(kCategories.begin(), kCategories.end(), o.only_category) == kCategories.end()) {
    return Status(StatusCode::kInvalidArgument,
                  "only_category must be one of mixed-message, criticism, defensiveness, withdrawal, not '" +
                      o.only_category + "'");
  }
  auto sink = [&writer](std::vector<Item>& batch) {
    for (Item& item : batch) writer.Write(item.message, item.analysed ? &item.report : nullptr);
  };
  internal::OrderedPool<std::vector<Item>> pool(o.threads);
  std::vector<Item> batch;
  size_t batch_bytes = 0;
  auto submit = [&] {
    if (batch.empty()) return;
    auto work = std::make_shared<std::vector<Item>>(std::move(batch));
    batch.clear();
    batch_bytes = 0;
    pool.Submit(
        [work, &analyzer, &o] {
          for (Item& item : *work) {
            if (item.message.kind != MessageKind::kText) continue;
            item.report = analyzer.Analyze(item.message.text);
            item.analysed = true;
            if (!o.only_category.empty()) {
              auto& f = item.report.findings;
              f.erase(
                  std::remove_if(f.begin(), f.end(), [&](const Finding& x) { return x.category != o.only_category; }),
                  f.end());
            }
          }
          return std::move(*work);
        },
        sink);
  };

  size_t read = 0;
  for (;;) {
    Item item;
    Result<bool> more = reader.Next(item.message);
    if (!more.ok()) {
      pool.Finish(sink);
      return more.status();
    }
    if (!*more) break;
    ++read;
    if (o.progress && (read & 0x3FFF) == 0) o.progress(read);
    if (!Selected(o, item.message)) continue;
    batch_bytes += item.message.text.size() + 64;
    batch.push_back(std::move(item));
    if (batch.size() >= 1024 || batch_bytes >= (256 << 10)) submit();
  }
  submit();
  pool.Finish(sink);
  return read;
}

}  // namespace reframe
