"""Browser test of a document given by drag and drop, in German, and of what
follows from its "valid until" date (domain section 10):

- hubert (integration agent, German) opens a client's Documents tab
  (uploads.UploadsByClient), the insert window, and drops a file on the file
  field's drop zone: real `dragenter`, `dragover` and `drop` DragEvents whose
  DataTransfer holds a File built in the page, as a file dragged from the
  desktop would bring (web/js/widgets/file.js); the file goes to POST
  /api/files at once; he takes an upload type whose rule asks a reminder, a
  "valid until" date, and saves;
- the upload is stored with its file: its name shows in the grid, and the
  detail's Download link gives the same bytes to this session (and nothing
  without its cookie);
- "Meine ablaufenden Dokumente" (uploads.MyExpiringUploads, from the German
  menu) lists it under its German column headers;
- "Meine Aufgaben" (cal.MyTasks) has its reminder, dated by the type's rule
  (read from uploads.UploadTypes, not assumed) before the end date.

The client is made for the test (through the API, with a coaching of hubert:
the expiring documents are those of the clients one coaches), so that the
demo data may grow around it.
"""
import base64
import calendar
import datetime
import random
import string
import urllib.error
import urllib.request

import pytest
from selenium.webdriver.common.action_chains import ActionChains

from conftest import layout_nodes

CLIENTS = "pcsw.Clients"
UPLOADS = "uploads.UploadsByClient"
EXPIRING = "uploads.MyExpiringUploads"
TASKS = "cal.MyTasks"
TYPES = "uploads.UploadTypes"
COACHINGS = "coachings.CoachingsByClient"
USER = "hubert"  # German

# the smallest PDF the server's check of the bytes takes
PDF = (b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
       b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
       b"trailer << /Root 1 0 R >>\n%%EOF\n")


def letters(n=7):
    return "".join(random.choice(string.ascii_lowercase) for _ in range(n))


def de_date(d):
    return d.strftime("%d.%m.%Y")


def minus_months(d, months):
    """`d` moved back by whole months, on the same day or the month's last (as the server's ISODates)."""
    y, m = divmod(d.year * 12 + d.month - 1 - months, 12)
    return datetime.date(y, m + 1, min(d.day, calendar.monthrange(y, m + 1)[1]))


def reminder_day(end, unit, value):
    """The day of an upload's reminder by its type's rule (uploads.ExpiryUnits: D, W, M, Y)."""
    if unit == "D":
        return end - datetime.timedelta(days=value)
    if unit == "W":
        return end - datetime.timedelta(weeks=value)
    if unit == "M":
        return minus_months(end, value)
    if unit == "Y":
        return minus_months(end, 12 * value)
    raise AssertionError(f"unknown expiry unit {unit!r}")


def choice_id(v):
    return v["id"] if isinstance(v, dict) else v


def tab_showing_slave(layout, table):
    """The data-tab of the client detail's tab that shows the slave table `table`."""
    for node in layout_nodes(layout):
        if node.get("type") == "tabs":
            for i, child in enumerate(node["children"]):
                if any(n.get("type") == "slave" and n.get("table") == table for n in layout_nodes(child)):
                    return child.get("name") or str(i)
    return None


@pytest.fixture(scope="session")
def hubert_api(server):
    return server.api(USER)


@pytest.fixture
def case(robin_api, hubert_api):
    """A new client coached by hubert, an upload type with a reminder rule and the dates of the upload."""
    today = datetime.date.today()
    kinds = {"D": 1, "W": 7, "M": 31, "Y": 366}
    choices = {r["id"]: r["text"] for r in hubert_api.get(f"/api/tables/{UPLOADS}/choices/type", limit=100)["rows"]}
    types = []
    for t in hubert_api.rows(TYPES, limit=100)["rows"]:
        unit = choice_id(t.get("warn_expiry_unit"))
        value = t.get("warn_expiry_value")
        # a rule whose reminder falls before the end of the list's year (and after today)
        if unit in kinds and isinstance(value, int) and value > 0 and kinds[unit] * value < 280 and t["id"] in choices:
            types.append((t, unit, value))
    if not types:
        pytest.skip("no upload type of the demo site has an expiry rule (warn_expiry_unit)")
    # the rule that is not the default one (2 months), when there is one: the test must read it
    types.sort(key=lambda x: (x[1], x[2]) == ("M", 2))
    upload_type, unit, value = types[0]

    last = "Zzdrop" + letters()
    body = {"values": {"first_name": "Anna", "last_name": last.capitalize()}, "confirmed": True}
    client = robin_api.post(f"/api/tables/{CLIENTS}/rows", body)["row"]
    hubert_api.post(f"/api/tables/{COACHINGS}/rows?mk={client['id']}", {"values": {"start_date": today.isoformat()}})

    # an end date on the 15th (no month-end question) whose reminder is weeks ahead, and within the list's year
    end = today + datetime.timedelta(days=kinds[unit] * value + 40)
    end = end.replace(day=15) if end.day <= 15 else (end.replace(day=1) + datetime.timedelta(days=32)).replace(day=15)
    assert end <= today + datetime.timedelta(days=365)
    return {
        "client": client, "last": last.capitalize(), "type": upload_type, "type_text": choices[upload_type["id"]],
        "unit": unit, "value": value, "end": end, "due": reminder_day(end, unit, value),
        "description": "Scan " + letters(), "file_name": f"aufenthalt-{letters(4)}.pdf",
    }


