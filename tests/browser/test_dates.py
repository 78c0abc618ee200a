"""Browser tests of the date field (issue 8, point 7) and of the quotes in
English texts (point 12): what is wrong with an impossible date, in the
user's language; the placeholder and hint of the language; an error that
does not move the form; a calendar that jumps by year and decade, with the
mouse and with the keyboard (WAI-ARIA date picker dialog).
"""
import os
import re

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys

from conftest import ROOT, ApiError, pick_person

PERSONS = "contacts.Persons"

# user, placeholder, the message for 31.02.1990, the hint for text that is no date
LANGUAGES = {
    "en": ("robin", "dd.mm.yyyy", "31.02.1990 does not exist (February has 28 or 29 days).",
           "Invalid date: use dd.mm.yyyy."),
    "fr": ("romain", "jj.mm.aaaa", "Le 31.02.1990 n’existe pas (février a 28 ou 29 jours).",
           "Date invalide\u00a0: utilisez le format jj.mm.aaaa."),
    "de": ("rolf", "TT.MM.JJJJ", "Den 31.02.1990 gibt es nicht (Februar hat 28 oder 29 Tage).",
           "Ungültiges Datum: Bitte verwenden Sie das Format TT.MM.JJJJ."),
}


def open_detail_as(shell, api, user, n):
    """Logs in as `user` and opens the detail of the n-th plain-named person."""
    person = pick_person(api, n)
    shell.login(user)
    grid = shell.open_table(PERSONS)
    shell.find_in_grid(grid, person["name"].split()[0], person["id"])
    return shell.open_detail_of(grid, PERSONS, person["id"])


def field_tops(shell, win):
    """{field name: y position} of every field of the window's visible tab."""
    return shell.js("""
      const out = {};
      for (const f of arguments[0].querySelectorAll('.field[data-field]')) {
        const r = f.getBoundingClientRect();
        if (r.height) out[f.dataset.field] = Math.round(r.top * 10) / 10;
      }
      return out;""", win)


def expect_error(shell, win, name, expected):
    shell.wait(lambda: shell.error_text(win, name) == expected, f"the error {expected!r} at {name}")


def type_and_leave(shell, el, text):
    shell.type_into(el, text)
    el.send_keys(Keys.TAB)


def normalise(text):
    """The message as the test compares it: no-break spaces of French typography kept apart from others."""
    return (text or "").replace("\u202f", "\u00a0")


# ---------------------------------------------------------------------------
# 7. what is wrong with a date, in the user's language; the form does not move


@pytest.mark.parametrize("lang", ["en", "fr", "de"])
def test_impossible_date_says_what_is_wrong_in_the_users_language(shell, robin_api, lang):
    user, placeholder, feb31, hint = LANGUAGES[lang]
    det = open_detail_as(shell, robin_api, user, 31)
    date = shell.field(det, "birth_date")
    assert date.get_attribute("placeholder") == placeholder

    before = field_tops(shell, det)
    assert any(top > before["birth_date"] + 5 for top in before.values()), "a field below the birth date"
    type_and_leave(shell, date, "31.02.1990")
    shell.wait(lambda: shell.error_text(det, "birth_date"), "an error at the birth date")
    shown = normalise(shell.error_text(det, "birth_date"))
    assert shown == feb31, shown
    assert placeholder not in shown and "dd.mm.yyyy" not in shown, f"a format hint for a date in the format: {shown!r}"
    assert date.get_attribute("aria-invalid") == "true"
    err = shell.find('[data-error-for="birth_date"]', det)
    assert err.is_displayed()
    assert date.get_attribute("aria-describedby") == err.get_attribute("id")
    if lang != "en":
        shell.screenshot(f"dates-error-{lang}.png")
    # nothing moved: the message floats below its field
    assert field_tops(shell, det) == before, "the error message moved fields of the form"
    box = shell.js("const r = arguments[0].getBoundingClientRect(), i = arguments[1].getBoundingClientRect();"
                   "return {top: r.top, bottom: r.bottom, inputBottom: i.bottom, right: r.right, winRight: arguments[2].getBoundingClientRect().right};",
                   err, date, det)
    assert box["top"] >= box["inputBottom"] - 0.5, f"the message covers its own input: {box}"

    # text that is not in the format: the hint, with the language's letters
    type_and_leave(shell, date, "31.02")
    shell.wait(lambda: normalise(shell.error_text(det, "birth_date")) == hint,
               f"the hint {hint!r}")
    assert field_tops(shell, det) == before

    # a good date clears the message
    type_and_leave(shell, date, "28.2.90")
    shell.wait(lambda: not shell.error_text(det, "birth_date"), "the error to go away")
    assert shell.field_value(det, "birth_date") == "28.02.1990"
    assert date.get_attribute("aria-invalid") is None
    assert field_tops(shell, det) == before


