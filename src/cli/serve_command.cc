// reframe serve [--port N] [--lan [--bind ADDR]] [--verbose]
//
// A small web server on this machine: the page of src/cli/web/ at "/" (drafts
// checked as they are typed), and POST /api/check, which answers exactly the
// message object `reframe check --format jsonl` prints for the same text.
// It listens on 127.0.0.1 unless --lan; with --lan every request needs the
// run's random token. Uses only the public library API (include/reframe/).
#include <arpa/inet.h>
#include <fcntl.h>
#include <httplib.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <pthread.h>
#include <qrencode.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <array>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "commands.h"
#include "reframe/analyzer.h"
#include "reframe/format.h"
#include "reframe/input.h"
#include "reframe/language.h"
#include "reframe/report.h"
#include "reframe/status.h"
#include "web_assets.h"

namespace reframe::cli {
namespace {

constexpr int kDefaultPort = 8765;
constexpr size_t kMaxBodyBytes = 64 * 1024;  // a long letter is ~10 KiB
// How the page names the built-in profiles ("Writing to ..."); a profile a
// settings file defines is shown by its name.
constexpr std::array<std::pair<std::string_view, std::string_view>, 4> kProfileLabels = {{
    {"partner", "my partner"},
    {"family", "family"},
    {"friend", "a friend"},
    {"work", "someone at work"},
}};

struct ServeOptions {
  int port = kDefaultPort;
  bool lan = false;
  std::string bind;  // with --lan: this address instead of the detected one
  bool verbose = false;
};

// ---------------------------------------------------------------------------
// The API: the request is parsed by the library (ParseDraftRequest); this is
// the one place the optional context is wired.

// The settings in effect where serve was started (the same files and flags
// as `reframe check` there), resolved once: what a request gets with no
// profile, and what it gets naming each profile there is.
struct ServeSettings {
  Profile in_effect;         // settings.profile: the files' default_profile or --profile, if any
  std::string profile_name;  // its name, "" for none
  std::vector<Settings::ProfileEntry> profiles;
  std::vector<std::string> names;  // of `profiles`, for errors

  explicit ServeSettings(Settings settings)
      : in_effect(std::move(settings.profile)),
        profile_name(std::move(settings.profile_name)),
        profiles(std::move(settings.profiles)) {
    for (const Settings::ProfileEntry& p : profiles) names.push_back(p.name);
  }

