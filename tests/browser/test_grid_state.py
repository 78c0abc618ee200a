"""Browser tests of the grid's state (issue 8, points 9, 12 and 5): Escape
never closes a grid, filters that stay active with the filter row hidden are
shown and cleared in one click, filter inputs and headers are readable
(German and French headers, two sort keys), several rows can be selected
(Ctrl/Shift) and deleted after one question, the grid follows the detail's
record navigation, and a stale inline edit merges or asks instead of
dropping what was typed.
"""
import random
import string
import time

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select

from conftest import ApiError

PERSONS = "contacts.Persons"
PLACES = "countries.Places"


def letters(n=6):
    return "".join(random.choice(string.ascii_lowercase) for _ in range(n))


def new_place(api, name, **values):
    body = {"values": {"name": {"en": name, "fr": "", "de": "", "nl": ""}, "country": "BE", **values}}
    return api.post(f"/api/tables/{PLACES}/rows", body)["row"]


def gone(api, table, rid):
    try:
        api.row(table, rid)
    except ApiError as e:
        return e.status == 404
    return False


def grid_window_open(shell, table):
    return bool(shell.finds(f'section.win[data-window="{table}"][data-kind="grid"]'))


def selected_ids(shell, win):
    return shell.js("return [...arguments[0].querySelectorAll('tbody tr[aria-selected=true]')]"
                    ".map((tr) => Number(tr.dataset.id))", win)


def cell(shell, win, rid, field):
    return shell.find(f'tbody tr[data-id="{rid}"] td[data-field="{field}"]', win)


def fits(shell, el):
    """True when the element's content is not cut (no overflow either way)."""
    return shell.js("const e = arguments[0]; return e.scrollWidth <= e.clientWidth + 1 && e.scrollHeight <= e.clientHeight + 1;", el)


def inside(shell, inner, outer):
    """True when `inner`'s box lies within `outer`'s (both on screen)."""
    return shell.js("""
      const a = arguments[0].getBoundingClientRect(), b = arguments[1].getBoundingClientRect();
      return a.width > 0 && a.left >= b.left - 0.5 && a.right <= b.right + 0.5 && a.top >= b.top - 0.5 && a.bottom <= b.bottom + 0.5;""",
                    inner, outer)


def settle(shell):
    """Gives a keystroke that must not close anything the time to do so."""
    shell.idle()
    time.sleep(0.2)


def modal(shell, kind=None):
    css = f'.modal[data-kind="{kind}"]' if kind else ".modal"
    return shell.visible(css, message=f"the dialog {kind or ''}")


# ---------------------------------------------------------------------------
# 9. Escape leaves a cell, an edit or the search, never the grid window


def test_escape_in_a_grid_cell_and_in_an_inline_edit_does_not_close_the_window(shell):
    shell.login("rolf")
    grid = shell.open_table(PLACES)
    shell.wait(lambda: shell.active_element_info()["rowIndex"] == 0, "the first cell focused after loading")
    ids = shell.grid_ids(grid)

    ActionChains(shell.d).send_keys(Keys.ESCAPE).perform()
    settle(shell)
    assert grid_window_open(shell, PLACES), "Escape on a grid cell closed the window"
    assert shell.active_element_info()["rowId"] == ids[0], "the focus should stay on the cell"

    # F2 edits the zip code in place; Escape leaves the edit, the next one stays in the grid
    ActionChains(shell.d).send_keys(Keys.ARROW_RIGHT).send_keys(Keys.F2).perform()
    shell.visible("td.editing input", grid, "the inline editor")
    ActionChains(shell.d).send_keys("9").send_keys(Keys.ESCAPE).perform()
    shell.wait(lambda: not shell.finds("td.editing", grid), "the inline edit left")
    assert shell.active_element_info()["field"] == "zip_code"
    ActionChains(shell.d).send_keys(Keys.ESCAPE).perform()
    settle(shell)
    assert grid_window_open(shell, PLACES), "Escape after an inline edit closed the window"


