#!/usr/bin/env bash
# Runs the eID chain tests (tests/eid/test_chain.py): a software Belgian eID
# card (tests/eid/softcard.py) behind the real pcscd + vsmartcard-vpcd, the
# eid-helper, a throwaway welfare server and headless Chromium, all started by
# the tests themselves (tests/eid/conftest.py). Called by scripts/test after
# `swift build`; WELFARE_BIN and EID_HELPER_BIN default to the debug binaries.
# Exits non-zero when pytest fails or collects no test (pytest exit 5).
# Extra arguments go to pytest (e.g. -k shell, -x). Runs as root (pcscd gets
# its own network namespace); only one pcscd can run on a machine, so nothing
# else using PC/SC may run at the same time.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"

# Debian's python: python3-pyscard and python3-cryptography are Debian packages.
PY=/usr/bin/python3
"$ROOT/scripts/lib/ensure-packages.sh" pcscd vsmartcard-vpcd util-linux chromium chromium-driver \
  python3-cryptography python3-pytest python3-selenium

export WELFARE_BIN="${WELFARE_BIN:-$ROOT/.build/debug/welfare}"
export EID_HELPER_BIN="${EID_HELPER_BIN:-$ROOT/.build/debug/eid-helper}"
for b in "$WELFARE_BIN" "$EID_HELPER_BIN"; do
  [ -x "$b" ] || { echo "eID tests: no binary at $b (build first, or set WELFARE_BIN / EID_HELPER_BIN)" >&2; exit 1; }
done
export WELFARE_ARTIFACTS="${WELFARE_ARTIFACTS:-/tmp/welfare-artifacts}"
export PYTHONDONTWRITEBYTECODE=1  # no __pycache__ in the source tree

# The tests stop what they start; if pytest itself dies, this does: the
# processes named in DIR/pids/ (helper, server, card holder) and pcscd.
EID_TEST_DIR=$(mktemp -d /tmp/welfare-eid-XXXXXX)
export EID_TEST_DIR
cleanup() {
  local f pid
  for f in "$EID_TEST_DIR"/pids/*.pid; do
    [ -e "$f" ] || continue
    pid=$(tr -dc 0-9 <"$f")
    [ -n "$pid" ] && kill "$pid" 2>/dev/null || true
  done
  "$ROOT/scripts/lib/pcsc.sh" stop "$EID_TEST_DIR" || true
  if [ -n "${WELFARE_KEEP_TMP:-}" ]; then
    echo "eID test folder kept: $EID_TEST_DIR (logs: pcscd.log, helper.log, server.log, card.log)"
  else
    rm -rf "$EID_TEST_DIR"
  fi
}
trap cleanup EXIT

. "$ROOT/scripts/lib/pytest-suite.sh"
run_suite "eID tests" "$PY" tests/eid "screenshots in $WELFARE_ARTIFACTS; rerun with WELFARE_KEEP_TMP=1 to keep the logs" "$@"
