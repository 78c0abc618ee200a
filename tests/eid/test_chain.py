"""The eID chain with real components only: softcard.py behind pcscd + vpcd,
the eid-helper, the welfare server and headless Chromium (see conftest.py).

Tests run in file order; the last one stops pcscd. Each test inserts the card
it needs (the card holder replaces any card in the slot) and leaves no person
behind, so the order of the others does not matter.
"""
import base64
import re
import time
import urllib.error
import urllib.request

import pytest
from chainlib import (CARD_NAMES, EMPTY_READER, READER, ApiError, Chain, b64, card_json, pcsc,
                      persons_total)

FILE_IDS = {"identity": "4031", "identity_signature": "4032", "address": "4033",
            "address_signature": "4034", "photo": "4035", "rrn_certificate": "503C",
            "root_certificate": "503B"}
GENDER = {"male": "M", "female": "F"}


def card_file(card, fid):
    return next(v for k, v in card.files.items() if k[-1] == fid)


def shown_date(iso):
    """What the server shows for an ISO date in German: DD.MM.YYYY, and 00
    for an unknown day or month ("1977-05-00" -> "00.05.1977")."""
    y, m, d = iso.split("-")
    return "%s.%s.%s" % (d, m, y)


def formatted_nn(data):
    """As Lino stores it: "YYMMDD SSS-CC", with "=" for births from 2000."""
    nn = data["national_number"]
    sep = "=" if data["expected"]["birth_date"] >= "2000" else " "
    return "%s%s%s-%s" % (nn[:6], sep, nn[6:9], nn[9:])


def get_raw(api, path):
    """GET with the API's session (api None: without one): (status, headers, bytes)."""
    try:
        opener = api.opener if api else urllib.request.build_opener()
        with opener.open((api.base if api else "") + path, timeout=30) as res:
            return res.status, res.headers, res.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()


def delete_person(api, pid):
    api.request("DELETE", "/api/tables/contacts.Persons/rows/%d" % pid)


# ---------------------------------------------------------------------------
# 1. readers and cards coming and going


def test_status_reports_insert_and_removal(chain: Chain):
    chain.remove()
    s = chain.status()
    names = [r["name"] for r in s["readers"]]
    assert READER in names and EMPTY_READER in names, s
    assert not any(r["card"] for r in s["readers"]), s
    assert s["since"], s

    chain.insert("be_fr", wait=False)
    started = time.monotonic()
    s2 = chain.status(wait=5, since=s["since"])
    took = time.monotonic() - started
    assert took < 5, "the long poll ran out (%.1f s) instead of returning on the insertion" % took
    assert chain.card_in(s2) is True, s2
    assert chain.card_in(s2, EMPTY_READER) is False, s2
    assert s2["since"] != s["since"]

    # no change: the long poll waits its time and answers the same
    started = time.monotonic()
    s3 = chain.status(wait=1, since=s2["since"])
    assert time.monotonic() - started >= 0.9
    assert s3["since"] == s2["since"] and chain.card_in(s3) is True

    chain.remove(wait=False)
    started = time.monotonic()
    s4 = chain.status(wait=5, since=s2["since"])
    assert time.monotonic() - started < 5, "the removal was not reported within the wait"
    assert chain.card_in(s4) is False, s4


def test_status_since_form_encoded(chain: Chain):
    chain.remove()
    s = chain.status()
    started = time.monotonic()
    s2 = chain.status(wait=1, since=s["since"], plus=True)
    assert s2["since"] == s["since"]
    assert time.monotonic() - started >= 0.9, "the long poll did not wait: the since was not understood"


# ---------------------------------------------------------------------------
# 2. every card: helper -> preview -> create -> the stored person -> up to date


