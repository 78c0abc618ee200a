"""Browser tests of issue 9, sections A, B and F of its contract: slave tables
shown as a summary in a detail (web/js/summary.js), row colours in grids
(`_colour` -> `row-green`...), and the dashboard's boxes on the desktop
(web/js/dashboard.js).

What they expect from the server (written before it was there; each test
finds its tables through the API instead of naming them):
- A: at least one table of robin's menu has a detail layout with a slave node
  `"display": "summary"` (the clients' detail in Lino Welfare), whose
  `GET .../summary?mk=&limit=10` answers `{"items": [{id, text, emphasis?}], "total"}`
  for one of the first 25 masters in the grid's order.
- B: the first page of some table of robin's menu (pcsw.Clients first) has
  rows with `_colour` (newcomers green, refused or former clients yellow).
- F: `GET /api/dashboard` has panels for robin; their summaries answer with
  `limit=8` and the panel's query.

DOM hooks they use: `[data-slave=T][data-display=summary]` (the slave box),
`[data-role=summary][data-table=T]` (the list), `li[data-emphasis]`,
`.summary-link[data-id]` (a text that opens its row), `[data-action=show-all]`,
`[data-action=insert]`, `[data-role=summary-empty]`; `tr.row-<colour>`;
`[data-role=dashboard]`, `[data-role=dashboard-panel][data-table=T]`,
`[data-action=open-table]` (a box's title).
"""
import random
import string

import pytest
from selenium.webdriver.common.action_chains import ActionChains

from conftest import ApiError, parse_total

CLIENTS = "pcsw.Clients"
FAILING = ("critical", "serious")
SELECTED = "rgb(202, 222, 247)"  # --c-select


def letters(n=8):
    return "".join(random.choice(string.ascii_lowercase) for _ in range(n))


def menu_tables(api):
    """The tables of the user's menu, in menu order."""
    out = []

    def walk(items):
        for item in items:
            if item.get("items"):
                walk(item["items"])
            elif item.get("table") and not item.get("command"):
                out.append(item["table"])

    walk(api.get("/api/site")["menu"])
    return list(dict.fromkeys(out))


def layout_nodes(node, kind, tab=None):
    """(node, tab) for each node of type `kind` in a layout tree; `tab` is the
    data-tab of the tab it is on (None outside tabs)."""
    if not node:
        return
    if node.get("type") == "tabs":
        for i, child in enumerate(node.get("children", [])):
            yield from layout_nodes(child, kind, child.get("name") or str(i))
    elif node.get("type") == "panel":
        for row in node.get("rows", []):
            for el in row:
                yield from layout_nodes(el, kind, tab)
    elif node.get("type") == kind:
        yield node, tab


def summary_of(api, table, **params):
    return api.get(f"/api/tables/{table}/summary", **params)


def find_summary_slave(api):
    """(master table, slave node, tab, master row, summary answer) of the first
    detail with a summary slave whose summary has texts for a master on the
    grid's first page; a master with more rows than shown ("Show all") first."""
    fallback = None
    for master in menu_tables(api):
        meta = api.get(f"/api/tables/{master}")
        for node, tab in layout_nodes(meta.get("detail"), "slave"):
            if node.get("display") != "summary":
                continue
            for row in api.rows(master, limit=25)["rows"]:
                s = summary_of(api, node["table"], mk=row["id"], limit=10)
                if s["items"] and s["total"] > len(s["items"]):
                    return master, node, tab, row, s
                if s["items"] and fallback is None:
                    fallback = (master, node, tab, row, s)
    if fallback:
        return fallback
    pytest.fail("no detail of robin's menu has a slave shown as a summary with texts (contract A)")


def no_serious_axe_findings(shell, context):
    shell.idle()
    found = [v for v in shell.axe(context) if v["impact"] in FAILING]
    assert not found, [(v["id"], v["help"], [n["html"] for n in v["nodes"]][:3]) for v in found]


