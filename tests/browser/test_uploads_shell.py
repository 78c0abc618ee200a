"""Browser tests of issue 9's shell side (contract sections C, D, E):

- file fields: a chosen file is sent to POST /api/files at once, shown with
  its name and size, and stored with the record on Save, which then offers
  View and Download links; a file the server refuses (415) or one over
  `maxSize` (refused before it is sent) is said at the field and changes
  nothing; the field is reached with Tab and passes axe-core;
- a row with `_editable: false`: no inline editor in the grid, a read-only
  detail without Save, Cancel and Delete;
- workflow transitions: their parameters are asked in the action dialog
  (Cancel does nothing, a 422 stays at the field), and the server's
  `{"confirm": question}` is asked with No as the default (No: nothing done,
  Yes: the transition is taken).

The tables, records and transitions are found through the API (the menu,
then the slave tables of each detail), so the tests follow the demo site as
it grows; a test whose case the demo data does not have is skipped, naming
what it looked for.
"""
import re
import struct
import zlib

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from conftest import ApiError, browser_session, layout_nodes

# The demo users of README.md: the ones after robin see less and may change less.
USERS = ["robin", "alicia", "hubert", "melanie", "caroline", "theresia", "kerstin", "judith"]

# Transitions of the demo site that ask a question before they run and need
# no parameter, as (table, transition name). The server decides which ask
# (e.g. one that ends the client's coachings); fill in what it declares.
QUESTION_TRANSITIONS = []

# The refused uploads are what these tests provoke: not a problem of the page.
REFUSED_UPLOAD = re.compile(r"/api/files - Failed to load resource: .*status of (413|415)\b")


@pytest.fixture
def shell(request, server):
    yield from browser_session(request, server, also_expected=lambda message: bool(REFUSED_UPLOAD.search(message)))


# ---------------------------------------------------------------------------
# finding the cases through the API


def menu_tables(api):
    def walk(items):
        for item in items:
            if item.get("table"):
                yield item["table"]
            yield from walk(item.get("items", []))
    return list(dict.fromkeys(walk(api.get("/api/site")["menu"])))


def in_layout(layout, name):
    return any(n.get("type") == "field" and n.get("name") == name for n in layout_nodes(layout))


def tab_of(layout, name):
    """The data-tab of the (outer) tab that shows field `name`, or None without tabs."""
    for node in layout_nodes(layout):
        if node.get("type") == "tabs":
            for i, child in enumerate(node["children"]):
                if in_layout(child, name):
                    return child.get("name") or str(i)
    return None


_metas = {}


def meta_of(api, table):
    key = (api.user["username"], table)
    if key not in _metas:
        _metas[key] = api.get(f"/api/tables/{table}")
    return _metas[key]


def tables_and_slaves(api):
    """(table, master table or None) of the menu and of the slave tables in its details."""
    seen = set()
    for table in menu_tables(api):
        for t, master in [(table, None)] + [(n["table"], table) for n in layout_nodes(meta_of(api, table).get("detail"))
                                            if n.get("type") == "slave"]:
            if t not in seen:
                seen.add(t)
                yield t, master


def rows_of(api, table, master, limit=5):
    """Some rows of `table` (of the first masters that have some, for a slave table) as (row, mk)."""
    if master is None:
        return [(r, None) for r in api.rows(table, limit=limit)["rows"]]
    for m in api.rows(master, limit=20)["rows"]:
        rows = api.rows(table, mk=m["id"], limit=limit)["rows"]
        if rows:
            return [(r, m["id"]) for r in rows]
    return []


@pytest.fixture(scope="session")
def file_case(robin_api):
    """{table, meta, field, rows: [(row, mk)]}: records whose detail shows a file field robin may change."""
    for table, master in tables_and_slaves(robin_api):
        meta = meta_of(robin_api, table)
        if not meta.get("canUpdate"):
            continue
        for name, field in meta["fields"].items():
            if field.get("type") != "file" or field.get("editable") is False or not in_layout(meta.get("detail"), name):
                continue
            rows = [(r, mk) for r, mk in rows_of(robin_api, table, master) if r.get("_editable") is not False]
            if len(rows) >= 2:
                return {"table": table, "meta": meta, "field": name, "rows": rows}
    pytest.skip("no table of the demo site shows a file field in a detail with two records robin may change")


