"""Fixtures of the browser tests: one throwaway server with demo data per test
session, a fresh headless Chromium per test, and a `Shell` helper that drives
the web shell through its data-* hooks (see web/js/*.js).

Environment:
  WELFARE_BIN        the `welfare` binary (default .build/release/welfare)
  WELFARE_ARTIFACTS  where screenshots go (default /tmp/welfare-artifacts)
  WELFARE_BROWSER_TIMEOUT  seconds an explicit wait may take (default 10)
"""
import http.cookiejar
import json
import os
import re
import shutil
import subprocess
import tempfile
import threading
import time
import unicodedata
import urllib.error
import urllib.parse
import urllib.request

import pytest
from selenium import webdriver
from selenium.common.exceptions import (
    NoAlertPresentException,
    StaleElementReferenceException,
    TimeoutException,
    WebDriverException,
)
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
WELFARE_BIN = os.environ.get("WELFARE_BIN", os.path.join(ROOT, ".build/release/welfare"))
ARTIFACTS = os.environ.get("WELFARE_ARTIFACTS", "/tmp/welfare-artifacts")
TIMEOUT = float(os.environ.get("WELFARE_BROWSER_TIMEOUT", "10"))
CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
PASSWORD = "1234"

# Network errors the shell provokes on purpose: 401 (no session yet, wrong
# password), 403 (forbidden table), 409 (conflict/veto), 422 (validation).
EXPECTED_NETWORK_ERROR = re.compile(r"status of (401|403|409|422)\b")

# Installed in every document before the shell's own scripts run: records
# native dialogs instead of showing them (an XSS payload calling alert() is
# then visible to the tests) and counts fetches in flight.
INIT_SCRIPT = r"""
(() => {
  window.__dialogs = [];
  for (const kind of ['alert', 'confirm', 'prompt']) {
    window[kind] = function (msg) { window.__dialogs.push(kind + ': ' + String(msg)); return kind === 'confirm' ? false : null; };
  }
  window.__inflight = 0;
  const realFetch = window.fetch.bind(window);
  window.fetch = function (...args) {
    window.__inflight += 1;
    // a request counts as finished once its body is there and the shell had
    // a moment to render what it got
    const done = () => setTimeout(() => { window.__inflight -= 1; }, 30);
    return realFetch(...args).then(async (res) => {
      const copy = res.clone();
      try { await copy.arrayBuffer(); } catch (e) { /* aborted */ }
      done();
      return res;
    }, (err) => { done(); throw err; });
  };
})();
"""


# ---------------------------------------------------------------------------
# the server


class Server:
    def __init__(self, base, tmp, proc):
        self.base = base  # "http://127.0.0.1:PORT" (no trailing slash)
        self.tmp = tmp
        self.proc = proc

    def api(self, username):
        return Api(self.base, username)


