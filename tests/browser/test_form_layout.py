"""Browser tests of what long words do to forms and grids (German first):

- no field label of a client's detail (every tab), of the insert windows of
  a client, a note, an upload, a coaching and a household, is cut, in de,
  fr, en and nl, also in a narrow window: a label wraps onto a second line
  and the inputs of the fields side by side stay on one line;
- a form's message under a short field at the form's edge stays in the form;
- the inline editor of a date in a grid (a client's coachings) shows the
  whole dd.mm.yyyy and its calendar button, however narrow the column, also
  at the grid's right edge.

The demo site has no Dutch user: one (melanie) works in Dutch for the test
and gets her language back after it.
"""
import datetime
import random
import string

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys

CLIENTS = "pcsw.Clients"
COACHINGS = "coachings.CoachingsByClient"
# the insert windows of the issue: table, whether it is a slave of the client
INSERTS = [(CLIENTS, False), ("notes.NotesByClient", True), ("uploads.UploadsByClient", True),
           (COACHINGS, True), ("households.Households", False)]


def letters(n=7):
    return "".join(random.choice(string.ascii_lowercase) for _ in range(n))


# Labels whose text does not fit their box or their field, measured with a
# Range (the text's own boxes: an ellipsis or a clip hides what they show).
CUT_LABELS = r"""
  const root = arguments[0], out = [];
  for (const l of root.querySelectorAll('.form-content .field-label, .modal .field-label')) {
    if (!l.offsetParent) continue;
    const box = l.getBoundingClientRect(), field = l.closest('.field').getBoundingClientRect();
    const range = document.createRange();
    range.selectNodeContents(l);
    const outside = [...range.getClientRects()].some((r) => r.width > 0
      && (r.right > Math.min(box.right, field.right) + 0.5 || r.left < Math.max(box.left, field.left) - 0.5));
    if (outside || l.scrollWidth > l.clientWidth + 1 || l.scrollHeight > l.clientHeight + 1) {
      out.push(`${l.closest('.field').dataset.field}: ${l.textContent}`);
    }
  }
  return out;"""

# Lines of fields side by side (one line of a wrapping row) whose inputs do not start at the same height.
MISALIGNED = r"""
  const root = arguments[0], out = [];
  const single = (f) => !/\btype-(bool|text|richtext|image)\b/.test(f.className);
  for (const row of root.querySelectorAll('.form-content .layout-row')) {
    if (!row.offsetParent) continue;
    const fields = [...row.children].filter((c) => c.classList.contains('field'));
    if (!fields.length || !fields.every(single)) continue;
    const lines = [];
    for (const f of fields) {
      const r = f.getBoundingClientRect();
      let line = lines.find((l) => r.top < l.bottom - 1 && r.bottom > l.top + 1);
      if (!line) lines.push(line = { top: r.top, bottom: r.bottom, items: [] });
      const widget = f.querySelector(':scope > .field-label + *');
      line.items.push([f.dataset.field, Math.round(widget.getBoundingClientRect().top)]);
    }
    for (const l of lines) if (new Set(l.items.map((i) => i[1])).size > 1) out.push(l.items);
  }
  return out;"""


def open_js(shell, fn, table, *args):
    got = shell.d.execute_async_script("""
      const [fn, table, args, done] = arguments;
      import('/js/open.js').then((m) => m[fn](table, ...args)).then(() => done(true), (e) => done(String(e)));""",
                                       fn, table, list(args))
    assert got is True, got
    shell.idle()


def check(shell, win, what):
    shell.idle()
    assert shell.js(CUT_LABELS, win) == [], f"labels cut in {what}"
    assert shell.js(MISALIGNED, win) == [], f"inputs not in line in {what}"


@pytest.fixture
def speaking(server):
    """speaking(username, language): the API of a user working in `language` for this test."""
    changed = []

    def use(username, language):
        api = server.api(username)
        if language and api.user["language"] != language:
            changed.append((api, api.user["language"]))
            api.post("/api/me/language", {"language": language})
        return api

    yield use
    for api, language in changed:
        api.post("/api/me/language", {"language": language})


@pytest.mark.parametrize("username,language", [("hubert", "de"), ("romain", "fr"), ("robin", "en"), ("melanie", "nl")])
def test_no_label_is_cut_and_the_inputs_of_a_row_stay_in_line(shell, speaking, username, language):
    api = speaking(username, language)
    client = api.rows(CLIENTS, limit=1)["rows"][0]
    shell.login(username)
    assert shell.js("return document.documentElement.lang") == language

    open_js(shell, "openDetail", CLIENTS, client["id"], {})
    win = shell.window(CLIENTS, "detail")
    tabs = shell.js("return [...arguments[0].querySelectorAll('.form-content [role=tab]')].map((t) => t.dataset.tab)", win)
    assert len(tabs) > 3, tabs
    for tab in tabs:
        shell.show_tab(win, tab)
        check(shell, win, f"the client's tab {tab}")
    # a narrow window: the fields wrap, the labels stay whole
    shell.js("arguments[0].style.width = '600px'", win)
    for tab in ("person", tabs[-1]):
        shell.show_tab(win, tab)
        check(shell, win, f"the client's tab {tab} in a narrow window")
    shell.screenshot(f"form-layout-narrow-{language}.png")
    shell.close_window(win)
    shell.window_gone(CLIENTS, "detail")

    for table, slave in INSERTS:
        open_js(shell, "openInsert", table, {"mk": client["id"]} if slave else {})
        ins = shell.window(table, "insert")
        check(shell, ins, f"the insert window of {table}")
        shell.screenshot(f"form-layout-insert-{table}-{language}.png")
        shell.close_window(ins)
        shell.window_gone(table, "insert")