def open_client_documents(shell, case, meta):
    grid = shell.open_table(CLIENTS)
    shell.find_in_grid(grid, case["last"], case["client"]["id"])
    cell = shell.find(f'tbody tr[data-id="{case["client"]["id"]}"] td[data-field]', grid)
    ActionChains(shell.d).double_click(cell).perform()
    win = shell.window(CLIENTS, "detail")
    shell.wait(lambda: shell.field_value(win, "last_name") == case["last"], "the client's detail")
    tab = tab_showing_slave(meta["detail"], UPLOADS)
    assert tab, f"the client detail has a tab with {UPLOADS}"
    shell.show_tab(win, tab)
    box = shell.visible(f'[data-slave="{UPLOADS}"]', win, "the documents of the client")
    shell.wait(lambda: shell.find("[data-role=pager-text]", box).text, "the documents loaded")
    shell.idle()
    return win, box


def drop_file(shell, zone, name, data, mime="application/pdf"):
    """Drags a file built in the page over `zone` and drops it there, as from the desktop.
    Returns what the page did: whether each event was taken (preventDefault) and the zone's look."""
    return shell.js("""
      const [zone, name, b64, mime] = arguments;
      const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const dt = new DataTransfer();
      dt.items.add(new File([bytes], name, { type: mime }));
      const r = zone.getBoundingClientRect();
      const at = { clientX: r.left + r.width / 2, clientY: r.top + r.height / 2 };
      // the events come to what is under the pointer: a child of the zone (its hint)
      const target = document.elementFromPoint(at.clientX, at.clientY) ?? zone;
      const fire = (type) => !target.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, composed: true, dataTransfer: dt, ...at }));
      const out = { inZone: zone.contains(target) };
      out.enterTaken = fire('dragenter');
      out.overTaken = fire('dragover');
      out.highlighted = zone.classList.contains('drag-over');
      out.dropTaken = fire('drop');
      out.highlightedAfter = zone.classList.contains('drag-over');
      return out;""", zone, name, base64.b64encode(data).decode(), mime)


def uploads_sent(shell):
    return shell.js("return performance.getEntriesByType('resource').filter((e) => /\\/api\\/files$/.test(e.name)).length")


def find_on_pages(shell, win, rid):
    """Pages through a grid (its Next button) until the row `rid` shows; returns its cells."""
    for _ in range(40):
        shell.idle()
        for r in shell.grid_rows(win):
            if r["id"] == rid:
                return r["cells"]
        nxt = shell.find(".toolbar [data-action=next]", win)
        if not nxt.is_enabled():
            break
        before = shell.grid_ids(win)
        nxt.click()
        shell.wait(lambda: shell.grid_ids(win) != before, "the next page")
    raise AssertionError(f"row {rid} is not in {win.get_attribute('data-window')}")


def fetch_in_page(shell, url):
    """[status, base64 of the body] of a GET from the page, with its session cookie."""
    return shell.d.execute_async_script("""
      const [url, done] = arguments;
      fetch(url, { credentials: 'same-origin' }).then(async (r) => {
        const b = new Uint8Array(await r.arrayBuffer());
        done([r.status, btoa(String.fromCharCode(...b))]);
      }, (e) => done([0, String(e)]));""", url)


