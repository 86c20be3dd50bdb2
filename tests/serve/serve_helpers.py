"""Helpers for the `reframe serve` tests and benchmark: start a server on a
loopback port and read its URL, and drive a headless Chromium over WebDriver
with nothing but the standard library. Nothing here reaches past 127.0.0.1."""
import base64
import json
import os
import re
import select
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request


class Server:
    """`reframe serve` in the background; `url` is the URL it printed."""

    def __init__(self, reframe, *args, env=None, cwd=None, global_args=()):
        """`global_args` go before `serve` (--profile, --disable, --no-config, ...)."""
        self.proc = subprocess.Popen([reframe, *global_args, "serve", *args], stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, env=env, cwd=cwd)
        self.stdout = ""
        deadline = time.time() + 15
        while "\n" not in self.stdout or not re.search(r"http://\S+", self.stdout):
            if self.proc.poll() is not None:
                raise RuntimeError(f"reframe serve exited with {self.proc.returncode}: "
                                   f"{self.proc.stderr.read().decode(errors='replace')}")
            if time.time() > deadline:
                self.stop()
                raise RuntimeError("reframe serve printed no URL within 15 s")
            ready, _, _ = select.select([self.proc.stdout], [], [], 0.2)
            if ready:
                chunk = os.read(self.proc.stdout.fileno(), 65536)
                self.stdout += chunk.decode()
        # Everything it prints at start (the QR code comes after the URL).
        time.sleep(0.1)
        while select.select([self.proc.stdout], [], [], 0.05)[0]:
            chunk = os.read(self.proc.stdout.fileno(), 65536)
            if not chunk:
                break
            self.stdout += chunk.decode()
        self.url = re.search(r"http://\S+", self.stdout).group(0)
        m = re.match(r"http://([^/:]+):(\d+)/", self.url)
        self.host, self.port = m.group(1), int(m.group(2))
        self.base = f"http://{self.host}:{self.port}"

    def stop(self, sig=signal.SIGINT, timeout=10):
        """Stops the server; returns (exit code, stderr)."""
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        try:
            self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            raise RuntimeError(f"reframe serve did not stop within {timeout} s of signal {sig}")
        err = self.proc.stderr.read().decode(errors="replace")
        self.proc.stdout.close()
        self.proc.stderr.close()
        return self.proc.returncode, err

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        if self.proc.poll() is None:
            self.stop()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class WebDriverError(RuntimeError):
    pass


