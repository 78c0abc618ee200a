"""A social worker's day on the demo data, as issue 9 describes it:
Alicia (integration agent, French) on her welcome page, in a client's tabs, writing
a note; Caroline (newcomers consultant, German) creating a client who looks like
others and refusing a newcomer with a reason. Screenshots in WELFARE_ARTIFACTS."""
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.support.ui import Select

CLIENTS = "pcsw.Clients"
NOTES = "notes.NotesByClient"
SERIOUS = ("critical", "serious")


def no_serious_axe_findings(shell, context):
    shell.idle()
    found = [v for v in shell.axe(context) if v["impact"] in SERIOUS]
    assert not found, [(v["id"], v["help"], [n["html"] for n in v["nodes"]][:3]) for v in found]


def summary_texts(shell, box):
    return [e.text for e in shell.finds("li .summary-link, li .summary-text", box)]


def open_client(shell, api, client_id):
    """Opens a client's detail from the Clients grid, found by its surname."""
    row = api.row(CLIENTS, client_id)
    grid = shell.open_table(CLIENTS)
    surname = row["last_name"]
    shell.find_in_grid(grid, surname, client_id)
    cell = shell.find(f'tbody tr[data-id="{client_id}"] td[data-field]', grid)
    ActionChains(shell.d).double_click(cell).perform()
    det = shell.window(CLIENTS, "detail")
    shell.wait(lambda: shell.field_value(det, "last_name") == surname, f"the detail of {client_id}")
    return grid, det


def tab_labels(shell, win):
    return [t.text for t in shell.finds("[role=tab]", win)]


def test_alicias_day_in_french(shell, server):
    api = server.api("alicia")
    shell.login("alicia")
    # The welcome page: her clients, notes, expiring documents, tasks, in French.
    panels = api.get("/api/dashboard")["panels"]
    assert [p["table"] for p in panels] == ["pcsw.MyClients", "notes.MyNotes", "uploads.MyExpiringUploads", "cal.MyTasks"]
    for p in panels:
        box = shell.visible(f'[data-role=dashboard-panel][data-table="{p["table"]}"]', message=p["table"])
        expected = [i["text"] for i in api.get(f"/api/tables/{p['table']}/summary", limit=8)["items"]]
        assert expected, f"the demo data gives Alicia some {p['table']}"
        shell.wait(lambda: summary_texts(shell, box) == expected, f"the texts of {p['table']}")
    assert shell.find('[data-role=dashboard-panel][data-table="pcsw.MyClients"] h2').text == "Mes bénéficiaires"
    assert shell.find('[data-role=dashboard-panel][data-table="notes.MyNotes"] h2').text == "Notes modifiées récemment"
    assert "null" not in shell.find("[data-role=dashboard]").text
    shell.screenshot("alicia-welcome-fr.png")
    no_serious_axe_findings(shell, "[data-role=home]")

    # A client of hers: the tabs she may see, coloured rows in the grid.
    mine = api.rows("pcsw.MyClients", limit=5)["rows"]
    client = mine[0]
    grid, det = open_client(shell, api, client["id"])
    labels = tab_labels(shell, det)
    for label in ("Personne", "Accompagnateurs", "Famille", "Historique", "Documents", "Tâches", "Recherche d’emploi"):
        assert label in labels, labels
    assert "Divers" not in labels, "the Misc tab is for staff"
    eid = shell.field(det, "eid_info")
    assert "value-alert" in eid.get_attribute("class").split(), "no card read yet: the alert is red"
    shell.screenshot("alicia-client-person-fr.png")

    # She writes a note in the History tab.
    shell.show_tab(det, "history")
    slave = shell.visible(f'[data-slave="{NOTES}"]', root=det, message="the history grid")
    before = api.rows(NOTES, mk=client["id"], limit=500)["total"]
    shell.find("[data-action=insert]", slave).click()
    ins = shell.window(NOTES, "insert")
    shell.type_into(shell.field(ins, "subject"), "Entretien de suivi")
    shell.find(".toolbar [data-action=save]", ins).click()
    shell.wait(lambda: api.rows(NOTES, mk=client["id"], limit=500)["total"] == before + 1, "the note stored")
    note = api.rows(NOTES, mk=client["id"], limit=1, sort="-id")["rows"][0]
    assert note["subject"] == "Entretien de suivi" and note["user"]["text"] == "Alicia Allmanns"
    shell.screenshot("alicia-note-fr.png")


def test_carolines_day_in_german(shell, server):
    api = server.api("caroline")
    shell.login("caroline")
    # A new client named like three others: the server names them, she confirms.
    grid = shell.open_table(CLIENTS)
    shell.find(".toolbar [data-action=insert]", grid).click()
    ins = shell.window(CLIENTS, "insert")
    shell.type_into(shell.field(ins, "first_name"), "Dorothée")
    shell.type_into(shell.field(ins, "last_name"), "Dupont")
    shell.find(".toolbar [data-action=save]", ins).click()
    dialog = shell.visible(".modal[data-kind=careful-confirm]", message="the similar clients")
    text = shell.find(".modal-body", dialog).text
    assert "DUPOND" in text and "Dorothée Dupont" in text, text
    shell.screenshot("caroline-similar-de.png")
    shell.find("[data-action=confirm-yes]", dialog).click()
    det = shell.window(CLIENTS, "detail")
    shell.wait(lambda: shell.field_value(det, "last_name") == "Dupont", "the new client's detail")
    shell.idle()

    # A newcomer refused with a reason, from the state's buttons.
    newcomer = api.rows(CLIENTS, limit=1, sort="id", **{"p.client_state": "10"})["rows"][0]
    shell.close_window(det)
    grid2, det = open_client(shell, api, newcomer["id"])
    shell.find('[data-action="refuse_client"]', det).click()
    dialog = shell.visible(".modal", message="the refusal dialog")
    Select(shell.find("select[name=reason]", dialog)).select_by_value("30")
    shell.screenshot("caroline-refuse-de.png")
    shell.find("[data-action=confirm-yes]", dialog).click()
    shell.wait(lambda: api.row(CLIENTS, newcomer["id"])["client_state"]["id"] == "20", "the client refused")
    notes = api.rows(NOTES, mk=newcomer["id"], limit=5)["rows"]
    assert any("Caroline Carnol" in n["subject"] for n in notes), notes
    assert api.row(CLIENTS, newcomer["id"])["refusal_reason"]["id"] == "30"
