"""`reframe serve` over HTTP: the API answers exactly what `reframe check
--format jsonl` prints, bad requests get clear JSON errors, foreign Host and
Origin headers and (with --lan) requests without the token are refused, the
log holds no draft text, and SIGINT/SIGTERM stop it; the settings where serve
starts (.reframe.toml, the user's config.toml, the settings flags) apply, and a
request may name a profile. Every server here listens on 127.0.0.1 (with --lan
too: --bind 127.0.0.1). Servers and `reframe check` run with a temporary HOME,
XDG_CONFIG_HOME and working directory, so no settings file of this machine's
leaks in.

usage: api_test.py REFRAME SOURCE_DIR"""
import http.client
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from testlib import check, main, test  # noqa: E402
from serve_helpers import Server  # noqa: E402

REFRAME, SOURCE = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
SERVER = None  # the shared loopback server, started in main

# No settings file from this machine: an empty home and working directory.
SANDBOX = tempfile.mkdtemp(prefix="reframe-serve-")
for _name in ("home", "xdg", "work"):
    os.makedirs(os.path.join(SANDBOX, _name))
os.environ["HOME"] = os.path.join(SANDBOX, "home")
os.environ["XDG_CONFIG_HOME"] = os.path.join(SANDBOX, "xdg")
os.chdir(os.path.join(SANDBOX, "work"))


def cli_jsonl(text, reply_to=None, profile=None, cwd=None, global_args=()):
    """What `reframe [global_args] check --format jsonl` prints in `cwd`."""
    args = [REFRAME, *global_args, "check", "--text", text, "--format", "jsonl"]
    if reply_to is not None:
        args += ["--reply-to", reply_to]
    if profile is not None:
        args += ["--profile", profile]
    out = subprocess.run(args, capture_output=True, check=False, cwd=cwd)
    check(out.returncode in (0, 1), f"reframe check failed: {out.stderr.decode()}")
    return out.stdout


def request(method, path, body=None, headers=None, server=None, host=None):
    """One request on a fresh connection; returns (status, headers dict, body bytes)."""
    srv = server or SERVER
    conn = http.client.HTTPConnection("127.0.0.1", srv.port, timeout=30)
    hdrs = dict(headers or {})
    conn.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
    conn.putheader("Host", host if host is not None else f"{srv.host}:{srv.port}")
    if body is not None and "Content-Length" not in hdrs and "Transfer-Encoding" not in hdrs:
        hdrs["Content-Length"] = str(len(body))
    for k, v in hdrs.items():
        conn.putheader(k, v)
    conn.endheaders(body)
    r = conn.getresponse()
    data = r.read()
    result = (r.status, {k.lower(): v for k, v in r.getheaders()}, data)
    conn.close()
    return result


def post_check(payload, headers=None, server=None, raw=None):
    body = raw if raw is not None else json.dumps(payload).encode()
    h = {"Content-Type": "application/json"}
    h.update(headers or {})
    return request("POST", "/api/check", body, h, server=server)


def expect_error(status, headers, body, code, fragment=""):
    check(status == code, f"expected {code}, got {status}: {body[:200]!r}")
    check(headers.get("content-type", "").startswith("application/json"), f"error is not JSON: {headers}")
    err = json.loads(body)
    check(isinstance(err.get("error"), str) and err["error"], f"no error message: {body!r}")
    check(fragment.lower() in err["error"].lower(), f"error {err['error']!r} does not mention {fragment!r}")


DRAFTS = [
    "I want to connect, but I am too busy.",
    open(os.path.join(SOURCE, "samples", "draft.txt"), encoding="utf-8").read(),
    "",
    "Thanks for waiting. How about Sunday?",
    "Café ☕ ünd 😀 first. I want to connect, but I am too busy. 你好 You always make it a big deal.",
    "line one\r\nYou never listen.\r\n\r\nI meant to call, but I didn't.\n",
    "\u201cYou always do this,\u201d she said. Whatever.",
    "Okay, I get it. Fine.",
]


@test
def check_equals_cli_jsonl():
    for text in DRAFTS:
        status, headers, body = post_check({"text": text})
        check(status == 200, f"{status} for {text!r}: {body[:200]!r}")
        check(headers["content-type"] == "application/json; charset=utf-8", headers["content-type"])
        expected = cli_jsonl(text)
        check(body == expected, f"API and CLI differ for {text!r}:\n{body!r}\n{expected!r}")
    # It really reports findings (not an empty object that trivially matches).
    status, _, body = post_check({"text": DRAFTS[0]})
    message = json.loads(body)
    check(message["findings"][0]["category"] == "mixed-message", body)
    check(message["findings"][0]["start"] == 0 and message["findings"][0]["end"] == 36, body)


