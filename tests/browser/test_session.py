"""Browser tests of the session and the desktop (issue 8): a change of user
starts clean (log-out, or another user after the session ended), the
leave-page warning while typing is unsaved, keyboard window and tab
switching, Escape never closing a grid, a second detail window, the desktop
with its greeting and shortcuts, and the first-load budget.
"""
import json
import os
import re
import time
import urllib.error
import urllib.request

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select

import conftest
from conftest import ARTIFACTS, ROOT, Api, Shell, pick_person

PERSONS = "contacts.Persons"
COUNTRIES = "countries.Countries"
PLACES = "countries.Places"


def locale(lang):
    with open(os.path.join(ROOT, "locales", f"{lang}.json"), encoding="utf-8") as f:
        return json.load(f)


def french_only_texts():
    """UI texts that exist only in French: neither the English msgid nor its German translation."""
    fr, de = locale("fr"), locale("de")
    return {v for k, v in fr.items() if v != k and v != de.get(k) and len(v) >= 6 and not re.search(r"[{}]", v)}


def window_text(shell, win):
    """Everything a window shows: texts, titles, placeholders and labels."""
    return shell.js("""
      const w = arguments[0];
      const attrs = [...w.querySelectorAll('[title], [placeholder], [aria-label]')]
        .flatMap((e) => [e.title, e.placeholder, e.getAttribute('aria-label')]);
      return [w.innerText, ...attrs].filter(Boolean).join('\\n');""", win)


def windows_open(shell):
    return shell.js("return [...document.querySelectorAll('section.win')].map((w) => w.dataset.window + ':' + w.dataset.kind)")


def active_window(shell):
    return shell.js("const w = document.querySelector('section.win.active');"
                    "return w ? w.dataset.window + ':' + w.dataset.kind : null")


def keys(shell, *modifiers_and_key):
    """Presses modifiers (held) and a key: keys(shell, Keys.CONTROL, Keys.F6)."""
    *mods, key = modifiers_and_key
    chain = ActionChains(shell.d)
    for m in mods:
        chain.key_down(m)
    chain.send_keys(key)
    for m in reversed(mods):
        chain.key_up(m)
    chain.perform()


def end_session_in_browser(shell):
    """The server forgets nothing, but the browser loses its session cookie:
    the next request answers 401, as when the session times out."""
    shell.d.delete_all_cookies()


@pytest.fixture
def prompt_shell(request, server):
    """A shell whose browser keeps its leave-page (beforeunload) prompts open
    and records them in `shell.prompts`: classic WebDriver accepts them
    silently, so this browser speaks WebDriver BiDi with beforeUnload: ignore."""
    options = webdriver.ChromeOptions()
    options.binary_location = conftest.CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--window-size=1366,768", "--disable-gpu",
                "--disable-dev-shm-usage", "--no-first-run", "--no-default-browser-check",
                "--disable-extensions", "--disable-background-networking", "--lang=en-US"):
        options.add_argument(arg)
    options.enable_bidi = True
    options.set_capability("unhandledPromptBehavior", {"default": "dismiss and notify", "beforeUnload": "ignore"})
    driver = webdriver.Chrome(service=Service(executable_path=conftest.CHROMEDRIVER), options=options)
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": conftest.INIT_SCRIPT})
    s = Shell(driver, server)
    s.prompts = []
    s.context = driver.current_window_handle
    driver.browsing_context.add_event_handler("user_prompt_opened", lambda p: s.prompts.append(p.type))
    try:
        yield s
    finally:
        rep = getattr(request.node, "rep_call", None)
        if rep is not None and rep.failed:
            os.makedirs(ARTIFACTS, exist_ok=True)
            driver.save_screenshot(os.path.join(ARTIFACTS, f"FAILED-{request.node.name}.png"))
        driver.quit()


def reload_page(shell):
    """F5: a reload that does not wait (a leave-page prompt may stop it)."""
    shell.js("setTimeout(() => location.reload(), 0)")


def leave_prompts(shell, wait=1.5):
    """The leave-page prompts opened so far (waits `wait` seconds for one)."""
    deadline = time.monotonic() + wait
    while not shell.prompts and time.monotonic() < deadline:
        time.sleep(0.05)
    return [p for p in shell.prompts if p == "beforeunload"]


# ---------------------------------------------------------------------------
# 1. a change of user starts clean


