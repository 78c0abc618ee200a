"""Browser tests of the detail and insert forms (issue 8): the place combo
(Tab and Enter accept the highlighted entry, the create question names the
country and defaults to No), address consistency (a place fills its zip
code, a new country clears the place, a zip code narrows the places), new
places created only with the record that names them, edit conflicts (an
unrelated change merges, the same field asks who wins), confirmations whose
safe answer is the default, errors brought into view, read-only forms.

Two people editing one record: the browser is one, an HTTP session
(conftest's Api) the other. Tests that change a person each take their own
pick_person number (61-69).
"""
import random
import string

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys

from conftest import pick_person

PERSONS = "contacts.Persons"
PLACES = "countries.Places"
COUNTRIES = "countries.Countries"

# per language: the Belgium and Germany of the country combo, the words the
# create question uses
LANG = {
    "robin": {"lang": "en", "belgium": "Belgium", "germany": "Germany", "create": "Create", "delete": "Delete",
              "question": "Create the place “{text}” in Belgium?"},
    "romain": {"lang": "fr", "belgium": "Belgique", "germany": "Allemagne", "create": "Créer", "delete": "Supprimer",
               "question": "Créer la nouvelle entrée « {text} » (lieu, Belgique) ?"},
    "rolf": {"lang": "de", "belgium": "Belgien", "germany": "Deutschland", "create": "Anlegen", "delete": "Löschen",
             "question": "Neuen Eintrag „{text}“ (Ort, Belgien) anlegen?"},
}
FULL_NAMES = {"robin": "Robin Rood", "romain": "Romain Raffault", "rolf": "Rolf Rompen"}


def letters(n=6):
    return "".join(random.choice(string.ascii_lowercase) for _ in range(n))


def open_insert(shell, username):
    shell.login(username)
    grid = shell.open_table(PERSONS)
    shell.find(".toolbar [data-action=insert]", grid).click()
    return grid, shell.window(PERSONS, "insert")


def open_detail(shell, username, person):
    shell.login(username)
    grid = shell.open_table(PERSONS)
    shell.find_in_grid(grid, person["name"].split()[0], person["id"])
    return grid, shell.open_detail_of(grid, PERSONS, person["id"])


def choose_country(shell, win, text, iso):
    country = shell.field(win, "country")
    shell.type_into(country, text[:4])
    shell.visible(f"ul.combo-list li[role=option][data-id='{iso}']", message=f"{text} in the country list").click()
    shell.wait(lambda: country.get_attribute("value") == text, f"{text} chosen")
    shell.gone("ul.combo-list")
    return country


def combo_options(shell):
    return [li.text for li in shell.finds("ul.combo-list li[role=option][data-id]")]


def places_named(api, name):
    """Places whose name (in any language) is `name`, through the API."""
    rows = api.rows(PLACES, q=name, limit=50)["rows"]
    return [r for r in rows if name in (r["name"].values() if isinstance(r["name"], dict) else [r["name"]])]


def put(api, rid, values):
    """The other user saves `values` on person `rid` (loaded fresh, so no conflict for them)."""
    row = api.row(PERSONS, rid)
    base = {k: (row[k]["id"] if isinstance(row[k], dict) and "id" in row[k] else row[k]) for k in values}
    return api.request("PUT", f"/api/tables/{PERSONS}/rows/{rid}",
                       {"version": row["version"], "values": values, "base": base})["row"]


def active(shell):
    return shell.js("const a = document.activeElement; return a ? (a.dataset.action || a.name || a.tagName) : null")


def in_view(shell, el, container_css=".form-content"):
    """True when `el` lies inside the visible area of its scrolling container and of the viewport."""
    return shell.js("""
      const el = arguments[0], box = el.closest(arguments[1]);
      const r = el.getBoundingClientRect(), b = box.getBoundingClientRect();
      return r.height > 0 && r.top >= b.top - 1 && r.bottom <= b.bottom + 1 && r.bottom <= window.innerHeight;""",
                    el, container_css)


# ---------------------------------------------------------------------------
# 2. the place combo: Tab and Enter accept the highlighted entry; creating is never the default