def test_escape_twice_in_the_search_box_clears_it_and_keeps_the_window(shell):
    shell.login("rolf")
    grid = shell.open_table(PERSONS)
    full = shell.pager_total(grid)
    box = shell.quick_search(grid, "an")
    shell.wait(lambda: 0 < shell.pager_total(grid) < full, "the search applied")

    box.send_keys(Keys.ESCAPE)
    shell.wait(lambda: shell.pager_total(grid) == full, "the full list after the first Escape")
    assert box.get_attribute("value") == ""
    assert grid_window_open(shell, PERSONS)

    box.send_keys(Keys.ESCAPE)
    settle(shell)
    assert grid_window_open(shell, PERSONS), "a second Escape in the empty search box closed the window"
    assert shell.active_element_info()["rowId"] is not None, "the second Escape goes to the rows"


# ---------------------------------------------------------------------------
# 9. active filters are shown with the filter row hidden, and cleared at once


@pytest.mark.parametrize("user, in_all", [("robin", "in all"), ("rolf", "insgesamt")])
def test_hidden_filters_are_counted_and_cleared_with_one_click(shell, robin_api, user, in_all):
    full = robin_api.rows(PERSONS, limit=1)["total"]
    shell.login(user)
    grid = shell.open_table(PERSONS)
    shell.wait(lambda: shell.pager_total(grid) == full, "the full list")
    clear = shell.find("[data-action=clear-filters]", grid)
    assert not clear.is_displayed(), "nothing to clear yet"
    assert not shell.find("[data-role=filter-count]", grid).is_displayed()

    # a column filter, a parameter and the quick search
    box = shell.find('[data-filter="birth_date"][data-bound="from"]', grid)
    box.click()
    box.send_keys("01.01.1980", Keys.ENTER)
    shell.wait(lambda: shell.pager_total(grid) < full, "the birth date filter applied")
    shell.idle()
    after_date = shell.pager_total(grid)
    Select(shell.find('.param-panel select[name="gender"]', grid)).select_by_value("F")
    shell.wait(lambda: shell.pager_total(grid) < after_date, "the gender parameter applied")
    shell.idle()
    shell.quick_search(grid, "e")
    shell.idle()
    filtered = shell.pager_total(grid)
    assert 0 < filtered < after_date

    shell.find(".toolbar [data-action=filters]", grid).click()
    shell.wait(lambda: not shell.finds("thead tr.filter-row", grid), "the filter row hidden")
    count = shell.find("[data-role=filter-count]", grid)
    assert count.is_displayed() and count.text == "3", count.text
    assert "3" in shell.find(".toolbar [data-action=filters]", grid).get_attribute("aria-label")
    note = shell.visible("[data-role=filter-note]", grid, "the filter note beside the pager")
    assert in_all in note.text and str(full) in note.text, note.text
    assert shell.pager_total(grid) == filtered, "hiding the filter row keeps the filters"
    shell.idle()
    shell.screenshot(f"grid-filters-hidden-{user}.png")

    clear.click()
    shell.wait(lambda: shell.pager_total(grid) == full, "the full total after Clear all filters")
    assert not count.is_displayed() and not clear.is_displayed()
    assert not shell.find("[data-role=filter-note]", grid).is_displayed()
    assert shell.find("[data-role=quick-search]", grid).get_attribute("value") == ""
    assert shell.find('.param-panel select[name="gender"]', grid).get_attribute("value") == ""
    shell.find(".toolbar [data-action=filters]", grid).click()
    box = shell.visible('[data-filter="birth_date"][data-bound="from"]', grid)
    assert box.get_attribute("value") == ""


def test_date_range_filter_inputs_show_whole_dates(shell, robin_api):
    shell.login("rolf")
    grid = shell.open_table(PERSONS)
    full = shell.pager_total(grid)
    start = shell.find('[data-filter="birth_date"][data-bound="from"]', grid)
    end = shell.find('[data-filter="birth_date"][data-bound="to"]', grid)
    start.click()
    start.send_keys("1.1.1980", Keys.ENTER)
    end.click()
    end.send_keys("31.12.1999", Keys.ENTER)
    shell.wait(lambda: 0 < shell.pager_total(grid) < full, "the birth date range applied")
    shell.idle()
    assert start.get_attribute("value") == "01.01.1980" and end.get_attribute("value") == "31.12.1999"
    for box in (start, end):
        assert shell.js("return arguments[0].scrollWidth <= arguments[0].clientWidth", box), \
            f"{box.get_attribute('value')} does not fit its filter input"
    assert start.rect["y"] == end.rect["y"], "from and to side by side"
    for td in shell.finds('tbody td[data-field="birth_date"]', grid):
        assert fits(shell, td), f"birth date {td.text!r} cut in its cell"