def test_a_dropped_file_is_stored_listed_as_expiring_and_reminded_in_german(shell, server, hubert_api, case):
    meta = hubert_api.get(f"/api/tables/{CLIENTS}")
    assert hubert_api.user["language"] == "de"
    shell.login(USER)
    assert shell.js("return document.documentElement.lang") == "de"
    _, box = open_client_documents(shell, case, meta)

    # the insert window of the documents, from the slave grid's "+"
    shell.find(".toolbar [data-action=insert]", box).click()
    ins = shell.window(UPLOADS, "insert")
    shell.idle()
    zone = shell.find('.form-content [data-field="file"] [data-role=file-drop]', ins)
    sent = uploads_sent(shell)

    got = drop_file(shell, zone, case["file_name"], PDF)
    assert got["inZone"], got
    assert got["enterTaken"] and got["overTaken"] and got["dropTaken"], f"the zone takes the drag and the drop: {got}"
    assert got["highlighted"], f"the zone shows it takes the file: {got}"
    assert not got["highlightedAfter"], "the highlight goes with the drop"
    shell.wait(lambda: shell.find("[data-role=file-name]", zone).text == case["file_name"], "the dropped file's name")
    shell.wait(lambda: zone.get_attribute("aria-busy") is None and shell.find("[data-role=file-status]", zone).text,
               "the dropped file sent")
    assert uploads_sent(shell) == sent + 1, "the dropped file went to POST /api/files at once, once"
    assert shell.error_text(ins, "file") == ""
    assert "dirty" in ins.get_attribute("class").split(), "a dropped file is a change to save"

    # the type (by its German name), the description, the dates
    combo = shell.field(ins, "type")
    shell.type_into(combo, case["type_text"])
    shell.visible(f"ul.combo-list li[role=option][data-id='{case['type']['id']}']",
                  message=f"{case['type_text']} in the list").click()
    shell.wait(lambda: combo.get_attribute("value") == case["type_text"], "the upload type chosen")
    shell.gone("ul.combo-list")
    shell.type_into(shell.field(ins, "description"), case["description"])
    shell.type_into(shell.field(ins, "end_date"), de_date(case["end"]))
    shell.find(".toolbar [data-action=save]", ins).click()
    shell.window_gone(UPLOADS, "insert")
    shell.idle()

    # stored, with the file and the values typed
    rows = [r for r in hubert_api.rows(UPLOADS, mk=case["client"]["id"])["rows"] if r["description"] == case["description"]]
    assert len(rows) == 1, rows
    upload = hubert_api.row(UPLOADS, rows[0]["id"])
    assert upload["file"]["name"] == case["file_name"] and upload["file"]["size"] == len(PDF), upload["file"]
    assert choice_id(upload["type"]) == case["type"]["id"]
    assert upload["end_date"] == case["end"].isoformat()
    assert upload["needed"] is True, "needed by default (the list of expiring documents shows needed ones)"
    assert choice_id(upload["user"]) == hubert_api.user["id"]

    # the grid of the tab shows it with its file's name
    shell.wait(lambda: upload["id"] in shell.grid_ids(box), "the new document in the client's documents")
    cells = next(r["cells"] for r in shell.grid_rows(box) if r["id"] == upload["id"])
    assert cells["file"] == case["file_name"], cells
    assert cells["end_date"] == de_date(case["end"]), cells

    # the detail's Download link gives the same bytes with the session's cookie, nothing without it
    ActionChains(shell.d).double_click(shell.find(f'tbody tr[data-id="{upload["id"]}"] td[data-field="description"]', box)).perform()
    det = shell.window(UPLOADS, "detail")
    link = shell.visible('.form-content [data-field="file"] [data-action=download-file]', det, "the Download link")
    href = link.get_attribute("href")
    assert href.startswith(server.base + "/api/"), href
    status, body = fetch_in_page(shell, href)
    assert status == 200 and base64.b64decode(body) == PDF, (status, body[:80])
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(href, timeout=10)
    assert refused.value.code in (401, 403, 404), refused.value.code
    shell.close_window(det)
    shell.window_gone(UPLOADS, "detail")

    # "Meine ablaufenden Dokumente" from the menu: listed, under German headers
    emeta = hubert_api.get(f"/api/tables/{EXPIRING}")
    english = server.api("robin").get(f"/api/tables/{EXPIRING}")
    grid = shell.open_table(EXPIRING)
    assert shell.window_title(grid) == emeta["label"] != english["label"]
    cells = find_on_pages(shell, grid, upload["id"])
    assert cells["description"] == case["description"], cells
    assert cells["type"] == case["type_text"], cells
    assert cells["end_date"] == de_date(case["end"]), cells
    assert case["last"].upper() in cells["project"].upper(), cells
    shown = [c["name"] for c in emeta["columns"] if not c.get("hidden")]
    for name in shown:
        label = shell.header_label(grid, name)
        assert label == emeta["fields"][name]["label"], (name, label)
        assert label != english["fields"][name]["label"], f"{name}: {label!r} is not German"

    # "Meine Aufgaben": the reminder, dated by the type's rule before the end date
    tasks = [t for t in hubert_api.rows(TASKS, limit=500)["rows"] if (t.get("project") or {}).get("id") == case["client"]["id"]]
    assert len(tasks) == 1, f"one reminder for the new document: {tasks}"
    task = tasks[0]
    assert task["due_date"] == case["due"].isoformat(), (task, case["unit"], case["value"], case["end"])
    assert case["type_text"] in task["summary"], task
    tgrid = shell.open_table(TASKS)
    cells = find_on_pages(shell, tgrid, task["id"])
    assert cells["due_date"] == de_date(case["due"]), cells
    assert cells["summary"] == task["summary"], cells
    assert case["last"].upper() in cells["project"].upper(), cells
    assert shell.header_label(tgrid, "due_date") == hubert_api.get(f"/api/tables/{TASKS}")["fields"]["due_date"]["label"]
    shell.screenshot("uploads-drop-my-tasks-de.png")