@pytest.mark.parametrize("username", ["robin", "romain"])
def test_typing_the_start_of_a_place_then_enter_or_tab_gives_that_place(shell, username):
    words = LANG[username]
    grid, ins = open_insert(shell, username)
    choose_country(shell, ins, words["belgium"], "BE")
    city = shell.field(ins, "city")

    # the list ranks the places starting with "Eu" first: Enter takes Eupen, not Angleur
    shell.type_into(city, "Eu")
    shell.visible("ul.combo-list li[role=option][data-id]", message="the place list")
    shell.idle()
    assert combo_options(shell)[0] == "Eupen", combo_options(shell)
    city.send_keys(Keys.ENTER)
    shell.wait(lambda: city.get_attribute("value") == "Eupen", "Enter takes Eupen")
    shell.gone("ul.combo-list")

    # Tab right after typing (before the list shows) takes the first entry too and asks nothing
    shell.type_into(city, "Rae")
    city.send_keys(Keys.TAB)
    shell.wait(lambda: city.get_attribute("value") == "Raeren", "Tab takes Raeren")
    shell.idle()
    assert not shell.finds(".modal-backdrop"), "Tab must not ask to create a place"
    assert shell.field_value(ins, "zip_code") == "4730"


@pytest.mark.parametrize("username", ["robin", "romain"])
def test_the_create_question_names_the_country_and_enter_answers_no(shell, robin_api, username):
    words = LANG[username]
    place = "Zzq" + letters()
    grid, ins = open_insert(shell, username)
    choose_country(shell, ins, words["belgium"], "BE")
    city = shell.field(ins, "city")
    shell.type_into(city, place)
    create = shell.visible("ul.combo-list li[data-create]", message="the list offers to create the place")
    assert place in create.text
    city.send_keys(Keys.TAB)

    dialog = shell.visible(".modal", message="the create question")
    assert words["question"].format(text=place) in dialog.text, dialog.text
    yes = shell.find("[data-action=confirm-yes]", dialog)
    assert yes.text == words["create"], "the yes button says what it does"
    assert active(shell) == "confirm-no", "No is the default answer"
    shell.screenshot(f"form-create-question-{words['lang']}.png")

    shell.d.switch_to.active_element.send_keys(Keys.ENTER)
    shell.gone(".modal-backdrop")
    shell.wait(lambda: city.get_attribute("value") == "", "the typed text dropped after No")
    shell.idle()
    assert places_named(robin_api, place) == []


# ---------------------------------------------------------------------------
# 3. address consistency


@pytest.mark.parametrize("username", ["robin", "rolf"])
def test_a_place_fills_its_zip_code_and_a_new_country_clears_the_place(shell, robin_api, username):
    words = LANG[username]
    person = pick_person(robin_api, 61 if username == "robin" else 62)
    grid, det = open_detail(shell, username, person)
    choose_country(shell, det, words["belgium"], "BE")
    zip_code = shell.field(det, "zip_code")
    shell.type_into(zip_code, "4731")
    city = shell.field(det, "city")
    shell.type_into(city, "Eupen")
    shell.visible("ul.combo-list li[role=option][data-id]", message="the place list")
    shell.idle()
    city.send_keys(Keys.ENTER)
    shell.wait(lambda: city.get_attribute("value") == "Eupen", "Eupen chosen")
    assert zip_code.get_attribute("value") == "4700", "choosing a place fills its zip code"

    choose_country(shell, det, words["germany"], "DE")
    shell.wait(lambda: city.get_attribute("value") == "", "a new country clears the place")
    shell.save(det)
    stored = robin_api.row(PERSONS, person["id"])
    assert stored["country"]["id"] == "DE" and stored["city"] is None, stored

    # a zip code typed first narrows the places
    choose_country(shell, det, words["belgium"], "BE")
    shell.type_into(zip_code, "4700")
    city.click()
    city.send_keys(Keys.ARROW_DOWN)
    shell.visible("ul.combo-list li[role=option][data-id]", message="the place list")
    shell.idle()
    assert combo_options(shell) == ["Eupen"], combo_options(shell)
    city.send_keys(Keys.ESCAPE)


# ---------------------------------------------------------------------------
# 4. a new place is created with the record that names it, and only then


