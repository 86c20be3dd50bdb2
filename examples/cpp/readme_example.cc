// The library example from README.md, compiled and run by the install test.
#include <reframe/reframe.h>

#include <iostream>

int main() {
  auto analyzer = reframe::Analyzer::Create(reframe::Lexicon::Builtin());   // Result<Analyzer>
  reframe::Report report = analyzer->Analyze("I want to connect, but I am too busy.");
  for (const reframe::Finding& f : report.findings)
    std::cout << f.category << ": " << f.text << "\n  try: " << f.reframes.at(0) << "\n";
  return report.findings.empty() ? 1 : 0;
}
