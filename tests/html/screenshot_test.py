#!/usr/bin/env python3
"""The chat HTML report in a real browser (headless Chromium): screenshots at 390 px (a phone) and
1280 px are produced, and at 390 px nothing is wider than the page (wide tables scroll inside their
own box). Skipped (exit 77) when Chromium is not installed.

Usage: screenshot_test.py PATH/TO/reframe PROJECT_DIR [OUT_DIR]
With OUT_DIR the screenshots are kept there (docs/screenshots/ holds the ones in the README).
"""
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from testlib import check, main, test  # noqa: E402

REFRAME = os.path.abspath(sys.argv[1])
PROJECT = os.path.abspath(sys.argv[2])
OUT = os.path.abspath(sys.argv[3]) if len(sys.argv) > 3 else None
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
         "--disable-extensions", "--disable-background-networking", "--user-data-dir="]

# A page that shows the report in a 390 px frame (headless Chromium will not make its own window
# narrower than 500 px) and, once it is laid out, writes what overflows the frame into the DOM.
PROBE = """<!DOCTYPE html><html><body style="margin:0">
<iframe id="f" src="report.html" style="width:390px;height:800px;border:0"></iframe>
<script>
document.getElementById('f').addEventListener('load', () => {
  const d = document.getElementById('f').contentDocument;
  const w = d.documentElement.clientWidth, wide = [];
  for (const e of d.querySelectorAll('body *')) {
    const r = e.getBoundingClientRect();
    if (r.right > w + 1 && !e.closest('.scroll')) wide.push(e.tagName + '.' + e.className + ':' + Math.round(r.right));
  }
  const p = document.createElement('pre');
  p.id = 'probe';
  p.textContent = 'scrollWidth=' + d.documentElement.scrollWidth + ' clientWidth=' + w + ' wide=' + wide.slice(0, 5).join(',');
  document.body.appendChild(p);
});
</script></body></html>"""


def chromium(tmp, *args):
    profile = os.path.join(tmp, "profile")
    cmd = [CHROMIUM, *[f if f != "--user-data-dir=" else f + profile for f in FLAGS], *args]
    return subprocess.run(cmd, capture_output=True, timeout=120)


def report(tmp, *args):
    path = os.path.join(tmp, "report.html")
    subprocess.run([REFRAME, "chat", os.path.join(PROJECT, "samples/chat-whatsapp.txt"), "--format", "html",
                    "-o", path, *args], check=True, timeout=60)
    return path


@test
def screenshots_at_390_and_1280():
    with tempfile.TemporaryDirectory() as tmp:
        page = report(tmp)
        for width in (390, 1280):
            png = os.path.join(tmp, f"chat-report-{width}.png")
            chromium(tmp, f"--window-size={width},2600", f"--screenshot={png}", "file://" + page)
            check(os.path.exists(png), f"no screenshot at {width} px")
            with open(png, "rb") as f:
                data = f.read()
            check(data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20000, f"{width} px: not a real screenshot")
            width_in_png = int.from_bytes(data[16:20], "big")
            check(width_in_png == width, f"screenshot is {width_in_png} px wide, not {width}")
            if OUT:
                os.makedirs(OUT, exist_ok=True)
                shutil.copy(png, OUT)


@test
def nothing_overflows_at_390():
    with tempfile.TemporaryDirectory() as tmp:
        report(tmp, "--order", "worst")
        probed = os.path.join(tmp, "probe.html")
        with open(probed, "w", encoding="utf-8") as f:
            f.write(PROBE)
        dom = chromium(tmp, "--allow-file-access-from-files", "--virtual-time-budget=3000", "--dump-dom",
                       "file://" + probed).stdout.decode("utf-8", "replace")
        marker = '<pre id="probe">'
        line = dom[dom.find(marker) + len(marker):].split("<")[0] if marker in dom else ""
        check(line, "the probe did not run: " + dom[-300:])
        fields = dict(part.split("=", 1) for part in line.split(" ") if "=" in part)
        check(fields["clientWidth"] == "390", line)
        check(int(fields["scrollWidth"]) <= 390 and fields["wide"] == "", "horizontal overflow at 390 px: " + line)


@test
def flagged_messages_newest_or_worst_first_with_a_count():
    with tempfile.TemporaryDirectory() as tmp:
        with open(report(tmp, "--show", "3"), encoding="utf-8") as f:
            html = f.read()
        check(html.count('<div class="msg">') == 3, "--show 3 lists 3")
        check("3 of " in html and "newest first" in html, "says which it shows")
        times = [t.split("</div>")[0].split(" · ")[-1] for t in html.split('<div class="meta">')[1:]]
        check(times == sorted(times, reverse=True), f"newest first: {times}")
        check("answering " in html and "try: " in html, "answered message and reframes shown")
        with open(report(tmp, "--show", "5", "--order", "worst"), encoding="utf-8") as f:
            check("the worst first" in f.read(), "worst first")


if __name__ == "__main__":
    if not CHROMIUM:
        print("chromium not installed: skipped")
        sys.exit(77)
    main()