@test
def long_draft_near_the_limit():
    text = "I want to connect, but I am too busy. We can talk later. " * 1100  # ~62 KiB
    status, _, body = post_check({"text": text})
    check(status == 200, f"{status}: {body[:200]!r}")
    check(body == cli_jsonl(text), "API and CLI differ on a 62 KiB draft")


@test
def optional_fields():
    expected = cli_jsonl(DRAFTS[0])
    for payload in ({"text": DRAFTS[0], "reply_to": None, "profile": None},
                    {"text": DRAFTS[0], "future_field": [1, 2]}):
        status, _, body = post_check(payload)
        check(status == 200 and body == expected, f"{payload}: {status} {body[:200]!r}")


@test
def a_profile_is_read_as_check_profile():
    # Each profile answers what `reframe check --profile NAME` prints, and it
    # matters: to a colleague a busy week is only info, to a partner it warns.
    severities = {}
    for name in ("partner", "family", "friend", "work"):
        for text in (DRAFTS[0], "Fine.", DRAFTS[4]):
            status, _, body = post_check({"text": text, "profile": name, "future_field": [1, 2]})
            check(status == 200, f"{name}: {status} {body[:200]!r}")
            check(body == cli_jsonl(text, profile=name), f"{name}: API and `check --profile` differ for {text!r}")
        severities[name] = [f["severity"] for f in json.loads(post_check({"text": DRAFTS[0], "profile": name})[2])
                            ["findings"]]
    check(severities["partner"] == ["warning"] and severities["work"] == ["info"], f"{severities}")
    status, _, body = post_check({"text": "Fine.", "reply_to": "You never listen to me.", "profile": "work"})
    check(status == 200 and body == cli_jsonl("Fine.", "You never listen to me.", "work"), body[:300])


@test
def an_unknown_profile_is_a_clear_400():
    status, headers, body = post_check({"text": "hi", "profile": "wrok"})
    expect_error(status, headers, body, 400, "profile")
    check(json.loads(body)["error"] == "profile: unknown profile 'wrok' (did you mean 'work'?); the profiles are "
          "partner, family, friend, work", body)
    expect_error(*post_check({"text": "hi", "profile": "enemy"}), 400, "the profiles are partner, family, friend")
    expect_error(*post_check({"text": "hi", "profile": ""}), 400, "unknown profile ''")
    expect_error(*post_check({"text": "hi", "profile": "Work"}), 400, "did you mean 'work'")
    expect_error(*post_check({"text": "hi", "profile": 3}), 400, "profile")
    expect_error(*post_check({"text": "hi", "profile": ["work"]}), 400, "profile")
    # The error names no draft text, and the server goes on answering.
    status, _, body = post_check({"text": "hi", "profile": "work"})
    check(status == 200, f"{status} after the errors")


def picker(page):
    """The page's "Writing to" options: [(value, label, selected)]."""
    select = re.search(rb'<select id="profile"[^>]*>(.*?)</select>', page, re.S).group(1).decode()
    return [(m.group(1), m.group(3), bool(m.group(2)))
            for m in re.finditer(r'<option value="([^"]*)"[^>]*?( selected)?>([^<]*)</option>', select)]


@test
def the_page_offers_every_profile():
    status, _, page = request("GET", "/")
    check(status == 200, status)
    check(picker(page) == [("", "anyone", True), ("partner", "my partner", False), ("family", "family", False),
                           ("friend", "a friend", False), ("work", "someone at work", False)], f"{picker(page)}")
    check(b"reframe:profiles" not in page, "the picker marker is left in the page")