# ---------------------------------------------------------------------------
# 9. headers: full labels, both sort indicators, aria-sort


@pytest.mark.parametrize("user", ["rolf", "romain"])
def test_headers_show_their_labels_and_the_indicator_of_each_sort_key(shell, server, user):
    meta = server.api(user).get(f"/api/tables/{PERSONS}")
    shell.login(user)
    grid = shell.open_table(PERSONS)
    shell.header(grid, "gender").click()
    shell.idle()
    ActionChains(shell.d).key_down(Keys.SHIFT).click(shell.header(grid, "birth_date")).key_up(Keys.SHIFT).perform()
    shell.wait(lambda: shell.header(grid, "birth_date").get_attribute("aria-sort") == "ascending", "a second sort key")
    shell.idle()
    assert shell.header(grid, "gender").get_attribute("aria-sort") == "ascending"
    assert shell.header(grid, "name").get_attribute("aria-sort") is None

    scroller = shell.find(".grid-scroll", grid)
    for col in meta["columns"]:
        th = shell.header(grid, col["name"])
        label = meta["fields"][col["name"]]["label"]
        assert th.get_attribute("title") == label, f"{col['name']}: title {th.get_attribute('title')!r}"
        assert shell.header_label(grid, col["name"]) == label
        assert fits(shell, shell.find(".th-label", th)), f"the header {label!r} is cut"
    for field, mark in (("gender", "▲1"), ("birth_date", "▲2")):
        th = shell.header(grid, field)
        ind = shell.find(".sort-ind", th)
        assert ind.text == mark
        assert inside(shell, ind, th) and inside(shell, ind, scroller), f"the sort indicator of {field} is cut off"
    shell.screenshot(f"grid-headers-{user}.png")


# ---------------------------------------------------------------------------
# 12. several rows: Ctrl+click, Ctrl+Space, Shift; Delete asks once with the count


@pytest.mark.parametrize("user, word", [("robin", "2"), ("rolf", "2 Zeilen")])
def test_ctrl_click_selects_two_rows_and_delete_asks_once_with_the_count(shell, robin_api, user, word):
    prefix = f"Zzsel{letters()}"
    a, b, c = (new_place(robin_api, f"{prefix} {x}") for x in "abc")
    new_place(robin_api, f"Zzpart{letters()}", parent=b["id"])  # b cannot be deleted (a veto)
    shell.login(user)
    grid = shell.open_table(PLACES)
    shell.quick_search(grid, prefix)
    shell.wait(lambda: sorted(shell.grid_ids(grid)) == [a["id"], b["id"], c["id"]], "the three new places")
    shell.idle()

    cell(shell, grid, a["id"], "zip_code").click()
    ActionChains(shell.d).key_down(Keys.CONTROL).click(cell(shell, grid, b["id"], "zip_code")).key_up(Keys.CONTROL).perform()
    assert sorted(selected_ids(shell, grid)) == sorted([a["id"], b["id"]])
    # Ctrl+arrow moves the focus alone (to c), Ctrl+Space adds the row and removes it again
    toward_c = Keys.ARROW_DOWN if shell.grid_ids(grid).index(c["id"]) > shell.grid_ids(grid).index(b["id"]) else Keys.ARROW_UP
    ActionChains(shell.d).key_down(Keys.CONTROL).send_keys(toward_c).key_up(Keys.CONTROL).perform()
    assert shell.active_element_info()["rowId"] == c["id"]
    assert len(selected_ids(shell, grid)) == 2
    ActionChains(shell.d).key_down(Keys.CONTROL).send_keys(" ").key_up(Keys.CONTROL).perform()
    assert len(selected_ids(shell, grid)) == 3
    ActionChains(shell.d).key_down(Keys.CONTROL).send_keys(" ").key_up(Keys.CONTROL).perform()
    assert sorted(selected_ids(shell, grid)) == sorted([a["id"], b["id"]])

    ActionChains(shell.d).send_keys(Keys.DELETE).perform()
    dlg = modal(shell)
    assert word in dlg.text, dlg.text
    shell.find("[data-action=confirm-yes]", dlg).click()
    # b is refused: the report names it, a is deleted, c was not selected
    report = shell.wait(lambda: next((m for m in shell.finds(".modal") if f"{prefix} b" in m.text), None), "the veto report")
    shell.find("[data-action=ok]", report).click()
    shell.gone(".modal")
    assert gone(robin_api, PLACES, a["id"])
    assert not gone(robin_api, PLACES, b["id"]) and not gone(robin_api, PLACES, c["id"])
    shell.wait(lambda: sorted(shell.grid_ids(grid)) == sorted([b["id"], c["id"]]), "the grid without the deleted row")


