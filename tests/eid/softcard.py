#!/usr/bin/env python3
"""A software Belgian eID card for pcscd + vsmartcard-vpcd (no hardware).

It speaks vpcd's socket protocol: each message is a 2-byte big-endian length
plus a payload; a 1-byte payload is a control code (00 power off, 01 power on,
02 reset, 04 "send the ATR"), anything else is a C-APDU answered by an R-APDU.
The card answers like a Belpic applet 1.7 (RSA) or 1.8 (ECDSA P-384) card,
see shared/domain/protocols.md A1-A4 and A7, with synthetic people from
tests/eid/cards/*.json, signed by the test PKI of pki.py.

Modes (scripts/lib/pcsc.sh runs pcscd in its own network namespace, so the
vpcd listener on "0.0.0.0:35963" is only reachable there, on its loopback):

  softcard.py --card tests/eid/cards/be_fr.json --pki DIR/pki --netns DIR/pcscd.pid
      One card: starting the process inserts it (it connects to vpcd on
      127.0.0.1:35963), killing it removes it (pcscd notices within ~0.5 s).

  softcard.py --control DIR/card.sock --pki DIR/pki --netns DIR/pcscd.pid &
  softcard.py insert --control DIR/card.sock --card CARD.json [--fault F]...
  softcard.py remove --control DIR/card.sock
  softcard.py status --control DIR/card.sock
      A card holder with an empty slot, driven by one-line JSON commands on a
      Unix socket (no TCP): {"insert": "/abs/card.json", "fault": ["..."]},
      {"remove": true}, {"status": true}, {"quit": true}. Each answers one JSON
      line, {"ok": true, ...} or {"ok": false, "error": "..."}.

  softcard.py dump --card CARD.json --pki DIR OUTDIR
      Writes the card's files (4031.bin, ..., atr.bin, carddata.bin) for
      in-process fake cards in unit tests.

--connect (the only mode): vpcd listens (server mode), the card connects to
   --host/--port (127.0.0.1:35963). There is no --listen: vpcd's "reversed"
   mode (DEVICENAME host:port, the card listens) aborts pcscd in Debian 12's
   vpcd 3.3 whenever a slot's card is absent or goes away (FD_SET(-1) in
   waitforclient), so it cannot model removal.
--netns PID|PIDFILE: join that process's network namespace first (pcscd's).
   The card exits when that process is gone, so cards never outlive pcscd.

Faults (--fault, repeatable; also in the insert command):
  bad-signature      flip a byte of 4032 (identity signature) after signing
  tampered-identity  change the surname in 4031 after signing
  untrusted-root     503C issued by a root with the test root's name but
                     another key; 503B carries that root (a naive verifier
                     trusting 503B passes, a correct one fails)
  remove-after=N     answer N APDUs, then drop the connection on the next one
                     without answering (card pulled mid-command); the slot
                     stays empty afterwards (a single-card process exits)
  status=XXXX        every READ BINARY answers XXXX (e.g. 6982)

Card JSON fields: see tests/eid/README.md.
"""
import argparse
import ctypes
import hashlib
import json
import os
import socket
import struct
import sys
import threading
import time

sys.dont_write_bytecode = True  # no __pycache__ in the repository
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pki as pkimod  # noqa: E402
from cryptography.exceptions import UnsupportedAlgorithm  # noqa: E402
from cryptography.hazmat.primitives import hashes, serialization  # noqa: E402
from cryptography.hazmat.primitives.asymmetric import ec, padding  # noqa: E402

ATR_17 = bytes.fromhex("3B981340 0AA50301 0101AD13 11")
ATR_18 = bytes.fromhex("3B7F9600 00803180 65B08504 0120120F FF829000")
BELPIC_AID = bytes.fromhex("A000000030290570 00AD13100101FF")
PKCS15_AID = bytes.fromhex("A0 00 00 01 77 50 4B 43 53 2D 31 35")  # "..PKCS-15"
MF, DF_CERTS, DF_ID = "3F00", "DF00", "DF01"
CERT_FILE_SIZE = 2500      # certificate EFs: DER then zeros; absent = all zeros
EC_SIG_FILE_SIZE = 112     # ECDSA DER (<= 104 bytes for P-384) then zeros
DEFAULT_ADDRESS_SIZE = 117  # address file: TLV then zeros

