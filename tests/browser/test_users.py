"""Browser tests of the users table (Configuration > System > Users) as an
administrator uses it: the "Logs in with" column and the "Set password"
action with its parameter dialog.

Each test changes the password of its own demo user, one that no other
browser test logs in as (kerstin, patrick); the API is only used to look up
ids and to check the result.
"""
import pytest
from selenium.webdriver.common.keys import Keys

from conftest import Api, ApiError

USERS = "users.AllUsers"
ACTION = "set_password"


def user_id(api, username):
    rows = api.rows(USERS, q=username, limit=50)["rows"]
    ids = [r["id"] for r in rows if r["username"] == username]
    assert ids, f"no user {username} in {USERS}"
    return ids[0]


def user_row(shell, grid, rid):
    """The cells of the row `rid` in the users grid ({field: text})."""
    shell.wait(lambda: rid in shell.grid_ids(grid), f"the row of user {rid}")
    return next(r["cells"] for r in shell.grid_rows(grid) if r["id"] == rid)


def select_row(shell, grid, rid):
    shell.find(f'tbody tr[data-id="{rid}"] td[data-field="username"]', grid).click()
    shell.wait(lambda: shell.row_element(grid, rid).get_attribute("aria-selected") == "true",
               f"row {rid} selected")


def action_button(shell, grid):
    return shell.find(f".toolbar [data-action={ACTION}]", grid)


def open_set_password(shell, grid):
    """Clicks "Set password" in the grid's toolbar; returns the parameter dialog."""
    btn = action_button(shell, grid)
    shell.wait(btn.is_enabled, "the Set password button enabled")
    btn.click()
    dialog = shell.visible(".modal[role=dialog]", message="the Set password dialog")
    shell.visible("input[name=new_password]", root=dialog, message="the new password input")
    return dialog


def dialog_error(shell, dialog):
    return shell.js("const e = arguments[0].querySelector('[data-error-for=new_password]');"
                    "return e && !e.hidden ? e.textContent : ''", dialog)


def submit_password(shell, dialog, password, with_enter=False):
    box = shell.find("input[name=new_password]", dialog)
    shell.type_into(box, password)
    if with_enter:
        box.send_keys(Keys.ENTER)  # Enter in a form dialog's field answers OK
    else:
        shell.find("[data-action=confirm-yes]", dialog).click()


def notices(shell):
    return shell.js("return [...document.querySelectorAll('.notices .notice')].map((n) => n.textContent)")


def wait_notice(shell, text):
    return shell.wait(lambda: text in notices(shell), f"the notice {text!r}")


def can_log_in(server, username, password):
    try:
        Api(server.base, username, password)
    except ApiError as e:
        assert e.status == 401, e
        return False
    return True


# ---------------------------------------------------------------------------


def test_users_grid_shows_how_each_user_logs_in(shell, robin_api):
    kerstin = user_id(robin_api, "kerstin")
    shell.login("robin")
    grid = shell.open_table(USERS)
    assert shell.window_title(grid) == "Users"
    assert shell.header_label(grid, "login_source") == "Logs in with"
    cells = user_row(shell, grid, kerstin)
    assert cells["username"] == "kerstin", cells
    assert cells["login_source"] == "Local password", cells
    # every demo user has a local password
    assert set(shell.grid_column(grid, "login_source")) == {"Local password"}
    # the action is offered in the grid's toolbar
    assert action_button(shell, grid).text == "Set password"
    shell.idle()
    shell.screenshot("users-grid.png")