  // The profile a request names, or an error that lists them.
  Result<const Profile*> Find(const std::optional<std::string>& name) const {
    if (!name) return &in_effect;
    for (const Settings::ProfileEntry& p : profiles) {
      if (p.name == *name) return &p.effective;
    }
    return Status(StatusCode::kInvalidArgument, "profile: " + UnknownProfileMessage(*name, names));
  }
};

// The analysis behind POST /api/check: the one function that turns a request
// into a report, as `reframe check --text TEXT [--reply-to REPLY_TO]
// [--profile PROFILE]` does where serve was started.
Result<Report> AnalyzeDraft(const Analyzer& analyzer, const ServeSettings& settings, const DraftRequest& request) {
  Result<const Profile*> profile = settings.Find(request.profile);
  if (!profile.ok()) return profile.status();
  AnalyzeOptions options;
  if (request.reply_to) options.reply_to = *request.reply_to;
  options.profile = *profile;
  return analyzer.Analyze(request.text, options);
}

// The message object `reframe check --text TEXT --format jsonl` prints, with
// its newline.
std::string CheckResponse(const Report& report, std::string_view text) {
  MessageContext context;
  context.source = "<text>";
  // As `check` says it (issue 16): the draft's language when it can be told.
  Language language = DetectLanguage(text);
  if (!language.code.empty()) context.language = std::move(language.code);
  std::string out;
  AppendJson(out, report, context, text);
  out += '\n';
  return out;
}

std::string JsonError(std::string_view message) { return "{\"error\":" + JsonQuote(message) + "}\n"; }

// ---------------------------------------------------------------------------
// Small helpers.

// A body with a known length: httplib writes it as is (it compresses only
// bodies it knows in full, which costs more than it saves on loopback).
void SetBody(httplib::Response& res, std::string body, const char* content_type) {
  auto data = std::make_shared<const std::string>(std::move(body));
  res.set_content_provider(data->size(), content_type, [data](size_t offset, size_t length, httplib::DataSink& sink) {
    return sink.write(data->data() + offset, length);
  });
}

// The page's "Writing to" choices: every profile, the one in effect chosen.
// Without one, "anyone" (no profile) comes first and is chosen.
std::string ProfileOptions(const ServeSettings& settings) {
  std::string out;
  if (settings.profile_name.empty()) out += "<option value=\"\" selected>anyone</option>\n";
  for (const Settings::ProfileEntry& p : settings.profiles) {
    std::string_view label = p.name;
    for (const auto& [name, builtin_label] : kProfileLabels) {
      if (name == p.name) label = builtin_label;
    }
    out += "<option value=\"" + HtmlEscape(p.name) + "\"";
    if (!p.description.empty()) out += " title=\"" + HtmlEscape(p.description) + "\"";
    if (p.name == settings.profile_name) out += " selected";
    out += ">" + HtmlEscape(label) + "</option>\n";
  }
  return out;
}

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  return s;
}

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  unsigned char diff = 0;
  for (size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  return diff == 0;
}

// 128 random bits from /dev/urandom as 22 base64url characters.
Result<std::string> RandomToken() {
  unsigned char bytes[16];
  int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Status(StatusCode::kIoError, std::string("/dev/urandom: ") + std::strerror(errno));
  size_t got = 0;
  while (got < sizeof bytes) {
    ssize_t n = read(fd, bytes + got, sizeof bytes - got);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      close(fd);
      return Status(StatusCode::kIoError, "/dev/urandom: short read");
    }
    got += static_cast<size_t>(n);
  }
  close(fd);
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string token;
  uint32_t acc = 0;
  int bits = 0;
  for (unsigned char b : bytes) {
    acc = (acc << 8) | b;
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      token += kAlphabet[(acc >> bits) & 63];
    }
  }
  if (bits > 0) token += kAlphabet[(acc << (6 - bits)) & 63];
  return token;
}

bool IsLoopback(const std::string& address) {
  in_addr a{};
  return inet_pton(AF_INET, address.c_str(), &a) == 1 && (ntohl(a.s_addr) >> 24) == 127;
}

// The address a phone on the same network reaches this machine at: the first
// IPv4 address of an interface that is up, preferring private ranges
// (192.168/16, 10/8, 172.16/12) and skipping link-local and container bridges.
Result<std::string> DetectLanAddress() {
  ifaddrs* list = nullptr;
  if (getifaddrs(&list) != 0) return Status(StatusCode::kIoError, std::string("getifaddrs: ") + std::strerror(errno));
  std::string best;
  int best_rank = 0;
  for (ifaddrs* i = list; i; i = i->ifa_next) {
    if (!i->ifa_addr || i->ifa_addr->sa_family != AF_INET) continue;
    if (!(i->ifa_flags & IFF_UP) || !(i->ifa_flags & IFF_RUNNING) || (i->ifa_flags & IFF_LOOPBACK)) continue;
    const std::string_view name = i->ifa_name ? i->ifa_name : "";
    if (name.rfind("docker", 0) == 0 || name.rfind("br-", 0) == 0 || name.rfind("veth", 0) == 0 ||
        name.rfind("virbr", 0) == 0) {
      continue;
    }
    in_addr addr{};
    std::memcpy(&addr, &reinterpret_cast<const sockaddr_in*>(static_cast<const void*>(i->ifa_addr))->sin_addr,
                sizeof addr);
    const uint32_t a = ntohl(addr.s_addr);
    if ((a >> 16) == 0xA9FE) continue;  // 169.254/16: no DHCP answer
    int rank = 1;
    if ((a >> 16) == 0xC0A8 || (a >> 24) == 10 || (a >> 20) == 0xAC1) rank = 2;
    if (rank > best_rank) {
      char text[INET_ADDRSTRLEN];
      inet_ntop(AF_INET, &addr, text, sizeof text);
      best = text;
      best_rank = rank;
    }
  }
  freeifaddrs(list);
  if (best.empty()) {
    return Status(StatusCode::kNotFound,
                  "--lan: this machine has no network address besides loopback; connect to a network, or name "
                  "an address with --bind ADDR");
  }
  return best;
}