def tiny_png():
    """A valid 1x1 PNG (the server checks a file's type by its bytes)."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00")) + chunk(b"IEND", b""))


TINY_PDF = (b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
            b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
            b"trailer << /Root 1 0 R >>\n%%EOF\n")


def accepted_file(tmp_path, field, stem):
    """A small file of a type the field accepts: (path, name, bytes)."""
    accept = field.get("accept") or ["application/pdf"]
    name, data = (f"{stem}.pdf", TINY_PDF) if "application/pdf" in accept else (f"{stem}.png", tiny_png())
    path = tmp_path / name
    path.write_bytes(data)
    return str(path), name, data


# ---------------------------------------------------------------------------
# driving the shell


def open_detail(shell, table, rid, mk=None):
    """Opens the detail of record `rid` the way a grid does (open.js), also for a slave table."""
    shell.d.execute_async_script("""
      const [table, id, mk, done] = arguments;
      import('/js/open.js').then((m) => m.openDetail(table, id, { query: mk === null ? {} : { mk } }))
        .then(() => done(true), (e) => done(String(e)));""", table, rid, mk)
    win = shell.window(table, "detail")
    shell.idle()
    return win


def file_box(shell, win, name):
    return shell.find(f'.form-content [data-field="{name}"]', win)


def choose_file(shell, win, name, path):
    """What "Choose file…" does, without the browser's own file dialog."""
    shell.find(f'.form-content [data-field="{name}"] input[type=file]', win).send_keys(path)


def uploads_sent(shell):
    return shell.js("return performance.getEntriesByType('resource').filter((e) => /\\/api\\/files$/.test(e.name)).length")


def is_dirty(win):
    return "dirty" in (win.get_attribute("class") or "").split()


def serious_axe(shell, context=None):
    return [f"{v['id']}: {v['help']} ({'; '.join(' '.join(n['target']) for n in v['nodes'][:3])})"
            for v in shell.axe(context) if v["impact"] in ("critical", "serious")]


# ---------------------------------------------------------------------------
# E. file fields


def test_a_chosen_file_is_sent_at_once_shown_and_stored_with_the_record(shell, robin_api, file_case, tmp_path):
    table, name, field = file_case["table"], file_case["field"], file_case["meta"]["fields"][file_case["field"]]
    row, mk = file_case["rows"][0]
    path, filename, data = accepted_file(tmp_path, field, "permit-été")
    shell.login("robin")
    win = open_detail(shell, table, row["id"], mk)
    tab = tab_of(file_case["meta"]["detail"], name)
    if tab:
        shell.show_tab(win, tab)

    choose_file(shell, win, name, path)
    box = file_box(shell, win, name)
    shell.wait(lambda: shell.find("[data-role=file-name]", box).text == filename, "the chosen file's name")
    shell.wait(lambda: "Stored when you save." in shell.find("[data-role=file-status]", box).text, "the upload done")
    assert shell.find("[data-role=file-size]", box).text == f"{len(data)} bytes"
    assert is_dirty(win), "a file sent for the record is a change to save"
    assert not any(a.is_displayed() for a in shell.finds("[data-action=view-file], [data-action=download-file]", box)), \
        "no link shows the stored file while another one is chosen"

    shell.save(win)
    stored = robin_api.row(table, row["id"])[name]
    assert stored["name"] == filename and stored["size"] == len(data), stored
    box = file_box(shell, win, name)
    view = shell.find("[data-action=view-file]", box)
    download = shell.find("[data-action=download-file]", box)
    assert view.is_displayed() and download.is_displayed()
    assert view.get_attribute("href").endswith(stored["url"]) and view.get_attribute("target") == "_blank"
    assert download.get_attribute("href").endswith(stored["url"] + "?download=1")
    # the authorised route answers the same bytes to this session
    got = shell.d.execute_async_script("""
      const [url, done] = arguments;
      fetch(url, { credentials: 'same-origin' }).then(async (r) => done([r.status, (await r.arrayBuffer()).byteLength]));""",
                                       stored["url"])
    assert got == [200, len(data)], got


def test_a_file_the_server_refuses_is_said_at_the_field_and_changes_nothing(shell, robin_api, file_case, tmp_path):
    table, name = file_case["table"], file_case["field"]
    row, mk = file_case["rows"][1]
    before = robin_api.row(table, row["id"])[name]
    # a program, whatever its name claims: the server checks the bytes (415)
    path = tmp_path / "permit.pdf.exe"
    path.write_bytes(b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64)
    shell.login("robin")
    win = open_detail(shell, table, row["id"], mk)
    tab = tab_of(file_case["meta"]["detail"], name)
    if tab:
        shell.show_tab(win, tab)

    choose_file(shell, win, name, str(path))
    shell.wait(lambda: shell.error_text(win, name), "the refusal at the field")
    assert shell.error_text(win, name).startswith("permit.pdf.exe: "), shell.error_text(win, name)
    box = file_box(shell, win, name)
    assert shell.find("[data-action=choose-file]", box).get_attribute("aria-invalid") == "true"
    assert not is_dirty(win), "a refused file is no change"
    assert (before or {}).get("name", "") == (shell.find("[data-role=file-name]", box).text or ""), \
        "the field shows the stored file again"
    assert robin_api.row(table, row["id"])[name] == before