def robins_person_detail(shell, api, n, typed=None):
    """Logs in as robin, opens the n-th plain-named person's detail and, with
    `typed`, types it into the first name until the window is dirty."""
    person = pick_person(api, n)
    shell.login("robin")
    grid = shell.open_table(PERSONS)
    shell.find_in_grid(grid, person["name"].split()[0], person["id"])
    det = shell.open_detail_of(grid, PERSONS, person["id"])
    if typed is not None:
        shell.type_into(shell.field(det, "first_name"), typed)
        shell.wait(lambda: "dirty" in det.get_attribute("class").split(), "the detail dirty")
    return person, det


def test_after_logout_the_next_user_gets_their_own_language(shell, server):
    robin = server.api("robin")
    try:
        shell.login("robin")
        Select(shell.find("[data-role=language]")).select_by_value("fr")
        shell.wait(lambda: "Explorateur" in shell.top_menu_labels(), "French menu labels")
        grid = shell.open_table(PERSONS)
        assert shell.window_title(grid) == "Personnes"
        shell.idle()

        t0 = time.monotonic()
        shell.logout()
        logout_s = time.monotonic() - t0
        assert not shell.finds("section.win") and not shell.finds("[role=menubar]"), windows_open(shell)

        t0 = time.monotonic()
        shell.login("rolf")
        login_s = time.monotonic() - t0
        print(f"log-out to login form {logout_s:.3f} s, login to menu {login_s:.3f} s")
        assert shell.js("return document.documentElement.lang") == "de"
        assert "Kontakte" in shell.top_menu_labels()
        assert windows_open(shell) == [], "the previous user's windows are gone"

        grid = shell.open_table(PERSONS)
        assert shell.window_title(grid) == "Personen"
        assert shell.header_label(grid, "name") == "Name"
        assert shell.pager_text(grid).startswith("Zeilen "), shell.pager_text(grid)
        shell.idle()
        text = window_text(shell, grid)
        french = sorted(s for s in french_only_texts() if s in text)
        assert not french, f"French texts in rolf's Persons grid: {french}"
        assert login_s < 3, f"login took {login_s:.2f} s"
    finally:
        robin.post("/api/me/language", {"language": "en"})


def test_after_logout_the_next_user_gets_their_own_rights(shell):
    shell.login("robin")
    grid = shell.open_table(COUNTRIES)
    assert shell.finds(".toolbar [data-action=insert]", grid) and shell.finds(".toolbar [data-action=delete]", grid)
    shell.logout()

    shell.login("alicia")  # an integration agent (French): Countries is read-only for her
    assert windows_open(shell) == []
    grid = shell.open_table(COUNTRIES)
    assert shell.window_title(grid) == "Pays"
    for action in ("insert", "delete", "duplicate"):
        assert not shell.finds(f".toolbar [data-action={action}]", grid), f"alicia sees {action}"
    ActionChains(shell.d).double_click(shell.find("tbody tr[data-id] td[data-field]", grid)).perform()
    det = shell.wait_detail(COUNTRIES)
    shell.idle()
    assert not shell.finds(".toolbar [data-action=delete]", det)
    assert not shell.finds(".toolbar [data-action=duplicate]", det)


def test_after_the_session_ended_another_user_starts_clean(prompt_shell, robin_api):
    shell = prompt_shell
    person, det = robins_person_detail(shell, robin_api, 41, "Typed by Robin")

    end_session_in_browser(shell)
    shell.click_menu(f'[data-table="{COUNTRIES}"]')  # the next request answers 401
    msg = shell.visible("form.login-form .login-error", message="the session-ended message")
    assert msg.text.strip()
    assert shell.js("return document.querySelector('.desk').inert"), "the desktop is out of reach behind the login form"
    assert not shell.finds("form.login-form ~ .desk, .desk form.login-form"), "the login form is not inside the desktop"

    shell.login_form().send_keys("alicia")
    shell.find("form.login-form input[name=password]").send_keys("1234")
    shell.find("form.login-form [data-action=login]").click()
    # another user: the page starts again, without a leave-page prompt for robin's typing
    shell.wait(lambda: shell.js(
        "const b = document.querySelector('[role=menubar]');"
        "return !!(b && b.querySelector('[role=menuitem]')) && document.documentElement.lang === 'fr'"
        " && !document.querySelector('section.win')"), "alicia's French desktop")
    assert leave_prompts(shell, 0.5) == [], "the shell's own restart must not ask"
    assert windows_open(shell) == []
    assert "Alicia" in shell.find(".user-name").text
    assert robin_api.row(PERSONS, person["id"])["first_name"] != "Typed by Robin"