def test_shift_selects_a_range_and_actions_get_every_selected_row(shell, robin_api):
    shell.login("robin")
    grid = shell.open_table(PERSONS)
    shell.wait(lambda: shell.active_element_info()["rowIndex"] == 0, "the first cell focused")
    ids = shell.grid_ids(grid)
    ActionChains(shell.d).key_down(Keys.SHIFT).send_keys(Keys.ARROW_DOWN, Keys.ARROW_DOWN).key_up(Keys.SHIFT).perform()
    assert selected_ids(shell, grid) == ids[:3]
    ActionChains(shell.d).key_down(Keys.SHIFT).click(cell(shell, grid, ids[4], "name")).key_up(Keys.SHIFT).perform()
    assert selected_ids(shell, grid) == ids[:5]
    # "Duplicate" acts on one row: disabled with five selected, enabled again with one
    dup = shell.find(".toolbar [data-action=duplicate]", grid)
    assert dup.get_attribute("disabled") is not None
    assert shell.find(".toolbar [data-action=delete]", grid).get_attribute("disabled") is None
    ActionChains(shell.d).send_keys(Keys.ESCAPE).perform()
    assert selected_ids(shell, grid) == [ids[4]], "Escape keeps only the focused row"
    assert dup.get_attribute("disabled") is None
    settle(shell)
    assert grid_window_open(shell, PERSONS)


# ---------------------------------------------------------------------------
# 12. the grid's selection follows the detail's next / previous / last


def test_detail_navigation_moves_the_grid_selection(shell, robin_api):
    shell.login("robin")
    grid = shell.open_table(PERSONS)
    ids = shell.grid_ids(grid)
    total = shell.pager_total(grid)
    det = shell.open_detail_of(grid, PERSONS, ids[0])
    for i in (1, 2):
        shell.find(".toolbar [data-action=next]", det).click()
        shell.wait(lambda: shell.record_id(det) == ids[i], f"the detail on row {i}")
        shell.wait(lambda: selected_ids(shell, grid) == [ids[i]], f"the grid selection on row {i}")
    shell.find(".toolbar [data-action=prev]", det).click()
    shell.wait(lambda: selected_ids(shell, grid) == [ids[1]], "the grid selection back on row 1")
    assert shell.active_element_info()["window"] == f"{PERSONS}:detail", "the focus stays in the detail"

    # past the grid's page: the grid shows the last page with the last row selected
    last = robin_api.rows(PERSONS, sort="name", offset=total - 1, limit=1)["rows"][0]["id"]
    shell.find(".toolbar [data-action=last]", det).click()
    shell.wait(lambda: shell.record_id(det) == last, "the detail on the last record")
    shell.wait(lambda: selected_ids(shell, grid) == [last], "the grid on the last page, last row selected")
    assert shell.pager_text(grid).split()[1].endswith(f"-{total}"), shell.pager_text(grid)


# ---------------------------------------------------------------------------
# 5. a stale inline edit: another field merges, the same field asks


def test_stale_inline_edit_of_another_field_merges(shell, robin_api):
    place = new_place(robin_api, f"Zzmerge{letters()}", zip_code="1000")
    shell.login("rolf")
    grid = shell.open_table(PLACES)
    shell.find_in_grid(grid, place["name"]["en"], place["id"])
    # the other user changes the place type after the grid loaded the row
    robin_api.request("PUT", f"/api/tables/{PLACES}/rows/{place['id']}",
                      {"version": place["version"], "values": {"type": "70"}, "base": {"type": None}})

    cell(shell, grid, place["id"], "zip_code").click()
    ActionChains(shell.d).send_keys(Keys.F2).perform()
    editor = shell.visible("td.editing input", grid, "the inline editor")
    editor.send_keys(Keys.CONTROL, "a")
    editor.send_keys("4711", Keys.ENTER)
    shell.wait(lambda: not shell.finds("td.editing", grid), "the edit saved")
    shell.idle()
    assert not shell.finds(".modal"), "another field's change must merge without a dialog"
    stored = robin_api.row(PLACES, place["id"])
    assert stored["zip_code"] == "4711" and stored["type"]["id"] == "70", stored
    assert cell(shell, grid, place["id"], "zip_code").text == "4711"


