"""Accessibility of every kind of window, checked by axe-core (the axe.min.js
that PyPI's axe-selenium-python bundles, injected by Shell.axe): the login
screen, the desktop, an open menu, grids (Persons, Countries, Places) with
the parameter panel and the filter row, a person's detail on each of its
tabs, the insert window, the combo's open list, a modal confirmation, the
About dialog and the login form over the desktop when the session has ended,
in English and in German. A critical or serious violation fails the test;
moderate and minor ones are printed (pytest -s shows them).
"""
import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys

PERSONS = "contacts.Persons"
COUNTRIES = "countries.Countries"
PLACES = "countries.Places"
FAILING = ("critical", "serious")


def describe(v):
    nodes = "; ".join(" ".join(n["target"]) for n in v["nodes"][:4])
    more = f" (+{len(v['nodes']) - 4})" if len(v["nodes"]) > 4 else ""
    return f"{v['impact']}: {v['id']} ({v['help']}) on {len(v['nodes'])} element(s): {nodes}{more}"


class Audit:
    """Runs axe on each screen and collects what it finds, so that one run
    reports every window instead of stopping at the first."""

    def __init__(self, shell, language):
        self.shell = shell
        self.language = language
        self.failures = []

    def check(self, where, context=None):
        self.shell.idle()
        for v in self.shell.axe(context):
            line = f"[{self.language}] {where}: {describe(v)}"
            print(line)
            if v["impact"] in FAILING:
                self.failures.append(line)

    def assert_clean(self):
        assert not self.failures, "axe-core found critical or serious violations:\n" + "\n".join(self.failures)


def grid_toolbar_button(shell, grid, action):
    return shell.find(f".toolbar [data-action={action}]", grid)


@pytest.mark.parametrize("username,language", [("robin", "en"), ("rolf", "de")])
def test_every_kind_of_window_has_no_critical_or_serious_axe_violation(shell, username, language):
    audit = Audit(shell, language)
    shell.open()
    shell.login_form()
    audit.check("login screen")

    shell.login(username)
    assert shell.js("return document.documentElement.lang") == language
    audit.check("desktop")

    # a top menu opened
    top = shell.find("[role=menubar] > li > [role=menuitem]")
    top.click()
    shell.visible("[role=menubar] [role=menu]:not([hidden])", message="an open menu")
    audit.check("open menu")
    ActionChains(shell.d).send_keys(Keys.ESCAPE).perform()

    persons = shell.open_table(PERSONS)
    filters = shell.find(".toolbar [data-action=filters]", persons)
    if filters.get_attribute("aria-pressed") != "true":
        filters.click()
        shell.wait(lambda: filters.get_attribute("aria-pressed") == "true", "the filter row shown")
    assert shell.find(".param-panel", persons).is_displayed(), "the Persons grid shows its parameter panel"
    audit.check("Persons grid (with its parameter panel and filter row)")

    shell.open_table(COUNTRIES)
    audit.check("Countries grid")
    shell.open_table(PLACES)
    audit.check("Places grid")

    # a person's detail, every tab
    persons_task = shell.find(f'.tasks [data-task="{PERSONS}"][data-task-kind=grid]')
    persons_task.click()
    rid = shell.grid_ids(persons)[0]
    det = shell.open_detail_of(persons, PERSONS, rid)
    tabs = [t.get_attribute("data-tab") for t in shell.finds("[role=tab]", det)]
    assert tabs, "a person's detail has tabs"
    for tab in tabs:
        shell.show_tab(det, tab)
        audit.check(f"person detail, tab {tab}")
    shell.close_window(det)
    shell.window_gone(PERSONS, "detail")

    # the insert window, its combo's open list, and the confirmation on closing it dirty
    grid_toolbar_button(shell, persons, "insert").click()
    ins = shell.window(PERSONS, "insert")
    shell.idle()
    audit.check("Persons insert window")
    shell.type_into(shell.field(ins, "country"), "Bel")
    shell.visible("ul.combo-list li[role=option]", message="the country list")
    audit.check("combo with its open list")
    ActionChains(shell.d).send_keys(Keys.ESCAPE).perform()
    shell.type_into(shell.field(ins, "first_name"), "Axe")
    shell.close_window(ins)
    dialog = shell.visible(".modal", message="the discard confirmation")
    audit.check("modal confirmation")
    shell.find(".modal-buttons button[data-action]", dialog)  # the dialog has buttons
    ActionChains(shell.d).send_keys(Keys.ESCAPE).perform()  # Escape keeps the typing
    shell.gone(".modal")
    assert shell.finds(f'section.win[data-window="{PERSONS}"][data-kind=insert]'), "Escape in the confirmation keeps the window"

    # the About dialog with the keyboard help
    shell.open_command("about")
    shell.visible(".modal [data-role=keyboard-help]", message="the keyboard help")
    audit.check("About dialog")
    ActionChains(shell.d).send_keys(Keys.ESCAPE).perform()
    shell.gone(".modal")

    # the login form over the desktop when the session has ended
    shell.d.delete_all_cookies()
    shell.click_menu('[data-table="contacts.Companies"]')  # not open yet: its metadata answers 401
    shell.visible("form.login-form .login-error", message="the session-ended login form")
    audit.check("login form after the session ended")
    audit.assert_clean()