@test
def settings_where_serve_started():
    project = os.path.join(SANDBOX, "project")
    inner = os.path.join(project, "drafts", "to-send")
    os.makedirs(inner, exist_ok=True)
    with open(os.path.join(project, ".reframe.toml"), "w", encoding="utf-8") as f:
        f.write('# found from a directory below, as `reframe check` finds it\n'
                'default_profile = "friend"\n'
                'disable = ["criticism/always-never"]\n'
                'allow = ["fine"]\n'
                '\n'
                '[profile.boss]\n'
                'description = "My <manager>"\n'
                'disable = ["mixed-message"]\n')
    texts = [DRAFTS[0], "You always forget. Fine.", "Ok.", DRAFTS[4]]
    with Server(REFRAME, "--port", "0", cwd=inner) as srv:
        check(".reframe.toml" in srv.stdout and "profile friend" in srv.stdout, srv.stdout)
        for text in texts:
            # No profile: the settings as `check` reads them there (default_profile friend).
            status, _, body = post_check({"text": text}, server=srv)
            check(status == 200 and body == cli_jsonl(text, cwd=inner), f"no profile, {text!r}: {body[:300]!r}")
            for name in ("partner", "work", "boss"):
                status, _, body = post_check({"text": text, "profile": name}, server=srv)
                check(status == 200 and body == cli_jsonl(text, profile=name, cwd=inner),
                      f"{name}, {text!r}: API and `check --profile {name}` there differ: {body[:300]!r}")
        # The file is really in effect: its disabled rule is gone, whatever the profile.
        rules = [f["rule"] for f in json.loads(post_check({"text": "You always forget.", "profile": "partner"},
                                                          server=srv)[2])["findings"]]
        check("criticism/always-never" not in rules, f"disabled rule reported: {rules}")
        found = json.loads(post_check({"text": DRAFTS[0], "profile": "boss"}, server=srv)[2])["findings"]
        check(found == [], f"[profile.boss] disables mixed messages: {found}")
        found = json.loads(post_check({"text": DRAFTS[0], "profile": "partner"}, server=srv)[2])["findings"]
        check([f["severity"] for f in found] == ["warning"], f"partner: {found}")
        # A profile the file defines is known to the errors and to the page.
        expect_error(*post_check({"text": "hi", "profile": "bos"}, server=srv), 400, "did you mean 'boss'")
        expect_error(*post_check({"text": "hi", "profile": "x"}, server=srv), 400, "friend, work, boss")
        status, _, page = request("GET", "/", server=srv)
        options = picker(page)
        check([o[0] for o in options] == ["partner", "family", "friend", "work", "boss"], f"{options}")
        check([o[0] for o in options if o[2]] == ["friend"], f"the default is not chosen: {options}")
        check(("boss", "boss", False) in options and b"My &lt;manager&gt;" in page, f"{options}")
        code, err = srv.stop()
        check(code == 0, f"exit {code}: {err}")

    # The settings flags apply as they do to check: a flag wins over the file
    # and over the request's profile; --no-config reads no file.
    flags = ("--profile", "work", "--disable", "withdrawal", "--enable", "criticism/always-never")
    with Server(REFRAME, "--port", "0", cwd=inner, global_args=flags) as srv:
        for text in texts:
            status, _, body = post_check({"text": text}, server=srv)
            check(status == 200 and body == cli_jsonl(text, cwd=inner, global_args=flags), f"flags, {text!r}")
            status, _, body = post_check({"text": text, "profile": "partner"}, server=srv)
            expected = cli_jsonl(text, cwd=inner, global_args=flags[2:] + ("--profile", "partner"))
            check(status == 200 and body == expected, f"flags, partner, {text!r}: {body[:300]!r}")
            rules = [f["rule"] for f in json.loads(body)["findings"]]
            check(not any(r.startswith("withdrawal/") for r in rules), f"--disable withdrawal lost: {rules}")
        rules = [f["rule"] for f in json.loads(post_check({"text": "You always forget.", "profile": "boss"},
                                                          server=srv)[2])["findings"]]
        check("criticism/always-never" in rules, f"--enable lost to the file's disable: {rules}")
        options = picker(request("GET", "/", server=srv)[2])
        check([o[0] for o in options if o[2]] == ["work"], f"--profile work is not chosen: {options}")
    with Server(REFRAME, "--port", "0", cwd=inner, global_args=("--no-config",)) as srv:
        check(post_check({"text": "You always forget."}, server=srv)[2] == cli_jsonl("You always forget."),
              "--no-config still read the file")
        check("boss" not in [o[0] for o in picker(request("GET", "/", server=srv)[2])], "--no-config: boss offered")

    # A settings file with a mistake stops serve before it listens, naming file and line.
    with open(os.path.join(project, ".reframe.toml"), "a", encoding="utf-8") as f:
        f.write('enable = ["critcism"]\n')
    p = subprocess.run([REFRAME, "serve", "--port", "0"], cwd=inner, capture_output=True, timeout=30)
    err = p.stderr.decode()
    check(p.returncode == 2, f"exit {p.returncode}: {err}")
    check(".reframe.toml:9" in err and "did you mean 'criticism'" in err, err)
    check(b"http://" not in p.stdout, "it listened anyway")