def clash_in_the_zip_code(shell, robin_api, prefix, user="rolf"):
    """A new place (zip 1000) in `user`'s Places grid; robin changes its zip to 2000
    over HTTP, then `user` types 3000 into the cell and presses Enter: the stale save
    that conflicts. Returns (place, grid)."""
    place = new_place(robin_api, f"{prefix}{letters()}", zip_code="1000")
    shell.login(user)
    grid = shell.open_table(PLACES)
    shell.find_in_grid(grid, place["name"]["en"], place["id"])
    robin_api.request("PUT", f"/api/tables/{PLACES}/rows/{place['id']}",
                      {"version": place["version"], "values": {"zip_code": "2000"}, "base": {"zip_code": "1000"}})
    cell(shell, grid, place["id"], "zip_code").click()
    ActionChains(shell.d).send_keys(Keys.F2).perform()
    editor = shell.visible("td.editing input", grid, "the inline editor")
    editor.send_keys(Keys.CONTROL, "a")
    editor.send_keys("3000", Keys.ENTER)
    return place, grid


def test_stale_inline_edit_of_the_same_field_opens_the_conflict_dialog(shell, robin_api):
    place, grid = clash_in_the_zip_code(shell, robin_api, "Zzclash", user="rolf")
    dlg = modal(shell, "conflict")
    assert shell.find('[data-field="zip_code"] [data-role=theirs]', dlg).text == "2000"
    assert shell.find('[data-field="zip_code"] [data-role=yours]', dlg).text == "3000"
    shell.find("[data-action=conflict-cancel]", dlg).click()
    shell.gone(".modal")

    # cancelled: nothing saved, nothing typed lost, and the cell says so
    editor = shell.find("td.editing input", grid)
    assert editor.get_attribute("value") == "3000"
    assert shell.error_text(grid, "zip_code"), "the editor should say that the value was not saved"
    assert robin_api.row(PLACES, place["id"])["zip_code"] == "2000"

    editor.send_keys(Keys.ENTER)
    dlg = modal(shell, "conflict")
    assert shell.find('[data-choice="mine"]', dlg).is_selected(), "keeping mine is the default"
    shell.find("[data-action=conflict-ok]", dlg).click()
    shell.wait(lambda: not shell.finds("td.editing", grid), "the edit saved")
    shell.wait(lambda: robin_api.row(PLACES, place["id"])["zip_code"] == "3000", "my value stored")
    assert cell(shell, grid, place["id"], "zip_code").text == "3000"


# ---------------------------------------------------------------------------
# QA round 2, point 12: a cancelled conflict does not come back by itself


def test_a_cancelled_grid_conflict_stays_unsaved_and_asks_again_only_on_enter(shell, robin_api):
    place, grid = clash_in_the_zip_code(shell, robin_api, "Zzagain", user="rolf")
    shell.find("[data-action=conflict-cancel]", modal(shell, "conflict")).click()
    shell.gone(".modal")

    # leaving the cell is no "save again": no second dialog, the value stays in the cell, marked
    cell(shell, grid, place["id"], "name").click()
    shell.wait(lambda: not shell.finds("td.editing", grid), "the edit left")
    settle(shell)
    time.sleep(0.5)
    assert not shell.finds(".modal"), "the conflict dialog came back when the cell was left"
    zip_cell = cell(shell, grid, place["id"], "zip_code")
    assert zip_cell.text == "3000" and zip_cell.get_attribute("data-unsaved") == "true"
    assert zip_cell.get_attribute("title"), "the cell says why it is marked"
    assert shell.active_element_info()["field"] == "name", "the focus stays where the user clicked"
    assert robin_api.row(PLACES, place["id"])["zip_code"] == "2000"
    # a refresh keeps it marked
    shell.find(".toolbar [data-action=refresh]", grid).click()
    shell.idle()
    assert cell(shell, grid, place["id"], "zip_code").get_attribute("data-unsaved") == "true"

    # closing the grid asks first; No keeps it
    shell.close_window(grid)
    dlg = modal(shell, "careful-confirm")
    shell.find("[data-action=confirm-no]", dlg).click()
    shell.gone(".modal")
    assert grid_window_open(shell, PLACES)

    # F2 shows the value kept, Enter saves it again: the dialog, keep mine
    cell(shell, grid, place["id"], "zip_code").click()
    ActionChains(shell.d).send_keys(Keys.F2).perform()
    editor = shell.visible("td.editing input", grid, "the inline editor")
    assert editor.get_attribute("value") == "3000"
    editor.send_keys(Keys.ENTER)
    shell.find("[data-action=conflict-ok]", modal(shell, "conflict")).click()
    shell.wait(lambda: robin_api.row(PLACES, place["id"])["zip_code"] == "3000", "my value stored")
    shell.wait(lambda: not shell.finds("td.editing", grid), "the edit saved")
    zip_cell = cell(shell, grid, place["id"], "zip_code")
    assert zip_cell.text == "3000" and zip_cell.get_attribute("data-unsaved") is None
    shell.close_window(grid)
    shell.window_gone(PLACES, "grid")  # nothing unsaved: no question