def open_master_detail(shell, master, row, tab):
    grid = shell.open_table(master)
    shell.wait(lambda: row["id"] in shell.grid_ids(grid), f"master {row['id']} on the first page")
    cell = shell.find(f'tbody tr[data-id="{row["id"]}"] td[data-field]', grid)
    ActionChains(shell.d).double_click(cell).perform()
    det = shell.window(master, "detail")
    shell.wait(lambda: shell.window_title(det).endswith(str(row.get("_title") or row["id"])), "the master's detail")
    if tab is not None:
        shell.show_tab(det, tab)
    return det


def summary_box(shell, win, table):
    return shell.visible(f'[data-slave="{table}"][data-display=summary] [data-role=summary]', win,
                         message=f"the summary of {table}")


def summary_texts(shell, box):
    return shell.js("return [...arguments[0].querySelectorAll('li')].map((li) => li.textContent)", box)


def shown_total(shell, box):
    """The total the summary says: "Show all (n)", or the number of texts when all are shown."""
    more = shell.finds("[data-action=show-all]", box)
    return parse_total(more[0].text) if more else len(summary_texts(shell, box))


# ---------------------------------------------------------------------------
# A. a slave table shown as a summary


def test_summary_slave_lists_the_texts_and_opens_rows_all_rows_and_the_insert(shell, robin_api):
    master, node, tab, row, s = find_summary_slave(robin_api)
    table = node["table"]
    meta = robin_api.get(f"/api/tables/{table}")
    shell.login("robin")
    det = open_master_detail(shell, master, row, tab)
    box = summary_box(shell, det, table)
    expected = [i["text"] for i in s["items"]]
    shell.wait(lambda: summary_texts(shell, box) == expected, "the summary's texts, in the server's order")
    emphasised = shell.js("return [...arguments[0].querySelectorAll('li')].map((li) => li.dataset.emphasis === 'true')", box)
    assert emphasised == [bool(i.get("emphasis")) for i in s["items"]], emphasised
    assert not shell.finds("table.grid-table", box), "a summary is no grid"
    shell.screenshot("summary-detail.png")
    no_serious_axe_findings(shell, f'section.win[data-window="{master}"][data-kind=detail]')

    # "Show all (n)": the slave's grid window with the master
    more = shell.finds("[data-action=show-all]", box)
    assert bool(more) == (s["total"] > len(s["items"])), "Show all only when there are more rows than texts"
    if more:
        assert parse_total(more[0].text) == s["total"], more[0].text
        more[0].click()
        grid = shell.wait_grid(table)
        assert shell.pager_total(grid) == s["total"]
        assert shell.window_title(grid).endswith(str(row.get("_title") or row["id"])), shell.window_title(grid)
        shell.close_window(grid)
        shell.window_gone(table, "grid")

    # a text opens its row, in the slave table, as the master's child
    first = s["items"][0]
    shell.find(f'.summary-link[data-id="{first["id"]}"]', box).click()
    child = shell.window(table, "detail")
    title = robin_api.get(f"/api/tables/{table}/rows/{first['id']}", mk=row["id"])["row"].get("_title") or str(first["id"])
    shell.wait(lambda: shell.window_title(child).endswith(title), "the row's detail")
    shell.close_window(child)
    shell.window_gone(table, "detail")

    # "+": the slave's insert window, for this master
    plus = shell.finds("[data-action=insert]", box)
    assert bool(plus) == bool(meta.get("canInsert")), "the + button exactly when the table allows inserting"
    if plus:
        plus[0].click()
        ins = shell.window(table, "insert")
        if meta.get("masterKey"):
            assert not shell.finds(f'[name="{meta["masterKey"]}"]', ins), "the server fills the master key"
        shell.close_window(ins)
        shell.window_gone(table, "insert")


