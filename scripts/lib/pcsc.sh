#!/usr/bin/env bash
# Starts pcscd with a vsmartcard-vpcd reader for the software eID card
# (tests/eid/softcard.py), and stops it.
#   pcsc.sh start DIR [--no-reader]   pid in DIR/pcscd.pid, log in DIR/pcscd.log
#   pcsc.sh stop DIR
# --no-reader: pcscd with an empty reader list (clients get "no readers
# available"), for testing what a PC without a card reader shows.
# Packages: pcscd vsmartcard-vpcd (+ libpcsclite-dev for Swift, python3-pyscard
# and python3-cryptography for the checks). Clients use pcscd's usual socket
# /run/pcscd/pcscd.comm; the reader is "Virtual PCD 00 00" ("... 00 01" stays
# empty).
#
# Why a network namespace: vpcd listens for the card on 0.0.0.0:35963, and
# its "reversed" mode (DEVICENAME host:port, vpcd connects to a listening
# card) aborts pcscd in Debian 12's vpcd 3.3 as soon as the card goes away.
# So pcscd runs in a private network namespace (unshare --net) whose only
# interface is its own loopback: nothing listens on the machine's network.
# The Unix socket is a file, so clients outside the namespace still reach
# pcscd; cards join the namespace with `softcard.py --netns DIR/pcscd.pid`.
# Without the right to unshare (not root), pcscd runs in the machine's
# namespace and vpcd listens on 0.0.0.0:35963 (a warning says so).
set -euo pipefail
RUN=/run/pcscd                      # fixed in Debian's pcscd 1.9.9
VPCD_LIB=/usr/lib/pcsc/drivers/serial/libifdvpcd.so

alive() { [ -e "/proc/$1" ] && ! grep -q '^State:.*Z' "/proc/$1/status" 2>/dev/null; }
is_pcscd() { [ -n "$1" ] && alive "$1" && [ "$(cat "/proc/$1/comm" 2>/dev/null)" = pcscd ]; }

stop_pid() { # TERM, then KILL after 5 s; returns when the process is gone
  local pid=$1 i
  kill "$pid" 2>/dev/null || true
  for i in $(seq 50); do alive "$pid" || return 0; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null || true
  for i in $(seq 50); do alive "$pid" || return 0; sleep 0.1; done
}

case "${1:-}" in
  start)
    [ $# -eq 2 ] || { [ $# -eq 3 ] && [ "$3" = --no-reader ]; } \
      || { echo "usage: $0 start DIR [--no-reader]" >&2; exit 2; }
    dir=$(realpath -m "$2"); mkdir -p "$dir"
    no_reader=${3:-}
    # A pcscd from an earlier run (of this DIR, or the one /run/pcscd names)
    # holds the socket: stop it. Only one pcscd can run on a machine.
    for f in "$dir/pcscd.pid" "$RUN/pcscd.pid"; do
      pid=$(tr -dc 0-9 2>/dev/null <"$f" || true)  # pcscd's file ends in a NUL
      if is_pcscd "$pid"; then stop_pid "$pid"; fi
    done
    # A crashed pcscd leaves its pid file and socket behind.
    rm -f "$dir/pcscd.pid" "$RUN/pcscd.pid" "$RUN/pcscd.comm"
    # Our own reader list instead of /etc/reader.conf.d: one vpcd (two slots).
    if [ -n "$no_reader" ]; then
      echo "# no reader (pcsc.sh start --no-reader)" >"$dir/reader.conf"
    else
      cat >"$dir/reader.conf" <<EOF
FRIENDLYNAME "Virtual PCD"
DEVICENAME   /dev/null:0x8C7B
LIBPATH      $VPCD_LIB
CHANNELID    0x8C7B
EOF
    fi
    cmd=(pcscd --foreground --apdu --debug --config "$dir/reader.conf")
    if unshare --net true 2>/dev/null; then
      # A new namespace has its loopback down: bring it up (SIOCSIFFLAGS with
      # IFF_UP|IFF_LOOPBACK|IFF_RUNNING, as `ip link set lo up` would), then
      # exec pcscd, so the pid of unshare is pcscd's.
      unshare --net sh -c 'python3 -c "import fcntl, socket, struct
fcntl.ioctl(socket.socket(), 0x8914, struct.pack(\"16sH22x\", b\"lo\", 0x49))" && exec "$@"' \
        sh "${cmd[@]}" >"$dir/pcscd.log" 2>&1 &
    else
      echo "pcsc.sh: no network namespace (not root?): vpcd listens on 0.0.0.0:35963" >&2
      "${cmd[@]}" >"$dir/pcscd.log" 2>&1 &
    fi
    pid=$!
    echo "$pid" >"$dir/pcscd.pid"
    # Ready when the socket exists: pcscd creates it after loading reader.conf.
    for i in $(seq 100); do
      [ -S "$RUN/pcscd.comm" ] && is_pcscd "$pid" && break
      if ! alive "$pid"; then
        echo "pcsc.sh: pcscd exited; last lines of $dir/pcscd.log:" >&2
        tail -n 20 "$dir/pcscd.log" >&2; exit 1
      fi
      sleep 0.1
    done
    [ -S "$RUN/pcscd.comm" ] || { echo "pcsc.sh: pcscd not ready after 10 s" >&2; exit 1; }
    if [ -n "$no_reader" ]; then
      echo "pcscd $pid ready: no reader, log $dir/pcscd.log"
    else
      echo "pcscd $pid ready: reader \"Virtual PCD 00 00\", log $dir/pcscd.log"
    fi
    ;;
  stop)
    [ $# -eq 2 ] || { echo "usage: $0 stop DIR" >&2; exit 2; }
    pid=$(tr -dc 0-9 2>/dev/null <"$2/pcscd.pid" || true)
    if is_pcscd "$pid"; then stop_pid "$pid"; fi
    rm -f "$2/pcscd.pid"
    ;;
  *) echo "usage: $0 start DIR [--no-reader] | stop DIR" >&2; exit 2 ;;
esac
