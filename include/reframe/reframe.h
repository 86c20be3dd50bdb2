// reframe/reframe.h — everything a program needs to check message drafts.
//
//   #include <reframe/reframe.h>
//
//   auto analyzer = reframe::Analyzer::Create(reframe::Lexicon::Builtin());
//   reframe::Report report = analyzer->Analyze("I want to connect, but I am too busy.");
//   for (const auto& f : report.findings)
//     std::cout << f.category << ": " << f.text << "\n  try: " << f.reframes.at(0) << "\n";
//
// reframe finds mixed messages, criticism, defensiveness and withdrawal in a
// draft and suggests what to say instead, after George Taylor's article
// "2 Big Reasons Why Men Pull Away". It never touches the network.
//
// This header includes every public C++ header; reframe/reframe_c.h, the C
// API, is included on its own.
#ifndef REFRAME_REFRAME_H_
#define REFRAME_REFRAME_H_

#include "reframe/analyzer.h"
#include "reframe/chat.h"
#include "reframe/chat_report.h"
#include "reframe/export.h"
#include "reframe/format.h"
#include "reframe/input.h"
#include "reframe/language.h"
#include "reframe/lexicon.h"
#include "reframe/lexicon_check.h"
#include "reframe/profile.h"
#include "reframe/report.h"
#include "reframe/run.h"
#include "reframe/status.h"
#include "reframe/version.h"
#include "reframe/writer.h"

#endif  // REFRAME_REFRAME_H_
