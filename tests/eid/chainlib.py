"""What the eID chain tests share (conftest.py's fixtures and test_chain.py):
the running components, the card holder's commands, HTTP to the helper.
A module of its own, not conftest, so that test modules can import it
whatever other conftest.py a pytest run loads."""
import base64
import contextlib
import http.client
import importlib.util
import json
import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.parse

sys.dont_write_bytecode = True  # no __pycache__ in the repository
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
if HERE not in sys.path:
    sys.path.insert(0, HERE)
import softcard  # noqa: E402

WELFARE_BIN = os.environ.get("WELFARE_BIN", os.path.join(ROOT, ".build/debug/welfare"))
EID_HELPER_BIN = os.environ.get("EID_HELPER_BIN", os.path.join(ROOT, ".build/debug/eid-helper"))
PCSC_SH = os.path.join(ROOT, "scripts/lib/pcsc.sh")
CARDS_DIR = os.path.join(HERE, "cards")
CARD_NAMES = ["be_fr", "be_de", "foreigner", "be_nl", "exact_chunk"]
READER = "Virtual PCD 00 00"
EMPTY_READER = "Virtual PCD 00 01"
START_TIMEOUT = 30

# The browser tests' Shell (menus, windows, grids), Api (JSON client with a
# session) and Chromium set-up, loaded under another name than "conftest".
_spec = importlib.util.spec_from_file_location(
    "welfare_browser_shell", os.path.join(ROOT, "tests/browser/conftest.py"))
browser = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(browser)
Api, ApiError = browser.Api, browser.ApiError


def card_path(name):
    return os.path.join(CARDS_DIR, name + ".json")


def card_json(name):
    with open(card_path(name), encoding="utf-8") as f:
        return json.load(f)


def free_port():
    """(port, socket bound to it): close the socket just before the port is used."""
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    return s.getsockname()[1], s


# ---------------------------------------------------------------------------
# processes


class Proc:
    """A child process whose output goes to DIR/NAME.log; its pid is kept in
    DIR/pids/NAME.pid while it runs (for the runner's last-resort cleanup)."""

    def __init__(self, name, args, tmp, env=None, watch=None):
        self.name, self.tmp = name, tmp
        self.log_path = os.path.join(tmp, name + ".log")
        self.lines, self.found = [], threading.Event()
        self.match = None
        self.proc = subprocess.Popen(args, cwd=ROOT, env=env, stdin=subprocess.DEVNULL,
                                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                     text=True, bufsize=1, start_new_session=True)
        os.makedirs(os.path.join(tmp, "pids"), exist_ok=True)
        self.pid_file = os.path.join(tmp, "pids", name + ".pid")
        with open(self.pid_file, "w") as f:
            f.write("%d\n" % self.proc.pid)
        pattern = re.compile(watch) if watch else None

        def reader():
            with open(self.log_path, "a", encoding="utf-8") as log:
                for line in self.proc.stdout:
                    log.write(line)
                    log.flush()
                    self.lines.append(line)
                    if pattern and self.match is None:
                        m = pattern.search(line)
                        if m:
                            self.match = m
                            self.found.set()
            self.found.set()  # EOF: the process ended

        threading.Thread(target=reader, daemon=True).start()

    def running(self):
        return self.proc.poll() is None

    def wait_line(self, timeout):
        """The match of `watch` in the output, or None (timeout or exit)."""
        self.found.wait(timeout)
        return self.match

    def output(self, tail=40):
        return "".join(self.lines[-tail:])

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        with contextlib.suppress(OSError):
            os.unlink(self.pid_file)


def pcsc(*args):
    r = subprocess.run([PCSC_SH, *args], cwd=ROOT, capture_output=True, text=True, timeout=60)
    if r.returncode != 0:
        raise RuntimeError("pcsc.sh %s failed (%d):\n%s%s" % (" ".join(args), r.returncode, r.stdout, r.stderr))
    return r.stdout


# ---------------------------------------------------------------------------
# talking to the helper