def test_a_new_place_is_created_only_when_the_person_is_saved(shell, robin_api):
    place = "Zzneu" + letters()
    last = "Zzplace" + letters()
    grid, ins = open_insert(shell, "robin")
    shell.type_into(shell.field(ins, "first_name"), "Anna")
    shell.type_into(shell.field(ins, "last_name"), last)
    choose_country(shell, ins, "Belgium", "BE")
    city = shell.field(ins, "city")
    shell.type_into(city, place)
    shell.visible("ul.combo-list li[data-create]", message="the create entry").click()
    dialog = shell.visible(".modal", message="the create question")
    shell.find("[data-action=confirm-yes]", dialog).click()
    shell.gone(".modal-backdrop")
    shell.wait(lambda: city.get_attribute("value") == place, "the new place shown")
    mark = shell.find("[data-field=city] .combo-new", ins)
    assert mark.is_displayed(), "a pending new entry is marked"
    described = shell.js("""const ids = (arguments[0].getAttribute('aria-describedby') || '').split(' ');
      return ids.map((id) => document.getElementById(id)?.textContent || '').join(' ');""", city)
    assert "created when you save" in described, described
    shell.idle()
    assert places_named(robin_api, place) == [], "confirming must not create the place"

    # cancelling the insert creates nothing
    shell.close_window(ins)
    shell.visible("[data-action=confirm-yes]", message="the discard question").click()
    shell.window_gone(PERSONS, "insert")
    shell.idle()
    assert places_named(robin_api, place) == []

    # saving the person creates the place, named in every language
    shell.find(".toolbar [data-action=insert]", grid).click()
    ins = shell.window(PERSONS, "insert")
    shell.type_into(shell.field(ins, "first_name"), "Anna")
    shell.type_into(shell.field(ins, "last_name"), last)
    choose_country(shell, ins, "Belgium", "BE")
    city = shell.field(ins, "city")
    shell.type_into(city, place)
    city.send_keys(Keys.TAB)
    shell.visible("[data-action=confirm-yes]", message="the create question").click()
    shell.wait(lambda: city.get_attribute("value") == place, "the new place shown")
    shell.find(".toolbar [data-action=save]", ins).click()
    shell.window_gone(PERSONS, "insert")
    det = shell.window(PERSONS, "detail")
    shell.wait(lambda: shell.field_value(det, "city") == place, "the new person with the new place")
    found = places_named(robin_api, place)
    assert len(found) == 1, found
    stored = found[0]
    assert stored["country"]["id"] == "BE"
    assert set(stored["name"].values()) == {place} and {"en", "fr", "de", "nl"} <= set(stored["name"]), stored["name"]


def test_an_integration_agent_is_never_offered_to_create_a_place(shell, robin_api):
    place = "Zzalicia" + letters()
    grid, ins = open_insert(shell, "alicia")
    choose_country(shell, ins, "Belgique", "BE")
    city = shell.field(ins, "city")
    shell.type_into(city, place)
    shell.visible("ul.combo-list li.empty", message="'no matches'")
    assert not shell.finds("ul.combo-list li[data-create]"), "no create entry for alicia"
    city.send_keys(Keys.TAB)
    shell.wait(lambda: city.get_attribute("value") == "", "unknown text dropped")
    shell.idle()
    assert not shell.finds(".modal-backdrop"), "no create question for alicia"
    assert places_named(robin_api, place) == []


# ---------------------------------------------------------------------------
# 5. edit conflicts


def test_a_change_of_another_field_by_someone_else_merges_silently(shell, server, robin_api):
    person = pick_person(robin_api, 63)
    other = server.api("romain")
    grid, det = open_detail(shell, "robin", person)
    title = "Dr" + letters(3)
    street = "Mergestraat " + letters(4)
    put(other, person["id"], {"title": title})

    shell.type_into(shell.field(det, "street"), street)
    shell.save(det)
    assert not shell.finds(".modal-backdrop"), "no conflict dialog"
    stored = robin_api.row(PERSONS, person["id"])
    assert stored["street"] == street and stored["title"] == title, stored
    shell.wait(lambda: shell.field_value(det, "title") == title, "the other user's change shown")