def test_summary_follows_a_row_inserted_from_its_plus_button(shell, robin_api):
    master, node, tab, row, s = find_summary_slave(robin_api)
    table = node["table"]
    meta = robin_api.get(f"/api/tables/{table}")
    if not meta.get("canInsert"):
        pytest.skip(f"{table} takes no inserts from robin")
    layout = meta.get("insert") or meta.get("detail")
    names = [n["name"] for n, _ in layout_nodes(layout, "field") if n["name"] != meta.get("masterKey")]
    fields = meta["fields"]
    editable = [n for n in names if fields.get(n, {}).get("editable", True) is not False]
    required = [n for n in editable if fields[n].get("required")]
    if any(fields[n]["type"] not in ("char", "text") for n in required):
        pytest.skip(f"the insert of {table} needs values this test cannot type: {required}")
    typed = required or [n for n in editable if fields[n]["type"] in ("char", "text")][:1]
    if not typed:
        pytest.skip(f"the insert of {table} has no text field")

    before_ids = {r["id"] for r in robin_api.rows(table, mk=row["id"], limit=1000)["rows"]}
    shell.login("robin")
    det = open_master_detail(shell, master, row, tab)
    box = summary_box(shell, det, table)
    shell.wait(lambda: summary_texts(shell, box) == [i["text"] for i in s["items"]], "the summary")
    shell.find("[data-action=insert]", box).click()
    ins = shell.window(table, "insert")
    text = f"Summary {letters()}"
    for name in typed:
        shell.type_into(shell.field(ins, name), text)
    shell.find(".toolbar [data-action=save]", ins).click()
    shell.window_gone(table, "insert")
    new_ids = {r["id"] for r in robin_api.rows(table, mk=row["id"], limit=1000)["rows"]} - before_ids
    try:
        assert len(new_ids) == 1, new_ids
        after = summary_of(robin_api, table, mk=row["id"], limit=10)
        if after == s:
            pytest.skip("the new row changes nothing the summary shows")
        shell.wait(lambda: summary_texts(shell, box) == [i["text"] for i in after["items"]]
                   and shown_total(shell, box) == after["total"], "the summary with the new row, without a reload")
    finally:
        for rid in new_ids:
            try:
                robin_api.request("DELETE", f"/api/tables/{table}/rows/{rid}")
            except ApiError:
                pass


# ---------------------------------------------------------------------------
# B. row colours


def coloured_table(api):
    tables = menu_tables(api)
    for table in sorted(tables, key=lambda t: t != CLIENTS):
        try:
            rows = api.rows(table, limit=25)["rows"]
        except ApiError:
            continue
        if any(r.get("_colour") for r in rows):
            return table, rows
    pytest.fail("no table of robin's menu has rows with _colour on its first page (contract B)")


def test_grid_marks_rows_with_their_colour_and_keeps_the_selection_visible(shell, robin_api):
    table, rows = coloured_table(robin_api)
    shell.login("robin")
    grid = shell.open_table(table)
    shell.wait(lambda: shell.grid_ids(grid) == [r["id"] for r in rows], "the first page")
    classes = shell.js("""return Object.fromEntries([...arguments[0].querySelectorAll('tbody tr[data-id]')]
      .map((tr) => [tr.dataset.id, [...tr.classList].filter((c) => c.startsWith('row-'))]))""", grid)
    for r in rows:
        want = [f"row-{r['_colour']}"] if r.get("_colour") in ("green", "yellow", "red", "grey") else []
        assert classes[str(r["id"])] == want, (r["id"], r.get("_colour"), classes[str(r["id"])])

    coloured = next(r for r in rows if r.get("_colour"))
    style = """const tr = arguments[0].querySelector('tbody tr[data-id="' + arguments[1] + '"]');
      const first = getComputedStyle(tr.cells[0]), second = getComputedStyle(tr.cells[1] || tr.cells[0]);
      return {bg: second.backgroundColor, stripe: first.boxShadow, selected: tr.getAttribute('aria-selected'),
              tint: getComputedStyle(document.documentElement).getPropertyValue('--c-row-' + arguments[2]).trim()};"""
    # the first row is selected when the grid opens: take another coloured one when there is one
    others = [r for r in rows[1:] if r.get("_colour")]
    if others:
        st = shell.js(style, grid, others[0]["id"], others[0]["_colour"])
        assert st["selected"] == "false" and st["bg"] != SELECTED and st["bg"] != "rgb(255, 255, 255)", st
        assert "inset" in st["stripe"], st
    shell.find(f'tbody tr[data-id="{coloured["id"]}"] td[data-field]', grid).click()
    st = shell.js(style, grid, coloured["id"], coloured["_colour"])
    assert st["selected"] == "true" and st["bg"] == SELECTED, "the selection shows on a coloured row"
    assert "inset" in st["stripe"], "a selected coloured row keeps its colour's stripe"
    shell.screenshot("grid-row-colours.png")
    no_serious_axe_findings(shell, f'section.win[data-window="{table}"][data-kind=grid]')


