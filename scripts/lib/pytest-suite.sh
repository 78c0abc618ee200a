# Sourced by the test runners: run_suite LABEL PYTHON DIR HINT [pytest args...]
# runs one pytest folder and fails when a test fails or none was collected
# (pytest exit 5), so that a runner can never pass without running tests.
run_suite() {
  local label=$1 py=$2 dir=$3 hint=$4 status
  shift 4
  set +e
  "$py" -m pytest -q -p no:cacheprovider "$dir" "$@"
  status=$?
  set -e
  if [ "$status" -eq 5 ]; then
    echo "$label FAILED: pytest collected no tests" >&2
    return 1
  fi
  if [ "$status" -ne 0 ]; then
    echo "$label FAILED (pytest exit $status); $hint" >&2
    return "$status"
  fi
}
