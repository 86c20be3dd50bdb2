"""`reframe serve` in a real browser: headless Chromium, driven over WebDriver
(chromedriver) with the standard library only. Types a draft, waits for the
underline, checks its category, applies a suggestion and sees the draft
re-checked clean; checks offsets with non-ASCII text, prefill from the
address, keyboard use, contrast, layout at 390 and 1280 px, and that the page
makes no request beyond its own server. Saves screenshots in ARTIFACTS
(and, with REFRAME_UPDATE_SCREENSHOTS=1, as docs/serve-390.png and
docs/serve-1280.png). Exits 77 (skipped) only when Chromium or chromedriver
is not installed.

usage: browser_test.py REFRAME SOURCE_DIR ARTIFACTS_DIR"""
import json
import os
import shutil
import sys
import tempfile
import time
import urllib.parse

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from testlib import check, main, test  # noqa: E402
from serve_helpers import Browser, Server  # noqa: E402

REFRAME, SOURCE, ARTIFACTS = sys.argv[1], sys.argv[2], sys.argv[3]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
SERVER = None
BROWSER = None

DRAFT = "I want to connect, but I am too busy."
SCREENSHOT_DRAFT = ("Thank you for last night. I want to connect, but I am too busy this week. "
                    "You never listen anyway.")


def load(path="/", width=1280, height=900, scale=1, mobile=False, dark=False):
    BROWSER.emulate(width, height, scale, mobile, dark)
    BROWSER.get(SERVER.base + path)
    BROWSER.wait("return document.readyState === 'complete' && !!document.querySelector('#status')",
                 what="the page to load")


def set_draft(text):
    """Puts `text` in the draft as a paste would (send-keys cannot type emoji)."""
    BROWSER.run("const d = document.querySelector('#draft'); d.focus(); d.value = arguments[0];"
                "d.dispatchEvent(new InputEvent('input', {bubbles: true, inputType: 'insertFromPaste'}));", text)


def wait_marks(count=None, what="the underline"):
    script = ("const m = Array.from(document.querySelectorAll('#backdrop mark.f'));"
              "const busy = document.querySelector('#findings .finding.stale');"
              "return (!busy && m.length" + (f" === {count}" if count is not None else " > 0") + ") ? "
              "m.map(x => ({category: x.dataset.category, rule: x.dataset.rule, text: x.textContent})) : null;")
    return BROWSER.wait(script, what=what)


def wait_clean():
    return BROWSER.wait("return document.querySelectorAll('#backdrop mark.f').length === 0 &&"
                        " !document.querySelector('#clean').hidden && document.querySelector('#status').textContent",
                        what="the draft to check clean")


def api_calls():
    return BROWSER.run("return performance.getEntriesByType('resource')"
                       ".filter(e => e.name.endsWith('/api/check')).length")