@pytest.mark.parametrize("name", CARD_NAMES)
def test_card_creates_person(chain: Chain, theresia, name):
    data = card_json(name)
    expected = data["expected"]
    card = chain.card(name)
    photo = card_file(card, "4035")
    chain.insert(name)

    got = chain.read_card()
    assert got.status == 200, got
    assert got.headers.get("Access-Control-Allow-Origin") == chain.origin
    answer = got.json
    assert answer["reader"] == READER
    assert answer["atr"].upper() == card.atr.hex().upper()
    for wire, fid in FILE_IDS.items():
        got_file = base64.b64decode(answer["files"][wire])
        if data.get("applet") == "1.8" and wire.endswith("_signature"):
            # ECDSA: random k where the cryptography library has no RFC 6979,
            # so only the shape can be compared (DER zero-padded to 112 bytes)
            assert len(got_file) == 112 and got_file[0] == 0x30, (wire, got_file.hex())
        else:
            assert got_file == card_file(card, fid), "files.%s differs from the card's %s" % (wire, fid)

    before = persons_total(theresia)
    preview = theresia.post("/api/services/beid/preview", {"card": answer, "person": None})
    assert preview["action"] == "create", preview
    assert preview["person"] is None and preview["differences"] == []
    fields = {f["name"]: f["value"] for f in preview["card"]["fields"]}
    assert fields["last_name"] == data["surname"]
    assert fields["first_name"] == data["firstnames"]
    assert fields["national_id"] == formatted_nn(data)
    assert fields["birth_date"] == shown_date(expected["birth_date"]), fields
    assert fields["card_number"] == data["card_number"]
    assert preview["card"]["photo"] == "data:image/jpeg;base64," + b64(photo)
    assert persons_total(theresia) == before, "preview must not create anything"

    res = theresia.post("/api/services/beid/apply", {"card": answer, "action": "create", "person": None, "version": None})
    pid = res["id"]
    try:
        assert res["table"] == "contacts.Persons"
        assert persons_total(theresia) == before + 1
        row = theresia.row("contacts.Persons", pid)
        assert row["last_name"] == data["surname"]
        assert row["national_id"] == formatted_nn(data)
        assert re.fullmatch(r"\d{6}[ =]\d{3}-\d{2}", row["national_id"])
        assert row["card_type"]["id"] == expected["document_type"]
        assert row["birth_date"] == expected["birth_date"]
        assert row["card_number"] == data["card_number"]
        assert row["gender"]["id"] == GENDER[expected["sex"]]
        assert row["zip_code"] == data["address_zip"]

        status, headers, body = get_raw(theresia, row["photo"])
        assert status == 200 and headers.get("Content-Type", "").split(";")[0] == "image/jpeg", (status, dict(headers))
        assert "no-store" in headers.get("Cache-Control", "")
        assert body == photo
        status, _, _ = get_raw(None, chain.base + row["photo"])
        assert status == 401, "the photo without a session: HTTP %d" % status

        again = theresia.post("/api/services/beid/preview", {"card": answer, "person": pid})
        assert again["action"] == "uptodate", again
        assert again["person"]["id"] == pid and again["differences"] == []
        assert again["warning"] is None
    finally:
        delete_person(theresia, pid)
    assert persons_total(theresia) == before


# ---------------------------------------------------------------------------
# 3. cards the helper reads but the server refuses


@pytest.mark.parametrize("name,fault", [("be_fr", "bad-signature"), ("be_de", "bad-signature"),
                                        ("be_fr", "tampered-identity"), ("be_de", "untrusted-root")])
def test_forged_card_is_refused(chain: Chain, theresia, robin, name, fault):
    chain.insert(name, fault)
    got = chain.read_card()
    assert got.status == 200, "the helper does not verify, it reads: %r" % got
    before = persons_total(theresia)
    newest = max([r["id"] for r in robin.rows("beid.CardReadings", sort="-id", limit=1)["rows"]], default=0)
    for path, body in (("preview", {"card": got.json, "person": None}),
                       ("apply", {"card": got.json, "action": "create", "person": None, "version": None})):
        with pytest.raises(ApiError) as e:
            theresia.post("/api/services/beid/" + path, body)
        assert e.value.status == 422, "%s: %s" % (path, e.value)
        assert "validation" in e.value.body
    assert persons_total(theresia) == before
    # both refusals are in the log of card reads, with the card's number
    log = [r for r in robin.rows("beid.CardReadings", sort="-id", limit=5)["rows"] if r["id"] > newest]
    number = card_json(name)["card_number"]
    assert [(r["outcome"]["id"], r["card_number"]) for r in log] == [("90", number)] * 2, log


