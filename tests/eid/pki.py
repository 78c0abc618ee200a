"""Test PKI for the software eID card: a trusted test root, an untrusted root
and the RRN (national register) certificates that sign the card files.

Everything is derived from fixed seeds, so the same files come out on every
machine and every run: RSA primes come from a seeded generator, the P-384 key
from a hashed seed, certificates have fixed serials and dates, and RSA
PKCS#1 v1.5 signatures are deterministic. Test keys only, never use elsewhere.

`load(dir)` creates the files in DIR once (atomically, so parallel starts are
safe) and reuses them afterwards:
  test-root.pem          the root a verifier is configured with (trust this)
  untrusted-root.pem     a root with the SAME subject name but another key
  rrn-rsa.pem/.key.pem   RRN certificate + key for applet 1.7 cards (RSA 2048)
  rrn-ec.pem/.key.pem    RRN certificate + key for applet 1.8 cards (P-384)
  rrn-rsa-untrusted.pem, rrn-ec-untrusted.pem   same keys, signed by the
                         untrusted root (fault "untrusted-root")
"""
import datetime
import hashlib
import os
import random
import tempfile

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import NameOID

ROOT_NAME = "Test Belgium Root CA"
NOT_BEFORE = datetime.datetime(2020, 1, 1)
NOT_AFTER = datetime.datetime(2045, 1, 1)
E = 65537


def _small_primes(limit=2000):
    sieve = bytearray([1]) * limit
    sieve[0:2] = b"\0\0"
    for i in range(2, int(limit ** 0.5) + 1):
        if sieve[i]:
            sieve[i * i::i] = bytearray(len(sieve[i * i::i]))
    return [i for i in range(limit) if sieve[i]]


SMALL_PRIMES = _small_primes()


def _probably_prime(n, rng, rounds=40):
    if any(n % p == 0 for p in SMALL_PRIMES):
        return n in SMALL_PRIMES
    d, s = n - 1, 0
    while d % 2 == 0:
        d, s = d // 2, s + 1
    for _ in range(rounds):
        x = pow(rng.randrange(2, n - 1), d, n)
        if x in (1, n - 1):
            continue
        for _ in range(s - 1):
            x = pow(x, 2, n)
            if x == n - 1:
                break
        else:
            return False
    return True


def _seeded_rsa(seed, bits=2048):
    # random.Random is fine here: these keys must be reproducible, not secret.
    rng = random.Random(hashlib.sha256(seed.encode()).digest())

    def prime():
        while True:
            n = rng.getrandbits(bits // 2) | (3 << (bits // 2 - 2)) | 1
            if (n - 1) % E and _probably_prime(n, rng):
                return n

    p, q = prime(), prime()
    while q == p:
        q = prime()
    d = pow(E, -1, (p - 1) * (q - 1))
    pub = rsa.RSAPublicNumbers(E, p * q)
    return rsa.RSAPrivateNumbers(
        p, q, d, rsa.rsa_crt_dmp1(d, p), rsa.rsa_crt_dmq1(d, q),
        rsa.rsa_crt_iqmp(p, q), pub).private_key()


def _seeded_p384(seed):
    order = int("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFC7634D81F4372DDF"
                "581A0DB248B0A77AECEC196ACCC52973", 16)
    value = int.from_bytes(hashlib.sha512(seed.encode()).digest(), "big")
    return ec.derive_private_key(value % (order - 1) + 1, ec.SECP384R1())


def _name(cn, org=None):
    attrs = [x509.NameAttribute(NameOID.COUNTRY_NAME, "BE")]
    if org:
        attrs.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, org))
    attrs.append(x509.NameAttribute(NameOID.COMMON_NAME, cn))
    return x509.Name(attrs)


def _cert(subject, subject_key, issuer, issuer_key, serial, is_ca):
    usage = dict(digital_signature=not is_ca, content_commitment=not is_ca,
                 key_encipherment=False, data_encipherment=False,
                 key_agreement=False, key_cert_sign=is_ca, crl_sign=is_ca,
                 encipher_only=False, decipher_only=False)
    builder = (x509.CertificateBuilder()
               .subject_name(subject).issuer_name(issuer)
               .public_key(subject_key.public_key())
               .serial_number(serial)
               .not_valid_before(NOT_BEFORE).not_valid_after(NOT_AFTER)
               .add_extension(x509.BasicConstraints(ca=is_ca, path_length=None), critical=True)
               .add_extension(x509.KeyUsage(**usage), critical=True))
    return builder.sign(issuer_key, hashes.SHA256())


def _pem_key(key):
    return key.private_bytes(serialization.Encoding.PEM,
                             serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption())


def _pem_cert(cert):
    return cert.public_bytes(serialization.Encoding.PEM)


def _build():
    """Returns {file name: bytes} of the whole PKI."""
    root_key = _seeded_rsa("eid-test-root")
    bad_key = _seeded_rsa("eid-untrusted-root")
    rrn_rsa = _seeded_rsa("eid-rrn-rsa")
    rrn_ec = _seeded_p384("eid-rrn-ec")
    root_name = _name(ROOT_NAME)
    rrn_name = _name("RRN", "RRN")
    files = {
        "test-root.pem": _pem_cert(_cert(root_name, root_key, root_name, root_key, 1, True)),
        "test-root.key.pem": _pem_key(root_key),
        # Same subject as the trusted root: a verifier must compare keys, not names.
        "untrusted-root.pem": _pem_cert(_cert(root_name, bad_key, root_name, bad_key, 2, True)),
        "untrusted-root.key.pem": _pem_key(bad_key),
        "rrn-rsa.key.pem": _pem_key(rrn_rsa),
        "rrn-ec.key.pem": _pem_key(rrn_ec),
    }
    for kind, key, serial in (("rsa", rrn_rsa, 0x1001), ("ec", rrn_ec, 0x1002)):
        files["rrn-%s.pem" % kind] = _pem_cert(_cert(rrn_name, key, root_name, root_key, serial, False))
        files["rrn-%s-untrusted.pem" % kind] = _pem_cert(
            _cert(rrn_name, key, root_name, bad_key, serial + 0x1000, False))
    return files


class Pki:
    def __init__(self, directory):
        self.dir = directory

    def _read(self, name):
        with open(os.path.join(self.dir, name), "rb") as f:
            return f.read()

    def cert(self, name):
        return x509.load_pem_x509_certificate(self._read(name + ".pem"))

    def key(self, name):
        return serialization.load_pem_private_key(self._read(name + ".key.pem"), None)


def load(directory):
    """Creates the PKI files in DIRECTORY unless present; returns a Pki."""
    os.makedirs(directory, exist_ok=True)
    files = None
    for name in sorted(_build_names()):
        path = os.path.join(directory, name)
        if os.path.exists(path):
            continue
        files = files or _build()
        fd, tmp = tempfile.mkstemp(dir=directory, prefix=".tmp-")
        with os.fdopen(fd, "wb") as f:
            f.write(files[name])
        os.replace(tmp, path)  # atomic: a parallel start sees a whole file or none
    return Pki(directory)


def _build_names():
    names = ["test-root.pem", "test-root.key.pem", "untrusted-root.pem",
             "untrusted-root.key.pem"]
    for kind in ("rsa", "ec"):
        names += ["rrn-%s.pem" % kind, "rrn-%s.key.pem" % kind, "rrn-%s-untrusted.pem" % kind]
    return names


if __name__ == "__main__":
    import sys
    load(sys.argv[1])
    print("PKI in", sys.argv[1])