@test
def reply_to_is_read_as_check_reply_to():
    # A curt "Ok." shuts the door after a complaint, not after an invitation:
    # the answer must be what `reframe check --reply-to` says, and must differ.
    answers = {}
    for reply_to in ("You never listen to me.", "Dinner at 7?", "", None):
        payload = {"text": "Ok."} if reply_to is None else {"text": "Ok.", "reply_to": reply_to}
        status, _, body = post_check(payload)
        check(status == 200, f"{payload}: {status} {body[:200]!r}")
        check(body == cli_jsonl("Ok.", reply_to), f"{payload}: API and `check --reply-to` differ: {body[:300]!r}")
        answers[reply_to] = [f["rule"] for f in json.loads(body)["findings"]]
    check(answers["You never listen to me."] == ["withdrawal/curt-reply"], f"after a complaint: {answers}")
    check(answers["Dinner at 7?"] == [] and answers[None] == [], f"after an invitation or alone: {answers}")
    for text, reply_to in (("I was at work!", "You never call me."), ("I was at work!", "Where were you?"),
                           (DRAFTS[0], "Are you coming on Saturday?"), ("caf\u00e9? fine.", "Can we talk \u2014 now?")):
        status, _, body = post_check({"text": text, "reply_to": reply_to, "profile": "friend"})
        check(status == 200 and body == cli_jsonl(text, reply_to, "friend"),
              f"{text!r} answering {reply_to!r}: {body[:300]!r}")
    expect_error(*post_check({"text": "hi", "profile": "enemy"}), 400, "profile")
    expect_error(*post_check({"text": "hi", "profile": ""}), 400, "profile")
    expect_error(*post_check({"text": "hi", "profile": 3}), 400, "profile")
    expect_error(*post_check({"text": "hi", "reply_to": ["x"]}), 400, "reply_to")


@test
def malformed_requests():
    expect_error(*post_check(None, raw=b'{"text": "unterminated'), 400, "not valid JSON")
    expect_error(*post_check(None, raw=b""), 400, "not valid JSON")
    status, headers, body = post_check(None, raw=b"\xff\xfe{}")
    expect_error(status, headers, body, 400, "not valid JSON")
    check(b"last read" not in body, f"the input is echoed: {body!r}")
    expect_error(*post_check(None, raw=b'{"text": "bad \xc3\x28 utf-8"}'), 400, "not valid JSON")
    expect_error(*post_check(None, raw=b'{"text": "lone \\ud800 surrogate"}'), 400, "not valid JSON")
    expect_error(*post_check(["a list"]), 400, "JSON object")
    expect_error(*post_check("a string"), 400, "JSON object")
    expect_error(*post_check({}), 400, "text")
    expect_error(*post_check({"text": 42}), 400, "text")
    expect_error(*post_check({"text": None}), 400, "text")
    expect_error(*post_check({"text": "a\u0000b"}), 400, "NUL")
    expect_error(*post_check(None, raw=b"[" * 60000), 400, "not valid JSON")
    expect_error(*post_check({"text": "hi"}, headers={"Content-Type": "text/plain"}), 415, "application/json")
    expect_error(*post_check({"text": "hi"}, headers={"Content-Type": "application/jsonp"}), 415, "application/json")
    status, _, _ = post_check({"text": "hi"}, headers={"Content-Type": "application/json; charset=utf-8"})
    check(status == 200, f"charset parameter refused: {status}")
    # Still serving after all that.
    status, _, body = post_check({"text": DRAFTS[0]})
    check(status == 200 and body == cli_jsonl(DRAFTS[0]), "server broken after bad requests")


@test
def oversized_body():
    body = json.dumps({"text": "x" * (65 * 1024)}).encode()
    expect_error(*post_check(None, raw=body), 413, "64 KiB")
    # The declared length alone is enough to refuse.
    status, _, _ = request("POST", "/api/check", b"{}", {"Content-Type": "application/json",
                                                         "Content-Length": str(10 ** 12)})
    check(status == 413, f"a 1 TB Content-Length: {status}")
    # Chunked bodies (which httplib would read without a limit) are refused.
    conn = http.client.HTTPConnection("127.0.0.1", SERVER.port, timeout=30)
    conn.request("POST", "/api/check", body=iter([b'{"text": "', b"x" * 8192, b'"}']),
                 headers={"Content-Type": "application/json", "Host": f"127.0.0.1:{SERVER.port}"},
                 encode_chunked=True)
    r = conn.getresponse()
    body = r.read()
    conn.close()
    expect_error(r.status, {k.lower(): v for k, v in r.getheaders()}, body, 411, "Content-Length")
    status, _, body = post_check({"text": DRAFTS[0]})
    check(status == 200 and body == cli_jsonl(DRAFTS[0]), "server broken after oversized bodies")


@test
def methods_and_paths():
    status, headers, body = request("GET", "/api/check")
    expect_error(status, headers, body, 405, "POST")
    check(headers.get("allow") == "POST", headers)
    expect_error(*request("PUT", "/api/check", b"{}", {"Content-Type": "application/json"}), 405)
    expect_error(*request("POST", "/api/other", b"{}", {"Content-Type": "application/json"}), 404)
    for path in ("/nothing", "/index.html/..", "/../etc/passwd", "/etc/passwd", "/api", "/%2e%2e/CMakeLists.txt"):
        status, _, body = request("GET", path)
        check(status == 404, f"GET {path}: {status}")
        check(b"cmake" not in body.lower() and b"root:" not in body, f"GET {path} leaked a file")
    status, headers, body = request("HEAD", "/")
    check(status == 200 and body == b"", f"HEAD /: {status} {body[:50]!r}")