# Identity file (4031) tags in ascending order with their JSON field names.
IDENTITY_FIELDS = [
    (0x01, "card_number"), (0x02, "chip_number"), (0x03, "validity_begin_date"),
    (0x04, "validity_end_date"), (0x05, "issuing_municipality"),
    (0x06, "national_number"), (0x07, "surname"), (0x08, "firstnames"),
    (0x09, "first_letter_of_third_given_name"), (0x0A, "nationality"),
    (0x0B, "location_of_birth"), (0x0C, "date_of_birth"), (0x0D, "gender"),
    (0x0E, "nobility"), (0x0F, "document_type"), (0x10, "special_status"),
    (0x11, "photo_hash"), (0x12, "duplicata"), (0x13, "special_organization"),
    (0x14, "member_of_family"), (0x15, "date_and_country_of_protection"),
]
ADDRESS_FIELDS = [(0x01, "address_street_and_number"), (0x02, "address_zip"),
                  (0x03, "address_municipality")]


# ---------------------------------------------------------------- card data

def niss_ok(nn):
    """Belgian national number check digits (protocols.md C), both centuries."""
    if len(nn) != 11 or not nn.isdigit():
        return False
    check = int(nn[9:])
    return any(97 - int(prefix + nn[:9]) % 97 == check for prefix in ("", "2"))


def card_number_ok(number):
    """Last two digits = first ten mod 97, with 0 written as 97."""
    return (len(number) == 12 and number.isdigit()
            and (int(number[:10]) % 97 or 97) == int(number[10:]))


def tlv(fields):
    out = bytearray(b"\x00\x01\x01")  # tag 00: file structure version, first
    for tag, value in fields:
        if len(value) >= 128:  # real fields stay below 111 bytes (A3)
            raise ValueError("field %02X too long (%d bytes)" % (tag, len(value)))
        out += bytes([tag, len(value)]) + value
    return bytes(out)