// The URL as a QR code drawn with Unicode half blocks, two modules per
// character cell, with a quiet zone. Light modules are drawn, dark ones are
// left blank, so the code reads on a dark terminal; with `ansi` the colours
// are set explicitly (white on black), so it reads on any terminal.
Result<std::string> RenderQr(const std::string& text, bool ansi) {
  QRcode* qr = QRcode_encodeString(text.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1);
  if (!qr) return Status(StatusCode::kInternal, std::string("QR code: ") + std::strerror(errno));
  constexpr int kQuiet = 2;
  const int width = qr->width;
  const int size = width + 2 * kQuiet;
  auto light = [&](int row, int col) {
    const int r = row - kQuiet, c = col - kQuiet;
    if (r < 0 || c < 0 || r >= width || c >= width) return true;
    return (qr->data[r * width + c] & 1) == 0;
  };
  std::string out;
  for (int row = 0; row < size; row += 2) {
    out += "  ";
    if (ansi) out += "\x1b[97;40m";
    for (int col = 0; col < size; ++col) {
      const bool top = light(row, col);
      const bool bottom = row + 1 < size ? light(row + 1, col) : false;
      out += top && bottom ? "\u2588" : top ? "\u2580" : bottom ? "\u2584" : " ";
    }
    if (ansi) out += "\x1b[0m";
    out += '\n';
  }
  QRcode_free(qr);
  return out;
}

bool UseAnsi() {
  const char* no_color = std::getenv("NO_COLOR");
  if (no_color && *no_color) return false;
  return isatty(STDOUT_FILENO) != 0;
}

// ---------------------------------------------------------------------------
// The server.

class WebServer {
 public:
  WebServer(const Analyzer& analyzer, const ServeSettings& settings, const ServeOptions& options)
      : analyzer_(analyzer), settings_(settings), options_(options) {
    for (size_t i = 0; i < kWebAssetCount; ++i) {
      if (std::string_view(kWebAssets[i].path) == "/index.html") index_ = &kWebAssets[i];
    }
    // The page with this run's profiles in its picker; the draft goes in per request.
    index_html_ = std::string(index_->data);
    constexpr std::string_view kProfilesMarker = "<!--reframe:profiles-->";
    if (size_t at = index_html_.find(kProfilesMarker); at != std::string::npos) {
      index_html_.replace(at, kProfilesMarker.size(), ProfileOptions(settings_));
    }
  }

  // Binds `address`:`port` (0 = any free port). Returns the port.
  Result<int> Bind(const std::string& address, int port, std::string token) {
    address_ = address;
    token_ = std::move(token);
    Configure();
    int bound = port;
    if (port == 0) {
      bound = server_.bind_to_any_port(address);
      if (bound < 0) bound = 0;
    } else if (!server_.bind_to_port(address, port)) {
      bound = 0;
    }
    if (bound <= 0) {
      const int err = errno;
      std::string why = port == 0 ? "no free port" : "port " + std::to_string(port) + " is in use or not allowed";
      if (err == EADDRNOTAVAIL) why = "this machine has no address " + address;
      return Status(StatusCode::kIoError, "cannot listen on " + address + ":" + std::to_string(port) + ": " + why +
                                              (port != 0 ? " (--port N picks another; --port 0 any free one)" : ""));
    }
    port_ = bound;
    const std::string port_text = std::to_string(bound);
    allowed_hosts_ = {address + ":" + port_text};
    if (IsLoopback(address)) allowed_hosts_.push_back("localhost:" + port_text);
    if (bound == 80) {
      allowed_hosts_.push_back(address);
      if (IsLoopback(address)) allowed_hosts_.push_back("localhost");
    }
    cookie_name_ = "reframe_token_" + port_text;
    return bound;
  }

