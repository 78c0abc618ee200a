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
import time

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
    # QA 2026-12-03: a corrected field kept its message, and back at the stored value the
    # message and the banner stayed with Save greyed out. Now the change takes them away.
    banner = lambda: shell.js("const m = arguments[0].querySelector('.form-msg'); return m && !m.hidden ? m.textContent : ''", det)
    assert banner(), "the banner names the problem"
    shell.type_into(shell.field(det, "email"), "still not")
    shell.wait(lambda: not shell.error_text(det, "email"), "the message goes with the change")
    shell.wait(lambda: not banner(), "and the banner with the last message")
    shell.find(".toolbar [data-action=save]", det).click()
    shell.wait(lambda: shell.error_text(det, "email"), "refused again")
    shell.type_into(shell.field(det, "email"), person.get("email") or "")
    shell.wait(lambda: not shell.error_text(det, "email") and not banner(), "nothing left to save: no message")


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


# ---------------------------------------------------------------------------
# Round 2 (after QA): addresses stay consistent, conflicts follow the form,
# windows and messages leave the form readable


WORDS2 = {
    "robin": {"unsaved": "Unsaved changes", "at_most": "At most 10 characters.", "fix": "Please correct the marked fields.",
              "first": "Choose the country first to create a new place.",
              "nothing": "Nothing was saved. The stored values are shown."},
    "romain": {"unsaved": "Modifications non enregistrées", "at_most": "Au maximum 10 caractères.",
               "fix": "Veuillez corriger les champs indiqués.",
               "first": "Choisissez d’abord le champ «\u00a0Pays\u00a0» pour créer une nouvelle entrée (lieu).",
               "nothing": "Rien n’a été enregistré. Les valeurs stockées sont affichées."},
    "rolf": {"unsaved": "Ungespeicherte Änderungen", "at_most": "Höchstens 10 Zeichen.",
             "fix": "Bitte korrigieren Sie die markierten Felder.",
             "first": "Wählen Sie zuerst das Feld „Land“, um einen neuen Eintrag (Ort) anzulegen.",
             "nothing": "Es wurde nichts gespeichert. Die gespeicherten Werte werden angezeigt."},
}


def serious_axe(shell, context=None):
    """The critical and serious axe-core findings, as text."""
    return [f"{v['id']}: {v['help']}" for v in shell.axe(context) if v["impact"] in ("critical", "serious")]


def choose_place(shell, win, text):
    """Types `text` into the place combo and takes the first entry with Enter."""
    city = shell.field(win, "city")
    shell.type_into(city, text)
    shell.visible("ul.combo-list li[role=option][data-id]", message="the place list")
    shell.idle()
    city.send_keys(Keys.ENTER)
    shell.wait(lambda: city.get_attribute("value") == text, f"{text} chosen")
    shell.gone("ul.combo-list")
    return city


def set_address(api, rid, **values):
    """Stores an address on person `rid` through the API (place by name)."""
    if "city" in values and isinstance(values["city"], str):
        rows = api.get(f"/api/tables/{PERSONS}/choices/city", q=values["city"])["rows"]
        values["city"] = next(r["id"] for r in rows if r["text"] == values["city"])
    return put(api, rid, values)


def overlaps(shell, a, b):
    return shell.js("""const r = arguments[0].getBoundingClientRect(), s = arguments[1].getBoundingClientRect();
      return r.width > 0 && s.width > 0 && r.left < s.right && s.left < r.right && r.top < s.bottom && s.top < r.bottom;""", a, b)


def covered_labels(shell, win):
    """Pairs (error of field, label or input of another field) that overlap on screen."""
    return shell.js("""
      const win = arguments[0], out = [];
      const hit = (r, s) => r.left < s.right && s.left < r.right && r.top < s.bottom && s.top < r.bottom;
      for (const err of win.querySelectorAll('.form-content .field-error:not([hidden])')) {
        const r = err.getBoundingClientRect();
        for (const other of win.querySelectorAll('.form-content .field')) {
          if (other.dataset.field === err.dataset.errorFor) continue;
          for (const el of other.querySelectorAll('.field-label, input, select, textarea')) {
            const s = el.getBoundingClientRect();
            if (s.width && hit(r, s)) out.push(err.dataset.errorFor + ' covers ' + other.dataset.field);
          }
        }
      }
      return out;""", win)