def test_set_password_rejects_a_short_one_then_ends_the_users_sessions(shell, server, robin_api):
    new = "kerstin-new-1"
    kerstin = user_id(robin_api, "kerstin")
    before = server.api("kerstin")  # kerstin works in another browser
    assert before.get("/auth/me")["user"]["username"] == "kerstin"

    shell.login("robin")
    grid = shell.open_table(USERS)
    select_row(shell, grid, kerstin)
    dialog = open_set_password(shell, grid)
    assert shell.find(".modal-title", dialog).text == "Set password"
    box = shell.find("input[name=new_password]", dialog)
    assert box.get_attribute("type") == "password"
    assert shell.js("return document.activeElement === arguments[0]", box), "the password input has the focus"

    # too short: the dialog stays with the server's message at the field
    submit_password(shell, dialog, "short")
    shell.wait(lambda: dialog_error(shell, dialog), "the field error in the dialog")
    assert dialog_error(shell, dialog) == "At least 8 characters."
    assert dialog.is_displayed(), "the dialog must stay open"
    assert box.get_attribute("aria-invalid") == "true"
    assert not any("password has been set" in n for n in notices(shell)), notices(shell)
    assert before.get("/auth/me")["user"]["username"] == "kerstin", "nothing changed yet"
    assert can_log_in(server, "kerstin", "1234")
    shell.screenshot("users-set-password-error.png")

    # a valid password: the dialog closes, the message tells what happened
    submit_password(shell, dialog, new)
    shell.gone(".modal-backdrop", "the dialog closed")
    wait_notice(shell, "The password has been set. The user's open sessions were ended.")
    assert not shell.js("return window.__dialogs.length"), "no error dialog"
    assert not shell.finds(".modal"), "no error dialog"
    shell.idle()

    # kerstin's open session was ended; robin's stays
    with pytest.raises(ApiError) as e:
        before.get("/auth/me")
    assert e.value.status == 401
    with pytest.raises(ApiError) as e:
        before.rows("contacts.Persons", limit=1)
    assert e.value.status == 401
    assert robin_api.get("/auth/me")["user"]["username"] == "robin"
    shell.find(".toolbar [data-action=refresh]", grid).click()
    shell.idle()
    assert shell.finds(f'tbody tr[data-id="{kerstin}"]', grid), "robin's own session goes on"
    assert user_row(shell, grid, kerstin)["login_source"] == "Local password"

    # the new password works, the old one no more
    assert not can_log_in(server, "kerstin", "1234")
    shell.logout()
    shell.login("kerstin", new)
    me = shell.d.execute_async_script(
        "const done = arguments[0]; fetch('auth/me').then((r) => r.json()).then((j) => done(j.user.username));")
    assert me == "kerstin"


def test_set_password_dialog_in_french(shell, server, robin_api):
    patrick = user_id(robin_api, "patrick")
    shell.login("romain")
    grid = shell.open_table(USERS)
    assert shell.window_title(grid) == "Utilisateurs"
    assert shell.header_label(grid, "login_source") == "Se connecte avec"
    assert user_row(shell, grid, patrick)["login_source"] == "Mot de passe local"
    btn = action_button(shell, grid)
    assert btn.text == "Définir le mot de passe"

    select_row(shell, grid, patrick)
    dialog = open_set_password(shell, grid)
    assert shell.find(".modal-title", dialog).text == "Définir le mot de passe"
    label = shell.find("label.field-label", dialog)
    assert shell.js("return arguments[0].firstChild.textContent", label) == "Nouveau mot de passe"
    assert label.get_attribute("for") == shell.find("input[name=new_password]", dialog).get_attribute("id")
    box = shell.find("input[name=new_password]", dialog)
    assert box.get_attribute("type") == "password"
    assert box.get_attribute("autocomplete") == "new-password"
    buttons = [b.text for b in shell.finds(".modal-buttons button", dialog)]
    assert buttons == ["OK", "Annuler"], buttons
    shell.idle()
    shell.screenshot("users-set-password-fr.png")

    submit_password(shell, dialog, "court")
    shell.wait(lambda: dialog_error(shell, dialog), "the field error in French")
    assert dialog_error(shell, dialog) == "Au moins 8 caractères."

    submit_password(shell, dialog, "patrick-neu-1", with_enter=True)
    shell.gone(".modal-backdrop", "the dialog closed")
    wait_notice(shell, "Le mot de passe a été défini. Les sessions ouvertes de l’utilisateur ont été fermées.")
    assert can_log_in(server, "patrick", "patrick-neu-1")
    assert not can_log_in(server, "patrick", "1234")