@pytest.mark.parametrize("username,other_name", [("robin", "romain"), ("romain", "robin")])
def test_a_conflict_on_the_same_field_shows_both_values_and_keep_mine_saves_mine(shell, server, robin_api,
                                                                               username, other_name):
    lang = LANG[username]["lang"]
    person = pick_person(robin_api, 64 if username == "robin" else 65)
    other = server.api(other_name)
    grid, det = open_detail(shell, username, person)
    theirs = "Theirstraat " + letters(4)
    mine = "Minestraat " + letters(4)
    put(other, person["id"], {"street": theirs})

    street = shell.field(det, "street")
    shell.type_into(street, mine)
    shell.find(".toolbar [data-action=save]", det).click()
    dialog = shell.visible(".modal[data-kind=conflict]", message="the conflict dialog")
    box = shell.find("fieldset[data-field=street]", dialog)
    assert shell.find("[data-role=theirs]", box).text == theirs
    assert shell.find("[data-role=yours]", box).text == mine
    assert FULL_NAMES[other_name] in shell.find("[data-role=changed-by]", box).text
    assert shell.find("input[data-choice=mine]", box).is_selected(), "keeping mine is preselected"
    shell.screenshot(f"form-conflict-{lang}.png")

    # Cancel keeps what was typed; Reload asks before discarding it
    shell.find("[data-action=conflict-cancel]", dialog).click()
    shell.gone(".modal-backdrop")
    assert street.get_attribute("value") == mine
    shell.find(".form-msg [data-action=reload]", det).click()
    question = shell.visible(".modal", message="the reload question")
    assert active(shell) == "confirm-no"
    shell.find("[data-action=confirm-no]", question).click()
    shell.gone(".modal-backdrop")
    assert street.get_attribute("value") == mine

    # again, and this time keep mine (the keyboard: the radio has the focus, Enter is OK)
    shell.find(".toolbar [data-action=save]", det).click()
    dialog = shell.visible(".modal[data-kind=conflict]", message="the conflict dialog again")
    focused = shell.d.switch_to.active_element
    assert focused.get_attribute("data-choice") == "mine", "the first choice has the focus"
    focused.send_keys(Keys.ENTER)
    shell.gone(".modal-backdrop")
    shell.wait(lambda: "dirty" not in det.get_attribute("class").split(), "saved")
    shell.idle()
    assert robin_api.row(PERSONS, person["id"])["street"] == mine


def test_take_theirs_in_a_conflict_keeps_the_stored_value_and_saves_my_other_fields(shell, server, robin_api):
    person = pick_person(robin_api, 66)
    other = server.api("romain")
    grid, det = open_detail(shell, "rolf", person)
    theirs = "Ihrestraße " + letters(4)
    box_no = str(random.randint(10, 99))
    put(other, person["id"], {"street": theirs})
    shell.type_into(shell.field(det, "street"), "Meinestraße " + letters(4))
    shell.type_into(shell.field(det, "street_box"), box_no)
    shell.find(".toolbar [data-action=save]", det).click()
    dialog = shell.visible(".modal[data-kind=conflict]", message="the conflict dialog")
    assert "Ihr Wert" in dialog.text and "Meinen Wert behalten" in dialog.text, dialog.text
    shell.find("fieldset[data-field=street] input[data-choice=theirs]", dialog).send_keys(Keys.SPACE)
    shell.find("[data-action=conflict-ok]", dialog).click()
    shell.gone(".modal-backdrop")
    shell.wait(lambda: "dirty" not in det.get_attribute("class").split(), "saved")
    shell.idle()
    stored = robin_api.row(PERSONS, person["id"])
    assert stored["street"] == theirs and stored["street_box"] == box_no, stored
    assert shell.field_value(det, "street") == theirs


# ---------------------------------------------------------------------------
# 10. confirmations: the safe answer is the default


