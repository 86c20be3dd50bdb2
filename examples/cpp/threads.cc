// One analyzer, four threads, 200 analyses each: every one must find the
// mixed message. Built against an installed reframe with find_package.
#include <reframe/reframe.h>

#include <atomic>
#include <iostream>
#include <thread>
#include <vector>

int main() {
  auto analyzer = reframe::Analyzer::Create(reframe::Lexicon::Builtin());
  if (!analyzer.ok()) {
    std::cerr << analyzer.status().message() << "\n";
    return 2;
  }
  std::atomic<int> found{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 200; ++i) {
        reframe::Report report = analyzer->Analyze("I want to connect, but I am too busy.");
        if (report.Count("mixed-message") == 1) ++found;
      }
    });
  }
  for (auto& t : threads) t.join();
  std::cout << found << "/800 analyses found the mixed message (reframe " << reframe::kVersion << ")\n";
  return found == 800 ? 0 : 1;
}
