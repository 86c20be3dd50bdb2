// reframe/run.h — many messages on many threads, results in input order.
//
// Checking drafts (what `reframe check` does):
//
//   reframe::ReportWriter writer(std::cout, reframe::OutputFormat::kJsonl);
//   reframe::RunOptions options;  options.lines = true;     // one message per line
//   reframe::CheckRun run(*analyzer, writer, options,
//                         [](const std::string& problem) { std::cerr << problem << "\n"; });
//   if (reframe::Status s = run.AddFile("drafts.txt"); !s.ok()) std::cerr << s.message() << "\n";
//   run.Finish();
//   writer.Finish();
//
// Analysing a chat (what `reframe chat` does):
//
//   reframe::ChatWriter writer(std::cout, reframe::ChatReportFormat::kJsonl, path);
//   reframe::Result<size_t> read = reframe::AnalyzeChat(**reader, *analyzer, {}, writer);
//   writer.Finish((*reader)->format(), (*reader)->problems().size());
//
// Work is spread over threads in batches and handed back in order, with a
// bounded number of batches in flight: memory stays bounded whatever the
// input's size. The output is the same for any number of threads.
#ifndef REFRAME_RUN_H_
#define REFRAME_RUN_H_

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "reframe/analyzer.h"
#include "reframe/chat.h"
#include "reframe/chat_report.h"
#include "reframe/export.h"
#include "reframe/status.h"
#include "reframe/writer.h"

namespace reframe {

struct RunOptions {
  unsigned threads = 0;  // worker threads; 0 = one per core
  // Every input line is its own message (a batch of drafts): exactly one
  // output message per line, in order, even when a line is empty or bad.
  bool lines = false;
  // A longer message is not analysed: it is written with an error instead.
  size_t max_message_bytes = size_t{16} << 20;
  // How errors name the limit above (a program may expose it under its own name).
  std::string max_message_option = "max_message_bytes";
  // The message every draft of the run answers (AnalyzeOptions::reply_to).
  std::optional<std::string> reply_to;
};

// Checks drafts: texts and files, each whole or line by line. Messages are
// written to the writer in the order they were added.
class REFRAME_EXPORT CheckRun {
 public:
  // `problem` receives each message that could not be analysed ("file:line:
  // binary data (NUL byte); line not analysed"), in order with the output.
  // `analyzer` and `writer` must outlive the run.
  CheckRun(const Analyzer& analyzer, ReportWriter& writer, const RunOptions& options,
           std::function<void(const std::string& problem)> problem);
  CheckRun(const CheckRun&) = delete;
  CheckRun& operator=(const CheckRun&) = delete;
  ~CheckRun();  // finishes the run

  // A text given directly (e.g. on a command line), named `name`.
  void AddText(const std::string& name, std::string text);
  // A file, "-" for standard input (reframe/input.h). On an error that stops
  // reading it, everything added before is written first and the error is
  // returned; the run can go on with other inputs.
  Status AddFile(const std::string& path);
  // Waits for every message and writes it. The writer's Finish is the caller's.
  void Finish();

  // Whether some message could not be analysed (binary data, too long).
  [[nodiscard]] bool had_errors() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

struct ChatRunOptions {
  unsigned threads = 0;  // worker threads; 0 = one per core
  // Only messages by this author ("" = everyone), whatever the case of its
  // ASCII letters ("me" selects "Me"). When no message matches, AnalyzeChat
  // fails with kNotFound listing the people in the chat.
  std::string author;
  // Only messages from `since` on and up to `until`, inclusive, compared as
  // prefixes of the ISO time ("2024", "2024-03", "2024-03-31"); "" = open.
  // Messages without a time are left out when either is set.
  std::string since, until;
  // Only findings of this category (one of kCategories; "" = all).
  std::string only_category;
  // Called with the number of messages read so far, every few thousand.
  std::function<void(size_t read)> progress;
  // A message answers the turn just before it by another person (their
  // messages in a row) if it came within this many seconds of that turn's
  // last message; messages without a time always do. Used as each message's
  // reply context (AnalyzeOptions::reply_to) and for summary.responses.
  int64_t reply_gap_seconds = 6 * 3600;
  // Fill the findings' suggestions (AnalyzeOptions::suggestions); a report
  // that shows none (the text report) turns this off and runs several times
  // faster on a chat with many findings.
  bool suggestions = true;
};

// Reads every message of `reader`, analyses the text messages the options
// select and writes each selected message, with its report, to `writer` in
// order. Returns the number of messages read, or the reader's error (after
// writing every message before it). kInvalidArgument for an unknown
// only_category. The writer's Finish is the caller's.
REFRAME_EXPORT Result<size_t> AnalyzeChat(ChatReader& reader, const Analyzer& analyzer, const ChatRunOptions& options,
                                          ChatWriter& writer);

}  // namespace reframe

#endif  // REFRAME_RUN_H_