  // Serves until Stop(). False if the server could not run.
  bool Listen() { return server_.listen_after_bind(); }
  void Stop() { server_.stop(); }

 private:
  using HandlerResponse = httplib::Server::HandlerResponse;

  static bool IsApi(const httplib::Request& req) { return req.path.rfind("/api/", 0) == 0; }

  // Errors as JSON for the API, as plain text for a person's browser.
  static void SetError(const httplib::Request& req, httplib::Response& res, int status, std::string_view message) {
    res.status = status;
    if (IsApi(req)) {
      SetBody(res, JsonError(message), "application/json; charset=utf-8");
    } else {
      SetBody(res, "reframe: " + std::string(message) + "\n", "text/plain; charset=utf-8");
    }
  }

  void Configure() {
    // SO_REUSEADDR only: httplib's default SO_REUSEPORT would let a second
    // server (or another program of this user) share the port silently.
    server_.set_socket_options([](socket_t sock) {
      int yes = 1;
      setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    });
    server_.set_tcp_nodelay(true);
    // A browser keeps up to six idle connections open, each holding a worker
    // until its keep-alive ends: leave room for a phone and a desktop at once.
    server_.new_task_queue = [] { return new httplib::ThreadPool(16); };
    server_.set_payload_max_length(kMaxBodyBytes);
    server_.set_read_timeout(10);
    server_.set_write_timeout(10);
    server_.set_keep_alive_timeout(2);  // an idle connection holds up Ctrl-C this long at most
    server_.set_keep_alive_max_count(1000);
    server_.set_default_headers({
        {"Content-Security-Policy",
         "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
         "manifest-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"},
        {"X-Content-Type-Options", "nosniff"},
        {"Referrer-Policy", "no-referrer"},
        {"X-Frame-Options", "DENY"},
        {"Cross-Origin-Opener-Policy", "same-origin"},
        {"Cross-Origin-Resource-Policy", "same-origin"},
        {"Cache-Control", "no-store"},
    });

    // Requests are checked before anything else runs. One with a body is
    // checked in its handler instead, once httplib has read the body: a
    // request refused earlier would leave its body on a kept-alive
    // connection, to be read as the next request.
    server_.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
      // httplib 0.11 applies no size limit to chunked bodies: take none.
      if (req.has_header("Transfer-Encoding")) {
        SetError(req, res, 411, "send the body with a Content-Length (chunked bodies are not accepted)");
        return HandlerResponse::Handled;
      }
      if (CarriesBody(req) || Admit(req, res)) return HandlerResponse::Unhandled;
      return HandlerResponse::Handled;
    });

    server_.Get("/", [this](const httplib::Request& req, httplib::Response& res) { ServeIndex(req, res); });
    for (size_t i = 0; i < kWebAssetCount; ++i) {
      const WebAsset& asset = kWebAssets[i];
      if (&asset == index_) continue;
      server_.Get(PathPattern(asset.path), [&asset](const httplib::Request&, httplib::Response& res) {
        res.set_content_provider(asset.data.size(), asset.content_type,
                                 [&asset](size_t offset, size_t length, httplib::DataSink& sink) {
                                   return sink.write(asset.data.data() + offset, length);
                                 });
      });
    }
    server_.Post("/api/check", [this](const httplib::Request& req, httplib::Response& res) {
      if (Admit(req, res)) Check(req, res);
    });
    server_.Get("/api/check", [](const httplib::Request& req, httplib::Response& res) {
      res.set_header("Allow", "POST");
      SetError(req, res, 405, "use POST with a JSON body {\"text\": \"...\"}");
    });
    // Every other request with a body: checked like the rest, then refused.
    auto other = [this](const httplib::Request& req, httplib::Response& res) {
      if (!Admit(req, res)) return;
      if (req.path == "/api/check") res.set_header("Allow", "POST");
      SetError(req, res, req.path == "/api/check" ? 405 : 404, req.path == "/api/check" ? "use POST" : "not found");
    };
    server_.Post(".*", other);
    server_.Put(".*", other);
    server_.Patch(".*", other);
    server_.Delete(".*", other);

    // Errors httplib raises itself (404, 413, 400 on a broken request) get a
    // body in the same shape as ours.
    server_.set_error_handler(
        httplib::Server::HandlerWithResponse([](const httplib::Request& req, httplib::Response& res) {
          if (!res.has_header("Content-Type")) {  // ours always have one
            const char* message = res.status == 404   ? "not found"
                                  : res.status == 413 ? "the request body is larger than 64 KiB"
                                  : res.status == 414 ? "the address is too long; send long drafts with POST /api/check"
                                                      : "bad request";
            SetError(req, res, res.status, message);
          }
          return HandlerResponse::Handled;
        }));
    server_.set_exception_handler([](const httplib::Request& req, httplib::Response& res, std::exception_ptr) {
      SetError(req, res, 500, "internal error");
    });
    server_.set_logger([this](const httplib::Request& req, const httplib::Response& res) { Log(req, res); });
  }

  // A route pattern (httplib routes are regular expressions) matching `path`.
  static std::string PathPattern(std::string_view path) {
    std::string pattern;
    for (char c : path) {
      if (std::strchr(".+*?^$()[]{}|\\", c)) pattern += '\\';
      pattern += c;
    }
    return pattern;
  }

  // Whether httplib reads a body for this request before routing it.
  static bool CarriesBody(const httplib::Request& req) {
    return req.method == "POST" || req.method == "PUT" || req.method == "PATCH" || req.method == "PRI" ||
           (req.method == "DELETE" && req.has_header("Content-Length"));
  }

  // Refuses (403) requests that are not for this server (DNS rebinding: a
  // foreign Host; cross-site requests: a foreign Origin) and, with --lan,
  // requests without the token. True if the request may go on.
  bool Admit(const httplib::Request& req, httplib::Response& res) {
    const std::string host = Lower(req.get_header_value("Host"));
    if (std::find(allowed_hosts_.begin(), allowed_hosts_.end(), host) == allowed_hosts_.end()) {
      SetError(req, res, 403, "the Host header is not this server's address (" + allowed_hosts_.front() + ")");
      return false;
    }
    if (req.has_header("Origin")) {
      const std::string origin = Lower(req.get_header_value("Origin"));
      if (origin != "http://" + host) {
        SetError(req, res, 403, "requests from other sites are refused");
        return false;
      }
    }
    if (!token_.empty()) {
      const std::string query_token = req.get_param_value("token");
      if (!query_token.empty() && ConstantTimeEquals(query_token, token_)) {
        // Remember the token for the page's own requests (script, styles,
        // manifest, API): the link carries it only once.
        res.set_header("Set-Cookie", cookie_name_ + "=" + token_ + "; Path=/; HttpOnly; SameSite=Lax");
      } else if (!ConstantTimeEquals(CookieValue(req, cookie_name_), token_)) {
        SetError(req, res, 403,
                 "this server needs the link with its token (scan the QR code or open the URL `reframe serve "
                 "--lan` printed)");
        return false;
      }
    }
    return true;
  }

  static std::string CookieValue(const httplib::Request& req, const std::string& name) {
    for (size_t i = 0, n = req.get_header_value_count("Cookie"); i < n; ++i) {
      const std::string header = req.get_header_value("Cookie", i);
      size_t pos = 0;
      while (pos < header.size()) {
        size_t end = header.find(';', pos);
        if (end == std::string::npos) end = header.size();
        std::string_view pair(header.data() + pos, end - pos);
        while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
        if (pair.size() > name.size() && pair.compare(0, name.size(), name) == 0 && pair[name.size()] == '=') {
          return std::string(pair.substr(name.size() + 1));
        }
        pos = end + 1;
      }
    }
    return {};
  }

  void ServeIndex(const httplib::Request& req, httplib::Response& res) {
    // A draft shared into the page (share_target: text, or title and url).
    std::string draft = req.get_param_value("text");
    if (draft.empty()) draft = req.get_param_value("title");
    const std::string url = req.get_param_value("url");
    if (!url.empty() && draft.find(url) == std::string::npos) draft += (draft.empty() ? "" : " ") + url;
    std::string html = index_html_;
    constexpr std::string_view kMarker = "<!--reframe:draft-->";
    if (size_t at = html.find(kMarker); at != std::string::npos) html.replace(at, kMarker.size(), HtmlEscape(draft));
    SetBody(res, std::move(html), index_->content_type);
  }

  void Check(const httplib::Request& req, httplib::Response& res) {
    const std::string type = Lower(req.get_header_value("Content-Type"));
    if (type.rfind("application/json", 0) != 0 || (type.size() > 16 && type[16] != ';' && type[16] != ' ')) {
      SetError(req, res, 415, "send the draft as JSON (Content-Type: application/json)");
      return;
    }
    Result<DraftRequest> request = ParseDraftRequest(req.body);
    if (!request.ok()) {
      SetError(req, res, 400, request.status().message());
      return;
    }
    Result<Report> report = AnalyzeDraft(analyzer_, settings_, *request);
    if (!report.ok()) {
      SetError(req, res, 400, report.status().message());
      return;
    }
    SetBody(res, CheckResponse(*report, request->text), "application/json; charset=utf-8");
  }

  // One line per request on stderr: refusals and errors always, everything
  // with --verbose. Never the draft: no query string, no body, and a path we
  // do not serve is not echoed.
  void Log(const httplib::Request& req, const httplib::Response& res) {
    if (!options_.verbose && res.status < 400) return;
    bool known = req.path == "/" || req.path == "/api/check";
    for (size_t i = 0; i < kWebAssetCount && !known; ++i) known = req.path == kWebAssets[i].path;
    std::string line = "reframe serve: " + req.remote_addr + " " + req.method + " " +
                       (known ? req.path : std::string("(a path not served)")) + " " + std::to_string(res.status);
    if (res.status == 403) line += " refused";
    std::lock_guard<std::mutex> lock(log_mutex_);
    std::cerr << line << "\n" << std::flush;
  }

  const Analyzer& analyzer_;
  const ServeSettings& settings_;
  const ServeOptions& options_;
  const WebAsset* index_ = nullptr;
  std::string index_html_;
  httplib::Server server_;
  std::string address_;
  int port_ = 0;
  std::string token_;
  std::string cookie_name_;
  std::vector<std::string> allowed_hosts_;
  std::mutex log_mutex_;
};