def test_card_reading_log_count_is_fresh(chain: Chain, theresia, robin):
    chain.insert("be_fr", "bad-signature")
    got = chain.read_card()
    assert got.status == 200, got
    before = robin.rows("beid.CardReadings", limit=1)["total"]
    with pytest.raises(ApiError):
        theresia.post("/api/services/beid/preview", {"card": got.json, "person": None})
    assert robin.rows("beid.CardReadings", limit=1)["total"] == before + 1


# ---------------------------------------------------------------------------
# 4. a card pulled during the read; 5. no card


def test_card_pulled_during_read(chain: Chain):
    # A read of be_nl: SELECT applet, then per file SELECT + READ BINARY of
    # 248 bytes (+ one with the Le of 6Cxx at the end): 4031-4035 take APDUs
    # 1-19, SELECT 503C is the 20th, its reads 21-31. After 25 the card is
    # pulled in the middle of the RRN certificate (offset 1240 of 2500).
    chain.insert("be_nl", "remove-after=25")
    got = chain.read_card()
    assert got.status == 410, got
    assert got.error == "removed", got
    assert got.headers.get("Access-Control-Allow-Origin") == chain.origin
    chain.wait_card(False)  # the slot stays empty


def test_no_card(chain: Chain):
    chain.remove()
    got = chain.read_card()
    assert got.status == 404, got
    assert got.error == "no_card", got
    assert got.json["message"]


# ---------------------------------------------------------------------------
# 6. origins, preflight, host names


def test_origin_preflight_and_host(chain: Chain):
    evil = "http://evil.example"
    for path in ("/card", "/status"):
        got = chain.helper("GET", path, origin=evil)
        assert got.status == 403 and got.error == "origin", got
        assert got.headers.get("Access-Control-Allow-Origin") is None, dict(got.headers)
    got = chain.helper("GET", "/card", origin=False)
    assert got.status == 403 and got.headers.get("Access-Control-Allow-Origin") is None, got

    pre = {"Access-Control-Request-Method": "GET", "Access-Control-Request-Private-Network": "true"}
    ok = chain.helper("OPTIONS", "/card", headers=pre)
    assert ok.status == 204, ok
    assert ok.headers.get("Access-Control-Allow-Origin") == chain.origin
    assert ok.headers.get("Access-Control-Allow-Private-Network") == "true"
    assert "GET" in (ok.headers.get("Access-Control-Allow-Methods") or "")
    no = chain.helper("OPTIONS", "/card", origin=evil, headers=pre)
    assert no.status == 403, no
    assert no.headers.get("Access-Control-Allow-Origin") is None
    assert no.headers.get("Access-Control-Allow-Private-Network") is None

    # DNS rebinding: a page of evil.example resolved to 127.0.0.1
    port = chain.helper_port
    for host in ("evil.example:%d" % port, "evil.example"):
        got = chain.helper("GET", "/card", headers={"Host": host})
        assert got.status == 421, (host, got)
        assert got.headers.get("Access-Control-Allow-Origin") is None
    got = chain.helper("OPTIONS", "/card", headers=dict(pre, Host="evil.example:%d" % port))
    assert got.status == 403, got
    # the loopback names are fine
    assert chain.helper("GET", "/status", headers={"Host": "localhost:%d" % port}).status == 200


# ---------------------------------------------------------------------------
# 7. the shell: Persons, "Read eID card", the dialog, the new person


def read_eid_button(shell, win):
    return shell.find('.toolbar [data-action="read_eid"]', win)


def eid_dialog(shell):
    return shell.visible('[data-kind="eid-dialog"]', message="the eID dialog")