@pytest.mark.parametrize("username", ["robin", "rolf"])
def test_a_place_chosen_without_a_country_brings_its_country_and_stays(shell, robin_api, username):
    """QA 1: the place's country fill cleared the place just chosen, so a place was saved without a country."""
    words = LANG[username]
    last = "Zzfill" + letters()
    grid, ins = open_insert(shell, username)
    shell.type_into(shell.field(ins, "first_name"), "Anna")
    shell.type_into(shell.field(ins, "last_name"), last)
    city = choose_place(shell, ins, "Eupen")
    shell.wait(lambda: shell.field_value(ins, "country") == words["belgium"], "the place's country filled")
    shell.idle()
    assert city.get_attribute("value") == "Eupen", "the place stays"
    assert shell.field_value(ins, "zip_code") == "4700"
    shell.find(".toolbar [data-action=save]", ins).click()
    shell.window_gone(PERSONS, "insert")
    rows = [r for r in robin_api.rows(PERSONS, q=last)["rows"]]
    assert len(rows) == 1, rows
    stored = robin_api.row(PERSONS, rows[0]["id"])
    assert stored["country"]["id"] == "BE" and stored["city"]["text"] == "Eupen" and stored["zip_code"] == "4700", stored


@pytest.mark.parametrize("username", ["robin", "romain", "rolf"])
def test_a_new_place_is_not_offered_before_the_country_is_chosen(shell, robin_api, username):
    """QA 2: creating a place without a country was offered, then refused at save."""
    place = "Zzfirst" + letters()
    grid, ins = open_insert(shell, username)
    city = shell.field(ins, "city")
    shell.type_into(city, place)
    hint = shell.visible("ul.combo-list li[data-role=create-hint]", message="the hint instead of the create entry")
    assert hint.get_attribute("textContent") == WORDS2[username]["first"], hint.get_attribute("textContent")
    assert not shell.finds("ul.combo-list li[data-create]"), "no create entry without a country"
    assert serious_axe(shell) == []
    city.send_keys(Keys.TAB)
    shell.wait(lambda: city.get_attribute("value") == "", "the typed text dropped")
    shell.idle()
    assert not shell.finds(".modal-backdrop"), "no create question without a country"
    assert shell.error_text(ins, "city") == WORDS2[username]["first"], "the hint stays next to the field"

    # with the country the new place is offered
    choose_country(shell, ins, LANG[username]["belgium"], "BE")
    assert shell.error_text(ins, "city") == "", "the hint is done"
    shell.type_into(city, place)
    shell.visible("ul.combo-list li[data-create]", message="the create entry once the country is there")
    city.send_keys(Keys.ESCAPE)
    assert places_named(robin_api, place) == []