def test_after_the_session_ended_the_same_user_keeps_the_windows(shell):
    shell.login("robin")
    grid = shell.open_table(COUNTRIES)
    end_session_in_browser(shell)
    shell.find(".toolbar [data-action=refresh]", grid).click()
    shell.login_form()
    shell.login("robin")
    shell.gone("form.login-form")
    assert grid.is_displayed(), "robin's own grid stays"
    assert not shell.js("return document.querySelector('.desk').inert")
    shell.find(".toolbar [data-action=refresh]", grid).click()
    shell.idle()
    assert shell.grid_ids(grid)


def test_metadata_answers_differ_per_language_and_user_type(server):
    """The table metadata is cached by the browser (ETag, private, no-cache): a
    revalidation with another user's ETag must get the new user's metadata."""
    def fetch(api, etag=None):
        headers = {"Accept": "application/json"}
        if etag:
            headers["If-None-Match"] = etag
        req = urllib.request.Request(server.base + f"/api/tables/{COUNTRIES}", headers=headers)
        try:
            with api.opener.open(req, timeout=30) as res:
                return res.status, res.headers, json.loads(res.read() or b"{}")
        except urllib.error.HTTPError as e:
            return e.code, e.headers, {}

    romain, rolf, alicia = (Api(server.base, u) for u in ("romain", "rolf", "alicia"))
    s1, h1, m1 = fetch(romain)
    assert s1 == 200 and "no-cache" in h1["Cache-Control"] and "private" in h1["Cache-Control"], dict(h1)
    assert fetch(romain, h1["ETag"])[0] == 304
    s2, h2, m2 = fetch(rolf, h1["ETag"])  # same user type, other language
    assert s2 == 200 and h2["ETag"] != h1["ETag"] and m2["label"] == "Länder" and m1["label"] == "Pays"
    s3, h3, m3 = fetch(alicia, h1["ETag"])  # same language, other user type
    assert s3 == 200 and h3["ETag"] != h1["ETag"] and m3["canInsert"] is False and m1["canInsert"] is True


# ---------------------------------------------------------------------------
# 6. leaving the page with unsaved typing


def test_reload_asks_while_a_window_has_unsaved_changes(prompt_shell, robin_api):
    shell = prompt_shell
    person, det = robins_person_detail(shell, robin_api, 43, "Unsaved")

    reload_page(shell)
    assert leave_prompts(shell, 5) == ["beforeunload"], f"reloading with unsaved typing must ask: {shell.prompts}"
    shell.d.browsing_context.handle_user_prompt(shell.context, accept=False)  # stay on the page
    assert shell.field_value(det, "first_name") == "Unsaved", "the typing is still there"

    # clean again (Cancel reverts): the reload does not ask
    shell.prompts.clear()
    shell.find(".toolbar [data-action=cancel]", det).click()
    shell.wait(lambda: "dirty" not in det.get_attribute("class").split(), "the detail clean")
    reload_page(shell)
    shell.wait(lambda: shell.js("return !document.querySelector('section.win')"), "the page reloaded")
    shell.wait_menu()
    assert leave_prompts(shell, 0.5) == [], "a clean shell reloads without asking"


def test_logout_with_unsaved_changes_asks_once_and_not_again_on_the_reload(prompt_shell, robin_api):
    shell = prompt_shell
    person, det = robins_person_detail(shell, robin_api, 44, "Unsaved")
    shell.open_command("logout")
    dialog = shell.visible(".modal", message="the shell's own discard question")
    shell.find("[data-action=confirm-yes]", dialog).click()
    shell.login_form()
    assert leave_prompts(shell, 0.5) == [], "the shell's own reload after log-out must not ask again"
    assert robin_api.row(PERSONS, person["id"])["first_name"] != "Unsaved"


# ---------------------------------------------------------------------------
# 12. keyboard: windows, tabs, Escape; a second detail; the desktop