@test
def typing_underlines_and_a_suggestion_fixes_it():
    load()
    BROWSER.run("window.__sameDocument = 'yes';")
    draft = BROWSER.find("#draft")
    BROWSER.click(draft)
    before = api_calls()
    BROWSER.type(draft, DRAFT)
    marks = wait_marks(1)
    check(marks[0]["category"] == "mixed-message", f"underline category: {marks}")
    check(marks[0]["rule"].startswith("mixed-message/"), f"underline rule: {marks}")
    check(marks[0]["text"] == "I want to connect, but I am too busy", f"underlined text: {marks[0]['text']!r}")
    calls = api_calls() - before
    check(1 <= calls <= len(DRAFT) // 4, f"typing {len(DRAFT)} characters made {calls} API calls (debounce?)")
    card = BROWSER.run(
        "const li = document.querySelector('#findings li.finding');"
        "return li && {category: li.dataset.category, rule: li.dataset.rule,"
        " why: li.querySelector('.why').textContent, badge: li.querySelector('.badge').textContent,"
        " suggestions: Array.from(li.querySelectorAll('button.suggestion')).map(b => b.textContent)};")
    check(card and card["category"] == "mixed-message" and card["rule"] == marks[0]["rule"], f"card: {card}")
    check("Mixed message" in card["badge"], f"no text label: {card['badge']}")
    check(len(card["why"]) > 40, f"no why: {card}")
    check(len(card["suggestions"]) >= 1, f"no suggestions: {card}")
    status = BROWSER.run("return document.querySelector('#status').textContent")
    check(status.startswith("1 thing to look at: mixed message"), f"status: {status!r}")

    BROWSER.click(BROWSER.find_all("#findings button.suggestion")[0])
    value = BROWSER.run("return document.querySelector('#draft').value")
    check(value != DRAFT, "applying a suggestion did not change the text")
    check(value == "I want to connect, and this week is packed for me. Could we keep Sunday evening just for us?",
          f"applied text: {value!r}")
    status = wait_clean()
    check(status.startswith("Nothing here pushes them away"), f"status after the fix: {status!r}")
    check(BROWSER.run("return window.__sameDocument") == "yes", "the page reloaded")

    # Undo brings the words back, and the finding with them.
    check(BROWSER.run("return !document.querySelector('#undo').hidden"), "no Undo after applying")
    BROWSER.click(BROWSER.find("#undo"))
    check(BROWSER.run("return document.querySelector('#draft').value") == DRAFT, "Undo did not restore the draft")
    wait_marks(1, "the finding to come back after Undo")


@test
def suggestions_follow_edits_made_since():
    # Edits before a finding move it; a suggestion clicked before the next
    # answer still replaces the right words, also after a second answer
    # that left the list as it was.
    load()
    set_draft(DRAFT)
    wait_marks(1)
    calls = api_calls()
    set_draft("Hi. " + DRAFT)
    BROWSER.wait("return performance.getEntriesByType('resource').filter(e => e.name.endsWith('/api/check'))"
                 f".length > {calls} && !document.querySelector('#findings .finding.stale')", what="the re-check")
    time.sleep(0.1)
    set_draft("Hello there. Hi. " + DRAFT)
    BROWSER.click(BROWSER.find_all("#findings button.suggestion")[0])  # within the 300 ms debounce
    value = BROWSER.run("return document.querySelector('#draft').value")
    check(value == "Hello there. Hi. I want to connect, and this week is packed for me. Could we keep Sunday "
          "evening just for us?", f"applied after edits: {value!r}")


@test
def ctrl_z_undoes_a_suggestion():
    load("/?text=" + urllib.parse.quote(DRAFT))
    wait_marks(1)
    BROWSER.click(BROWSER.find_all("#findings button.suggestion")[1])
    wait_clean()
    check(BROWSER.run("return document.activeElement.id") == "draft", "focus is not back in the draft")
    BROWSER.keys_with("\ue009", "z")  # Ctrl+Z
    check(BROWSER.run("return document.querySelector('#draft').value") == DRAFT, "Ctrl+Z did not undo")
    wait_marks(1, "the finding to come back after Ctrl+Z")


@test
def offsets_are_right_with_non_ascii_text():
    load()
    text = "Café ☕ 😀 über 你好. I want to connect, but I am too busy. 👍🏽 You always make it a big deal."
    set_draft(text)
    marks = wait_marks(2)
    texts = sorted(m["text"] for m in marks)
    check(texts == ["I want to connect, but I am too busy", "You always make it a big deal"], f"marks: {marks}")
    # A suggestion that replaces part of the span, with byte offsets (the
    # `suggestions` field): the page converts them to string indices.
    raw = text.encode("utf-8")
    start = raw.index(b"too busy")
    BROWSER.run("""
      const real = window.fetch;
      window.fetch = async (...args) => {
        const r = await real(...args);
        const data = await r.json();
        for (const f of data.findings) if (f.category === 'mixed-message')
          f.suggestions = [{text: 'swamped this week', kind: 'rewrite', replaces: {start: arguments[0], end: arguments[1]}}];
        return new Response(JSON.stringify(data), {status: r.status, headers: {'Content-Type': 'application/json'}});
      };
      document.querySelector('#draft').dispatchEvent(new InputEvent('input', {bubbles: true}));""",
                start, start + len("too busy"))
    BROWSER.wait("return document.querySelector('#findings li.finding[data-category=\"mixed-message\"] "
                 "button.suggestion[data-kind=\"rewrite\"]')", what="the injected suggestion")
    BROWSER.click(BROWSER.find('#findings li.finding[data-category="mixed-message"] button.suggestion'))
    value = BROWSER.run("return document.querySelector('#draft').value")
    check(value == text.replace("too busy", "swamped this week"), f"byte-offset suggestion applied as {value!r}")
    load()  # a fresh page, with the real fetch


@test
def applying_on_a_touch_screen():
    # A coarse pointer takes the other path: no focus (no keyboard popping
    # up), the text replaced in place, focus on the results heading.
    BROWSER.cdp("Emulation.setTouchEmulationEnabled", {"enabled": True, "maxTouchPoints": 5})
    try:
        load("/?text=" + urllib.parse.quote("Okay, I get it."), 390, 844, 2, True)
        check(BROWSER.run("return matchMedia('(pointer: coarse)').matches"), "touch emulation is off")
        marks = wait_marks(1)
        check(marks[0]["category"] == "withdrawal", f"marks: {marks}")
        BROWSER.click(BROWSER.find_all("#findings button.suggestion")[0])
        value = BROWSER.run("return document.querySelector('#draft').value")
        check(value != "Okay, I get it." and not value.endswith(".."), f"applied text: {value!r}")
        wait_clean()
        check(BROWSER.run("return document.activeElement.id") == "results-heading", "focus was lost")
    finally:
        BROWSER.cdp("Emulation.setTouchEmulationEnabled", {"enabled": False})


@test
def prefilled_from_the_address():
    load("/?text=" + urllib.parse.quote("You never listen. Thank you for trying, though."))
    marks = wait_marks(1)
    check(marks[0]["category"] == "criticism", f"prefilled draft: {marks}")
    check(BROWSER.run("return location.search") == "", "the draft stays in the address bar")
    strengths = BROWSER.run("return Array.from(document.querySelectorAll('#strengths li')).map(l => l.dataset.kind)")
    check(strengths == ["appreciation"], f"strengths shown: {strengths}")
    check(BROWSER.run("return !document.querySelector('#strengths-box').hidden"), "strengths hidden")


@test
def the_recipient_changes_how_much_a_finding_matters():
    load()
    options = BROWSER.run("return Array.from(document.querySelectorAll('#profile option'))"
                          ".map(o => [o.value, o.textContent, o.selected]);")
    check([o[0] for o in options] == ["", "partner", "family", "friend", "work"] and options[0][2],
          f"the picker: {options}")
    set_draft("I want to connect, but I am too busy.")
    check(wait_marks(1)[0]["category"] == "mixed-message", "no mixed message")
    level = ("const f = document.querySelector('#findings .finding');"
             "const l = f && f.querySelector('.badge .level');"
             "return f && !f.classList.contains('stale') && f.dataset.severity === arguments[0] ? "
             "{level: l ? l.textContent : ''} : null;")
    check(BROWSER.wait(level, 10, "a warning", "warning")["level"] == "", "a warning is labelled")
    BROWSER.run("const s = document.querySelector('#profile'); s.value = 'work';"
                "s.dispatchEvent(new Event('change', {bubbles: true}));")
    # To a colleague a busy week is a plain fact: the same finding, now minor.
    check(BROWSER.wait(level, 10, "the finding to become minor", "info")["level"] == "minor", "not labelled minor")
    check(BROWSER.run("return document.querySelector('#backdrop mark.f').classList.contains('minor');"),
          "the underline does not show it is minor")
    BROWSER.run("const s = document.querySelector('#profile'); s.value = 'partner';"
                "s.dispatchEvent(new Event('change', {bubbles: true}));")
    check(BROWSER.wait(level, 10, "a warning again", "warning")["level"] == "", "partner: still minor")


@test
def recipient_and_reply_are_sent_and_the_reply_is_read():
    load()
    BROWSER.run("""
      window.__bodies = [];
      const real = window.fetch;
      window.fetch = (url, init) => { window.__bodies.push(JSON.parse(init.body)); return real(url, init); };""")
    BROWSER.run("const s = document.querySelector('#profile'); s.value = 'partner';"
                "s.dispatchEvent(new Event('change', {bubbles: true}));")
    BROWSER.run("document.querySelector('#reply-box').open = true;")
    BROWSER.type(BROWSER.find("#reply-to"), "You never listen to me.")
    BROWSER.type(BROWSER.find("#draft"), "Ok.")
    # A curt "Ok." after a complaint shuts the door; alone it says nothing.
    marks = wait_marks(1)
    check(marks[0]["rule"] == "withdrawal/curt-reply" and marks[0]["category"] == "withdrawal",
          f"'Ok.' answering a complaint: {marks}")
    bodies = BROWSER.wait("const b = window.__bodies.filter(x => x.text === 'Ok.');"
                          "return b.length ? b[b.length - 1] : null;", what="the request")
    check(bodies.get("profile") == "partner", f"profile not sent: {bodies}")
    check(bodies.get("reply_to") == "You never listen to me.", f"reply_to not sent: {bodies}")
    # Answering an invitation it is a plain yes: editing the reply re-checks the draft.
    # (Replaced in one edit, so no request goes out without a reply.)
    BROWSER.run("const r = document.querySelector('#reply-to'); r.value = 'Dinner at 7?';"
                "r.dispatchEvent(new Event('input', {bubbles: true}));")
    BROWSER.wait("return window.__bodies.some(b => b.text === 'Ok.' && b.reply_to === 'Dinner at 7?')",
                 what="the request with the new reply")
    wait_clean()


@test
def keyboard_only():
    load("/?text=" + urllib.parse.quote(DRAFT))
    wait_marks(1)
    # Tab from the draft through the controls until a suggestion has focus.
    BROWSER.run("document.querySelector('#draft').focus()")
    seen = []
    for _ in range(12):
        BROWSER.keys("\ue004")  # Tab
        info = BROWSER.run("const e = document.activeElement; const s = getComputedStyle(e);"
                           "return {cls: e.className, tag: e.tagName, outline: s.outlineStyle,"
                           " width: parseFloat(s.outlineWidth)};")
        seen.append(info)
        check(info["outline"] != "none" and info["width"] >= 2, f"no visible focus on {info}")
        if "suggestion" in info["cls"]:
            break
    check("suggestion" in seen[-1]["cls"], f"Tab never reached a suggestion: {seen}")
    BROWSER.keys("\ue007")  # Enter
    wait_clean()
    check(BROWSER.run("return document.querySelector('#draft').value") != DRAFT, "Enter did not apply it")


@test
def labels_and_live_region():
    load()
    info = BROWSER.run("""
      const unlabelled = Array.from(document.querySelectorAll('textarea, select, button'))
        .filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label') && !e.textContent.trim())
        .map(e => e.id || e.className);
      const status = document.querySelector('#status');
      return {unlabelled, role: status.getAttribute('role'), lang: document.documentElement.lang,
              draftLabel: document.querySelector('#draft').labels[0].textContent};""")
    check(not info["unlabelled"], f"controls without a label: {info['unlabelled']}")
    check(info["role"] == "status" and info["lang"] == "en", info)
    check(info["draftLabel"] == "Your draft", info)


CONTRAST_SCRIPT = """
  function rgb(c) { const m = c.match(/[\\d.]+/g).map(Number); return {r: m[0], g: m[1], b: m[2], a: m.length > 3 ? m[3] : 1}; }
  function lum(c) {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b);
  }
  function background(el) {
    for (let e = el; e; e = e.parentElement) {
      const c = rgb(getComputedStyle(e).backgroundColor);
      if (c.a > 0.5) return c;
    }
    return rgb(getComputedStyle(document.body).backgroundColor);
  }
  function ratio(a, b) { const x = lum(a), y = lum(b); return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05); }
  const failures = [];
  let checked = 0;
  for (const el of document.querySelectorAll('body *')) {
    if (el.closest('#backdrop') || el.closest('[hidden]') || el.tagName === 'SCRIPT') continue;
    const own = Array.from(el.childNodes).some(n => n.nodeType === 3 && n.textContent.trim());
    if (!own || !el.getClientRects().length) continue;
    const s = getComputedStyle(el);
    const size = parseFloat(s.fontSize), bold = parseInt(s.fontWeight, 10) >= 700;
    const need = (size >= 24 || (bold && size >= 18.66)) ? 3 : 4.5;
    const r = ratio(rgb(s.color), background(el));
    checked++;
    if (r < need) failures.push(`${el.tagName}.${el.className} "${el.textContent.trim().slice(0, 30)}" ${r.toFixed(2)} < ${need}`);
  }
  // Underlines are graphics: 3:1 against the editor.
  const editor = background(document.querySelector('.editor'));
  for (const m of document.querySelectorAll('#backdrop mark.f')) {
    const r = ratio(rgb(getComputedStyle(m).textDecorationColor), editor);
    if (r < 3) failures.push(`underline ${m.dataset.category} ${r.toFixed(2)} < 3`);
  }
  return {failures, checked};
"""


@test
def contrast_is_aa_light_and_dark():
    text = ("Thank you. I want to connect, but I am too busy. You always make it a big deal. "
            "I meant to call, but I didn't. I feel numb.")
    for dark in (False, True):
        load("/?text=" + urllib.parse.quote(text), dark=dark)
        wait_marks(4)
        result = BROWSER.run(CONTRAST_SCRIPT)
        check(result["checked"] > 20, f"contrast checked only {result['checked']} elements")
        check(not result["failures"], f"{'dark' if dark else 'light'}: {result['failures']}")
        load(dark=dark)  # the empty page: intro and legend
        result = BROWSER.run(CONTRAST_SCRIPT)
        check(not result["failures"], f"{'dark' if dark else 'light'} intro: {result['failures']}")


@test
def layout_at_390_and_1280():
    load("/?text=" + urllib.parse.quote(SCREENSHOT_DRAFT), 390, 844, 2, True)
    wait_marks(2)
    size = BROWSER.run("return [document.documentElement.scrollWidth, window.innerWidth]")
    check(size[0] <= size[1], f"horizontal scrolling at 390 px: {size}")
    stacked = BROWSER.run("const a = document.querySelector('.compose').getBoundingClientRect();"
                          "const b = document.querySelector('.results').getBoundingClientRect();"
                          "return b.top >= a.bottom;")
    check(stacked, "at 390 px the results are not below the draft")
    small = BROWSER.run("return Array.from(document.querySelectorAll('button:not([hidden]), select, summary'))"
                        ".filter(e => e.getClientRects().length && e.getBoundingClientRect().height < 40)"
                        ".map(e => e.id || e.className)")
    check(not small, f"touch targets under 40 px: {small}")
    os.makedirs(ARTIFACTS, exist_ok=True)
    BROWSER.screenshot(os.path.join(ARTIFACTS, "serve-390.png"), full_page=False)
    BROWSER.screenshot(os.path.join(ARTIFACTS, "serve-390-full.png"))

    load("/?text=" + urllib.parse.quote(SCREENSHOT_DRAFT), 1280, 900)
    wait_marks(2)
    side = BROWSER.run("const a = document.querySelector('.compose').getBoundingClientRect();"
                       "const b = document.querySelector('.results').getBoundingClientRect();"
                       "return b.left >= a.right && Math.abs(b.top - a.top) < 80;")
    check(side, "at 1280 px the results are not beside the draft")
    BROWSER.screenshot(os.path.join(ARTIFACTS, "serve-1280.png"))
    load("/?text=" + urllib.parse.quote(SCREENSHOT_DRAFT), 1280, 900, dark=True)
    wait_marks(2)
    BROWSER.screenshot(os.path.join(ARTIFACTS, "serve-1280-dark.png"))
    for name in ("serve-390.png", "serve-1280.png"):
        with open(os.path.join(ARTIFACTS, name), "rb") as f:
            check(f.read(8) == b"\x89PNG\r\n\x1a\n", f"{name} is not a PNG")
    if os.environ.get("REFRAME_UPDATE_SCREENSHOTS") == "1":
        for name in ("serve-390.png", "serve-1280.png"):
            shutil.copy(os.path.join(ARTIFACTS, name), os.path.join(SOURCE, "docs", name))
        print("note: docs/serve-390.png and docs/serve-1280.png updated")


@test
def copy_button():
    load("/?text=" + urllib.parse.quote(DRAFT))
    wait_marks(1)
    BROWSER.cdp("Browser.grantPermissions", {"permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"],
                                             "origin": SERVER.base})
    BROWSER.click(BROWSER.find("#copy"))
    notice = BROWSER.wait("const t = document.querySelector('#notice').textContent; return t || null;",
                          what="the copy notice")
    check(notice.startswith("Copied"), f"copy notice: {notice!r}")
    pasted = BROWSER._s("POST", "/execute/async", {
        "script": "const done = arguments[arguments.length - 1];"
                  "navigator.clipboard.readText().then(done, e => done('error: ' + e));", "args": []})
    check(pasted == DRAFT, f"clipboard holds {pasted!r}")