@test
def page_and_assets():
    status, headers, html = request("GET", "/")
    check(status == 200 and headers["content-type"] == "text/html; charset=utf-8", f"{status} {headers}")
    csp = headers.get("content-security-policy", "")
    for directive in ("default-src 'none'", "script-src 'self'", "style-src 'self'", "connect-src 'self'",
                      "frame-ancestors 'none'", "base-uri 'none'"):
        check(directive in csp, f"CSP lacks {directive}: {csp}")
    check("'unsafe-inline'" not in csp and "'unsafe-eval'" not in csp, csp)
    check(headers.get("x-content-type-options") == "nosniff", headers)
    check(headers.get("referrer-policy") == "no-referrer", headers)
    check(headers.get("cache-control") == "no-store", headers)
    check("content-encoding" not in headers, headers)
    page = html.decode()
    check('<label class="draft-label" for="draft">' in page and 'id="draft"' in page, "the textarea has no label")
    check('role="status"' in page, "no live status region")
    check(not re.search(r"<script(?![^>]*\ssrc=)[^>]*>", page), "inline <script> in the page")
    check(not re.search(r"\sstyle=|\son[a-z]+=", page), "inline style or event handler in the page")
    refs = re.findall(r'(?:src|href)="([^"]+)"', page)
    check(refs and all(r.startswith("/") and not r.startswith("//") for r in refs), f"non-local references: {refs}")
    assets = {"/app.js": "text/javascript", "/style.css": "text/css", "/icon.svg": "image/svg+xml",
              "/manifest.webmanifest": "application/manifest+json"}
    for path, mime in assets.items():
        status, headers, body = request("GET", path)
        check(status == 200 and headers["content-type"].startswith(mime), f"GET {path}: {status} {headers}")
        check(len(body) > 100, f"{path} is nearly empty")
        urls = set(re.findall(rb"https?://[^\s\"')]+", body)) - {b"http://www.w3.org/2000/svg"}
        check(not urls, f"{path} refers to {urls}")
    for ref in refs:
        check(request("GET", ref.split("?")[0])[0] == 200, f"{ref} is not served")


@test
def manifest_share_target():
    status, _, body = request("GET", "/manifest.webmanifest")
    manifest = json.loads(body)
    check(manifest["start_url"] == "/" and manifest["display"] == "standalone", manifest)
    share = manifest["share_target"]
    check(share["action"] == "/" and share["method"] == "GET", share)
    check(share["params"]["text"] == "text", share)
    for icon in manifest["icons"]:
        check(request("GET", icon["src"])[0] == 200, f"icon {icon['src']} is not served")


@test
def prefilled_text_is_escaped():
    hostile = 'I want to connect, but I am too busy.</textarea><script>alert(1)</script> & "q" \'s'
    status, _, body = request("GET", "/?text=" + urllib.parse.quote(hostile))
    check(status == 200, status)
    page = body.decode()
    inside = re.search(r'<textarea id="draft"[^>]*>\n?(.*?)</textarea>', page, re.S)
    check(inside, "no draft textarea")
    check(inside.group(1) == ("I want to connect, but I am too busy.&lt;/textarea&gt;&lt;script&gt;alert(1)"
                              "&lt;/script&gt; &amp; &quot;q&quot; &#39;s"), f"prefill: {inside.group(1)!r}")
    check("<script>alert" not in page, "the draft was injected as markup")
    # Shared from another app: title and url when there is no text.
    status, _, body = request("GET", "/?title=Running%20late&url=https%3A%2F%2Fexample.org%2Fx")
    inside = re.search(r'<textarea id="draft"[^>]*>\n?(.*?)</textarea>', body.decode(), re.S)
    check(inside.group(1) == "Running late https://example.org/x", inside.group(1))
    status, _, body = request("GET", "/")
    inside = re.search(r'<textarea id="draft"[^>]*>\n?(.*?)</textarea>', body.decode(), re.S)
    check(inside.group(1) == "", f"empty page is prefilled: {inside.group(1)!r}")
    status, _, body = request("GET", "/?text=" + "a" * 9000)
    check(status == 414 and b"POST /api/check" in body, f"a 9 KB address: {status} {body[:100]!r}")