def test_ctrl_f6_and_alt_number_switch_windows(shell):
    shell.login("robin")
    for table in (PERSONS, COUNTRIES, PLACES):
        shell.open_table(table)
    shell.idle()
    assert active_window(shell) == f"{PLACES}:grid"

    def expect(table):
        shell.wait(lambda: active_window(shell) == f"{table}:grid"
                   and shell.active_element_info()["window"] == f"{table}:grid", f"{table} active and focused")

    keys(shell, Keys.ALT, "1")
    expect(PERSONS)
    keys(shell, Keys.ALT, "2")
    expect(COUNTRIES)
    keys(shell, Keys.CONTROL, Keys.F6)
    expect(PLACES)
    keys(shell, Keys.CONTROL, Keys.F6)  # round the task bar
    expect(PERSONS)
    keys(shell, Keys.CONTROL, Keys.SHIFT, Keys.F6)
    expect(PLACES)
    keys(shell, Keys.ALT, "9")  # no ninth window: nothing happens
    expect(PLACES)

    # the keys are documented in the About dialog
    shell.open_command("about")
    dialog = shell.visible(".modal [data-role=keyboard-help]", message="the keyboard help")
    text = dialog.text
    assert "Ctrl+F6" in text and "Alt+1…9" in text, text
    ActionChains(shell.d).send_keys(Keys.ESCAPE).perform()


def test_keyboard_help_is_in_the_users_language(shell):
    shell.login("rolf")
    shell.open_command("about")
    text = shell.visible(".modal [data-role=keyboard-help]", message="the keyboard help").text
    assert "Strg+F6" in text and "Nächstes Fenster" in text and "Tastatur" in text, text
    ActionChains(shell.d).send_keys(Keys.ESCAPE).perform()


def test_escape_never_closes_a_grid_but_closes_a_clean_detail(shell):
    shell.login("robin")
    grid = shell.open_table(PERSONS)
    shell.wait(lambda: shell.active_element_info()["rowIndex"] == 0, "the first cell focused")
    ids = shell.grid_ids(grid)
    for _ in range(3):
        ActionChains(shell.d).send_keys(Keys.ESCAPE).perform()
    box = shell.quick_search(grid, "zzz")
    box.send_keys(Keys.ESCAPE)
    box.send_keys(Keys.ESCAPE)
    box.send_keys(Keys.ESCAPE)
    shell.idle()
    assert shell.finds(f'section.win[data-window="{PERSONS}"][data-kind=grid]'), "Escape closed the grid"

    shell.row_element(grid, ids[0]).find_element("css selector", "td[data-field]").click()
    ActionChains(shell.d).send_keys(Keys.ENTER).perform()
    shell.wait_detail(PERSONS, ids[0])
    shell.wait(lambda: shell.active_element_info()["window"] == f"{PERSONS}:detail", "focus in the detail")
    ActionChains(shell.d).send_keys(Keys.ESCAPE).perform()
    shell.window_gone(PERSONS, "detail")
    assert shell.finds(f'section.win[data-window="{PERSONS}"][data-kind=grid]')


def test_ctrl_page_down_switches_the_tabs_of_a_detail(shell, robin_api):
    person, det = robins_person_detail(shell, robin_api, 45)
    tabs = [t.get_attribute("data-tab") for t in shell.finds("[role=tab]", det)]
    assert len(tabs) >= 3, tabs

    def selected():
        return shell.js("return arguments[0].querySelector('[role=tab][aria-selected=true]').dataset.tab", det)

    shell.field(det, "first_name").click()
    keys(shell, Keys.CONTROL, Keys.PAGE_DOWN)
    shell.wait(lambda: selected() == tabs[1], "the second tab")
    assert shell.js("return document.activeElement.getAttribute('role')") == "tab"
    keys(shell, Keys.ALT, Keys.PAGE_DOWN)  # the alternative Chrome leaves to the page
    shell.wait(lambda: selected() == tabs[2], "the third tab")
    keys(shell, Keys.CONTROL, Keys.PAGE_UP)
    keys(shell, Keys.ALT, Keys.PAGE_UP)
    shell.wait(lambda: selected() == tabs[0], "the first tab again")
    keys(shell, Keys.CONTROL, Keys.PAGE_UP)  # round
    shell.wait(lambda: selected() == tabs[-1], "the last tab")

    # Tab order: the tab list comes right after the toolbar
    shell.js("""const bar = arguments[0].querySelector('.toolbar');
      const stops = [...bar.querySelectorAll('button, a[href], input, select')]
        .filter((b) => !b.disabled && b.offsetParent !== null && b.tabIndex >= 0);
      stops.at(-1).focus();""", det)
    ActionChains(shell.d).send_keys(Keys.TAB).perform()
    assert shell.js("const a = document.activeElement; return a.getAttribute('role') === 'tab'"
                    " && a.getAttribute('aria-selected') === 'true'"), "Tab after the toolbar reaches the tab list"


