"""Fixtures of the eID chain tests: every real component, once per session.

    eid-helper --HTTP--> pcscd + vsmartcard-vpcd --TCP--> softcard.py (card holder)
        ^                 (own network namespace)
    browser / test --HTTP--> welfare serve (beid/preview, beid/apply)

The session starts, in a temporary folder: the test PKI (tests/eid/pki.py),
pcscd (scripts/lib/pcsc.sh), one card holder (`softcard.py --control`), a
welfare server on a fresh SQLite demo database (`prep --demo --scale 50`,
`serve --port 0`) with WELFARE_EID_ROOTS/WELFARE_EID_HELPER set, and the
eid-helper on a free port allowing the server's origin. Everything is stopped
at the end, failures and Ctrl-C included; the processes' pids are also kept in
DIR/pids/ so that scripts/lib/eid-tests.sh can stop them if pytest itself dies.

Environment:
  WELFARE_BIN        the `welfare` binary (default .build/debug/welfare)
  EID_HELPER_BIN     the `eid-helper` binary (default .build/debug/eid-helper)
  WELFARE_ARTIFACTS  where screenshots go (default /tmp/welfare-artifacts)
  EID_TEST_DIR       the folder to work in (default: a new temporary folder)
  WELFARE_KEEP_TMP   keep that folder (logs of pcscd, helper, server, card)

Only one pcscd can run on a machine: these tests must not run in parallel
with anything else that uses PC/SC.
"""
import contextlib
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

import pytest

sys.dont_write_bytecode = True  # no __pycache__ in the repository
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pki as pkimod  # noqa: E402
import softcard  # noqa: E402
from chainlib import (EID_HELPER_BIN, HERE, ROOT, START_TIMEOUT, WELFARE_BIN, Api, Chain, Proc,  # noqa: E402
                      browser, free_port, pcsc)


def _install_sigterm():
    """SIGTERM (a CI timeout, the runner killed) ends pytest like Ctrl-C, so
    that the session's finalizers still stop pcscd and the servers."""
    def handler(signum, frame):
        raise KeyboardInterrupt("SIGTERM")
    with contextlib.suppress(ValueError):
        signal.signal(signal.SIGTERM, handler)


@pytest.fixture(scope="session")
def chain():
    for path, what in ((WELFARE_BIN, "WELFARE_BIN"), (EID_HELPER_BIN, "EID_HELPER_BIN")):
        if not os.access(path, os.X_OK):
            pytest.fail("no binary at %s (build first or set %s)" % (path, what))
    _install_sigterm()
    given = os.environ.get("EID_TEST_DIR")
    tmp = given or tempfile.mkdtemp(prefix="welfare-eid-")
    os.makedirs(tmp, exist_ok=True)
    with contextlib.ExitStack() as stack:
        # the last registered runs first: helper, server, card, pcscd, folder
        if not given and not os.environ.get("WELFARE_KEEP_TMP"):
            stack.callback(shutil.rmtree, tmp, True)
        elif os.environ.get("WELFARE_KEEP_TMP"):
            stack.callback(print, "\neID test folder kept: %s" % tmp)
        c = Chain(tmp, pkimod.load(os.path.join(tmp, "pki")), tmp)

        # pcscd (one per machine; pcsc.sh stops a left-over one first)
        def stop_pcscd():
            pcsc("stop", tmp)
            c.pcscd_running = False
        stack.callback(stop_pcscd)
        pcsc("start", tmp)
        c.pcscd_running = True

        # the card holder: an empty slot driven over DIR/card.sock
        card = Proc("card", [sys.executable, os.path.join(HERE, "softcard.py"), "--control", c.sock,
                             "--pki", os.path.join(tmp, "pki"), "--netns", os.path.join(tmp, "pcscd.pid")], tmp)
        stack.callback(card.stop)
        c.card_proc = card
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            if os.path.exists(c.sock):
                with contextlib.suppress(OSError):
                    if softcard.send_command(c.sock, {"status": True}).get("ok"):
                        break
            if not card.running() or time.monotonic() > deadline:
                pytest.fail("the card holder did not start:\n" + card.output())
            time.sleep(0.05)

        # the server, told where the helper will listen; the helper's port
        # stays bound until the server has its own (`--port 0`)
        c.helper_port, reserved = free_port()
        stack.callback(reserved.close)
        db = "sqlite:" + os.path.join(tmp, "db.sqlite")
        prep = subprocess.run([WELFARE_BIN, "prep", "--demo", "--scale", "50", "--database", db, "--data", tmp],
                              cwd=ROOT, capture_output=True, text=True, timeout=300)
        if prep.returncode != 0:
            pytest.fail("welfare prep failed (%d):\n%s\n%s" % (prep.returncode, prep.stdout, prep.stderr))
        env = dict(os.environ, WELFARE_EID_ROOTS=os.path.join(tmp, "pki", "test-root.pem"),
                   WELFARE_EID_HELPER=c.helper_url)
        server = Proc("server", [WELFARE_BIN, "serve", "--database", db, "--data", tmp, "--port", "0",
                                 "--web", os.path.join(ROOT, "web")], tmp, env=env,
                      watch=r"welfare: listening on (http://127\.0\.0\.1:\d+)")
        stack.callback(server.stop)
        m = server.wait_line(START_TIMEOUT)
        if not m:
            pytest.fail("the server did not say it was listening:\n" + server.output())
        c.base = c.origin = m.group(1)
        reserved.close()

        # the helper, allowing the server's origin; ready when it answers
        helper = Proc("helper", [EID_HELPER_BIN, "--port", str(c.helper_port), "--origin", c.origin], tmp)
        stack.callback(helper.stop)
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            with contextlib.suppress(OSError):
                if c.helper("GET", "/status", timeout=5).status == 200:
                    break
            if not helper.running() or time.monotonic() > deadline:
                pytest.fail("the eid-helper did not start on port %d:\n%s" % (c.helper_port, helper.output()))
            time.sleep(0.05)
        c.server_proc, c.helper_proc = server, helper
        yield c


@pytest.fixture(scope="session")
def theresia(chain):
    """The reception clerk (German), logged in through the server's API."""
    return Api(chain.base, "theresia")


@pytest.fixture(scope="session")
def robin(chain):
    """The site administrator (English): reads the log of card reads."""
    return Api(chain.base, "robin")


# ---------------------------------------------------------------------------
# the browser


# The helper's answers the shell shows as messages: Chromium logs them as
# failed loads ("... status of 404 (Not Found)").
HELPER_STATUS = re.compile(r"status of (404|410|503)\b")


@pytest.hookimpl(tryfirst=True, hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    rep = outcome.get_result()
    setattr(item, "rep_" + rep.when, rep)


@pytest.fixture
def shell(request, chain):
    """A fresh headless Chromium driving the shell (tests/browser's session);
    the helper's 404/410/503 answers, shown by the shell as messages, are
    expected failed loads too."""
    def helper_answer(message):
        return message.startswith(chain.helper_url + "/") and HELPER_STATUS.search(message) is not None
    yield from browser.browser_session(request, browser.Server(chain.base, chain.tmp, None), also_expected=helper_answer)