@pytest.fixture(scope="session")
def server():
    if not os.access(WELFARE_BIN, os.X_OK):
        pytest.fail(f"no welfare binary at {WELFARE_BIN} (set WELFARE_BIN)")
    tmp = tempfile.mkdtemp(prefix="welfare-browser-")
    db = f"sqlite:{tmp}/db.sqlite"
    prep = subprocess.run(
        [WELFARE_BIN, "prep", "--demo", "--scale", "200", "--database", db, "--data", tmp],
        cwd=ROOT, capture_output=True, text=True, timeout=300)
    if prep.returncode != 0:
        pytest.fail(f"welfare prep failed ({prep.returncode}):\n{prep.stdout}\n{prep.stderr}")
    stderr_log = open(os.path.join(tmp, "serve.stderr.log"), "w")
    proc = subprocess.Popen(
        [WELFARE_BIN, "serve", "--database", db, "--data", tmp, "--port", "0", "--web", os.path.join(ROOT, "web")],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=stderr_log, text=True, bufsize=1)
    base = None
    lines = []
    deadline = time.time() + 60

    # read stdout in a thread so that a silent server cannot hang the session
    found = threading.Event()

    def reader():
        nonlocal base
        for line in proc.stdout:
            lines.append(line)
            m = re.search(r"welfare: listening on (http://127\.0\.0\.1:\d+)", line)
            if m and base is None:
                base = m.group(1)
                found.set()
        found.set()  # EOF: the server ended

    threading.Thread(target=reader, daemon=True).start()
    found.wait(max(0.0, deadline - time.time()))
    if base is None:
        proc.kill()
        proc.wait()
        stderr_log.close()
        err = open(os.path.join(tmp, "serve.stderr.log")).read()
        pytest.fail(f"the server did not say it was listening:\n{''.join(lines)}\n{err[-3000:]}")
    try:
        yield Server(base, tmp, proc)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        stderr_log.close()
        if os.environ.get("WELFARE_KEEP_TMP"):
            print(f"server data kept in {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


class ApiError(Exception):
    def __init__(self, status, body):
        super().__init__(f"HTTP {status}: {body}")
        self.status = status
        self.body = body


class Api:
    """A tiny JSON client with its own cookie session (stdlib only), used to
    pick test records and to check what the server stored."""

    def __init__(self, base, username, password=PASSWORD):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        self.csrf = ""
        data = self.request("POST", "/auth/login", {"username": username, "password": password})
        self.csrf = data["csrfToken"]
        self.user = data["user"]

    def request(self, method, path, body=None, params=None):
        url = self.base + path
        if params:
            url += "?" + urllib.parse.urlencode(params)
        headers = {"Accept": "application/json"}
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        if method != "GET" and self.csrf:
            headers["X-CSRF-Token"] = self.csrf
        req = urllib.request.Request(url, data=data, method=method, headers=headers)
        try:
            with self.opener.open(req, timeout=30) as res:
                text = res.read().decode()
        except urllib.error.HTTPError as e:
            raise ApiError(e.code, e.read().decode()) from None
        return json.loads(text) if text else {}

    def get(self, path, **params):
        return self.request("GET", path, params=params or None)

    def rows(self, table, **params):
        return self.get(f"/api/tables/{table}/rows", **params)

    def row(self, table, rid):
        return self.get(f"/api/tables/{table}/rows/{rid}")["row"]

    def post(self, path, body=None):
        return self.request("POST", path, body or {})


@pytest.fixture(scope="session")
def robin_api(server):
    return server.api("robin")


def pick_person(api, n):
    """The n-th person (by id) named "Last First" in plain ASCII letters, so
    that searching and matching it does not depend on accent or case folding.
    Tests that change data each take their own n."""
    rows = api.rows("contacts.Persons", sort="id", limit=500)["rows"]
    plain = [r for r in rows if re.fullmatch(r"[A-Za-z]+ [A-Za-z]+", r["name"] or "")]
    return plain[n % len(plain)]


# ---------------------------------------------------------------------------
# the browser


def make_driver():
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--window-size=1366,768", "--disable-gpu",
                "--disable-dev-shm-usage", "--no-first-run", "--no-default-browser-check",
                "--disable-extensions", "--disable-background-networking", "--lang=en-US"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": INIT_SCRIPT})
    return driver


@pytest.hookimpl(tryfirst=True, hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    rep = outcome.get_result()
    setattr(item, f"rep_{rep.when}", rep)


def unexpected_log_entries(entries):
    bad = []
    for e in entries:
        if e.get("level") != "SEVERE":
            continue
        if EXPECTED_NETWORK_ERROR.search(e.get("message", "")):
            continue
        bad.append(e)
    return bad


def browser_session(request, server, also_expected=lambda message: False):
    """A fresh headless Chromium driving the shell of `server`. After the test:
    a screenshot if it failed; native dialogs and SEVERE browser log entries
    fail it, except expected HTTP errors and those `also_expected` accepts."""
    os.makedirs(ARTIFACTS, exist_ok=True)
    driver = make_driver()
    s = Shell(driver, server)
    try:
        yield s
    finally:
        problems = []
        failed = getattr(request.node, "rep_call", None) is not None and request.node.rep_call.failed
        try:
            if failed:
                driver.save_screenshot(os.path.join(ARTIFACTS, f"FAILED-{request.node.name}.png"))
            try:
                driver.switch_to.alert.text  # noqa: B018 - a native dialog must not be open
                problems.append("a native JavaScript dialog is open")
            except NoAlertPresentException:
                pass
            try:
                dialogs = driver.execute_script("return window.__dialogs || []")
            except WebDriverException:
                dialogs = []
            if dialogs:
                problems.append(f"native dialogs were called: {dialogs}")
            bad = [e for e in unexpected_log_entries(driver.get_log("browser")) if not also_expected(e.get("message", ""))]
            if bad:
                problems.append("SEVERE browser log entries:\n" + "\n".join(e["message"] for e in bad))
        finally:
            driver.quit()
        if problems and not failed:
            pytest.fail("\n".join(problems))


@pytest.fixture
def shell(request, server):
    """A fresh browser (each test logs in itself); see browser_session."""
    yield from browser_session(request, server)


class Shell:
    """Drives the web shell like a user; all waits are explicit."""

    def __init__(self, driver, server):
        self.d = driver
        self.server = server
        self.base = server.base + "/"

    # ---- waiting ------------------------------------------------------------

    def wait(self, fn, message, timeout=None):
        """Waits until fn() returns something truthy and returns it."""
        last = {}

        def probe(_):
            try:
                v = fn()
            except StaleElementReferenceException:
                return False
            last["v"] = v
            return v

        try:
            return WebDriverWait(self.d, timeout or TIMEOUT, poll_frequency=0.05).until(probe)
        except TimeoutException:
            raise AssertionError(f"timed out waiting: {message} (last value: {last.get('v')!r})") from None

    def js(self, script, *args):
        return self.d.execute_script(script, *args)

    def idle(self, quiet=0.3):
        """Waits until no fetch has been in flight for `quiet` seconds (covers
        the shell's 250 ms debounce of searches and filters)."""
        since = [None]

        def calm():
            n = self.js("return window.__inflight || 0")
            if n:
                since[0] = None
                return False
            now = time.monotonic()
            if since[0] is None:
                since[0] = now
            return now - since[0] >= quiet

        self.wait(calm, "requests to finish")

    def find(self, css, root=None):
        return (root or self.d).find_element(By.CSS_SELECTOR, css)

    def finds(self, css, root=None):
        return (root or self.d).find_elements(By.CSS_SELECTOR, css)

    def visible(self, css, root=None, message=None):
        def probe():
            for el in self.finds(css, root):
                if el.is_displayed():
                    return el
            return None
        return self.wait(probe, message or f"{css} visible")

    def gone(self, css, message=None):
        self.wait(lambda: not any(e.is_displayed() for e in self.finds(css)), message or f"{css} gone")

    def screenshot(self, name):
        path = os.path.join(ARTIFACTS, name)
        self.d.save_screenshot(path)
        return path

    # ---- login ----------------------------------------------------------------

    def open(self):
        self.d.get(self.base)

    def login_form(self):
        return self.visible("form.login-form input[name=username]", message="the login form")

    def login(self, username, password=PASSWORD, expect_ok=True):
        if not self.d.current_url.startswith(self.server.base):
            self.open()
        user = self.login_form()
        pw = self.find("form.login-form input[name=password]")
        user.clear()
        user.send_keys(username)
        pw.clear()
        pw.send_keys(password)
        self.find("form.login-form [data-action=login]").click()
        if expect_ok:
            self.wait_menu()

    def wait_menu(self):
        return self.wait(lambda: self.js(
            "const b = document.querySelector('[role=menubar]');"
            "return b && b.querySelector('[role=menuitem]') ? true : false;"), "the menu bar")

    def logout(self):
        self.open_command("logout")
        self.login_form()

    # ---- menu -------------------------------------------------------------------

    def top_menu_labels(self):
        return self.js("return [...document.querySelectorAll('[role=menubar] > li > [role=menuitem] .menu-label')]"
                       ".map((e) => e.textContent)")

    def menu_leaf_tables(self):
        return self.js("return [...document.querySelectorAll('[role=menubar] [data-table]')].map((e) => e.dataset.table)")

    def _menu_path(self, css):
        """The menu buttons to click, top first, to reach the item `css`."""
        return self.js("""
          const leaf = document.querySelector('[role=menubar] ' + arguments[0]);
          if (!leaf) return null;
          const path = [leaf];
          let menu = leaf.closest('[role=menu]');
          while (menu) {
            const btn = menu.parentElement.querySelector(':scope > [role=menuitem]');
            path.unshift(btn);
            menu = btn.closest('[role=menu]');
          }
          return path;""", css)

    def click_menu(self, css):
        path = self._menu_path(css)
        assert path, f"no menu item {css}"
        for btn in path:
            self.wait(btn.is_displayed, f"menu item {btn.text!r} visible")
            btn.click()

    def open_table(self, table):
        """Opens a table from the menu and waits for its grid's first load."""
        self.click_menu(f'[data-table="{table}"]')
        return self.wait_grid(table)

    def open_command(self, command):
        self.click_menu(f'[data-command="{command}"]')

    # ---- windows ------------------------------------------------------------------

    def window(self, table, kind):
        return self.visible(f'section.win[data-window="{table}"][data-kind="{kind}"]',
                            message=f"{kind} window of {table}")

    def window_gone(self, table, kind):
        self.wait(lambda: not self.finds(f'section.win[data-window="{table}"][data-kind="{kind}"]'),
                  f"{kind} window of {table} closed")

    def window_title(self, win):
        return self.find(".win-title-text", win).text

    def close_window(self, win):
        self.find(".win-title [data-action=close]", win).click()

    # ---- grids --------------------------------------------------------------------

    def wait_grid(self, table):
        win = self.window(table, "grid")
        self.wait(lambda: self.js(
            "const w = arguments[0]; return w.querySelector('[data-role=pager-text]').textContent !== ''"
            " && !!w.querySelector('tbody tr');", win), f"rows of {table}")
        return win

    def grid_rows(self, win):
        """[{id, cells: {field: text}}] of the rows shown."""
        return self.js("""
          return [...arguments[0].querySelectorAll('table.grid-table tbody tr[data-id]')].map((tr) => ({
            id: Number(tr.dataset.id),
            cells: Object.fromEntries([...tr.querySelectorAll('td[data-field]')].map((td) => [td.dataset.field, td.textContent])),
          }));""", win)

    def grid_ids(self, win):
        return [r["id"] for r in self.grid_rows(win)]

    def grid_column(self, win, field):
        return [r["cells"].get(field) for r in self.grid_rows(win)]

    def pager_text(self, win):
        return self.find("[data-role=pager-text]", win).text

    def pager_total(self, win):
        return parse_total(self.pager_text(win))

    def header(self, win, field):
        return self.find(f'thead tr:first-child th[data-field="{field}"]', win)

    def header_label(self, win, field):
        return self.find(".th-label", self.header(win, field)).text

    def row_element(self, win, rid):
        return self.find(f'tbody tr[data-id="{rid}"]', win)

    def quick_search(self, win, text):
        box = self.find("[data-role=quick-search]", win)
        box.click()
        box.send_keys(Keys.CONTROL, "a")
        if text:
            box.send_keys(text)
        else:
            box.send_keys(Keys.DELETE)
        return box

    def rows_contain(self, win, text):
        """True when rows are shown and each contains every word of `text`
        (ignoring case and accents, as the quick search does)."""
        words = fold(text).split()
        rows = self.grid_rows(win)
        return bool(rows) and all(all(w in row_text(r) for w in words) for r in rows)

    def find_in_grid(self, win, text, rid):
        """Quick-searches `text` and waits until the grid shows the search's
        result, including the row `rid`."""
        self.quick_search(win, text)
        self.wait(lambda: self.rows_contain(win, text) and rid in self.grid_ids(win),
                  f"row {rid} found by quick search {text!r}")
        self.idle()
        return self.row_element(win, rid)

    def open_detail_of(self, grid_win, table, rid):
        """Double-clicks the row `rid` and waits for its detail window."""
        cell = self.find(f'tbody tr[data-id="{rid}"] td[data-field]', grid_win)
        ActionChains(self.d).double_click(cell).perform()
        return self.wait_detail(table, rid)

    # ---- forms --------------------------------------------------------------------

    def wait_detail(self, table, rid=None):
        win = self.window(table, "detail")
        if rid is not None:
            self.wait(lambda: self.record_id(win) == rid, f"detail of record {rid}")
        return win

    def record_id(self, win):
        """The id shown by a detail window (its read-only id field, on any tab)."""
        v = self.js("const i = arguments[0].querySelector('[name=id]'); return i ? i.value : null;", win)
        digits = re.sub(r"\D", "", v or "")
        return int(digits) if digits else None

    def field(self, win, name):
        return self.find(f'[name="{name}"]', win)

    def field_value(self, win, name):
        return self.js("return arguments[0].querySelector('[name=\"' + arguments[1] + '\"]').value", win, name)

    def error_text(self, win, name):
        return self.js("const e = arguments[0].querySelector('[data-error-for=\"' + arguments[1] + '\"]');"
                       "return e && !e.hidden ? e.textContent : ''", win, name)

    def show_tab(self, win, tab):
        btn = self.find(f'[role=tab][data-tab="{tab}"]', win)
        btn.click()
        self.wait(lambda: btn.get_attribute("aria-selected") == "true", f"tab {tab} shown")

    def type_into(self, el, text):
        """Replaces the content of an input like a user: select all, type."""
        el.click()
        el.send_keys(Keys.CONTROL, "a")
        el.send_keys(Keys.DELETE)
        if text:
            el.send_keys(text)

    def save(self, win):
        """Clicks Save and waits until the form is clean again (saved)."""
        self.find(".toolbar [data-action=save]", win).click()
        self.wait(lambda: "dirty" not in (win.get_attribute("class") or "").split(), "the form to be saved")
        self.idle()

    def active_element_info(self):
        return self.js("""
          const a = document.activeElement;
          const tr = a && a.closest('tr[data-id]');
          const win = a && a.closest('section.win');
          return {tag: a ? a.tagName : null, field: a && a.dataset ? a.dataset.field || null : null,
                  rowId: tr ? Number(tr.dataset.id) : null,
                  rowIndex: tr ? tr.sectionRowIndex : null,
                  window: win ? win.dataset.window + ':' + win.dataset.kind : null};""")

    # ---- accessibility (axe-core) -------------------------------------------------

    def axe(self, context=None):
        """Runs axe-core (the axe.min.js that axe-selenium-python bundles) on the
        page, or on the elements matching the CSS selector `context`, and
        returns its violations: [{id, impact, help, nodes: [{target, html, ...}]}]."""
        from axe_selenium_python.axe import _DEFAULT_SCRIPT
        if not self.js("return !!window.axe"):
            with open(_DEFAULT_SCRIPT, encoding="utf8") as f:
                self.js(f.read())
        result = self.d.execute_async_script("""
          const [context, done] = arguments;
          axe.run(context || document, { resultTypes: ['violations'] })
            .then((r) => done({ violations: r.violations }), (e) => done({ error: String(e) }));""", context)
        assert "error" not in result, f"axe-core failed: {result['error']}"
        return result["violations"]


def fold(text):
    """Lower case without accents ("Ärens" -> "arens"), like the server's search index."""
    decomposed = unicodedata.normalize("NFKD", (text or "").casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def row_text(row):
    """All cells of a grid row (from Shell.grid_rows), folded."""
    return fold(" ".join(v or "" for v in row["cells"].values()))


def parse_total(text):
    """The total of a pager text like "Rows 1-25 of 1,234" (0 for "No rows")."""
    numbers = re.findall(r"\d+(?:[ ,.\u00a0\u202f]\d{3})*", text or "")
    if not numbers:
        return 0
    return int(re.sub(r"\D", "", numbers[-1]))


def layout_nodes(node):
    """Every node of a LayoutNode tree (the detail layouts of /api/tables/<name>)."""
    if not node:
        return
    yield node
    for child in node.get("children", []):
        yield from layout_nodes(child)
    for row in node.get("rows", []):
        for el in row:
            yield from layout_nodes(el)