def test_shift_enter_opens_a_second_detail_window_beside_the_first(shell):
    shell.login("robin")
    grid = shell.open_table(PERSONS)
    shell.wait(lambda: shell.active_element_info()["rowIndex"] == 0, "the first cell focused")
    ids = shell.grid_ids(grid)
    ActionChains(shell.d).send_keys(Keys.ENTER).perform()
    shell.wait_detail(PERSONS, ids[0])

    keys(shell, Keys.ALT, "1")  # back to the grid
    shell.wait(lambda: shell.active_element_info()["window"] == f"{PERSONS}:grid", "focus in the grid")
    ActionChains(shell.d).send_keys(Keys.ARROW_DOWN).perform()
    keys(shell, Keys.SHIFT, Keys.ENTER)
    shell.wait(lambda: len(shell.finds(f'section.win[data-window="{PERSONS}"][data-kind=detail]')) == 2,
               "a second detail window")
    dets = shell.finds(f'section.win[data-window="{PERSONS}"][data-kind=detail]')
    shell.wait(lambda: sorted(shell.record_id(d) for d in dets) == sorted(ids[:2]), "one record in each")
    assert len(shell.finds(f'.tasks [data-task="{PERSONS}"][data-task-kind=detail]')) == 2

    # a plain Enter (and a plain double-click) still reuses the first detail window
    keys(shell, Keys.ALT, "1")
    shell.wait(lambda: shell.active_element_info()["window"] == f"{PERSONS}:grid", "focus in the grid")
    ActionChains(shell.d).send_keys(Keys.ARROW_DOWN).send_keys(Keys.ENTER).perform()
    shell.wait(lambda: ids[2] in [shell.record_id(d) for d in dets], "the first detail shows the third row")
    assert len(shell.finds(f'section.win[data-window="{PERSONS}"][data-kind=detail]')) == 2

    # Shift+double-click opens a third
    keys(shell, Keys.ALT, "1")  # the grid in front of the details
    shell.wait(lambda: active_window(shell) == f"{PERSONS}:grid", "the grid in front")
    cell = shell.find(f'tbody tr[data-id="{ids[3]}"] td[data-field]', grid)
    ActionChains(shell.d).key_down(Keys.SHIFT).double_click(cell).key_up(Keys.SHIFT).perform()
    shell.wait(lambda: len(shell.finds(f'section.win[data-window="{PERSONS}"][data-kind=detail]')) == 3,
               "a third detail window")


def desktop(shell):
    return shell.js("""
      const home = document.querySelector('[data-role=home]');
      return {h1: [...document.querySelectorAll('h1')].map((e) => e.textContent),
              greeting: home.querySelector('[data-role=greeting]').textContent,
              shortcuts: [...home.querySelectorAll('button[data-table]')].map((b) => [b.dataset.table, b.textContent]),
              groups: [...home.querySelectorAll('h3')].map((e) => e.textContent)};""")


def test_desktop_shows_site_greeting_and_shortcuts_in_english_and_german(shell, server):
    site = server.api("robin").get("/api/site")
    shell.login("robin")
    d = desktop(shell)
    assert d["h1"] == [site["siteName"]], d
    assert d["greeting"] == "Welcome, Robin Rood!", d
    shortcuts = dict(d["shortcuts"])
    assert shortcuts[PERSONS] == "Persons" and shortcuts[COUNTRIES] == "Countries", shortcuts
    assert "Contacts" in d["groups"] and "Site" not in d["groups"], d["groups"]  # Site has no table
    shell.screenshot("desktop-en.png")
    shell.find(f'[data-role=home] button[data-table="{COUNTRIES}"]').click()
    shell.wait_grid(COUNTRIES)
    shell.logout()

    shell.login("rolf")
    d = desktop(shell)
    assert d["greeting"].startswith("Willkommen, ") and "Rolf" in d["greeting"], d
    shortcuts = dict(d["shortcuts"])
    assert shortcuts[PERSONS] == "Personen" and shortcuts[COUNTRIES] == "Länder", shortcuts
    assert "Kontakte" in d["groups"], d["groups"]
    shell.screenshot("desktop-de.png")