@pytest.mark.parametrize("username", ["robin", "rolf"])
def test_a_zip_code_that_came_with_a_place_goes_with_it(shell, robin_api, username):
    """QA 3: zip codes stayed when the place was cleared, replaced or new."""
    words = LANG[username]
    person = pick_person(robin_api, 80 if username == "robin" else 81)
    nozip = "Zznozip" + letters()
    robin_api.post(f"/api/tables/{PLACES}/rows", {"values": {"name": {"en": nozip, "fr": nozip, "de": nozip, "nl": nozip},
                                                              "country": "BE"}})
    set_address(robin_api, person["id"], country="BE", city="Raeren", zip_code="4730")
    grid, det = open_detail(shell, username, person)
    zip_code = shell.field(det, "zip_code")
    assert zip_code.get_attribute("value") == "4730"

    # (c) a place without zip code: the old place's zip code goes
    choose_place(shell, det, nozip)
    shell.wait(lambda: zip_code.get_attribute("value") == "", "Raeren's zip code cleared")

    # (a) Eupen, then another country: the place and its zip code go
    choose_place(shell, det, "Eupen")
    assert zip_code.get_attribute("value") == "4700"
    choose_country(shell, det, words["germany"], "DE")
    shell.wait(lambda: shell.field_value(det, "city") == "", "a new country clears the place")
    shell.wait(lambda: zip_code.get_attribute("value") == "", "and the zip code that came with it")

    # (b) a new place keeps only a zip code the user typed
    shell.find(".toolbar [data-action=cancel]", det).click()
    shell.wait(lambda: zip_code.get_attribute("value") == "4730", "back to Raeren")
    place = "Zznewzip" + letters()
    city = shell.field(det, "city")
    shell.type_into(city, place)
    city.send_keys(Keys.TAB)
    shell.visible("[data-action=confirm-yes]", message="the create question").click()
    shell.wait(lambda: city.get_attribute("value") == place, "the new place pending")
    shell.wait(lambda: zip_code.get_attribute("value") == "", "Raeren's zip code is not the new place's")
    shell.type_into(zip_code, "4799")
    shell.save(det)
    stored = robin_api.row(PERSONS, person["id"])
    assert stored["city"]["text"] == place and stored["zip_code"] == "4799", stored
    assert places_named(robin_api, place)[0]["zip_code"] == "4799"

    # a zip code typed since stays when the place is cleared
    shell.type_into(zip_code, "4798")
    shell.type_into(city, "")
    city.send_keys(Keys.TAB)
    shell.wait(lambda: city.get_attribute("value") == "", "the place cleared")
    shell.idle()
    assert zip_code.get_attribute("value") == "4798"


def test_the_conflict_dialog_follows_the_form_and_keeps_a_place_with_its_zip_code(shell, server, robin_api):
    """QA 5: fields came in the server's key order, and the place and zip code could be split."""
    person = pick_person(robin_api, 82)
    other = server.api("romain")
    set_address(robin_api, person["id"], country="BE", city="Eupen", zip_code="4700")
    grid, det = open_detail(shell, "robin", person)
    put(other, person["id"], {"gsm": "0475 " + letters(3), "first_name": "Theirname", "street": "Theirstraat 1"})
    set_address(other, person["id"], city="Raeren", zip_code="4730")

    shell.type_into(shell.field(det, "first_name"), "Minename")
    shell.type_into(shell.field(det, "street"), "Minestraat 2")
    choose_place(shell, det, "Kettenis")
    assert shell.field_value(det, "zip_code") == "4701"
    shell.show_tab(det, "contact")
    shell.type_into(shell.field(det, "gsm"), "0476 " + letters(3))
    shell.find(".toolbar [data-action=save]", det).click()
    dialog = shell.visible(".modal[data-kind=conflict]", message="the conflict dialog")
    boxes = [b.get_attribute("data-field") for b in shell.finds("fieldset.conflict-field", dialog)]
    assert boxes == ["first_name", "city", "street", "gsm"], boxes
    group = shell.find("fieldset[data-field=city]", dialog)
    assert group.get_attribute("data-fields") == "city zip_code"
    assert [td.text for td in shell.finds("[data-role=theirs]", group)] == ["Raeren", "4730"]
    assert [td.text for td in shell.finds("[data-role=yours]", group)] == ["Kettenis", "4701"]
    assert not shell.finds("fieldset[data-field=zip_code]", dialog), "no separate choice for the zip code"
    shell.screenshot("form-conflict-group-en.png")
    assert serious_axe(shell, ".modal") == []

    shell.find("input[data-choice=theirs]", group).click()
    shell.find("[data-action=conflict-ok]", dialog).click()
    shell.gone(".modal-backdrop")
    shell.wait(lambda: "dirty" not in det.get_attribute("class").split(), "saved")
    shell.idle()
    stored = robin_api.row(PERSONS, person["id"])
    assert stored["city"]["text"] == "Raeren" and stored["zip_code"] == "4730", stored
    assert stored["first_name"] == "Minename" and stored["street"] == "Minestraat 2", stored
    assert shell.field_value(det, "city") == "Raeren" and shell.field_value(det, "zip_code") == "4730"