def test_escape_drops_a_value_kept_after_a_cancelled_grid_conflict(shell, robin_api):
    place, grid = clash_in_the_zip_code(shell, robin_api, "Zzdrop", user="robin")
    shell.find("[data-action=conflict-cancel]", modal(shell, "conflict")).click()
    shell.gone(".modal")
    # Tab leaves it unsaved too (and edits the next cell), without a dialog
    ActionChains(shell.d).send_keys(Keys.TAB).perform()
    settle(shell)
    assert not shell.finds(".modal")
    ActionChains(shell.d).send_keys(Keys.ESCAPE).perform()
    shell.wait(lambda: not shell.finds("td.editing", grid), "the next edit left")
    assert cell(shell, grid, place["id"], "zip_code").get_attribute("data-unsaved") == "true"

    cell(shell, grid, place["id"], "zip_code").click()
    ActionChains(shell.d).send_keys(Keys.F2).perform()
    shell.visible("td.editing input", grid, "the inline editor")
    ActionChains(shell.d).send_keys(Keys.ESCAPE).perform()
    shell.wait(lambda: not shell.finds("td.editing", grid), "the edit left")
    zip_cell = cell(shell, grid, place["id"], "zip_code")
    assert zip_cell.text == "2000" and zip_cell.get_attribute("data-unsaved") is None, "Escape drops my value"
    shell.close_window(grid)
    shell.window_gone(PLACES, "grid")


# ---------------------------------------------------------------------------
# QA round 2, point 6: an inline edit shows the errors of the other fields


@pytest.mark.parametrize("user, germany", [("robin", "Germany"), ("romain", "Allemagne")])
def test_inline_edit_shows_the_error_of_another_field_with_its_label(shell, server, robin_api, user, germany):
    city = new_place(robin_api, f"Zzcity{letters()}")
    part = new_place(robin_api, f"Zzpart{letters()}", parent=city["id"])
    labels = {k: f["label"] for k, f in server.api(user).get(f"/api/tables/{PLACES}")["fields"].items()}
    shell.login(user)
    grid = shell.open_table(PLACES)
    shell.find_in_grid(grid, part["name"]["en"], part["id"])
    cell(shell, grid, part["id"], "country").click()
    ActionChains(shell.d).send_keys(Keys.F2).perform()
    editor = shell.visible("td.editing input", grid, "the inline editor")
    editor.send_keys(Keys.CONTROL, "a")
    editor.send_keys(germany)
    shell.visible("ul.combo-list li[role=option][data-id='DE'].active", message=f"{germany} highlighted")
    editor.send_keys(Keys.ENTER)
    shell.gone("ul.combo-list")
    editor.send_keys(Keys.ENTER)
    def cell_error():  # the parameter panel has a country field too
        return shell.js("const e = arguments[0].querySelector('td.editing .cell-error'); return e && !e.hidden ? e.textContent : ''", grid)
    text = shell.wait(cell_error, "an error at the cell")
    assert labels["parent"] in text and city["name"]["en"] in text and germany in text, text
    assert text.startswith(labels["parent"]), f"the other field's message names it first: {text!r}"
    assert robin_api.row(PLACES, part["id"])["country"]["id"] == "BE"
    shell.screenshot(f"grid-other-field-error-{user}.png")
    ActionChains(shell.d).send_keys(Keys.ESCAPE).perform()
    shell.wait(lambda: not shell.finds("td.editing", grid), "the edit left")