// Blocks SIGINT and SIGTERM in every thread (call before any thread starts)
// and stops `server` from a thread of its own when one arrives, so no
// handler runs inside the server's code.
class SignalStopper {
 public:
  SignalStopper() {
    sigemptyset(&set_);
    sigaddset(&set_, SIGINT);
    sigaddset(&set_, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set_, nullptr);
    signal(SIGPIPE, SIG_IGN);  // a browser that goes away mid-answer is not fatal
  }

  void Start(WebServer& server) {
    thread_ = std::thread([this, &server] {
      std::chrono::steady_clock::time_point stopping;
      while (!done_) {
        timespec wait{0, 100 * 1000 * 1000};
        const int sig = sigtimedwait(&set_, nullptr, &wait);
        if (sig > 0 && !signal_) {
          signal_ = sig;
          stopping = std::chrono::steady_clock::now();
        }
        if (!signal_) continue;
        // stop() only takes effect once the server runs: keep asking.
        server.Stop();
        // A request still being answered gets a second; then we go anyway.
        if (std::chrono::steady_clock::now() - stopping > std::chrono::seconds(1)) {
          std::cerr << "reframe serve: stopped\n" << std::flush;
          std::_Exit(kExitClean);
        }
      }
    });
  }

  void Finish() {
    done_ = true;
    if (thread_.joinable()) thread_.join();
  }