@pytest.mark.parametrize("username", ["robin", "rolf"])
def test_taking_theirs_for_every_field_says_nothing_was_saved(shell, server, robin_api, username):
    """The form showed the stored row but said Saved."""
    person = pick_person(robin_api, 83)
    other = server.api("romain")
    grid, det = open_detail(shell, username, person)
    theirs = "Theirweg " + letters(4)
    put(other, person["id"], {"street": theirs})
    shell.type_into(shell.field(det, "street"), "Mineweg " + letters(4))
    shell.find(".toolbar [data-action=save]", det).click()
    dialog = shell.visible(".modal[data-kind=conflict]", message="the conflict dialog")
    shell.find("input[data-choice=theirs]", dialog).click()
    shell.find("[data-action=conflict-ok]", dialog).click()
    shell.gone(".modal-backdrop")
    notice = shell.visible(".notices .notice", message="the notice")
    assert notice.text == WORDS2[username]["nothing"], notice.text
    assert shell.field_value(det, "street") == theirs
    assert "dirty" not in det.get_attribute("class").split()


@pytest.mark.parametrize("username,table,search,slave", [("robin", COUNTRIES, "Belg", "countries.PlacesByCountry"),
                                                         ("rolf", PLACES, "Eupen", "countries.PlacesByPlace")])
def test_a_detail_with_a_slave_table_opens_big_enough_for_its_rows(shell, username, table, search, slave):
    """QA 8: the window was fitted before the slave table was there (one row shown)."""
    shell.login(username)
    grid = shell.open_table(table)
    shell.quick_search(grid, search)
    shell.wait(lambda: len(shell.grid_rows(grid)) == 1, f"{search} found")
    ActionChains(shell.d).double_click(shell.find("tbody tr[data-id] td[data-field]", grid)).perform()
    det = shell.window(table, "detail")
    box = shell.visible(f".slave[data-slave='{slave}'] .grid-scroll", det, message="the slave grid")
    shell.idle()
    time.sleep(0.3)
    content = shell.find(".form-content", det)
    assert shell.js("const c = arguments[0]; return c.scrollHeight <= c.clientHeight + 1", content), \
        "the whole form is in the window"
    assert box.size["height"] >= 5 * 22, box.size
    assert in_view(shell, box), "the slave rows are in view"


def open_place_insert(shell, username):
    shell.login(username)
    grid = shell.open_table(PLACES)
    shell.find(".toolbar [data-action=insert]", grid).click()
    return shell.window(PLACES, "insert")


@pytest.mark.parametrize("username", ["robin", "rolf"])
def test_the_message_of_a_failed_save_moves_nothing_and_hides_no_button(shell, username):
    """QA 10: the banner pushed the form down after a failed save."""
    ins = open_place_insert(shell, username)
    zip_label = shell.find("[data-field=zip_code] .field-label", ins)
    before = zip_label.location
    shell.find(".toolbar [data-action=save]", ins).click()
    shell.wait(lambda: shell.error_text(ins, "name"), "the name's error")
    msg = shell.visible(".form-msg", ins)
    assert msg.text == WORDS2[username]["fix"]
    assert zip_label.location == before, "nothing moved"
    for b in shell.finds(".toolbar button", ins):
        assert not overlaps(shell, msg, b), f"the message covers {b.text}"
    assert not overlaps(shell, msg, shell.find(".form-content", ins)), "the message is in the toolbar row"

    # a detail with many buttons: the message stays clear of them too
    person_grid = shell.open_table(PERSONS)
    rid = shell.grid_ids(person_grid)[0]
    det = shell.open_detail_of(person_grid, PERSONS, rid)
    shell.show_tab(det, "contact")
    email = shell.field(det, "email")
    label = shell.find("[data-field=email] .field-label", det)
    before = label.location
    shell.type_into(email, "not an address")
    shell.find(".toolbar [data-action=save]", det).click()
    shell.wait(lambda: shell.error_text(det, "email"), "the e-mail's error")
    msg = shell.visible(".form-msg", det)
    assert label.location == before, "nothing moved"
    for b in shell.finds(".toolbar button", det):
        assert not overlaps(shell, msg, b), f"the message covers {b.text}"
    shell.screenshot(f"form-detail-message-{LANG[username]['lang']}.png")