@test
def no_errors_and_no_foreign_requests():
    load("/?text=" + urllib.parse.quote(SCREENSHOT_DRAFT))
    wait_marks(2)
    entries = BROWSER.run("return performance.getEntriesByType('resource').map(e => e.name)")
    foreign = [e for e in entries if not e.startswith(SERVER.base + "/")]
    check(not foreign, f"requests beyond the server: {foreign}")
    problems = [(level, msg) for level, msg in BROWSER.console() if level in ("SEVERE", "WARNING")]
    check(not problems, f"console: {problems}")
    manifest = BROWSER.cdp("Page.getAppManifest")
    check(not manifest.get("errors"), f"manifest errors: {manifest.get('errors')}")
    parsed = json.loads(manifest.get("data") or "{}")
    check(parsed.get("share_target", {}).get("params", {}).get("text") == "text", f"manifest: {parsed}")


if __name__ == "__main__":
    if not CHROMIUM or not CHROMEDRIVER:
        print("SKIP: the browser test needs Debian's chromium and chromium-driver "
              "(apt-get install chromium chromium-driver; .ci/setup installs them)")
        sys.exit(77)
    # No settings file of this machine's: the page offers the built-in profiles only.
    sandbox = tempfile.mkdtemp(prefix="reframe-browser-")
    server_env = dict(os.environ, HOME=sandbox, XDG_CONFIG_HOME=sandbox)
    SERVER = Server(os.path.abspath(REFRAME), "--port", "0", env=server_env, cwd=sandbox)
    try:
        os.makedirs(ARTIFACTS, exist_ok=True)
        BROWSER = Browser(CHROMIUM, CHROMEDRIVER, log_dir=ARTIFACTS)
        try:
            main()
        finally:
            BROWSER.quit()
    finally:
        SERVER.stop()
        shutil.rmtree(sandbox, ignore_errors=True)