class Browser:
    """Headless Chromium driven through chromedriver (W3C WebDriver over HTTP
    on 127.0.0.1). Fresh profile, no background networking, and every host
    name but 127.0.0.1 resolves to nothing."""

    def __init__(self, chromium, chromedriver, width=1280, height=900, log_dir=None):
        self.profile = tempfile.mkdtemp(prefix="reframe-chromium-")
        port = free_port()
        log = os.path.join(log_dir or self.profile, "chromedriver.log")
        self.driver = subprocess.Popen([chromedriver, f"--port={port}", f"--log-path={log}"],
                                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.base = f"http://127.0.0.1:{port}"
        deadline = time.time() + 20
        while True:
            try:
                if self._call("GET", "/status").get("ready"):
                    break
            except (OSError, WebDriverError):
                pass
            if time.time() > deadline:
                self.quit()
                raise RuntimeError("chromedriver did not start within 20 s")
            time.sleep(0.1)
        args = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--no-first-run",
                "--no-default-browser-check", "--disable-sync", "--disable-default-apps",
                "--disable-extensions", "--disable-domain-reliability", "--disable-client-side-phishing-detection",
                "--disable-features=Translate,OptimizationHints,MediaRouter,AutofillServerCommunication",
                "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
                "--hide-scrollbars", "--force-color-profile=srgb", "--lang=en-US",
                f"--window-size={width},{height}", f"--user-data-dir={self.profile}"]
        caps = {"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {"binary": chromium, "args": args},
            "goog:loggingPrefs": {"browser": "ALL"},
        }}}
        try:
            self.session = self._call("POST", "/session", caps)["sessionId"]
        except Exception:
            self.quit()
            raise

    def _call(self, method, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.base + path, data=data, method=method,
                                     headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=60) as r:
                payload = json.loads(r.read() or b"{}")
        except urllib.error.HTTPError as e:
            payload = json.loads(e.read() or b"{}")
            value = payload.get("value", {})
            raise WebDriverError(f"{method} {path}: {value.get('error')}: {value.get('message', '')[:500]}")
        return payload.get("value", payload)

    def _s(self, method, path, body=None):
        return self._call(method, f"/session/{self.session}{path}", body)

    def get(self, url):
        self._s("POST", "/url", {"url": url})

    def run(self, script, *args):
        """Runs `script` (a function body; arguments in `arguments`) in the page."""
        return self._s("POST", "/execute/sync", {"script": script, "args": list(args)})

    def find(self, css):
        value = self._s("POST", "/element", {"using": "css selector", "value": css})
        return next(iter(value.values()))

    def find_all(self, css):
        return [next(iter(v.values())) for v in
                self._s("POST", "/elements", {"using": "css selector", "value": css})]

    def click(self, element):
        self._s("POST", f"/element/{element}/click", {})

    def type(self, element, text):
        self._s("POST", f"/element/{element}/value", {"text": text})

    def keys(self, text):
        """Key presses to whatever has focus (e.g. "\\ue004" is Tab)."""
        actions = [a for ch in text for a in ({"type": "keyDown", "value": ch}, {"type": "keyUp", "value": ch})]
        self._s("POST", "/actions", {"actions": [{"type": "key", "id": "keyboard", "actions": actions}]})
        self._s("DELETE", "/actions")

    def keys_with(self, modifier, key):
        """A key pressed while `modifier` (e.g. "\\ue009", Control) is held."""
        actions = [{"type": "keyDown", "value": modifier}, {"type": "keyDown", "value": key},
                   {"type": "keyUp", "value": key}, {"type": "keyUp", "value": modifier}]
        self._s("POST", "/actions", {"actions": [{"type": "key", "id": "keyboard", "actions": actions}]})
        self._s("DELETE", "/actions")

    def cdp(self, command, params=None):
        return self._s("POST", "/goog/cdp/execute", {"cmd": command, "params": params or {}})

    def console(self):
        """Console messages since the last call (level, message)."""
        try:
            entries = self._s("POST", "/se/log", {"type": "browser"})
        except WebDriverError:
            return []
        return [(e.get("level"), e.get("message")) for e in entries]

    def wait(self, script, timeout=10, what="condition", *args):
        """Polls `script` until it returns something truthy; returns it."""
        deadline = time.time() + timeout
        while True:
            value = self.run(script, *args)
            if value:
                return value
            if time.time() > deadline:
                raise AssertionError(f"timed out after {timeout} s waiting for {what}")
            time.sleep(0.05)

    def emulate(self, width, height, scale=1, mobile=False, dark=False):
        self.cdp("Emulation.setDeviceMetricsOverride",
                 {"width": width, "height": height, "deviceScaleFactor": scale, "mobile": mobile})
        self.cdp("Emulation.setEmulatedMedia",
                 {"features": [{"name": "prefers-color-scheme", "value": "dark" if dark else "light"}]})

    def screenshot(self, path, full_page=True):
        """A PNG of the page (the whole page, not just the viewport)."""
        params = {"format": "png", "captureBeyondViewport": full_page}
        if full_page:
            size = self.run("return [document.documentElement.scrollWidth, document.documentElement.scrollHeight]")
            params["clip"] = {"x": 0, "y": 0, "width": size[0], "height": size[1], "scale": 1}
        data = self.cdp("Page.captureScreenshot", params)["data"]
        with open(path, "wb") as f:
            f.write(base64.b64decode(data))

    def quit(self):
        try:
            if getattr(self, "session", None):
                self._s("DELETE", "")
        except Exception:  # noqa: BLE001 - the browser may already be gone
            pass
        if self.driver.poll() is None:
            self.driver.terminate()
            try:
                self.driver.wait(10)
            except subprocess.TimeoutExpired:
                self.driver.kill()
                self.driver.wait()
        shutil.rmtree(self.profile, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.quit()