def test_each_impossible_date_names_its_reason(shell, robin_api):
    det = open_detail_as(shell, robin_api, "robin", 32)
    date = shell.field(det, "birth_date")
    cases = [
        ("31.04.2020", "31.04.2020 does not exist (April has 30 days)."),
        ("29.02.2023", "29.02.2023 does not exist (2023 is not a leap year)."),
        ("30/02/2024", "30.02.2024 does not exist (February has 28 or 29 days)."),
        ("32-01-2020", "32.01.2020 does not exist (January has 31 days)."),
        ("15.13.2020", "Month 13 does not exist."),
        ("15.06.19x0", "Invalid date: use dd.mm.yyyy."),
    ]
    for text, expected in cases:
        type_and_leave(shell, date, text)
        expect_error(shell, det, "birth_date", expected)
    # . - and / are all accepted; a leap day of a leap year exists
    for text, shown in (("29-02-2024", "29.02.2024"), ("1/3/1961", "01.03.1961"), ("15.6.60", "15.06.1960")):
        type_and_leave(shell, date, text)
        shell.wait(lambda: not shell.error_text(det, "birth_date"), f"no error for {text}")
        assert shell.field_value(det, "birth_date") == shown


# ---------------------------------------------------------------------------
# 7. the calendar jumps by year and decade


def calendar(shell):
    return shell.visible(".popup.calendar", message="the calendar")


def view_of(shell):
    return calendar(shell).get_attribute("data-view")


def wait_view(shell, view):
    shell.wait(lambda: view_of(shell) == view, f"the calendar's {view} view")


def cal_click(shell, css):
    el = shell.find(css, calendar(shell))
    el.click()
    return el


def active(shell):
    return shell.js("const a = document.activeElement;"
                    "return {role: a.dataset.role || a.getAttribute('role'), date: a.dataset.date || null,"
                    " value: a.dataset.value || null, text: a.textContent, inCalendar: !!a.closest('.calendar')};")


def no_serious_axe_findings(shell):
    found = [v for v in shell.axe(".popup.calendar") if v["impact"] in ("critical", "serious")]
    assert not found, [(v["id"], v["help"], [n["html"] for n in v["nodes"]][:3]) for v in found]