def test_theresia_sees_only_her_own_shortcuts(shell):
    shell.login("theresia")
    tables = {t for t, _ in desktop(shell)["shortcuts"]}
    assert PERSONS in tables and "users.AllUsers" not in tables, tables
    assert tables <= set(shell.menu_leaf_tables()), "a shortcut for each table of her menu, and no other"


# ---------------------------------------------------------------------------
# the first-load budget


# Notes when the menu bar has its items (from navigation start), in every new document.
MENU_PROBE = r"""
(() => {
  const has = () => { const b = document.querySelector('[role=menubar]'); return !!(b && b.querySelector('[role=menuitem]')); };
  const obs = new MutationObserver(() => { if (has()) { window.__menuAt = performance.now(); obs.disconnect(); } });
  obs.observe(document, { childList: true, subtree: true });
})();
"""


def menu_after_reload(shell):
    shell.d.refresh()
    shell.wait_menu()
    return shell.wait(lambda: shell.js("return window.__menuAt"), "the menu time")


def test_first_load_is_under_300_kb_and_a_reload_shows_the_menu_quickly(shell):
    shell.login("robin")
    d = shell.d
    d.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": MENU_PROBE})
    d.execute_cdp_cmd("Network.enable", {})
    d.execute_cdp_cmd("Network.setCacheDisabled", {"cacheDisabled": True})
    cold = menu_after_reload(shell)  # a first visit with a session: nothing cached
    m = shell.js("""
      const nav = performance.getEntriesByType('navigation')[0];
      const files = [nav, ...performance.getEntriesByType('resource').filter((e) => e.startTime <= window.__menuAt
        && /\\.(js|css|html)$/.test(new URL(e.name).pathname))];
      return {bytes: files.reduce((a, e) => a + e.decodedBodySize, 0), names: files.map((e) => new URL(e.name).pathname)};""")
    d.execute_cdp_cmd("Network.setCacheDisabled", {"cacheDisabled": False})
    warm = min(menu_after_reload(shell) for _ in range(3))  # F5, or the restart after a change of user: 304s
    print(f"first load {m['bytes']} bytes in {len(m['names'])} files, menu after {cold:.0f} ms; "
          f"reload with cache: menu after {warm:.0f} ms (best of 3)")
    assert len(m["names"]) > 5 and m["bytes"] < 300 * 1024, m
    assert not any(n.endswith(("/grid.js", "/form.js")) for n in m["names"]), "grid and form load on demand"
    assert warm < 300, f"the menu came {warm:.0f} ms after a reload"


# ---------------------------------------------------------------------------
# QA round 2, point 7: Tab stays in the active window; covered shortcuts are no stops


def tab_stops(shell, n, back=False):
    """Presses Tab (Shift+Tab with `back`) n times: [(window, what has the focus)] after each."""
    out = []
    for _ in range(n):
        if back:
            keys(shell, Keys.SHIFT, Keys.TAB)
        else:
            ActionChains(shell.d).send_keys(Keys.TAB).perform()
        out.append((shell.active_element_info()["window"], shell.js(
            "const a = document.activeElement; return a.name || a.dataset.action || a.dataset.role || a.tagName")))
    return out


def z_order(shell):
    return shell.js("return [...document.querySelectorAll('section.win')]"
                    ".sort((a, b) => a.style.zIndex - b.style.zIndex).map((w) => w.dataset.kind)")


def test_tab_cycles_inside_the_active_window_and_skips_covered_shortcuts(shell, robin_api):
    person, det = robins_person_detail(shell, robin_api, 46)
    shell.idle()
    assert z_order(shell) == ["grid", "detail"]
    shell.wait(lambda: shell.js("return [...document.querySelectorAll('button.shortcut')].every((b) => b.tabIndex === -1)"),
               "the shortcuts behind the windows out of the Tab order")
    shell.field(det, "first_name").click()
    stops = tab_stops(shell, 70)
    assert {w for w, _ in stops} == {f"{PERSONS}:detail"}, [s for s in stops if s[0] != f"{PERSONS}:detail"]
    names = [what for _, what in stops]
    assert names.count("first_name") >= 2, "Tab goes round the window"
    back = tab_stops(shell, 40, back=True)
    assert {w for w, _ in back} == {f"{PERSONS}:detail"}, [s for s in back if s[0] != f"{PERSONS}:detail"]
    assert z_order(shell) == ["grid", "detail"], "the grid behind did not come forward"
    assert active_window(shell) == f"{PERSONS}:detail"
    assert windows_open(shell) == [f"{PERSONS}:grid", f"{PERSONS}:detail"], "Tab opened no window"

    # from the menu bar (F10) Tab goes to the active window, not to the one first in the page
    ActionChains(shell.d).send_keys(Keys.F10).perform()
    assert shell.js("return document.activeElement.getAttribute('role')") == "menuitem"
    for _ in range(4):
        ActionChains(shell.d).send_keys(Keys.TAB).perform()
        where = shell.active_element_info()["window"]
        assert where in (None, f"{PERSONS}:detail"), where
    assert where == f"{PERSONS}:detail"
    assert z_order(shell) == ["grid", "detail"]

    # no window: the shortcuts are stops again
    shell.close_window(det)
    shell.window_gone(PERSONS, "detail")
    shell.close_window(shell.window(PERSONS, "grid"))
    shell.window_gone(PERSONS, "grid")
    shell.wait(lambda: shell.js("return [...document.querySelectorAll('button.shortcut')].every((b) => b.tabIndex === 0)"),
               "the shortcuts in the Tab order")