def test_shell_reads_card(chain: Chain, theresia, shell):
    data = card_json("be_de")
    photo = card_file(chain.card("be_de"), "4035")
    shell.login("theresia")
    grid = shell.open_table("contacts.Persons")
    chain.insert("be_de")
    before = persons_total(theresia)

    read_eid_button(shell, grid).click()
    dlg = eid_dialog(shell)
    img = shell.find('[data-role="eid-photo"]', dlg)
    shell.wait(lambda: shell.js("return arguments[0].complete && arguments[0].naturalWidth", img) == 140,
               "the card's photo (140 px wide) shown")
    assert img.get_attribute("src") == "data:image/jpeg;base64," + b64(photo)
    cell = lambda f: shell.find('tr[data-field="%s"] td' % f, dlg).text  # noqa: E731
    assert cell("last_name") == data["surname"]
    assert cell("first_name") == data["firstnames"]
    assert cell("national_id") == formatted_nn(data)
    assert cell("birth_date") == shown_date(data["expected"]["birth_date"])
    assert cell("card_number") == data["card_number"]
    assert not shell.finds('[data-role="eid-differences"]', dlg)
    assert not shell.finds('[data-action="eid-apply"]', dlg)
    shell.screenshot("eid-dialog.png")

    shell.find('[data-action="eid-create"]', dlg).click()
    shell.gone('[data-kind="eid-dialog"]')
    detail = shell.window("contacts.Persons", "detail")
    shell.wait(lambda: shell.field_value(detail, "last_name") == data["surname"],
               "the new person's detail with last name %r" % data["surname"])
    pid = shell.record_id(detail)
    try:
        assert persons_total(theresia) == before + 1
        row = theresia.row("contacts.Persons", pid)
        assert row["national_id"] == formatted_nn(data)
        shell.idle()
        shell.screenshot("eid-detail.png")

        # the same card again: up to date, only OK
        shell.close_window(detail)
        shell.window_gone("contacts.Persons", "detail")
        read_eid_button(shell, grid).click()
        dlg = eid_dialog(shell)
        assert shell.finds('[data-action="eid-ok"]', dlg)
        assert not shell.finds('[data-action="eid-create"]', dlg)
        assert not shell.finds('[data-action="eid-apply"]', dlg)
        assert not shell.finds('[data-role="eid-differences"]', dlg)
        assert "auf dem aktuellen Stand" in shell.find(".eid-lead", dlg).text
        shell.find('[data-action="eid-ok"]', dlg).click()
        shell.gone('[data-kind="eid-dialog"]')
        # OK on "up to date" shows that person
        detail = shell.wait_detail("contacts.Persons", pid)
        assert persons_total(theresia) == before + 1

        # no card: the clerk is asked to insert one
        shell.close_window(detail)
        shell.window_gone("contacts.Persons", "detail")
        chain.remove()
        read_eid_button(shell, grid).click()
        msg = shell.visible(".modal[role=alertdialog]", message="the error message")
        assert "Bitte stecken Sie eine eID-Karte in den Kartenleser." in msg.text
        assert not shell.finds('[data-kind="eid-dialog"]')
        shell.find('[data-action="ok"]', msg).click()
        shell.gone(".modal[role=alertdialog]")
    finally:
        delete_person(theresia, pid)


# ---------------------------------------------------------------------------
# 8. no reader, no pcscd: LAST, it stops pcscd (and so the card holder)


def test_no_reader_and_no_service(chain: Chain):
    pcsc("stop", chain.pcscd_dir)
    chain.pcscd_running = False
    got = chain.read_card()
    assert got.status == 503 and got.error == "no_service", got
    assert got.headers.get("Access-Control-Allow-Origin") == chain.origin

    pcsc("start", chain.pcscd_dir, "--no-reader")
    chain.pcscd_running = True
    assert chain.status()["readers"] == []
    got = chain.read_card()
    assert got.status == 503 and got.error == "no_reader", got
