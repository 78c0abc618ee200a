# Debian packages, by purpose (sourced by scripts/run, scripts/test, scripts/bench).
BUILD_PACKAGES=(pkg-config libsqlite3-dev libpq-dev libcrypt-dev zlib1g-dev libpcsclite-dev libldap-dev)
# slapd + ldap-utils + openssl: a throwaway directory for the LDAP login tests (tests/ldap).
# pcscd + vsmartcard-vpcd + a software card (tests/eid) stand in for a card reader;
# the eID tests run on Debian's /usr/bin/python3 with these, hence python3-pytest/-selenium.
TEST_PACKAGES=(postgresql chromium chromium-driver python3-venv pcscd vsmartcard-vpcd python3-pyscard python3-cryptography util-linux
  python3-pytest python3-selenium slapd ldap-utils openssl)
BENCH_PACKAGES=(wrk)
