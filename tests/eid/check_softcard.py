#!/usr/bin/python3
"""Checks the software eID card through the real PC/SC stack (pcscd + vpcd),
with Debian's python3-pyscard and python3-cryptography (/usr/bin/python3).

  check_softcard.py --pki DIR/pki --netns DIR/pcscd.pid [--control SOCK]
                    [--card CARD.json]... [--fault F]... [--all]

For each card (default: all of tests/eid/cards) and each fault (default: none;
--all: none and every fault), the checker inserts the card, waits until
pcscd reports it, checks the ATR, the APDU rules (SELECT forms, status words,
6Cxx/6B00, GET CARD DATA, reset), reads every file in 248-byte chunks,
compares the TLV fields with the JSON, verifies the photo hash, both
signatures and the RRN certificate chain against DIR/pki/test-root.pem (never
the card's own 503B), then removes the card and checks that pcscd reports it
gone. A fault passes when exactly the damage it should cause is seen.

With --control SOCK it drives a card holder (`softcard.py --control SOCK`);
without, it starts one softcard.py process per card and kills it to remove.
Prints one line per run and "N passed, M failed"; exits 1 on any failure.
"""
import argparse
import glob
import hashlib
import json
import os
import subprocess
import sys
import time

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from smartcard import scard as S

HERE = os.path.dirname(os.path.abspath(__file__))
sys.dont_write_bytecode = True  # no __pycache__ in the repository
sys.path.insert(0, HERE)
import softcard  # noqa: E402  (only for send_command)

READER = "Virtual PCD 00 00"
CHUNK = 248
ATRS = {"1.7": "3B9813400AA503010101AD1311",
        "1.8": "3B7F96000080318065B085040120120FFF829000"}
BELPIC = "A00000003029057000AD13100101FF"
PKCS15 = "A000000177504B43532D3135"
ID_TAGS = {1: "card_number", 2: "chip_number", 3: "validity_begin_date",
           4: "validity_end_date", 5: "issuing_municipality", 6: "national_number",
           7: "surname", 8: "firstnames", 9: "first_letter_of_third_given_name",
           10: "nationality", 11: "location_of_birth", 12: "date_of_birth",
           13: "gender", 14: "nobility", 15: "document_type", 16: "special_status",
           18: "duplicata", 19: "special_organization", 21: "date_and_country_of_protection"}
ADDR_TAGS = {1: "address_street_and_number", 2: "address_zip", 3: "address_municipality"}
FILES = [("DF01", f) for f in ("4031", "4032", "4033", "4034", "4035")] + \
        [("DF00", f) for f in ("5038", "5039", "503A", "503B", "503C")]
ALL_FAULTS = ["", "bad-signature", "tampered-identity", "untrusted-root",
              "status=6982", "remove-after=20"]
EXPECTED = {"": set(),
            "bad-signature": {"identity signature invalid", "address signature invalid"},
            "tampered-identity": {"identity signature invalid", "surname differs"},
            "untrusted-root": {"RRN certificate not issued by test root"}}


def expected(fault):
    """What a fault must do, as the findings run() collects; None if unknown."""
    name, _, value = fault.partition("=")
    if name == "status" and len(value) == 4:
        return {"READ BINARY answered %s" % value.upper()}
    if name == "remove-after" and value.isdigit():
        return {"card pulled after %s APDUs" % value}
    return EXPECTED.get(fault)


class CardGone(Exception):
    """A transmit failed: the card was pulled."""


class Failure(Exception):
    pass


def expect(cond, text):
    if not cond:
        raise Failure(text)


# ---------------------------------------------------------------- PC/SC

