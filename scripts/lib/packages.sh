# Debian packages, by purpose (sourced by scripts/run, scripts/test, scripts/bench).
BUILD_PACKAGES=(pkg-config libsqlite3-dev libpq-dev libcrypt-dev zlib1g-dev libpcsclite-dev)
# pcscd + vsmartcard-vpcd + a software card (tests/eid) stand in for a card reader.
TEST_PACKAGES=(postgresql chromium chromium-driver python3-venv pcscd vsmartcard-vpcd python3-pyscard python3-cryptography util-linux)
BENCH_PACKAGES=(wrk)