class Answer:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers  # http.client.HTTPMessage: case-insensitive get()
        self.body = body
        try:
            self.json = json.loads(body) if body else None
        except ValueError:
            self.json = None

    @property
    def error(self):
        return (self.json or {}).get("error") if isinstance(self.json, dict) else None

    def __repr__(self):
        return "<HTTP %d %s>" % (self.status, self.body[:300])


def http_request(port, method, path, headers=None, timeout=30):
    """One request to 127.0.0.1:PORT; a Host header in `headers` is sent as given."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request(method, path, headers=headers or {})
        res = conn.getresponse()
        return Answer(res.status, res.headers, res.read().decode("utf-8", "replace"))
    finally:
        conn.close()


class Chain:
    """The running components and what the tests do with them."""

    def __init__(self, tmp, pki, pcscd_dir):
        self.tmp, self.pki, self.pcscd_dir = tmp, pki, pcscd_dir
        self.sock = os.path.join(tmp, "card.sock")
        self.helper_port = None
        self.base = None      # the server, "http://127.0.0.1:PORT"
        self.origin = None    # the same: the origin the helper allows
        self.card_proc = None
        self.pcscd_running = False

    # ---- the helper ----------------------------------------------------------

    @property
    def helper_url(self):
        return "http://127.0.0.1:%d" % self.helper_port

    def helper(self, method, path, origin=True, headers=None, timeout=30):
        h = dict(headers or {})
        if origin is True:
            h["Origin"] = self.origin
        elif origin:
            h["Origin"] = origin
        return http_request(self.helper_port, method, path, h, timeout)

    def read_card(self, origin=True):
        return self.helper("GET", "/card", origin=origin)

    def status(self, wait=None, since=None, plus=False):
        """GET /status; `since` is sent with spaces as %20 (as `new URL()`
        and encodeURIComponent do), or as "+" with plus=True (URLSearchParams)."""
        q = {}
        if wait is not None:
            q["wait"] = str(wait)
        if since is not None:
            q["since"] = since
        quote = urllib.parse.quote_plus if plus else urllib.parse.quote
        path = "/status" + ("?" + urllib.parse.urlencode(q, quote_via=quote) if q else "")
        a = self.helper("GET", path, timeout=(wait or 0) + 30)
        assert a.status == 200, "GET %s: %r" % (path, a)
        return a.json

    @staticmethod
    def card_in(status, reader=READER):
        for r in status["readers"]:
            if r["name"] == reader:
                return r["card"]
        raise AssertionError("reader %r not in %r" % (reader, status["readers"]))

    def wait_card(self, present, timeout=8.0):
        """Waits (long polls of /status) until the reader has a card or not."""
        deadline = time.monotonic() + timeout
        s = self.status()
        while self.card_in(s) != present:
            left = deadline - time.monotonic()
            assert left > 0, "the helper still says card=%s after %.0f s: %r" % (not present, timeout, s)
            s = self.status(wait=max(1, int(left + 0.999)), since=s["since"])
        return s

    # ---- the card holder -----------------------------------------------------

    def command(self, cmd):
        reply = softcard.send_command(self.sock, cmd)
        assert reply.get("ok"), "card holder: %r -> %r" % (cmd, reply)
        return reply

    def insert(self, name, *faults, wait=True):
        """Inserts card NAME (with faults) and waits until the helper sees it.
        A card still in the slot is taken out first, and pcscd must have seen
        that: a swap within one of its polls (0.4 s) looks like no change, and
        a read then fails with "removed" on the stale card handle."""
        if self.command({"status": True})["inserted"] or self.card_in(self.status()):
            self.remove()
        self.command({"insert": card_path(name), "fault": list(faults)})
        if wait:
            self.wait_card(True)

    def remove(self, wait=True):
        self.command({"remove": True})
        if wait:
            self.wait_card(False)

    def card(self, name, *faults):
        """The card as the card holder builds it (files, ATR): what a read must give."""
        return softcard.load_card(card_path(name), self.pki, faults)


def persons_total(api):
    return api.rows("contacts.Persons", limit=1)["total"]


def b64(data):
    return base64.b64encode(data).decode()