# ---------------------------------------------------------------------------
# QA round 2, point 11: the first login screen speaks the browser's language


def browser_language(shell, accept):
    """The Accept-Language the browser sends from now on."""
    shell.d.execute_cdp_cmd("Network.enable", {})
    shell.d.execute_cdp_cmd("Network.setExtraHTTPHeaders", {"headers": {"Accept-Language": accept}})


def login_screen(shell):
    shell.login_form()
    return shell.js("""
      const f = document.querySelector('form.login-form');
      const sel = f.querySelector('[data-role=login-language]');
      return {title: document.title, h1: f.querySelector('h1').textContent, lang: document.documentElement.lang,
              formLang: f.lang, labels: [...f.querySelectorAll('label')].map((l) => l.textContent),
              button: f.querySelector('[data-action=login]').textContent,
              language: sel ? sel.value : null, languages: sel ? [...sel.options].map((o) => o.value) : []};""")


def test_the_first_login_screen_is_in_the_browsers_language_with_the_site_name(shell, server):
    site = server.api("robin").get("/api/site")
    fr, de = locale("fr"), locale("de")
    browser_language(shell, "fr-BE,fr;q=0.9,en;q=0.5")
    shell.open()
    s = login_screen(shell)
    assert s["title"] == site["siteName"] and s["h1"] == site["siteName"], s
    assert s["lang"] == "fr" and s["language"] == "fr", s
    assert s["labels"][:2] == [fr["Username"], fr["Password"]] and s["button"] == fr["Log in"], s
    assert set(s["languages"]) == {lang["code"] for lang in site["languages"]}, s
    shell.screenshot("login-fr.png")

    # another language on the login screen: its texts and the server's messages
    Select(shell.find("[data-role=login-language]")).select_by_value("de")
    shell.wait(lambda: login_screen(shell)["button"] == de["Log in"], "the German login form")
    s = login_screen(shell)
    assert s["labels"][:2] == [de["Username"], de["Password"]] and s["formLang"] == "de", s
    shell.find("form.login-form [data-action=login]").click()
    assert shell.visible(".login-error").text == de["Please enter your username and password."]
    shell.login("robin", "wrong", expect_ok=False)
    shell.wait(lambda: shell.find(".login-error").text == de["Wrong username or password."], "the German refusal")

    # after the login the user's own language decides: romain works in French
    shell.login("romain")
    assert shell.js("return document.documentElement.lang") == "fr"
    assert fr["Explorer"] in shell.top_menu_labels()


def test_an_english_browser_gets_an_english_login_screen_and_the_user_his_language(shell, server):
    site = server.api("robin").get("/api/site")
    shell.open()
    s = login_screen(shell)
    assert s["h1"] == site["siteName"] and s["lang"] == "en" and s["button"] == "Log in", s
    assert s["labels"][:2] == ["Username", "Password"], s
    shell.login("rolf")
    assert shell.js("return document.documentElement.lang") == "de"
    # the login after an ended session: the user's language, the same site name
    end_session_in_browser(shell)
    shell.click_menu(f'[data-table="{COUNTRIES}"]')
    shell.visible("form.login-form .login-error", message="the session-ended message")
    s = login_screen(shell)
    assert s["h1"] == site["siteName"] and s["button"] == locale("de")["Log in"], s
    assert shell.find(".login-error").text == locale("de")["Your session has ended. Please log in again."]