# ---------------------------------------------------------------------------
# QA round 2, point 13: deleting a record closes its detail windows


def new_person(api, first, last):
    return api.post(f"/api/tables/{PERSONS}/rows", {"values": {"first_name": first, "last_name": last}})["row"]


def detail_windows(shell):
    return shell.finds(f'section.win[data-window="{PERSONS}"][data-kind="detail"]')


def test_deleting_rows_in_the_grid_closes_their_details_and_keeps_unsaved_typing_read_only(shell, robin_api):
    last = f"Zzgone{letters()}"
    anna, bert = new_person(robin_api, "Anna", last), new_person(robin_api, "Bert", last)
    shell.login("robin")
    grid = shell.open_table(PERSONS)
    shell.find_in_grid(grid, last, anna["id"])
    det = shell.open_detail_of(grid, PERSONS, anna["id"])
    shell.type_into(shell.field(det, "title"), "Dr")
    shell.wait(lambda: "dirty" in det.get_attribute("class").split(), "the detail dirty")

    shell.find('.tasks [data-task-kind="grid"]').click()
    cell(shell, grid, anna["id"], "name").click()
    ActionChains(shell.d).send_keys(Keys.DELETE).perform()
    shell.find("[data-action=confirm-yes]", modal(shell)).click()
    shell.wait(lambda: gone(robin_api, PERSONS, anna["id"]), "anna deleted")
    # the detail with unsaved typing stays, read-only, and says why
    shell.wait(lambda: "deleted" in det.get_attribute("class").split(), "the detail marked as deleted")
    note = shell.find("[data-role=deleted-notice]", det)
    assert "deleted" in note.text, note.text
    assert shell.field_value(det, "title") == "Dr", "what was typed is still on screen"
    assert shell.js("return arguments[0].readOnly", shell.field(det, "title"))
    assert shell.find(".toolbar [data-action=save]", det).get_attribute("disabled") is not None
    shell.find('.tasks [data-task-kind="detail"]').click()
    shell.field(det, "title").click()
    ActionChains(shell.d).send_keys("x").key_down(Keys.CONTROL).send_keys("s").key_up(Keys.CONTROL).perform()
    settle(shell)
    assert shell.field_value(det, "title") == "Dr"
    assert not shell.finds(".modal"), "no save, no error"
    shell.close_window(det)  # nothing left to save: no question
    shell.wait(lambda: not detail_windows(shell), "the detail closed")

    # a clean detail simply closes
    det = shell.open_detail_of(grid, PERSONS, bert["id"])
    shell.find('.tasks [data-task-kind="grid"]').click()
    cell(shell, grid, bert["id"], "name").click()
    ActionChains(shell.d).send_keys(Keys.DELETE).perform()
    shell.find("[data-action=confirm-yes]", modal(shell)).click()
    shell.wait(lambda: not detail_windows(shell), "bert's detail closed")
    assert not shell.finds(".modal")


def test_deleting_a_record_in_its_detail_closes_its_second_detail_window(shell, robin_api):
    last = f"Zztwice{letters()}"
    carl = new_person(robin_api, "Carl", last)
    shell.login("robin")
    grid = shell.open_table(PERSONS)
    shell.find_in_grid(grid, last, carl["id"])
    first = shell.open_detail_of(grid, PERSONS, carl["id"])
    shell.find('.tasks [data-task-kind="grid"]').click()
    cell(shell, grid, carl["id"], "name").click()
    ActionChains(shell.d).key_down(Keys.SHIFT).send_keys(Keys.ENTER).key_up(Keys.SHIFT).perform()
    shell.wait(lambda: len(detail_windows(shell)) == 2 and all(shell.record_id(d) == carl["id"] for d in detail_windows(shell)),
               "two details of carl")
    second = [d for d in detail_windows(shell) if d != first][0]
    shell.find(".toolbar [data-action=delete]", second).click()
    shell.find("[data-action=confirm-yes]", modal(shell)).click()
    shell.wait(lambda: not detail_windows(shell), "both details closed")
    assert gone(robin_api, PERSONS, carl["id"])
    assert not shell.finds(".modal")