def test_a_file_over_the_limit_is_refused_before_it_is_sent(shell, file_case, tmp_path):
    table, name, field = file_case["table"], file_case["field"], file_case["meta"]["fields"][file_case["field"]]
    if not field.get("maxSize"):
        pytest.skip(f"{table}.{name} declares no maxSize")
    row, mk = file_case["rows"][1]
    path = tmp_path / "scan.pdf"
    with open(path, "wb") as f:
        f.write(TINY_PDF)
        f.truncate(field["maxSize"] + 1)
    shell.login("robin")
    win = open_detail(shell, table, row["id"], mk)
    tab = tab_of(file_case["meta"]["detail"], name)
    if tab:
        shell.show_tab(win, tab)
    sent = uploads_sent(shell)
    choose_file(shell, win, name, str(path))
    shell.wait(lambda: shell.error_text(win, name), "the size message at the field")
    assert "scan.pdf: The file is too large (at most" in shell.error_text(win, name)
    assert uploads_sent(shell) == sent, "nothing was sent"
    assert not is_dirty(win)


def test_the_file_field_is_reached_with_tab_named_by_its_label_and_axe_clean(shell, file_case):
    table, name, meta = file_case["table"], file_case["field"], file_case["meta"]
    row, mk = file_case["rows"][0]
    shell.login("robin")
    win = open_detail(shell, table, row["id"], mk)
    tab = tab_of(meta["detail"], name)
    if tab:
        shell.show_tab(win, tab)
    button = shell.find(f'.form-content [data-field="{name}"] [data-action=choose-file]', win)
    label = meta["fields"][name].get("label") or name
    assert button.accessible_name.startswith(label) and "Choose file" in button.accessible_name, button.accessible_name
    # Tab from the tab button (or from the record's toolbar) comes to it
    shell.js("""const win = arguments[0];
      const start = win.querySelector('[role=tab][aria-selected=true]')
        ?? [...win.querySelectorAll('.form > .toolbar button')].find((b) => !b.disabled && b.offsetParent);
      start.focus();""", win)
    for _ in range(40):
        if shell.js("return document.activeElement === arguments[0]", button):
            break
        ActionChains(shell.d).send_keys(Keys.TAB).perform()
    assert shell.js("return document.activeElement === arguments[0]", button), "Tab reaches Choose file…"
    assert serious_axe(shell, f'section.win[data-window="{table}"][data-kind=detail]') == []


# ---------------------------------------------------------------------------
# C. a row the user may see but not change


@pytest.fixture(scope="session")
def locked_case(server):
    """(user, table, meta, row): a row on the first page of a menu table that this user may see, not change."""
    for username in USERS:
        try:
            api = server.api(username)
        except ApiError:
            continue
        for table in menu_tables(api):
            meta = meta_of(api, table)
            if not meta.get("canUpdate") or not meta.get("detail"):
                continue
            rows = api.rows(table, limit=meta.get("pageSize") or 25)["rows"]
            locked = [r for r in rows if r.get("_editable") is False]
            if locked:
                return username, table, meta, locked[0]
    pytest.skip("no demo user has a row with _editable: false on the first page of a table")


def test_a_row_the_user_may_not_change_gets_no_inline_editor_and_a_read_only_detail(shell, locked_case):
    username, table, meta, row = locked_case
    shell.login(username)
    grid = shell.open_table(table)
    tr = shell.row_element(grid, row["id"])
    editable_cols = [c["name"] for c in meta["columns"] if not c.get("hidden")
                     and meta["fields"].get(c["name"], {}).get("editable", True) is not False
                     and meta["fields"].get(c["name"], {}).get("type") not in ("file", "image")]
    if meta.get("inlineEdit") and editable_cols:
        cell = shell.find(f'td[data-field="{editable_cols[0]}"]', tr)
        cell.click()
        ActionChains(shell.d).send_keys(Keys.F2).perform()
        shell.idle()
        assert not shell.finds("td.editing", grid), "F2 opens no editor on a row the user may not change"

    ActionChains(shell.d).double_click(shell.find("td[data-field]", tr)).perform()
    win = shell.window(table, "detail")
    shell.wait(lambda: shell.finds(".form[data-readonly]", win), "the read-only form")
    shell.idle()
    for action in ("save", "cancel", "delete"):
        assert not any(b.is_displayed() for b in shell.finds(f".form > .toolbar [data-action={action}]", win)), action
    assert shell.find("[data-role=readonly-note]", win).is_displayed()
    changeable = shell.js("""return [...arguments[0].querySelectorAll('.form-content .field input, .form-content .field textarea, .form-content .field select')]
      .filter((e) => !e.closest('.slave') && e.type !== 'file' && !e.readOnly && !e.disabled).map((e) => e.name)""", win)
    assert changeable == [], f"fields that can still be changed: {changeable}"
    # Ctrl+S sends nothing
    ActionChains(shell.d).key_down(Keys.CONTROL).send_keys("s").key_up(Keys.CONTROL).perform()
    shell.idle()
    assert not shell.finds(".form-msg.error:not([hidden])", win)