def test_the_message_under_a_short_field_at_the_edge_stays_in_the_form(shell):
    """A French birth date's message ("Le 31.02.1990 n'existe pas...") began left of the insert window."""
    shell.login("romain")
    open_js(shell, "openInsert", CLIENTS, {})
    ins = shell.window(CLIENTS, "insert")
    shell.type_into(shell.field(ins, "birth_date"), "31.02.1990")
    shell.field(ins, "first_name").click()
    shell.wait(lambda: shell.error_text(ins, "birth_date"), "the birth date's message")
    shell.wait(lambda: shell.js("""
      const e = arguments[0].querySelector('[data-error-for=birth_date]'), f = arguments[0].querySelector('.form-content');
      const r = e.getBoundingClientRect(), b = f.getBoundingClientRect();
      return r.left >= b.left - 0.5 && r.right <= b.left + f.clientWidth + 0.5;""", ins), "the message inside the form")


@pytest.fixture
def coached(robin_api, server):
    """(hubert's API, a new client, its coaching by hubert with a start and an end date)."""
    hubert = server.api("hubert")
    body = {"values": {"first_name": "Karl", "last_name": "Zzdate" + letters()}, "confirmed": True}
    client = robin_api.post(f"/api/tables/{CLIENTS}/rows", body)["row"]
    today = datetime.date.today()
    coaching = hubert.post(f"/api/tables/{COACHINGS}/rows?mk={client['id']}", {"values": {
        "start_date": (today - datetime.timedelta(days=400)).isoformat(),
        "end_date": (today - datetime.timedelta(days=30)).isoformat()}})["row"]
    return hubert, client, coaching


def editor_fit(shell, grid):
    """How the open inline editor of `grid` shows its value: [value fits, button in sight, editor in sight]."""
    return shell.js("""
      const grid = arguments[0], td = grid.querySelector('td.editing');
      const input = td.querySelector('input'), button = td.querySelector('.date-btn');
      const scroller = td.closest('.grid-scroll'), s = scroller.getBoundingClientRect();
      const right = s.left + scroller.clientWidth;
      const ctx = document.createElement('canvas').getContext('2d');
      ctx.font = getComputedStyle(input).font;
      const cs = getComputedStyle(input);
      const room = input.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight);
      const need = Math.max(ctx.measureText(input.value).width, ctx.measureText(input.placeholder).width);
      const b = button.getBoundingClientRect(), e = td.firstElementChild.getBoundingClientRect();
      return [input.value !== '' && need <= room && input.scrollWidth <= input.clientWidth,
              b.width > 0 && b.left >= s.left - 0.5 && b.right <= right + 0.5,
              e.left >= s.left - 0.5 && e.right <= right + 0.5];""", grid)


def test_the_inline_editor_of_a_date_shows_the_whole_date_and_its_button(shell, coached):
    hubert, client, coaching = coached
    shell.login("hubert")
    open_js(shell, "openDetail", CLIENTS, client["id"], {})
    win = shell.window(CLIENTS, "detail")
    shell.show_tab(win, "coaching")
    box = shell.visible(f'[data-slave="{COACHINGS}"]', win, "the coachings of the client")
    shell.wait(lambda: coaching["id"] in shell.grid_ids(box), "the coaching in the grid")

    for name in ("start_date", "end_date"):
        cell = shell.find(f'tbody tr[data-id="{coaching["id"]}"] td[data-field="{name}"]', box)
        cell.click()
        ActionChains(shell.d).send_keys(Keys.F2).perform()
        shell.visible("td.editing input", box, "the inline editor")
        assert shell.js("return arguments[0].getBoundingClientRect().width", cell) < 110, "the column is narrow"
        assert editor_fit(shell, box) == [True, True, True], name
        # its calendar opens from the keyboard and Escape leaves it, then the edit
        ActionChains(shell.d).key_down(Keys.ALT).send_keys(Keys.ARROW_DOWN).key_up(Keys.ALT).perform()
        shell.visible(".popup.calendar", message="the calendar")
        ActionChains(shell.d).send_keys(Keys.ESCAPE).perform()
        shell.gone(".popup.calendar")
        ActionChains(shell.d).send_keys(Keys.ESCAPE).perform()
        shell.wait(lambda: not shell.finds("td.editing", box), "the edit left")

    # the end date's column at the right edge of a narrow grid: the editor grows to the left
    shell.js("arguments[0].style.cssText = 'flex: none; min-width: 0; width: 195px'", box)
    cell = shell.find(f'tbody tr[data-id="{coaching["id"]}"] td[data-field="end_date"]', box)
    shell.js("arguments[0].scrollIntoView({block: 'nearest', inline: 'end'})", cell)
    assert shell.js("""const c = arguments[0].getBoundingClientRect(), s = arguments[1].querySelector('.grid-scroll');
      return s.getBoundingClientRect().left + s.clientWidth - c.right < 60""", cell, box), "the cell is at the right edge"
    cell.click()
    ActionChains(shell.d).send_keys(Keys.F2).perform()
    shell.visible("td.editing input", box, "the inline editor")
    assert shell.js("const td = arguments[0].querySelector('td.editing'), s = td.closest('.grid-scroll');"
                    "return td.getBoundingClientRect().left + 115 > s.getBoundingClientRect().left + s.clientWidth", box), \
        "a whole date and its button would not fit right of the cell's start"
    assert editor_fit(shell, box) == [True, True, True]
    shell.screenshot("inline-date-editor-right-edge-de.png")
    ActionChains(shell.d).send_keys(Keys.ESCAPE).perform()
    shell.wait(lambda: not shell.finds("td.editing", box), "the edit left")
    assert hubert.row(COACHINGS, coaching["id"])["end_date"] == coaching["end_date"], "nothing was changed"