@pytest.mark.parametrize("username", ["robin", "rolf"])
def test_delete_then_enter_does_not_delete(shell, robin_api, username):
    words = LANG[username]
    person = pick_person(robin_api, 67)
    grid, det = open_detail(shell, username, person)
    shell.find(".toolbar [data-action=delete]", det).click()
    dialog = shell.visible(".modal", message="the delete question")
    yes = shell.find("[data-action=confirm-yes]", dialog)
    assert yes.text == words["delete"] and "danger" in yes.get_attribute("class").split()
    assert active(shell) == "confirm-no"
    shell.d.switch_to.active_element.send_keys(Keys.ENTER)
    shell.gone(".modal-backdrop")
    shell.idle()
    assert robin_api.row(PERSONS, person["id"])["id"] == person["id"], "Enter must not delete"

    # discarding typed values: No is the default as well
    shell.type_into(shell.field(det, "street"), "Nirgendwo " + letters(3))
    shell.close_window(det)
    dialog = shell.visible(".modal", message="the discard question")
    assert active(shell) == "confirm-no"
    assert "danger" in shell.find("[data-action=confirm-yes]", dialog).get_attribute("class").split()
    shell.d.switch_to.active_element.send_keys(Keys.ENTER)
    shell.gone(".modal-backdrop")
    assert shell.finds(f'section.win[data-window="{PERSONS}"][data-kind="detail"]'), "the window stays"


# ---------------------------------------------------------------------------
# 11. errors in sight


@pytest.mark.parametrize("username", ["robin", "rolf"])
def test_a_failed_save_shows_the_tab_and_focuses_the_field_in_error(shell, robin_api, username):
    person = pick_person(robin_api, 68)
    grid, det = open_detail(shell, username, person)
    shell.show_tab(det, "contact")
    shell.type_into(shell.field(det, "email"), "not an address")
    shell.show_tab(det, "general")
    shell.find(".toolbar [data-action=save]", det).click()
    shell.wait(lambda: shell.error_text(det, "email"), "the server's error at the e-mail field")
    tab = shell.find('[role=tab][data-tab="contact"]', det)
    shell.wait(lambda: tab.get_attribute("aria-selected") == "true", "the tab with the field in error shown")
    assert active(shell) == "email", "focus on the field in error"
    assert in_view(shell, shell.find('[data-error-for="email"]', det)), "the error is in view"


def test_the_banner_does_not_push_the_field_in_error_out_of_the_insert_window(shell):
    grid, ins = open_insert(shell, "robin")
    shell.type_into(shell.field(ins, "first_name"), "Anna")
    shell.type_into(shell.field(ins, "last_name"), "Zzerr" + letters())
    email = shell.field(ins, "email")
    shell.type_into(email, "not an address")
    shell.find(".toolbar [data-action=save]", ins).click()
    shell.wait(lambda: shell.error_text(ins, "email"), "the server's error at the e-mail field")
    shell.visible(".form-msg", ins)
    assert active(shell) == "email"
    shell.wait(lambda: in_view(shell, shell.find('[data-error-for="email"]', ins)), "the error in view")


# ---------------------------------------------------------------------------
# 12. read-only fields and users


def test_tab_skips_read_only_fields_and_a_read_only_user_sees_no_save(shell, robin_api):
    person = pick_person(robin_api, 69)
    grid, det = open_detail(shell, "robin", person)
    birth = shell.field(det, "birth_date")
    birth.click()
    birth.send_keys(Keys.TAB)
    shell.wait(lambda: active(shell) != "birth_date", "focus moved on")
    assert active(shell) == "national_id", f"Tab stopped on {active(shell)} (age is read-only)"
    shell.logout()

    # alicia may read countries but not change them
    shell.login("alicia")
    countries = shell.open_table(COUNTRIES)
    row = shell.finds("tbody tr[data-id]", countries)[0]
    ActionChains(shell.d).double_click(shell.find("td[data-field]", row)).perform()
    det = shell.window(COUNTRIES, "detail")
    shell.idle()
    assert not shell.finds(".toolbar [data-action=save]", det), "no Save for a read-only user"
    assert not shell.finds(".toolbar [data-action=cancel]", det), "no Cancel for a read-only user"
    tabbable = shell.js("""return [...arguments[0].querySelectorAll('.form-content .field input, .form-content .field textarea')]
      .filter((e) => e.tabIndex >= 0).map((e) => e.name)""", det)
    assert tabbable == [], tabbable