# ---------------------------------------------------------------------------
# D. workflow transitions: parameters and the server's question


def transition_rows(api, want):
    """(table, meta, transition, row) for transitions `want(transition)` accepts, on the first page of a menu table."""
    for table in menu_tables(api):
        meta = meta_of(api, table)
        for tr in (meta.get("workflow") or {}).get("transitions", []):
            if not want(table, tr):
                continue
            rows = api.rows(table, limit=meta.get("pageSize") or 25)["rows"]
            for row in rows:
                if tr["name"] in row.get("_actions", []):
                    yield table, meta, tr, row


def state_of(api, table, meta, rid):
    v = api.row(table, rid)[meta["workflow"]["field"]]
    return v["id"] if isinstance(v, dict) else v


def run_from_grid(shell, table, tr, row):
    grid = shell.open_table(table)
    shell.find("td[data-field]", shell.row_element(grid, row["id"])).click()
    button = shell.find(f'.toolbar [data-action="{tr["name"]}"]', grid)
    shell.wait(button.is_enabled, f"{tr['label']} enabled for the row")
    button.click()
    return grid


def test_a_transition_asks_its_parameters_and_cancel_does_nothing(shell, robin_api):
    case = next(transition_rows(robin_api, lambda table, tr: bool((tr.get("params") or {}).get("fields"))), None)
    if case is None:
        pytest.skip("no transition with parameters is offered on a first page")
    table, meta, tr, row = case
    before = state_of(robin_api, table, meta, row["id"])
    shell.login("robin")
    run_from_grid(shell, table, tr, row)
    dialog = shell.visible(".modal .action-params", message="the parameter dialog")
    for name in tr["params"]["fields"]:
        assert shell.finds(f'[data-field="{name}"]', dialog), f"the dialog asks {name}"
    assert serious_axe(shell, ".modal") == []

    required = [n for n, f in tr["params"]["fields"].items() if f.get("required") and f.get("type") in ("char", "text")]
    if required:
        # the server's 422 is shown at the field and the dialog stays
        field = shell.find(f'.modal [name="{required[0]}"]')
        shell.type_into(field, "")
        shell.find(".modal [data-action=confirm-yes]").click()
        shell.wait(lambda: shell.js("const e = document.querySelector('.modal [data-error-for=\"' + arguments[0] + '\"]');"
                                    "return e && !e.hidden && e.textContent", required[0]), "the message at the parameter")
        assert shell.finds(".modal .action-params")
    shell.find(".modal [data-action=confirm-no]").click()
    shell.gone(".modal")
    assert state_of(robin_api, table, meta, row["id"]) == before


def test_a_transition_that_asks_first_defaults_to_no_and_runs_after_yes(shell, robin_api):
    wanted = set(QUESTION_TRANSITIONS)
    case = next(transition_rows(robin_api, lambda table, tr: (table, tr["name"]) in wanted), None)
    if case is None:
        pytest.skip("QUESTION_TRANSITIONS names no transition offered on a first page")
    table, meta, tr, row = case
    before = state_of(robin_api, table, meta, row["id"])
    shell.login("robin")
    grid = run_from_grid(shell, table, tr, row)
    question = shell.visible(".modal[data-kind=careful-confirm]", message="the server's question")
    assert question.find_element(By.CSS_SELECTOR, ".modal-body").text.strip()
    assert shell.js("return document.activeElement.dataset.action") == "confirm-no", "No has the focus"
    ActionChains(shell.d).send_keys(Keys.ENTER).perform()
    shell.gone(".modal")
    shell.idle()
    assert state_of(robin_api, table, meta, row["id"]) == before, "No: nothing was done"

    shell.find(f'.toolbar [data-action="{tr["name"]}"]', grid).click()
    shell.visible(".modal[data-kind=careful-confirm]", message="the question again")
    shell.find(".modal [data-action=confirm-yes]").click()
    shell.gone(".modal")
    shell.idle()
    assert state_of(robin_api, table, meta, row["id"]) == tr["to"], "Yes: the transition was taken"