def make_jpeg(width, height, shade):
    """A real baseline grayscale JPEG: a dark head-and-shoulders silhouette on
    a background of gray level SHADE, coded with DC coefficients only."""
    bw, bh = (width + 7) // 8, (height + 7) // 8

    def level(bx, by):
        x, y = (bx + 0.5) / bw, (by + 0.5) / bh
        head = (x - 0.5) ** 2 / 0.045 + (y - 0.38) ** 2 / 0.045 < 1
        body = y > 0.7 and abs(x - 0.5) < 0.18 + (y - 0.7) * 1.3
        return 70 if head or body else shade

    # Standard luminance DC table (JPEG Annex K.3); AC table: only EOB = "0".
    dc_bits = [0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0]
    codes, code, sym = {}, 0, 0
    for length, count in enumerate(dc_bits, 1):
        for _ in range(count):
            codes[sym] = (code, length)
            code, sym = code + 1, sym + 1
        code <<= 1

    acc, nbits, prev = 0, 0, 0
    for by in range(bh):
        for bx in range(bw):
            dc = level(bx, by) - 128          # quantiser 8: DC/8 = mean - 128
            diff, prev = dc - prev, dc
            size = abs(diff).bit_length()
            c, n = codes[size]
            extra = diff if diff >= 0 else diff + (1 << size) - 1
            acc, nbits = (acc << n) | c, nbits + n
            acc, nbits = (acc << size) | extra, nbits + size
            acc, nbits = acc << 1, nbits + 1  # EOB
    pad = (-nbits) % 8
    acc, nbits = (acc << pad) | ((1 << pad) - 1), nbits + pad
    scan = acc.to_bytes(nbits // 8, "big").replace(b"\xff", b"\xff\x00")

    def seg(marker, body):
        return bytes([0xFF, marker]) + struct.pack(">H", len(body) + 2) + body

    return (b"\xff\xd8"
            + seg(0xE0, b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00")
            + seg(0xDB, b"\x00" + bytes([8] + [1] * 63))
            + seg(0xC0, struct.pack(">BHHB", 8, height, width, 1) + b"\x01\x11\x00")
            + seg(0xC4, b"\x00" + bytes(dc_bits) + bytes(range(12)))
            + seg(0xC4, b"\x10" + bytes([1] + [0] * 15) + b"\x00")
            + seg(0xDA, b"\x01\x01\x00\x00\x3f\x00")
            + scan + b"\xff\xd9")


def sized_photo(jpeg, size):
    """Pads the JPEG to exactly SIZE bytes with a comment segment after SOI."""
    if not size or size == len(jpeg):
        return jpeg
    room = size - len(jpeg) - 4
    if room < 0:
        raise ValueError("photo_size %d is below %d" % (size, len(jpeg) + 4))
    return jpeg[:2] + b"\xff\xfe" + struct.pack(">H", room + 2) + b" " * room + jpeg[2:]


def zero_pad(data, size, what):
    if size is None:
        return data
    if len(data) > size:
        raise ValueError("%s needs %d bytes, more than %d" % (what, len(data), size))
    return data + bytes(size - len(data))


class Card:
    """The files, ATR and GET CARD DATA answer of one card (with faults)."""

    def __init__(self, data, pki, faults=()):
        self.faults = parse_faults(faults)
        self.name = data.get("label", data.get("surname", "?"))
        applet = data.get("applet", "1.7")
        if applet not in ("1.7", "1.8"):
            raise ValueError("applet must be 1.7 or 1.8")
        if not niss_ok(data["national_number"]):
            raise ValueError("national_number %s fails the check digits" % data["national_number"])
        if not card_number_ok(data["card_number"]):
            raise ValueError("card_number %s fails the mod-97 check" % data["card_number"])
        ec18 = applet == "1.8"
        self.atr = ATR_18 if ec18 else ATR_17
        chip = bytes.fromhex(data["chip_number"])
        if len(chip) != 16:
            raise ValueError("chip_number must be 16 bytes of hex")

        shade = 150 + int(hashlib.sha256(data["national_number"].encode()).hexdigest(), 16) % 90
        photo = sized_photo(make_jpeg(140, 200, shade), data.get("photo_size"))
        photo_hash = (hashlib.sha384 if ec18 else hashlib.sha256)(photo).digest()

        values = {}
        for tag, key in IDENTITY_FIELDS:
            if key == "photo_hash":
                values[tag] = photo_hash
            elif key == "chip_number":
                values[tag] = chip
            elif key == "member_of_family":
                if data.get(key):
                    values[tag] = b""  # the tag's presence means "true"
            elif key in data:
                values[tag] = str(data[key]).encode("utf-8")
        identity = zero_pad(tlv(sorted(values.items())), data.get("identity_size"), "identity file")
        address = zero_pad(
            tlv([(t, data[k].encode("utf-8")) for t, k in ADDRESS_FIELDS]),
            data.get("address_size", DEFAULT_ADDRESS_SIZE), "address file")

        kind = "ec" if ec18 else "rsa"
        key = pki.key("rrn-" + kind)
        untrusted = "untrusted-root" in self.faults
        rrn = pki.cert("rrn-%s%s" % (kind, "-untrusted" if untrusted else ""))
        root = pki.cert("untrusted-root" if untrusted else "test-root")

        def sign(blob):
            if not ec18:
                return key.sign(blob, padding.PKCS1v15(), hashes.SHA256())
            try:  # RFC 6979 where the library has it, so runs repeat exactly
                der = key.sign(blob, ec.ECDSA(hashes.SHA384(), deterministic_signing=True))
            except (TypeError, UnsupportedAlgorithm):
                der = key.sign(blob, ec.ECDSA(hashes.SHA384()))
            return zero_pad(der, EC_SIG_FILE_SIZE, "signature")

        id_sig = sign(identity)
        # A4: address with trailing zeros removed, then the whole 4032 file.
        addr_sig = sign(address.rstrip(b"\x00") + id_sig)

        if "bad-signature" in self.faults:
            id_sig = id_sig[:10] + bytes([id_sig[10] ^ 0x01]) + id_sig[11:]
        if "tampered-identity" in self.faults:
            values[0x07] = bytes([values[0x07][0] ^ 0x01]) + values[0x07][1:]  # L -> M
            identity = zero_pad(tlv(sorted(values.items())), data.get("identity_size"), "identity")

        der = lambda c: c.public_bytes(serialization.Encoding.DER)  # noqa: E731
        absent = bytes(CERT_FILE_SIZE)
        self.files = {
            (MF, DF_ID, "4031"): identity,
            (MF, DF_ID, "4032"): id_sig,
            (MF, DF_ID, "4033"): address,
            (MF, DF_ID, "4034"): addr_sig,
            (MF, DF_ID, "4035"): photo,
            (MF, DF_CERTS, "5038"): absent,
            (MF, DF_CERTS, "5039"): absent,
            (MF, DF_CERTS, "503A"): absent,
            (MF, DF_CERTS, "503B"): zero_pad(der(root), CERT_FILE_SIZE, "503B"),
            (MF, DF_CERTS, "503C"): zero_pad(der(rrn), CERT_FILE_SIZE, "503C"),
        }
        self.card_data = chip + bytes([0x01, 0x11, 0x01, 0x01, 0x01, 0x18 if ec18 else 0x17,
                                       0x00, 0x01, 0x01, 0x01, 0x01, 0x0F])


def parse_faults(faults):
    """['remove-after=3', 'bad-signature'] -> {'remove-after': 3, 'bad-signature': True}"""
    out = {}
    for fault in faults:
        name, _, value = fault.partition("=")
        if name == "remove-after":
            out[name] = int(value)
        elif name == "status":
            out[name] = bytes.fromhex(value)
            if len(out[name]) != 2:
                raise ValueError("status=XXXX needs 4 hex digits")
        elif name in ("bad-signature", "tampered-identity", "untrusted-root") and not value:
            out[name] = True
        else:
            raise ValueError("unknown fault %r" % fault)
    return out


def load_card(path, pki, faults=()):
    with open(path, encoding="utf-8") as f:
        return Card(json.load(f), pki, faults)


# ---------------------------------------------------------------- APDUs

SW_OK, SW_WRONG_LENGTH = b"\x90\x00", b"\x67\x00"


class CardSession:
    """The card's state while powered: current DF and EF, APDU count."""

    DFS = {(MF,), (MF, DF_CERTS), (MF, DF_ID)}
    AIDS = {BELPIC_AID: (MF,), PKCS15_AID: (MF, DF_CERTS)}

    def __init__(self, card):
        self.card = card
        self.apdus = 0
        self.reset()

    def reset(self):
        self.df, self.ef = (MF,), None

    def _select_path(self, path):
        if path in self.DFS:
            self.df, self.ef = path, None
        elif path in self.card.files:
            self.df, self.ef = path[:-1], path
        else:
            return b"\x6a\x82"
        return SW_OK

    def _select(self, p1, p2, data):
        if p2 != 0x0C:
            return b"\x6a\x86"
        if p1 == 0x04:
            target = self.AIDS.get(data)
            if target is None:
                return b"\x6a\x82"
            self.df, self.ef = target, None
            return SW_OK
        if p1 not in (0x02, 0x08):
            return b"\x6a\x86"
        if not data or len(data) % 2:
            return SW_WRONG_LENGTH
        fids = tuple(data[i:i + 2].hex().upper() for i in range(0, len(data), 2))
        if p1 == 0x08:  # absolute path, with or without the leading 3F00
            return self._select_path((MF,) + (fids[1:] if fids[0] == MF else fids))
        if len(fids) != 1:
            return SW_WRONG_LENGTH
        return self._select_path((MF,) if fids[0] == MF else self.df + fids)

    def _read(self, p1, p2, le):
        if p1 & 0x80:
            return b"\x6a\x86"  # short EF identifiers: not supported
        if self.ef is None:
            return b"\x69\x86"
        if "status" in self.card.faults:
            return self.card.faults["status"]
        content = self.card.files[self.ef]
        offset = (p1 << 8) | p2
        if offset >= len(content):
            return b"\x6b\x00"
        le = le or 256
        remaining = len(content) - offset
        if le > remaining:
            return bytes([0x6C, remaining])
        return content[offset:offset + le] + SW_OK

    def process(self, apdu):
        """Returns the R-APDU, or None when the card is pulled (fault)."""
        limit = self.card.faults.get("remove-after")
        if limit is not None and self.apdus >= limit:
            return None
        self.apdus += 1
        if len(apdu) < 4:
            return SW_WRONG_LENGTH
        cla, ins, p1, p2 = apdu[:4]
        body = apdu[4:]
        if ins == 0xA4 and cla == 0x00:
            # Case 3: Lc + data (a trailing Le byte is tolerated).
            if not body or len(body) - 1 not in (body[0], body[0] + 1):
                return SW_WRONG_LENGTH
            return self._select(p1, p2, bytes(body[1:1 + body[0]]))
        if ins == 0xB0 and cla == 0x00:
            if len(body) != 1:
                return SW_WRONG_LENGTH
            return self._read(p1, p2, body[0])
        if ins == 0xE4 and cla == 0x80:
            if p1 or p2:
                return b"\x6a\x86"
            if body != bytes([len(self.card.card_data)]):
                return bytes([0x6C, len(self.card.card_data)])
            return self.card.card_data + SW_OK
        if ins in (0xA4, 0xB0, 0xE4):
            return b"\x6e\x00"
        return b"\x6d\x00"


# ---------------------------------------------------------------- vpcd link

def recv_exact(sock, n):
    buf = b""
    while len(buf) < n:
        # vpcd 3.3 sends the length and the payload in two send() calls; with
        # Nagle on its side and a delayed ACK on ours every APDU would wait
        # 40 ms. Quick ACKs (Linux; reset by the kernel, so set each time).
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_QUICKACK, 1)
        chunk = sock.recv(n - len(buf))
        if not chunk:
            raise EOFError
        buf += chunk
    return buf


def serve_connection(sock, session, log):
    """Answers vpcd until it hangs up (EOFError/OSError) or the card is
    pulled by the remove-after fault (returns True)."""
    while True:
        (length,) = struct.unpack(">H", recv_exact(sock, 2))
        msg = recv_exact(sock, length)
        if len(msg) == 1:
            if msg[0] in (0x00, 0x01, 0x02):   # power off / on / reset
                session.reset()
            elif msg[0] == 0x04:
                sock.sendall(struct.pack(">H", len(session.card.atr)) + session.card.atr)
            continue
        answer = session.process(msg)
        log("APDU %s -> %s" % (msg.hex(), "pulled" if answer is None else answer[-2:].hex()))
        if answer is None:
            return True
        sock.sendall(struct.pack(">H", len(answer)) + answer)


class Slot:
    """One card slot: a thread keeps the card connected to vpcd while a card
    is inserted; insert/remove may come from any thread."""

    def __init__(self, host, port, owner_pid, verbose):
        self.addr, self.owner_pid = (host, port), owner_pid
        self.verbose = verbose
        self.cond = threading.Condition()
        self.card, self.card_path, self.sock, self.generation = None, None, None, 0
        self.pulled = threading.Event()

    def log(self, text):
        if self.verbose:
            print("softcard: " + text, file=sys.stderr, flush=True)

    def owner_alive(self):
        """pcscd still runs (a zombie waiting for its parent counts as gone)."""
        if self.owner_pid is None:
            return True
        try:
            with open("/proc/%d/stat" % self.owner_pid) as f:
                return f.read().rsplit(")", 1)[1].split()[0] != "Z"
        except OSError:
            return False

    def insert(self, card, path=None):
        self.remove()
        with self.cond:
            self.card, self.card_path = card, path
            self.generation += 1
            self.cond.notify_all()

    def remove(self):
        with self.cond:
            self.card, self.card_path = None, None
            self.generation += 1
            if self.sock is not None:
                try:
                    self.sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
            self.cond.notify_all()

    def inserted(self):
        with self.cond:
            return self.card is not None

    def _open(self, generation):
        """A socket connected to vpcd for this insertion, or None if removed."""
        while True:
            with self.cond:
                if self.generation != generation:
                    return None
            if not self.owner_alive():
                self.log("pcscd is gone, exiting")
                os._exit(0)
            try:
                return socket.create_connection(self.addr, timeout=1)
            except OSError:
                time.sleep(0.1)  # pcscd not (yet) there: retry

    def run(self):
        while True:
            with self.cond:
                while self.card is None:
                    self.cond.wait()
                card, generation = self.card, self.generation
            sock = self._open(generation)
            if sock is None:
                continue
            sock.settimeout(None)
            with self.cond:
                if self.generation != generation:
                    sock.close()
                    continue
                self.sock = sock
            self.log("inserted %s" % card.name)
            pulled = False
            try:
                pulled = serve_connection(sock, CardSession(card), self.log)
            except (EOFError, OSError):
                pass
            with self.cond:
                self.sock = None
                if pulled and self.generation == generation:
                    self.card, self.card_path = None, None
                    self.generation += 1
            sock.close()
            self.log("pulled by fault" if pulled else "connection closed")
            if pulled:
                self.pulled.set()


def join_netns(spec):
    """Enters the network namespace of PID (or of the pid in file SPEC)."""
    pid = int(open(spec).read().split()[0]) if os.path.isfile(spec) else int(spec)
    target = "/proc/%d/ns/net" % pid
    if os.stat(target).st_ino != os.stat("/proc/self/ns/net").st_ino:
        fd = os.open(target, os.O_RDONLY)
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.setns(fd, 0x40000000) != 0:  # CLONE_NEWNET
            raise OSError(ctypes.get_errno(), "setns into %s failed" % target)
        os.close(fd)
    return pid


# ---------------------------------------------------------------- control

def control_server(path, slot, pki):
    if os.path.exists(path):
        os.unlink(path)
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(path)
    server.listen(4)
    while True:
        conn, _ = server.accept()
        with conn, conn.makefile("rwb") as stream:
            for line in stream:
                reply = handle_command(line, slot, pki)
                stream.write(json.dumps(reply).encode() + b"\n")
                stream.flush()
                if reply.get("quit"):
                    os.unlink(path)
                    os._exit(0)


def handle_command(line, slot, pki):
    try:
        cmd = json.loads(line)
        if "insert" in cmd:
            faults = cmd.get("fault") or []
            faults = [faults] if isinstance(faults, str) else faults
            slot.pulled.clear()
            slot.insert(load_card(cmd["insert"], pki, faults), cmd["insert"])
        elif cmd.get("remove"):
            slot.remove()
        elif cmd.get("quit"):
            slot.remove()
            return {"ok": True, "quit": True}
        elif not cmd.get("status"):
            raise ValueError("unknown command")
        return {"ok": True, "inserted": slot.inserted(), "card": slot.card_path}
    except Exception as e:  # the reply tells the test what went wrong
        return {"ok": False, "error": "%s: %s" % (type(e).__name__, e)}


def send_command(path, command):
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
        s.settimeout(10)
        s.connect(path)
        s.sendall(json.dumps(command).encode() + b"\n")
        return json.loads(s.makefile("rb").readline())


# ---------------------------------------------------------------- main

def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("command", nargs="?", default="serve",
                    choices=["serve", "insert", "remove", "status", "quit", "dump"])
    ap.add_argument("outdir", nargs="?", help="for dump: where to write the files")
    ap.add_argument("--card", help="card JSON (serve: inserted at start)")
    ap.add_argument("--pki", help="test PKI folder (created if missing)")
    ap.add_argument("--fault", action="append", default=[])
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=35963)
    ap.add_argument("--connect", action="store_true", help="connect to vpcd (the default)")
    ap.add_argument("--netns", help="PID or pid file of pcscd: join its network namespace")
    ap.add_argument("--control", help="Unix socket path for insert/remove commands")
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_intermixed_args(argv)

    if args.command in ("insert", "remove", "status", "quit"):
        if not args.control:
            ap.error("%s needs --control" % args.command)
        cmd = {"status": True} if args.command == "status" else {args.command: True}
        if args.command == "insert":
            cmd = {"insert": os.path.abspath(args.card), "fault": args.fault}
        reply = send_command(args.control, cmd)
        print(json.dumps(reply))
        return 0 if reply.get("ok") else 1

    if not args.pki:
        ap.error("--pki is required")
    pki = pkimod.load(args.pki)
    if args.command == "dump":
        card = load_card(args.card, pki, args.fault)
        os.makedirs(args.outdir, exist_ok=True)
        for path, content in card.files.items():
            with open(os.path.join(args.outdir, path[-1] + ".bin"), "wb") as f:
                f.write(content)
        for name, content in (("atr.bin", card.atr), ("carddata.bin", card.card_data)):
            with open(os.path.join(args.outdir, name), "wb") as f:
                f.write(content)
        return 0

    if not args.card and not args.control:
        ap.error("serve needs --card or --control")
    owner = join_netns(args.netns) if args.netns else None
    slot = Slot(args.host, args.port, owner, args.verbose)
    if args.card:
        slot.insert(load_card(args.card, pki, args.fault), os.path.abspath(args.card))
    threading.Thread(target=slot.run, daemon=True).start()
    if args.control:
        threading.Thread(target=control_server, args=(args.control, slot, pki),
                         daemon=True).start()
    try:
        while True:
            time.sleep(0.2)
            # A single card pulled by "remove-after" ends the process.
            if (slot.pulled.is_set() and not args.control) or not slot.owner_alive():
                return 0
    except KeyboardInterrupt:
        return 0


if __name__ == "__main__":
    sys.exit(main())