@pytest.mark.parametrize("lang", ["fr", "de"])
def test_calendar_jumps_to_1960_with_the_mouse(shell, robin_api, lang):
    user = LANGUAGES[lang][0]
    det = open_detail_as(shell, robin_api, user, 33)
    date = shell.field(det, "birth_date")
    type_and_leave(shell, date, "15.06.1990")
    shell.find('[data-field="birth_date"] .date-btn', det).click()
    wait_view(shell, "days")
    assert shell.find("td[tabindex='0']", calendar(shell)).get_attribute("data-date") == "1990-06-15"
    shell.screenshot(f"dates-calendar-days-{lang}.png")
    no_serious_axe_findings(shell)

    cal_click(shell, "[data-role=cal-year]")
    wait_view(shell, "years")
    values = [td.get_attribute("data-value") for td in shell.finds("td[role=gridcell]", calendar(shell))]
    assert len(values) == 12 and "1990" in values and "1999" in values, values
    shell.screenshot(f"dates-calendar-years-{lang}.png")
    no_serious_axe_findings(shell)

    cal_click(shell, "[data-role=cal-decade]")
    wait_view(shell, "decades")
    values = [td.get_attribute("data-value") for td in shell.finds("td[role=gridcell]", calendar(shell))]
    assert len(values) == 12 and "1960" in values, values
    shell.screenshot(f"dates-calendar-decades-{lang}.png")
    no_serious_axe_findings(shell)

    cal_click(shell, "td[data-value='1960']")
    wait_view(shell, "years")
    assert shell.find("[data-role=cal-decade]", calendar(shell)).text == "1960–1969"
    cal_click(shell, "td[data-value='1960']")
    wait_view(shell, "months")
    assert shell.find("[data-role=cal-year]", calendar(shell)).text == "1960"
    shell.screenshot(f"dates-calendar-months-{lang}.png")
    no_serious_axe_findings(shell)
    cal_click(shell, "td[data-value='1960-03']")
    wait_view(shell, "days")
    cal_click(shell, "td[data-date='1960-03-15']")
    shell.gone(".popup.calendar")
    assert shell.field_value(det, "birth_date") == "15.03.1960"
    assert not shell.error_text(det, "birth_date")

    # the arrows page by the view: a month, a year, a decade
    shell.find('[data-field="birth_date"] .date-btn', det).click()
    wait_view(shell, "days")
    cal_click(shell, "[data-role=cal-prev]")
    assert shell.find("[data-role=cal-month]", calendar(shell)).text.lower() in ("février", "februar")
    cal_click(shell, "[data-role=cal-month]")
    wait_view(shell, "months")
    cal_click(shell, "[data-role=cal-prev]")
    assert shell.find("[data-role=cal-year]", calendar(shell)).text == "1959"
    cal_click(shell, "[data-role=cal-year]")
    wait_view(shell, "years")
    cal_click(shell, "[data-role=cal-next]")
    assert shell.find("[data-role=cal-decade]", calendar(shell)).text == "1960–1969"
    ActionChains(shell.d).send_keys(Keys.ESCAPE).perform()
    wait_view(shell, "days")
    ActionChains(shell.d).send_keys(Keys.ESCAPE).perform()
    shell.gone(".popup.calendar")
    assert active(shell)["role"] is None and shell.js("return document.activeElement.name") == "birth_date"
    assert shell.field_value(det, "birth_date") == "15.03.1960", "Escape changes nothing"
    assert shell.finds(f'section.win[data-window="{PERSONS}"][data-kind="detail"]'), "Escape in the calendar closes no window"


def test_calendar_jumps_to_1960_with_the_keyboard(shell, robin_api):
    det = open_detail_as(shell, robin_api, "rolf", 34)
    date = shell.field(det, "birth_date")
    type_and_leave(shell, date, "15.06.1990")
    date.click()
    keys = ActionChains(shell.d)

    def press(*k):
        ActionChains(shell.d).send_keys(*k).perform()

    def shift(k):
        ActionChains(shell.d).key_down(Keys.SHIFT).send_keys(k).key_up(Keys.SHIFT).perform()

    keys.key_down(Keys.ALT).send_keys(Keys.ARROW_DOWN).key_up(Keys.ALT).perform()
    wait_view(shell, "days")
    assert active(shell)["date"] == "1990-06-15"

    # Tab stays in the dialog: back to the year button, Enter shows 12 years
    shift(Keys.TAB)
    shift(Keys.TAB)
    assert active(shell)["role"] == "cal-year", active(shell)
    press(Keys.ENTER)
    wait_view(shell, "years")
    assert active(shell)["value"] == "1990"
    # ... then the decades, three up is the 1960s
    shift(Keys.TAB)
    shift(Keys.TAB)
    assert active(shell)["role"] == "cal-decade", active(shell)
    press(Keys.ENTER)
    wait_view(shell, "decades")
    assert active(shell)["value"] == "1990"
    press(Keys.ARROW_UP)
    assert active(shell)["value"] == "1960"
    press(Keys.ENTER)
    wait_view(shell, "years")
    assert active(shell)["value"] == "1960"
    press(Keys.ENTER)
    wait_view(shell, "months")
    assert active(shell)["value"] == "1960-06"
    press(Keys.ARROW_UP)  # three months back: March
    assert active(shell)["value"] == "1960-03"
    press(Keys.ENTER)
    wait_view(shell, "days")
    assert active(shell)["date"] == "1960-03-15"
    press(Keys.ARROW_RIGHT)
    press(Keys.ENTER)
    shell.gone(".popup.calendar")
    assert shell.field_value(det, "birth_date") == "16.03.1960"
    assert shell.js("return document.activeElement.name") == "birth_date", "the focus goes back to the field"

    # PageUp/PageDown a month, with Shift a year; in the years view a decade
    keys = ActionChains(shell.d)
    keys.key_down(Keys.ALT).send_keys(Keys.ARROW_DOWN).key_up(Keys.ALT).perform()
    wait_view(shell, "days")
    assert active(shell)["date"] == "1960-03-16"
    shift(Keys.PAGE_DOWN)
    assert active(shell)["date"] == "1961-03-16"
    press(Keys.PAGE_DOWN)
    assert active(shell)["date"] == "1961-04-16"
    press(Keys.PAGE_UP, Keys.PAGE_UP)
    assert active(shell)["date"] == "1961-02-16"
    for _ in range(30):
        shift(Keys.PAGE_UP)
    assert active(shell)["date"] == "1931-02-16"
    press(Keys.HOME)  # Monday of that week
    assert active(shell)["date"] == "1931-02-16"
    press(Keys.END)
    assert active(shell)["date"] == "1931-02-22"
    press(Keys.ENTER)
    shell.gone(".popup.calendar")
    assert shell.field_value(det, "birth_date") == "22.02.1931"


