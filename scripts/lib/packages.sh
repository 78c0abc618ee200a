# Debian packages, by purpose (sourced by scripts/run, scripts/test, scripts/bench).
BUILD_PACKAGES=(pkg-config libsqlite3-dev libpq-dev libcrypt-dev zlib1g-dev)
TEST_PACKAGES=(postgresql chromium chromium-driver python3-venv)
BENCH_PACKAGES=(wrk)
