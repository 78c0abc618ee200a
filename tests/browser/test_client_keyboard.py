"""Browser tests of a client's detail used from the keyboard, as Alicia (fr)
and Caroline (de) use it (the defects their session found):

- a coaching added on the Coaches tab shows at once in the client's
  "Coaches" and "Primary coach" (computed from the coachings), without
  Refresh;
- Ctrl+S saves from the window's title bar buttons too (where Tab goes after
  the last field), and a message that the server's check put beside a
  browser's own message goes once its field is corrected;
- a workflow transition with a parameter: the required parameter's message
  goes once it is chosen, and after the transition the focus stays in the
  detail's toolbar (on Refresh, not on the next transition).

Each test makes its own client through the API (robin, `confirmed: true`).
"""
import datetime
import random
import string

from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys

CLIENTS = "pcsw.Clients"
COACHINGS = "coachings.CoachingsByClient"


def letters(n=7):
    return "".join(random.choice(string.ascii_lowercase) for _ in range(n))


def new_client(api, first="Lea"):
    body = {"values": {"first_name": first, "last_name": "Zzkey" + letters()}, "confirmed": True}
    return api.post(f"/api/tables/{CLIENTS}/rows", body)["row"]


def open_detail(shell, table, rid):
    got = shell.d.execute_async_script("""
      const [table, id, done] = arguments;
      import('/js/open.js').then((m) => m.openDetail(table, id, {})).then(() => done(true), (e) => done(String(e)));""",
                                       table, rid)
    assert got is True, got
    win = shell.window(table, "detail")
    shell.idle()
    return win


def keys(shell, *k):
    ActionChains(shell.d).send_keys(*k).perform()


def ctrl(shell, key):
    ActionChains(shell.d).key_down(Keys.CONTROL).send_keys(key).key_up(Keys.CONTROL).perform()


def focused(shell):
    return shell.js("const a = document.activeElement; return a ? (a.name || a.dataset.action || a.tagName) : null")


def niss(yymmdd, seq):
    """A national register number with its check digits (born before 2000)."""
    n = int(f"{yymmdd}{seq:03d}")
    return f"{yymmdd} {seq:03d}-{97 - n % 97:02d}"


def test_a_coaching_added_on_the_coaches_tab_shows_in_the_clients_coaches(shell, robin_api, server):
    alicia = server.api("alicia")
    client = new_client(robin_api)
    shell.login("alicia")
    win = open_detail(shell, CLIENTS, client["id"])
    shell.show_tab(win, "coaching")
    assert shell.field_value(win, "coaches") == ""
    box = shell.visible(f'[data-slave="{COACHINGS}"]', win, "the coachings")
    shell.find(".toolbar [data-action=insert]", box).send_keys(Keys.ENTER)
    ins = shell.window(COACHINGS, "insert")
    shell.idle()
    assert shell.field_value(ins, "user") == alicia.user["fullName"], "the coach is the user by default"
    shell.js("arguments[0].querySelector('[name=primary]').click()", ins)
    ctrl(shell, "s")
    shell.window_gone(COACHINGS, "insert")
    shell.wait(lambda: shell.field_value(win, "coaches") == alicia.user["fullName"], "the client's coaches")
    shell.wait(lambda: shell.field_value(win, "primary_coach") == alicia.user["fullName"], "the client's primary coach")
    assert "dirty" not in win.get_attribute("class").split()


def test_ctrl_s_saves_from_the_title_bar_and_a_corrected_field_loses_its_message(shell):
    shell.login("caroline")
    grid = shell.open_table(CLIENTS)
    shell.find(".toolbar [data-action=insert]", grid).click()
    ins = shell.window(CLIENTS, "insert")
    shell.idle()
    last = "Zzkey" + letters()
    shell.type_into(shell.field(ins, "first_name"), "Petra")
    shell.type_into(shell.field(ins, "last_name"), last)
    shell.type_into(shell.field(ins, "national_id"), "900210 001-23")  # wrong check digits: the server says so
    future = (datetime.date.today() + datetime.timedelta(days=400)).strftime("%d.%m.%Y")
    shell.type_into(shell.field(ins, "birth_date"), future)  # the browser says so
    # Tab from the last field goes to the title bar's buttons: Ctrl+S there saves too
    keys(shell, Keys.TAB)
    shell.wait(lambda: focused(shell) in ("maximize", "close"), "the focus on the title bar")
    ctrl(shell, "s")
    shell.wait(lambda: shell.error_text(ins, "birth_date") and shell.error_text(ins, "national_id"), "both messages")

    shell.type_into(shell.field(ins, "national_id"), niss("900210", 2 * random.randint(100, 400) + 1))
    assert shell.error_text(ins, "national_id") == "", "the corrected number's message goes"
    assert shell.error_text(ins, "birth_date"), "the other one stays"
    shell.type_into(shell.field(ins, "birth_date"), "10.02.1990")
    shell.js("arguments[0].querySelector('.win-title [data-action=maximize]').focus()", ins)
    ctrl(shell, "s")
    shell.window_gone(CLIENTS, "insert")
    shell.wait(lambda: shell.finds(f'section.win[data-window="{CLIENTS}"][data-kind=detail]'), "the new client's detail")
    assert shell.field_value(shell.window(CLIENTS, "detail"), "last_name") == last


def test_after_a_transition_with_a_parameter_the_focus_stays_in_the_detail(shell, robin_api, server):
    caroline = server.api("caroline")
    meta = caroline.get(f"/api/tables/{CLIENTS}")
    refuse = next(tr for tr in meta["workflow"]["transitions"] if tr.get("params"))
    required = next(n for n, f in refuse["params"]["fields"].items() if f.get("required") and f.get("choices"))
    client = new_client(robin_api)
    shell.login("caroline")
    win = open_detail(shell, CLIENTS, client["id"])
    button = shell.find(f'.form > .toolbar [data-action="{refuse["name"]}"]', win)
    button.send_keys(Keys.ENTER)
    dialog = shell.visible(".modal .action-params", message="the parameter dialog")
    shell.find(".modal [data-action=confirm-yes]").click()
    message = f'.modal [data-error-for="{required}"]'
    shell.wait(lambda: shell.js(f"const e = document.querySelector('{message}'); return e && !e.hidden"), "the message")
    select = shell.find(f'[name="{required}"]', dialog)
    shell.js("arguments[0].focus()", select)
    keys(shell, Keys.ARROW_DOWN)
    assert shell.js(f"return document.querySelector('{message}').hidden"), "a chosen value takes the message away"
    shell.find(".modal [data-action=confirm-yes]").send_keys(Keys.ENTER)
    shell.gone(".modal")
    shell.idle()
    assert caroline.row(CLIENTS, client["id"])["client_state"]["id"] == refuse["to"]
    info = shell.active_element_info()
    assert info["window"] == f"{CLIENTS}:detail", f"the focus stays in the detail: {info}"
    assert focused(shell) == "refresh", focused(shell)