class Reader:
    def __init__(self):
        hr, self.ctx = S.SCardEstablishContext(S.SCARD_SCOPE_USER)
        expect(hr == S.SCARD_S_SUCCESS, "no pcscd: %s" % S.SCardGetErrorMessage(hr))
        self.handle, self.apdus = None, 0

    def readers(self):
        hr, names = S.SCardListReaders(self.ctx, [])
        expect(hr == S.SCARD_S_SUCCESS, "SCardListReaders: %08X" % (hr & 0xFFFFFFFF))
        return names

    def wait(self, present, timeout=5.0):
        """Seconds until the reader shows PRESENT (or EMPTY); Failure on timeout."""
        start = time.time()
        hr, st = S.SCardGetStatusChange(self.ctx, 0, [(READER, S.SCARD_STATE_UNAWARE)])
        state = st[0][1]
        while bool(state & S.SCARD_STATE_PRESENT) != present:
            left = timeout - (time.time() - start)
            expect(left > 0, "reader not %s after %.0f s" % ("PRESENT" if present else "EMPTY", timeout))
            hr, st = S.SCardGetStatusChange(self.ctx, int(left * 1000), [(READER, state)])
            state = st[0][1]
        return time.time() - start, bytes(st[0][2]).hex().upper()

    def connect(self):
        hr, self.handle, proto = S.SCardConnect(self.ctx, READER, S.SCARD_SHARE_SHARED,
                                                S.SCARD_PROTOCOL_T0 | S.SCARD_PROTOCOL_T1)
        expect(hr == S.SCARD_S_SUCCESS, "SCardConnect: %08X" % (hr & 0xFFFFFFFF))
        expect(proto == S.SCARD_PROTOCOL_T0, "protocol %d, expected T=0" % proto)

    def reset(self):
        hr, proto = S.SCardReconnect(self.handle, S.SCARD_SHARE_SHARED,
                                     S.SCARD_PROTOCOL_T0, S.SCARD_RESET_CARD)
        if hr != S.SCARD_S_SUCCESS:
            raise CardGone("SCardReconnect %08X" % (hr & 0xFFFFFFFF))

    def transmit(self, apdu):
        """(data, sw) with 61xx followed by GET RESPONSE; CardGone on errors."""
        hr, resp = S.SCardTransmit(self.handle, S.SCARD_PCI_T0, list(bytes.fromhex(apdu)))
        if hr != S.SCARD_S_SUCCESS or len(resp) < 2:
            raise CardGone("transmit %s: %08X, %d bytes" % (apdu, hr & 0xFFFFFFFF, len(resp)))
        self.apdus += 1
        data, sw = bytes(resp[:-2]), "%02X%02X" % (resp[-2], resp[-1])
        if sw.startswith("61"):
            more, sw = self.transmit("00C00000" + sw[2:])
            data += more
        return data, sw

    def close(self):
        if self.handle is not None:
            S.SCardDisconnect(self.handle, S.SCARD_LEAVE_CARD)
            self.handle = None
        S.SCardReleaseContext(self.ctx)