@pytest.mark.parametrize("username", ["robin", "romain", "rolf"])
def test_field_errors_cover_no_other_label(shell, username):
    """QA 8: error bubbles covered the labels of the row below."""
    ins = open_place_insert(shell, username)
    shell.find(".toolbar [data-action=save]", ins).click()
    shell.wait(lambda: shell.error_text(ins, "name"), "the name's error")
    shell.wait(lambda: shell.error_text(ins, "country"), "the country's error")
    assert covered_labels(shell, ins) == []
    assert serious_axe(shell, f'section.win[data-window="{PLACES}"][data-kind="insert"]') == []
    shell.screenshot(f"form-place-insert-errors-{LANG[username]['lang']}.png")

    # a person: the national register number's error and the place below it
    grid = shell.open_table(PERSONS)
    shell.find(".toolbar [data-action=insert]", grid).click()
    ins = shell.window(PERSONS, "insert")
    shell.type_into(shell.field(ins, "national_id"), "123")
    shell.find(".toolbar [data-action=save]", ins).click()
    shell.wait(lambda: shell.error_text(ins, "national_id"), "the national id's error")
    assert covered_labels(shell, ins) == []
    shell.screenshot(f"form-person-insert-errors-{LANG[username]['lang']}.png")


@pytest.mark.parametrize("username", ["robin", "romain", "rolf"])
def test_a_too_long_text_is_kept_and_said_to_be_too_long(shell, robin_api, username):
    """QA 9: maxlength cut a 20-character zip code or a long name without a word."""
    ins = open_place_insert(shell, username)
    name = "Zzlong" + letters(200)
    shell.js("arguments[0].value = arguments[1]", shell.find("[name=name][data-lang=en]", ins), name[:-1])
    shell.find("[name=name][data-lang=en]", ins).send_keys(name[-1])
    zip_code = shell.field(ins, "zip_code")
    shell.type_into(zip_code, "12345678901234567890")
    assert zip_code.get_attribute("value") == "12345678901234567890", "the text is kept"
    shell.wait(lambda: shell.error_text(ins, "zip_code") == WORDS2[username]["at_most"], "the zip code said too long")
    assert "200" in shell.error_text(ins, "name"), shell.error_text(ins, "name")
    assert shell.find("[name=name][data-lang=en]", ins).get_attribute("value") == name
    choose_country(shell, ins, LANG[username]["belgium"], "BE")
    shell.find(".toolbar [data-action=save]", ins).click()
    shell.wait(lambda: shell.find(".form-msg", ins).text == WORDS2[username]["fix"], "nothing sent")
    assert shell.error_text(ins, "zip_code") == WORDS2[username]["at_most"]
    shell.idle()
    assert places_named(robin_api, name) == []
    # short enough again: the message goes
    zip_code.send_keys(Keys.CONTROL, "a")
    zip_code.send_keys("4799")
    shell.wait(lambda: shell.error_text(ins, "zip_code") == "", "the message gone")


@pytest.mark.parametrize("username", ["robin", "rolf"])
def test_the_logout_question_is_titled_like_the_other_discard_questions(shell, username):
    """QA 15: the logout question said "Please confirm"."""
    grid, ins = open_insert(shell, username)
    shell.type_into(shell.field(ins, "first_name"), "Anna")
    shell.open_command("logout")
    dialog = shell.visible(".modal", message="the discard question")
    assert shell.find(".modal-title", dialog).text == WORDS2[username]["unsaved"]
    shell.find("[data-action=confirm-no]", dialog).click()
    shell.gone(".modal-backdrop")
    shell.close_window(ins)
    dialog = shell.visible(".modal", message="the window's discard question")
    assert shell.find(".modal-title", dialog).text == WORDS2[username]["unsaved"]