def test_calendar_keeps_the_day_within_the_month(shell, robin_api):
    det = open_detail_as(shell, robin_api, "robin", 35)
    date = shell.field(det, "birth_date")
    type_and_leave(shell, date, "31.01.1962")
    shell.find('[data-field="birth_date"] .date-btn', det).click()
    wait_view(shell, "days")
    ActionChains(shell.d).send_keys(Keys.PAGE_DOWN).perform()
    assert active(shell)["date"] == "1962-02-28", "31 January + a month is the last day of February"
    assert shell.find("[data-role=cal-prev]", calendar(shell)).get_attribute("aria-label") == "Previous month"
    cal_click(shell, "[data-role=cal-year]")
    wait_view(shell, "years")
    assert shell.find("[data-role=cal-prev]", calendar(shell)).get_attribute("aria-label") == "Previous decade"
    no_serious_axe_findings(shell)
    # the button toggles the calendar; nothing was picked
    shell.find('[data-field="birth_date"] .date-btn', det).click()
    shell.gone(".popup.calendar")
    assert shell.field_value(det, "birth_date") == "31.01.1962"


# ---------------------------------------------------------------------------
# 12. English texts quote with “…”, never «…»


def shell_msgids():
    """The English texts of the shell: web/strings.txt and the t('...') literals of web/js."""
    ids = set()
    with open(os.path.join(ROOT, "web/strings.txt"), encoding="utf-8") as f:
        ids.update(line.strip() for line in f if line.strip())
    for folder, _, files in os.walk(os.path.join(ROOT, "web/js")):
        for name in files:
            if name.endswith(".js"):
                with open(os.path.join(folder, name), encoding="utf-8") as f:
                    ids.update(re.findall(r"\bt\('((?:[^'\\]|\\.)+)'", f.read()))
    return ids


def test_english_texts_use_curly_quotes_not_guillemets():
    bad = sorted(i for i in shell_msgids() if "«" in i or "»" in i)
    assert not bad, f"English texts with «»: {bad}"
    for lang in ("fr", "de", "nl"):
        import json
        catalogue = all_translations(lang)
        assert not [k for k in catalogue if "«" in k], f"{lang}.json translates msgids with «»"
        if lang != "fr":
            assert not [v for v in catalogue.values() if "«" in v], f"{lang}.json uses «» in translations"


@pytest.mark.parametrize("user,quote", [("robin", "“"), ("romain", "«"), ("rolf", "„")])
def test_delete_question_quotes_in_the_users_language(shell, robin_api, user, quote):
    person = pick_person(robin_api, 36)
    shell.login(user)
    grid = shell.open_table(PERSONS)
    row = shell.find_in_grid(grid, person["name"].split()[0], person["id"])
    shell.find("td[data-field]", row).click()
    shell.find(".toolbar [data-action=delete]", grid).click()
    dialog = shell.visible(".modal", message="the delete question")
    text = dialog.find_element("css selector", ".modal-body").text
    assert all(w.lower() in text.lower() for w in person["name"].split()), text
    assert quote in text, text
    if user == "robin":
        assert "«" not in text and "»" not in text, text
    shell.find("[data-action=confirm-no]", dialog).click()
    shell.gone(".modal-backdrop")
    assert robin_api.row(PERSONS, person["id"])["id"] == person["id"], "not deleted"