# ---------------------------------------------------------------------------
# F. the dashboard


def dashboard_panels(api):
    panels = api.get("/api/dashboard")["panels"]
    assert panels, "robin has dashboard panels (contract F)"
    return panels


def panel_box(shell, table):
    return shell.visible(f'[data-role=dashboard] [data-role=dashboard-panel][data-table="{table}"]',
                         message=f"the dashboard box of {table}")


def test_dashboard_shows_a_box_per_panel_beside_the_greeting_and_shortcuts(shell, robin_api):
    panels = dashboard_panels(robin_api)
    shell.login("robin")
    assert shell.find("[data-role=greeting]").text.startswith("Welcome, ")
    assert shell.finds("[data-role=home] button.shortcut"), "the shortcuts stay"
    for p in panels:
        box = panel_box(shell, p["table"])
        assert shell.find("h2 [data-action=open-table]", box).text == p["label"]
        s = summary_of(robin_api, p["table"], limit=8, **(p.get("query") or {}))
        texts = [i["text"] for i in s["items"]]
        shell.wait(lambda: summary_texts(shell, box) == texts
                   or (not texts and shell.finds("[data-role=summary-empty]", box)), f"the texts of {p['table']}")
    assert shell.js("return [...document.querySelectorAll('[data-role=dashboard] button')].every((b) => b.tabIndex === 0)"), \
        "with no window open every entry of the dashboard is a Tab stop"
    shell.screenshot("dashboard.png")
    no_serious_axe_findings(shell, "[data-role=home]")

    # a box's title opens the grid with the panel's query
    p = panels[0]
    shell.find("[data-action=open-table]", panel_box(shell, p["table"])).click()
    grid = shell.window(p["table"], "grid")
    total = robin_api.rows(p["table"], limit=1, **(p.get("query") or {}))["total"]
    shell.wait(lambda: shell.find("[data-role=pager-text]", grid).text != "", "the grid's first answer")
    assert shell.pager_total(grid) == total, (shell.pager_text(grid), total)


def test_dashboard_reloads_when_the_desktop_is_seen_again(shell, robin_api):
    panels = dashboard_panels(robin_api)
    shell.login("robin")
    panel_box(shell, panels[0]["table"])
    shell.idle()
    count = "return performance.getEntriesByType('resource').filter((e) => e.name.includes('/summary')).length"
    shell.js("performance.setResourceTimingBufferSize(5000)")
    shell.open_table(menu_tables(robin_api)[0])  # a grid over the whole desktop (from the menu: the desktop does not scroll)
    shell.wait(lambda: shell.js("return [...document.querySelectorAll('[data-role=dashboard] button')].every((b) => b.tabIndex === -1)"),
               "the dashboard behind the window out of the Tab order")
    shell.idle()
    before = shell.js(count)
    shell.close_window(shell.find("section.win[data-kind=grid]"))
    shell.wait(lambda: shell.js(count) >= before + len(panels), "each box reloaded once the desktop is in sight")
    shell.wait(lambda: shell.js("return [...document.querySelectorAll('[data-role=dashboard] button')].every((b) => b.tabIndex === 0)"),
               "the dashboard in the Tab order again")