@test
def foreign_host_is_refused():
    for host in ("evil.example", f"evil.example:{SERVER.port}", f"127.0.0.1:{SERVER.port + 1}",
                 f"127.0.0.2:{SERVER.port}", f"localhost.evil.example:{SERVER.port}", ""):
        status, headers, body = request("GET", "/", host=host)
        check(status == 403, f"GET / with Host {host!r}: {status}")
        check(b"<textarea" not in body, "page served to a foreign Host")
        expect_error(*request("POST", "/api/check", b'{"text":"hi"}', {"Content-Type": "application/json"},
                              host=host), 403, "host")
    status, _, body = request("GET", "/", host=f"localhost:{SERVER.port}")
    check(status == 200, f"localhost refused: {status}")
    status, _, body = request("POST", "/api/check", b'{"text":"hi"}', {"Content-Type": "application/json"},
                              host=f"LOCALHOST:{SERVER.port}")
    check(status == 200, f"LOCALHOST refused: {status}")
    # HTTP/1.0 without any Host header.
    with socket.create_connection(("127.0.0.1", SERVER.port), timeout=10) as s:
        s.sendall(b"GET / HTTP/1.0\r\n\r\n")
        data = b""
        while chunk := s.recv(65536):
            data += chunk
    check(data.startswith(b"HTTP/1.1 403") or data.startswith(b"HTTP/1.0 403"), data[:60])


@test
def foreign_origin_is_refused():
    own = f"http://127.0.0.1:{SERVER.port}"
    for origin in ("http://evil.example", f"http://evil.example:{SERVER.port}", "null",
                   f"https://127.0.0.1:{SERVER.port}", f"http://127.0.0.1:{SERVER.port + 1}",
                   f"http://localhost:{SERVER.port}"):
        expect_error(*post_check({"text": "hi"}, headers={"Origin": origin}), 403, "other sites")
        check(request("GET", "/app.js", headers={"Origin": origin})[0] == 403, f"GET with Origin {origin}")
    status, _, body = post_check({"text": DRAFTS[0]}, headers={"Origin": own})
    check(status == 200 and body == cli_jsonl(DRAFTS[0]), f"own origin refused: {status}")
    # A cross-site preflight gets no CORS approval.
    status, headers, _ = request("OPTIONS", "/api/check", headers={"Origin": "http://evil.example",
                                                                   "Access-Control-Request-Method": "POST"})
    check(status == 403 and "access-control-allow-origin" not in headers, f"preflight: {status} {headers}")