  int signal_number() const { return signal_; }

 private:
  sigset_t set_{};
  std::thread thread_;
  std::atomic<bool> done_{false};
  std::atomic<int> signal_{0};
};

int RunServe(const GlobalOptions& global, const ServeOptions& options) {
  if (options.port < 0 || options.port > 65535) return Fail("--port must be between 0 and 65535");
  if (!options.bind.empty() && !options.lan)
    return Fail("--bind needs --lan (without it the server listens on 127.0.0.1 only)");
  std::string address = "127.0.0.1";
  if (options.lan) {
    if (!options.bind.empty()) {
      in_addr a{};
      if (inet_pton(AF_INET, options.bind.c_str(), &a) != 1) {
        return Fail("--bind " + options.bind + ": not an IPv4 address (e.g. 192.168.1.20)");
      }
      if (a.s_addr == htonl(INADDR_ANY)) {
        return Fail("--bind 0.0.0.0: name one address of this machine; the link must say where to connect");
      }
      address = options.bind;
    } else {
      Result<std::string> lan = DetectLanAddress();
      if (!lan.ok()) return Fail(lan.status().message());
      address = *lan;
    }
  }

  // The settings where serve was started, as `reframe check` there reads
  // them. The analyzer gets no profile of its own: each request is given
  // the whole of its settings (ServeSettings::Find), so a request's profile
  // replaces the one in effect instead of piling onto it.
  Result<Settings> settings = LoadSettings(global);
  if (!settings.ok()) return Fail(settings.status().message());
  Result<Analyzer> analyzer = Analyzer::Create(settings->lexicon);
  if (!analyzer.ok()) return Fail(analyzer.status().message());
  const std::vector<std::string> files = settings->files;
  const ServeSettings serve_settings(std::move(*settings));

  std::string token;
  if (options.lan) {
    Result<std::string> random = RandomToken();
    if (!random.ok()) return Fail(random.status().message());
    token = *random;
  }

  SignalStopper stopper;  // before the server starts its threads
  WebServer server(*analyzer, serve_settings, options);
  Result<int> port = server.Bind(address, options.port, token);
  if (!port.ok()) return Fail(port.status().message());

  const std::string base = "http://" + address + ":" + std::to_string(*port) + "/";
  if (options.lan) {
    const std::string url = base + "?token=" + token;
    Result<std::string> qr = RenderQr(url, UseAnsi());
    std::cout << "reframe serve: on a phone on the same network, scan the code or open\n  " << url << "\n\n";
    if (qr.ok()) std::cout << *qr << "\n";
    std::cout << "  Anyone on this network with this link can use the page until you stop the server.\n"
              << "  Each run makes a new link. Ctrl-C stops the server.\n";
  } else {
    std::cout << "reframe serve: open " << base << " in your browser\n"
              << "  Only this computer can reach it. Ctrl-C stops the server.\n";
  }
  if (!files.empty() || !serve_settings.profile_name.empty()) {
    std::string read;
    for (const std::string& f : files) read += (read.empty() ? "" : ", ") + f;
    std::cout << "  Settings: " << (read.empty() ? "no file" : read) << "; profile "
              << (serve_settings.profile_name.empty() ? "none" : serve_settings.profile_name)
              << " unless the page picks one (reframe config shows them).\n";
  }
  std::cout << std::flush;

  stopper.Start(server);
  const bool ran = server.Listen();
  stopper.Finish();
  if (stopper.signal_number()) {
    std::cerr << "reframe serve: stopped\n";
    return kExitClean;
  }
  if (!ran) return Fail("the server stopped unexpectedly");
  return kExitClean;
}

}  // namespace

void RegisterServe(CLI::App& app, const GlobalOptions& global, RunFunction& run) {
  auto options = std::make_shared<ServeOptions>();
  CLI::App* cmd =
      app.add_subcommand("serve", "Check drafts in a web page served on this computer (127.0.0.1; --lan for a phone)");
  cmd->add_option("--port,-p", options->port, "Port to listen on (0 = any free port, printed at start)")
      ->capture_default_str();
  cmd->add_flag("--lan", options->lan,
                "Listen on this machine's local network address instead, for a phone: prints a link with a "
                "random token and its QR code; requests without the token are refused");
  cmd->add_option("--bind", options->bind, "With --lan: listen on this IPv4 address instead of the detected one")
      ->type_name("ADDR");
  cmd->add_flag("--verbose,-v", options->verbose, "Log every request (method, path, status; never the draft)");
  cmd->callback([&run, &global, options] { run = [&global, options] { return RunServe(global, *options); }; });
}

}  // namespace reframe::cli