def select(r, p1, hexdata):
    return r.transmit("00A4%02X0C%02X%s" % (p1, len(hexdata) // 2, hexdata))[1]


def read_file(r, stats):
    """Reads the selected EF in 248-byte chunks like the Swift reader will."""
    out = b""
    while True:
        data, sw = r.transmit("00B0%04X%02X" % (len(out), CHUNK))
        if sw.startswith("6C"):
            stats["6C"] += 1
            data, sw = r.transmit("00B0%04X%s" % (len(out), sw[2:]))
            expect(sw == "9000", "re-read after 6C gave %s" % sw)
            return out + data
        if sw == "6B00":
            expect(out, "6B00 on the first read")
            stats["6B00"] += 1
            return out
        if sw != "9000":
            return sw  # a status word instead of content
        out += data
        if len(data) < CHUNK:
            return out


# ---------------------------------------------------------------- checks

def protocol_checks(r, card, status):
    """STATUS: the status word every READ BINARY of a selected EF gives (fault)."""
    expect(select(r, 0x04, BELPIC) == "9000", "SELECT Belpic AID")
    expect(r.transmit("00B0000010")[1] == "6986", "READ without EF should be 6986")
    expect(select(r, 0x04, PKCS15) == "9000", "SELECT PKCS#15 AID")
    expect(select(r, 0x04, "A0000000000000") == "6A82", "unknown AID should be 6A82")
    expect(select(r, 0x00, "3F00") == "6A86", "SELECT P1=00 should be 6A86")
    expect(select(r, 0x08, "DF014031") == "9000", "SELECT path without 3F00")
    expect(select(r, 0x08, "3F00DF014031") == "9000", "SELECT path with 3F00")
    expect(select(r, 0x08, "3F00DF019999") == "6A82", "missing file should be 6A82")
    expect(select(r, 0x08, "3F00DF01") == "9000", "SELECT DF01")
    expect(select(r, 0x02, "5038") == "6A82", "5038 is not in DF01: 6A82")
    expect(select(r, 0x02, "4033") == "9000", "relative SELECT 4033 in DF01")
    data, sw = r.transmit("00B0000008")
    expect(sw == (status or "9000") and len(data) == (0 if status else 8), "short READ: Le bytes")
    expect(r.transmit("00B0400001")[1] == (status or "6B00"), "READ past the end: 6B00")
    data, sw = r.transmit("80E400001C")
    expect(sw == "9000" and len(data) == 28, "GET CARD DATA: 28 bytes")
    expect(data[:16].hex().upper() == card["chip_number"].upper(), "GET CARD DATA serial")
    expect(data[21] == (0x18 if card["applet"] == "1.8" else 0x17), "applet version byte")
    expect(r.transmit("0012000000")[1] == "6D00", "unknown INS should be 6D00")
    r.reset()  # after a reset no EF is selected any more
    expect(r.transmit("00B0000010")[1] == "6986", "READ after reset should be 6986")


def parse_tlv(data):
    fields, i = {}, 0
    while i + 2 <= len(data):
        tag, n = data[i], data[i + 1]
        if tag == 0 and i > 0:
            break  # zero padding
        expect(n < 0x80, "TLV length %d at %d" % (n, i))
        fields[tag] = data[i + 2:i + 2 + n]
        i += 2 + n
    return fields


def der_cert(content):
    """The certificate at the start of a zero-padded file, or None."""
    if content[:1] != b"\x30":
        return None
    n = content[1]
    length = 2 + n if n < 0x80 else 2 + (n & 0x7F) + int.from_bytes(content[2:2 + (n & 0x7F)], "big")
    return x509.load_der_x509_certificate(content[:length])


def issued_by(cert, root):
    try:
        root.public_key().verify(cert.signature, cert.tbs_certificate_bytes,
                                 padding.PKCS1v15(), cert.signature_hash_algorithm)
        return cert.issuer == root.subject
    except Exception:
        return False


def signature_ok(pub, sig, data):
    try:
        if isinstance(pub, rsa.RSAPublicKey):
            pub.verify(sig, data, padding.PKCS1v15(), hashes.SHA256())
        else:  # zero-padded DER: the real length is sig[1] + 2
            pub.verify(sig[:sig[1] + 2], data, ec.ECDSA(hashes.SHA384()))
        return True
    except Exception:
        return False


def content_checks(files, card, root, seen):
    identity, address = parse_tlv(files["4031"]), parse_tlv(files["4033"])
    for tags, fields in ((ID_TAGS, identity), (ADDR_TAGS, address)):
        for tag, name in tags.items():
            value = fields.get(tag, b"")
            value = value.hex().upper() if name == "chip_number" else value.decode("utf-8")
            want = card.get(name, "")
            want = want.upper() if name == "chip_number" else want
            if value != want:
                expect(name == "surname", "%s: %r, expected %r" % (name, value, want))
                seen.add("surname differs")
    expect((0x14 in identity) == bool(card.get("member_of_family")), "member_of_family (tag 14)")
    photo = files["4035"]
    expect(photo[:2] == b"\xff\xd8" and photo[-2:] == b"\xff\xd9", "photo is not a JPEG")
    algo = hashlib.sha384 if card["applet"] == "1.8" else hashlib.sha256
    expect(identity.get(0x11) == algo(photo).digest(), "photo hash (tag 11)")
    for size_key, fid in (("identity_size", "4031"), ("photo_size", "4035")):
        if size_key in card:
            expect(len(files[fid]) == card[size_key], "%s size %d" % (fid, len(files[fid])))

    rrn, card_root = der_cert(files["503C"]), der_cert(files["503B"])
    expect(rrn is not None and card_root is not None, "503C/503B certificates")
    expect(der_cert(files["5038"]) is None and not any(files["503A"]), "absent certificates")
    if not issued_by(rrn, root):
        seen.add("RRN certificate not issued by test root")
        expect(issued_by(rrn, card_root), "503C does not even chain to 503B")
    pub = rrn.public_key()
    expect(isinstance(pub, ec.EllipticCurvePublicKey) == (card["applet"] == "1.8"), "RRN key type")
    if not signature_ok(pub, files["4032"], files["4031"]):
        seen.add("identity signature invalid")
    if not signature_ok(pub, files["4034"], files["4033"].rstrip(b"\x00") + files["4032"]):
        seen.add("address signature invalid")


def run(args, reader, root, card_path, fault):
    """One insertion and removal; returns a summary, raises Failure."""
    with open(card_path, encoding="utf-8") as f:
        card = json.load(f)
    faults = [fault] if fault else []
    proc, seen = None, set()
    stats = {"6C": 0, "6B00": 0}
    reader.apdus = 0
    if args.control:
        reply = softcard.send_command(args.control, {"insert": card_path, "fault": faults})
        expect(reply.get("ok"), "insert: %s" % reply.get("error"))
    else:
        cmd = [args.python, os.path.join(HERE, "softcard.py"), "--card", card_path,
               "--pki", args.pki] + ["--fault=" + f for f in faults]
        proc = subprocess.Popen(cmd + (["--netns", args.netns] if args.netns else []))
    try:
        inserted, atr = reader.wait(True)
        expect(atr == ATRS[card["applet"]], "ATR %s" % atr)
        reader.connect()
        files = {}
        try:
            protocol_checks(reader, card, fault[7:].upper() if fault.startswith("status=") else None)
            for i, (df, fid) in enumerate(FILES):
                # Both absolute path forms, alternating.
                path = ("3F00" if i % 2 else "") + df + fid
                expect(select(reader, 0x08, path) == "9000", "SELECT %s" % path)
                content = read_file(reader, stats)
                if isinstance(content, str):
                    seen.add("READ BINARY answered %s" % content)
                    break
                files[fid] = content
            else:
                content_checks(files, card, root, seen)
        except CardGone:
            seen.add("card pulled after %d APDUs" % reader.apdus)
        # Removal: pulled by the fault, or now by the test.
        if args.control:
            softcard.send_command(args.control, {"remove": True})
        elif proc.poll() is None:
            proc.terminate()
        removed, _ = reader.wait(False)
        hr, _ = S.SCardTransmit(reader.handle, S.SCARD_PCI_T0, [0x00, 0xB0, 0, 0, 1])
        expect(hr in (S.SCARD_W_REMOVED_CARD, S.SCARD_E_NO_SMARTCARD, S.SCARD_W_RESET_CARD),
               "transmit after removal gave %08X" % (hr & 0xFFFFFFFF))
        S.SCardDisconnect(reader.handle, S.SCARD_LEAVE_CARD)
        reader.handle = None
    finally:
        if proc is not None:
            proc.kill()
            proc.wait()
    expect(seen == expected(fault), "saw %s, expected %s" % (sorted(seen), sorted(expected(fault))))
    return ("%d APDUs, 6Cxx %d, 6B00 %d, seen: %s; inserted after %.2f s, removal seen after %.2f s"
            % (reader.apdus, stats["6C"], stats["6B00"], ", ".join(sorted(seen)) or "all valid",
               inserted, removed))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pki", required=True, help="test PKI folder (test-root.pem)")
    ap.add_argument("--control", help="Unix socket of a softcard.py card holder")
    ap.add_argument("--netns", help="pcscd pid file, for the softcard processes")
    ap.add_argument("--python", default=sys.executable, help="python for softcard.py")
    ap.add_argument("--card", action="append", help="card JSON (default: all)")
    ap.add_argument("--fault", action="append", help="fault(s) to check (default: none)")
    ap.add_argument("--all", action="store_true", help="every fault for every card")
    args = ap.parse_args()

    import pki as pkimod
    root = pkimod.load(args.pki).cert("test-root")
    cards = [os.path.abspath(c) for c in args.card or sorted(glob.glob(os.path.join(HERE, "cards", "*.json")))]
    faults = ALL_FAULTS if args.all else (args.fault or [""])
    for f in faults:
        if expected(f) is None:
            ap.error("unknown fault %r (known: %s)" % (f, ", ".join(ALL_FAULTS[1:])))
    reader = Reader()
    names = reader.readers()
    print("readers: %s" % ", ".join(names))
    passed = failed = 0
    if READER not in names:
        print("FAIL: reader %r missing" % READER)
        failed = 1
    for card_path in cards if not failed else []:
        for fault in faults:
            label = "%s [%s]" % (os.path.basename(card_path), fault or "no fault")
            try:
                print("PASS %s: %s" % (label, run(args, reader, root, card_path, fault)), flush=True)
                passed += 1
            except (Failure, CardGone) as e:
                print("FAIL %s: %s" % (label, e), flush=True)
                failed += 1
                # Leave the slot empty for the next run.
                if args.control:
                    softcard.send_command(args.control, {"remove": True})
                if reader.handle is not None:
                    S.SCardDisconnect(reader.handle, S.SCARD_LEAVE_CARD)
                    reader.handle = None
                try:
                    reader.wait(False)
                except Failure:
                    pass
    reader.close()
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
