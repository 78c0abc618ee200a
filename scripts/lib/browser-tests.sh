#!/usr/bin/env bash
# Runs the browser tests (tests/browser) in headless Chromium against a
# throwaway server started by the tests themselves. Called by scripts/test
# after `swift build`; WELFARE_BIN defaults to the debug binary it builds.
# Exits non-zero when pytest fails or collects no test (pytest exit 5).
# Extra arguments go to pytest (e.g. -k keyboard, -x).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"

# axe-selenium-python bundles axe-core (axe.min.js) for the accessibility tests
if ! python3 -c "import selenium, pytest, axe_selenium_python" 2>/dev/null; then
  echo "installing selenium, pytest and axe-selenium-python"
  # Debian's python refuses pip outside a venv (PEP 668) unless told otherwise
  python3 -m pip install --quiet selenium pytest axe-selenium-python \
    || python3 -m pip install --quiet --break-system-packages selenium pytest axe-selenium-python
fi

for f in /usr/bin/chromium /usr/bin/chromedriver; do
  [ -x "$f" ] || { echo "browser tests: $f is missing (Debian packages chromium, chromium-driver)" >&2; exit 1; }
done

export WELFARE_BIN="${WELFARE_BIN:-$ROOT/.build/debug/welfare}"
[ -x "$WELFARE_BIN" ] || { echo "browser tests: no binary at $WELFARE_BIN (build first or set WELFARE_BIN)" >&2; exit 1; }
export WELFARE_ARTIFACTS="${WELFARE_ARTIFACTS:-/tmp/welfare-artifacts}"
export PYTHONDONTWRITEBYTECODE=1  # no __pycache__ in the source tree

. "$ROOT/scripts/lib/pytest-suite.sh"
run_suite "browser tests" python3 tests/browser "screenshots in $WELFARE_ARTIFACTS" "$@"