def raw_exchange(data, port, settle=0.3):
    """Sends raw bytes; returns every status line answered within `settle` seconds of quiet."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(data)
        s.settimeout(settle)
        got = b""
        try:
            while chunk := s.recv(65536):
                got += chunk
        except socket.timeout:
            pass
    return re.findall(rb"HTTP/1\.[01] (\d{3})", got)


@test
def refused_body_is_not_read_as_a_request():
    port = SERVER.port
    inner = b"GET /nothing-here HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n\r\n" % port
    outer = (b"POST /api/check HTTP/1.1\r\nHost: evil.example\r\nContent-Type: application/json\r\n"
             b"Content-Length: %d\r\n\r\n" % len(inner))
    check(raw_exchange(outer + inner, port) == [b"403"], "a refused request's body was answered as a request")
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(outer)
        time.sleep(0.2)
        s.sendall(inner)
        s.settimeout(0.5)
        got = b""
        try:
            while chunk := s.recv(65536):
                got += chunk
        except socket.timeout:
            pass
    check(re.findall(rb"HTTP/1\.[01] (\d{3})", got) == [b"403"], f"late body answered: {got[:300]!r}")
    # Keep-alive itself works: a refused request, then two good ones, on one connection.
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    statuses = []
    for host in ("evil.example", f"127.0.0.1:{port}", f"127.0.0.1:{port}"):
        conn.putrequest("POST", "/api/check", skip_host=True)
        conn.putheader("Host", host)
        conn.putheader("Content-Type", "application/json")
        body = json.dumps({"text": DRAFTS[0]}).encode()
        conn.putheader("Content-Length", str(len(body)))
        conn.endheaders(body)
        r = conn.getresponse()
        r.read()
        statuses.append(r.status)
    conn.close()
    check(statuses == [403, 200, 200], f"keep-alive: {statuses}")


@test
def concurrent_requests_match():
    texts = [d for d in DRAFTS if d] * 6
    expected = {t: cli_jsonl(t) for t in set(texts)}
    failures = []

    def worker(chunk):
        for t in chunk:
            try:
                status, _, body = post_check({"text": t})
            except OSError as e:
                failures.append((t, repr(e)))
                continue
            if status != 200 or body != expected[t]:
                failures.append((t, status))

    threads = [threading.Thread(target=worker, args=(texts[i::8],)) for i in range(8)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    check(not failures, f"{len(failures)} concurrent answers differ, e.g. {failures[:2]}")


@test
def log_holds_no_draft_text():
    with Server(REFRAME, "--port", "0", "--verbose") as srv:
        secret = "PrivateWordXq7"
        post_check({"text": f"I want to connect, but {secret} is too busy."}, server=srv)
        post_check(None, raw=f'{{"text": "{secret}'.encode(), server=srv)
        request("GET", "/?text=" + secret, server=srv)
        request("GET", "/" + secret, server=srv)
        request("GET", "/", server=srv, host=secret)
        code, err = srv.stop()
    check(code == 0, f"exit {code}")
    check(secret not in err and secret.lower() not in err.lower(), f"draft text in the log:\n{err}")
    check("POST /api/check 200" in err and "GET / 200" in err, f"--verbose logged too little:\n{err}")
    check("(a path not served) 404" in err and "403 refused" in err, err)


@test
def signals_stop_it_cleanly():
    for sig in (signal.SIGINT, signal.SIGTERM):
        srv = Server(REFRAME, "--port", "0")
        # An idle kept-alive connection does not hold the shutdown up.
        conn = http.client.HTTPConnection("127.0.0.1", srv.port, timeout=10)
        conn.request("GET", "/icon.svg")
        conn.getresponse().read()
        started = time.time()
        code, err = srv.stop(sig)
        took = time.time() - started
        conn.close()
        check(code == 0, f"signal {sig}: exit {code}, stderr {err}")
        check("stopped" in err, err)
        check(took < 5, f"signal {sig}: took {took:.1f} s")


@test
def usage_errors():
    def run(*args):
        return subprocess.run([REFRAME, "serve", *args], capture_output=True, text=True, timeout=20)

    with Server(REFRAME, "--port", "0") as srv:
        r = run("--port", str(srv.port))
        check(r.returncode == 2 and "in use" in r.stderr and str(srv.port) in r.stderr, f"{r.returncode} {r.stderr}")
    r = run("--bind", "127.0.0.1")
    check(r.returncode == 2 and "--lan" in r.stderr, f"--bind without --lan: {r.returncode} {r.stderr}")
    r = run("--lan", "--bind", "not-an-address")
    check(r.returncode == 2 and "IPv4" in r.stderr, r.stderr)
    r = run("--lan", "--bind", "0.0.0.0", "--port", "0")
    check(r.returncode == 2 and "0.0.0.0" in r.stderr, f"{r.returncode} {r.stderr}")
    r = run("--lan", "--bind", "192.0.2.254", "--port", "0")  # TEST-NET: not this machine's
    check(r.returncode == 2 and "192.0.2.254" in r.stderr, f"{r.returncode} {r.stderr}")
    r = run("--port", "70000")
    check(r.returncode == 2 and "--port" in r.stderr, r.stderr)
    r = run("--port", "many")
    check(r.returncode == 2, r.stderr)
    r = subprocess.run([REFRAME, "serve", "--help"], capture_output=True, text=True)
    check(r.returncode == 0 and "--lan" in r.stdout and "--port" in r.stdout, r.stdout)


# --- --lan, bound to loopback for the test ----------------------------------

QR_LIGHT = {"\u2588": (True, True), "\u2580": (True, False), "\u2584": (False, True), " ": (False, False)}


def qr_matrix(stdout):
    """The QR code printed with half blocks, as rows of booleans (True = light)."""
    lines = [line[2:] for line in stdout.splitlines()
             if line.startswith("  ") and len(line) > 20 and set(line[2:]) <= set(QR_LIGHT)]
    check(lines, f"no QR code in:\n{stdout}")
    check(len({len(line) for line in lines}) == 1, "QR code lines differ in width")
    rows = []
    for line in lines:
        top, bottom = zip(*(QR_LIGHT[c] for c in line))
        rows += [list(top), list(bottom)]
    if not any(rows[-1]):
        rows.pop()  # the padding half of the last line
    return rows


def check_finder(light, top, left):
    # 7x7: a dark ring, a light ring, a dark 3x3 core.
    for r in range(7):
        for c in range(7):
            ring = max(abs(r - 3), abs(c - 3))
            check(light[top + r][left + c] == (ring == 2), f"finder pattern at {top},{left} broken at {r},{c}")


def decode_qr(rows):
    """Decodes the matrix with zbar (python3-zbar), or returns None without it."""
    scale = 4
    border = 4 * scale
    size = len(rows) * scale + 2 * border
    pixels = bytearray(b"\xff" * (size * size))
    for r, row in enumerate(rows):
        for c, light in enumerate(row):
            if not light:
                for y in range(scale):
                    start = (border + r * scale + y) * size + border + c * scale
                    pixels[start:start + scale] = b"\x00" * scale
    script = ("import sys, zbar\n"
              "size = int(sys.argv[1]); data = sys.stdin.buffer.read()\n"
              "scanner = zbar.ImageScanner(); scanner.parse_config('enable')\n"
              "image = zbar.Image(size, size, 'Y800', data); scanner.scan(image)\n"
              "print('\\n'.join(s.data for s in image))\n")
    for python in (sys.executable, "/usr/bin/python3"):
        r = subprocess.run([python, "-c", script, str(size)], input=bytes(pixels), capture_output=True)
        if r.returncode == 0:
            return r.stdout.decode().strip()
    return None


@test
def lan_mode_needs_the_token():
    with Server(REFRAME, "--lan", "--bind", "127.0.0.1", "--port", "0") as srv:
        m = re.search(r"\?token=([A-Za-z0-9_-]+)", srv.url)
        check(m, f"no token in {srv.url}")
        token = m.group(1)
        check(len(token) >= 22, f"token too short for 128 bits: {token}")

        # The QR code: well formed, and it reads back as the URL.
        rows = qr_matrix(srv.stdout)
        n = len(rows)
        check(all(len(r) == n for r in rows), "QR code is not square")
        quiet = 2
        width = n - 2 * quiet
        check(width >= 21 and (width - 17) % 4 == 0, f"QR width {width} is not a QR version size")
        check(all(rows[0]) and all(rows[-1]) and all(r[0] and r[-1] for r in rows), "no light quiet zone")
        code_area = [r[quiet:quiet + width] for r in rows[quiet:quiet + width]]
        for top, left in ((0, 0), (0, width - 7), (width - 7, 0)):
            check_finder(code_area, top, left)
        decoded = decode_qr(rows)
        if decoded is None:
            print("note: python3-zbar is not installed; the QR code was checked for structure, not decoded")
        else:
            check(decoded == srv.url, f"QR code reads {decoded!r}, not {srv.url!r}")

        # Without the token: refused, everything.
        for path in ("/", "/app.js", "/style.css", "/manifest.webmanifest", "/icon.svg", "/?text=hi", "/nothing"):
            status, headers, body = request("GET", path, server=srv)
            check(status == 403, f"GET {path} without token: {status}")
            check(b"token" in body, body)
        expect_error(*post_check({"text": "hi"}, server=srv), 403, "token")
        check(request("GET", "/?token=" + token[:-1] + ("A" if token[-1] != "A" else "B"), server=srv)[0] == 403,
              "a wrong token was accepted")
        check(request("GET", "/", server=srv, headers={"Cookie": f"reframe_token_{srv.port}=wrong"})[0] == 403,
              "a wrong cookie was accepted")

        # With it: the page, a cookie for its own requests, and the API.
        status, headers, body = request("GET", "/?token=" + token, server=srv)
        check(status == 200 and b"<textarea" in body, f"with token: {status}")
        cookie = headers.get("set-cookie", "")
        check(cookie.startswith(f"reframe_token_{srv.port}={token};"), cookie)
        check("HttpOnly" in cookie and "SameSite=Lax" in cookie and "Path=/" in cookie, cookie)
        jar = {"Cookie": f"other=1; reframe_token_{srv.port}={token}"}
        for path in ("/app.js", "/style.css", "/manifest.webmanifest", "/icon.svg"):
            check(request("GET", path, server=srv, headers=jar)[0] == 200, f"GET {path} with the cookie")
        status, _, body = post_check({"text": DRAFTS[0]}, headers=jar, server=srv)
        check(status == 200 and body == cli_jsonl(DRAFTS[0]), f"API with the cookie: {status}")
        status, _, body = request("POST", "/api/check?token=" + token, json.dumps({"text": DRAFTS[0]}).encode(),
                                  {"Content-Type": "application/json"}, server=srv)
        check(status == 200 and body == cli_jsonl(DRAFTS[0]), f"API with ?token=: {status}")
        # The token does not excuse a foreign Host or Origin.
        check(request("GET", "/?token=" + token, server=srv, host=f"evil.example:{srv.port}")[0] == 403, "Host")
        expect_error(*post_check({"text": "hi"}, headers=dict(jar, Origin="http://evil.example"), server=srv), 403)
        code, err = srv.stop()
    check(code == 0, f"exit {code}")
    check(token not in err, "the token is in the log")
    check("refused" in err, f"refusals are not logged:\n{err}")

    with Server(REFRAME, "--lan", "--bind", "127.0.0.1", "--port", "0") as other:
        check(re.search(r"\?token=([A-Za-z0-9_-]+)", other.url).group(1) != token, "the token repeats across runs")


if __name__ == "__main__":
    SERVER = Server(REFRAME, "--port", "0")
    try:
        check(SERVER.host == "127.0.0.1", f"listens on {SERVER.host}, not loopback")
        main()
    finally:
        if SERVER.proc.poll() is None:
            SERVER.stop()
        shutil.rmtree(SANDBOX, ignore_errors=True)