# ---------------------------------------------------------------------------
# QA round 2, point 4: birth dates are in the past; a day needs its month


FUTURE_BIRTH = {"robin": "A birth date cannot be in the future.",
                "romain": "Une date de naissance ne peut pas être dans le futur."}


@pytest.mark.parametrize("user", ["robin", "romain"])
def test_a_birth_date_with_two_digits_is_in_the_past_and_never_in_the_future(shell, robin_api, user):
    import datetime
    today = datetime.date.today()
    det = open_detail_as(shell, robin_api, user, 37)
    date = shell.field(det, "birth_date")
    next_year = today.year + 1
    cases = [
        ("1.1.30", "01.01.1930"),
        (f"1.1.{next_year % 100:02d}", f"01.01.{next_year - 100}"),  # next year's two digits: a century ago
        (f"{today.day}.{today.month}.{today.year % 100:02d}", today.strftime("%d.%m.%Y")),  # today is no future
        ("00.00.1960", "00.00.1960"),  # incomplete dates: no day, or neither day nor month
        ("00.05.1960", "00.05.1960"),
    ]
    for text, shown in cases:
        type_and_leave(shell, date, text)
        shell.wait(lambda: shell.field_value(det, "birth_date") == shown and not shell.error_text(det, "birth_date"),
                   f"{text} shown as {shown}")
    type_and_leave(shell, date, f"1.1.{next_year}")
    expect_error(shell, det, "birth_date", FUTURE_BIRTH[user])
    # the server refuses it the same way (no client check bypassed)
    person = pick_person(robin_api, 37)
    with pytest.raises(ApiError) as refused:
        robin_api.request("PUT", f"/api/tables/{PERSONS}/rows/{person['id']}",
                          {"version": robin_api.row(PERSONS, person["id"])["version"], "values": {"birth_date": f"{next_year}-01-01"}})
    assert refused.value.status == 422 and "birth_date" in refused.value.body


@pytest.mark.parametrize("user, expected", [("robin", "15.00.1960 has a day but no month."),
                                            ("rolf", "Das Datum 15.00.1960 hat einen Tag, aber keinen Monat.")])
def test_a_day_without_its_month_is_refused(shell, robin_api, user, expected):
    det = open_detail_as(shell, robin_api, user, 38)
    date = shell.field(det, "birth_date")
    type_and_leave(shell, date, "15.00.1960")
    expect_error(shell, det, "birth_date", expected)
    shell.find(".toolbar [data-action=save]", det).click()
    shell.wait(lambda: shell.js("return document.activeElement.name") == "birth_date", "the focus on the wrong date")
    assert shell.error_text(det, "birth_date") == expected, "nothing was sent"


def test_other_dates_keep_the_pivot_of_today(shell):
    shell.login("robin")
    year = shell.js("return new Date().getFullYear()")
    got = shell.d.execute_async_script("""
      const done = arguments[arguments.length - 1];
      import('/js/i18n.js').then((m) => done([m.parseDate('1.1.30'), m.parseDate('1.1.30', { past: true }),
        m.parseDate('1.1.2099', { past: true, allowFuture: true })]));""")
    # within ten years from now a two-digit year is in this century, else in the last one
    century = year // 100 * 100
    expect_plain = century + 30 if 30 <= (year + 10) % 100 else century - 70
    assert got == [f"{expect_plain}-01-01", "1930-01-01", "2099-01-01"], got


# ---------------------------------------------------------------------------
# QA round 2, point 15: one apostrophe in French


def all_translations(lang):
    """The site's catalogue and every plugin's (locales/<plugin>/<lang>.json) merged."""
    import glob, json
    catalogue = {}
    for path in [os.path.join(ROOT, f"locales/{lang}.json")] + sorted(glob.glob(os.path.join(ROOT, f"locales/*/{lang}.json"))):
        with open(path, encoding="utf-8") as f:
            catalogue.update(json.load(f))
    return catalogue


def test_french_translations_use_the_typographic_apostrophe():
    catalogue = all_translations("fr")
    bad = {k: v for k, v in catalogue.items() if "'" in v}
    assert not bad, f"French translations with ' instead of ’: {bad}"
