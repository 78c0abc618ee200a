#!/usr/bin/env bash
# Starts a throwaway OpenLDAP server (slapd) on 127.0.0.1 in a temporary folder,
# loads tests/ldap/directory.ldif and prints one line on stdout:
#   DIR LDAP_URL LDAPS_URL CA_FILE
# `stop DIR` stops it and removes the folder. See tests/ldap/README.md.
# The ldap:// port also offers StartTLS; both use a test CA made here with openssl.
# Suffix dc=cpas,dc=example, rootdn cn=admin,dc=cpas,dc=example, password adminpw.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
LDIF=${WELFARE_LDAP_LDIF:-$ROOT/tests/ldap/directory.ldif}
SUFFIX=dc=cpas,dc=example
ROOTDN=cn=admin,$SUFFIX
SERVICE=cn=welfare,ou=services,$SUFFIX

write_config() { # DIR
  local dir=$1
  # Just enough of Active Directory's user attributes, with AD's OIDs; the class is ours.
  cat >"$dir/ad-like.schema" <<'EOF'
attributetype ( 1.2.840.113556.1.4.221 NAME 'sAMAccountName'
  EQUALITY caseIgnoreMatch SUBSTR caseIgnoreSubstringsMatch
  SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 SINGLE-VALUE )
attributetype ( 1.2.840.113556.1.4.8 NAME 'userAccountControl'
  EQUALITY integerMatch
  SYNTAX 1.3.6.1.4.1.1466.115.121.1.27 SINGLE-VALUE )
objectclass ( 1.3.6.1.4.1.99999.1.1 NAME 'welfareADUser'
  DESC 'test only: the Active Directory user attributes Lino Welfare reads'
  SUP top AUXILIARY MAY ( sAMAccountName $ userAccountControl ) )
EOF
  cat >"$dir/slapd.conf" <<EOF
include /etc/ldap/schema/core.schema
include /etc/ldap/schema/cosine.schema
include /etc/ldap/schema/inetorgperson.schema
include /etc/ldap/schema/nis.schema
include $dir/ad-like.schema

modulepath /usr/lib/ldap
moduleload back_mdb
moduleload memberof

pidfile $dir/slapd.pid
argsfile $dir/slapd.args

TLSCACertificateFile $dir/ca.pem
TLSCertificateFile $dir/server.pem
TLSCertificateKeyFile $dir/server.key

# The root DSE and the schema stay readable (clients look up StartTLS support there).
access to dn.base="" by * read
access to dn.base="cn=Subschema" by * read

database mdb
suffix "$SUFFIX"
rootdn "$ROOTDN"
rootpw adminpw
directory $dir/db
maxsize 67108864
dbnosync
index objectClass eq
index uid,sAMAccountName,cn,mail eq
index member eq

# memberOf on the users like Active Directory (only for changes made through slapd).
overlay memberof
memberof-refint TRUE

# Passwords serve only to bind; nobody (not even the service account) reads them.
access to attrs=userPassword
  by anonymous auth
  by * none
access to *
  by dn.exact="$SERVICE" read
  by self read
  by anonymous auth
  by * none
EOF
}

make_certs() { # DIR
  local dir=$1
  openssl req -x509 -newkey rsa:2048 -nodes -days 7 -subj "/CN=Welfare Test CA" \
    -keyout "$dir/ca.key" -out "$dir/ca.pem" \
    -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign
  openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" \
    -keyout "$dir/server.key" -out "$dir/server.csr"
  printf '%s\n' 'basicConstraints=critical,CA:FALSE' 'keyUsage=critical,digitalSignature,keyEncipherment' \
    'extendedKeyUsage=serverAuth' 'subjectAltName=IP:127.0.0.1,DNS:localhost' >"$dir/server.ext"
  openssl x509 -req -days 7 -in "$dir/server.csr" -CA "$dir/ca.pem" -CAkey "$dir/ca.key" \
    -CAcreateserial -extfile "$dir/server.ext" -out "$dir/server.pem"
  chmod 600 "$dir/ca.key" "$dir/server.key"
}

kill_slapd() { # DIR
  local dir=$1 pid
  pid=$(cat "$dir/slapd.pid" 2>/dev/null || cat "$dir/launch.pid" 2>/dev/null || true)
  [ -n "$pid" ] || return 0
  kill "$pid" 2>/dev/null || return 0
  for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.05; done
  kill -9 "$pid" 2>/dev/null || true
}

# Starts slapd on two fresh ports; returns 1 (slapd gone) or 2 (no answer in ~10 s).
launch() { # DIR P1 P2
  local dir=$1 ldap=ldap://127.0.0.1:$2 ldaps=ldaps://127.0.0.1:$3 pid
  rm -f "$dir/slapd.pid"
  # Foreground (-d) so the log lands in DIR; no inherited stdout, so `$(... start)` returns.
  slapd -f "$dir/slapd.conf" -h "$ldap/ $ldaps/" -d stats </dev/null >>"$dir/slapd.log" 2>&1 &
  pid=$!
  echo "$pid" >"$dir/launch.pid"
  local deadline=$(($(date +%s%N) + 10000000000))
  while [ "$(date +%s%N)" -lt $deadline ]; do
    kill -0 "$pid" 2>/dev/null || return 1
    if ldapwhoami -x -H "$ldap" -o nettimeout=1 >/dev/null 2>&1; then return 0; fi
    sleep 0.05
  done
  return 2
}

case "${1:-}" in
  start)
    dir=$(mktemp -d /tmp/welfare-slapd.XXXXXX)
    fail() { # clean up first, then report (so a closed stderr cannot leave slapd behind)
      local log
      log=$(tail -n 60 "$dir/slapd.log" 2>/dev/null || true)
      kill_slapd "$dir"; rm -rf "$dir"
      printf 'slapd.sh: %s\n--- slapd.log (last 60 lines)\n%s\n' "$*" "$log" >&2
      exit 1
    }
    mkdir "$dir/db"
    make_certs "$dir" >"$dir/openssl.log" 2>&1 || { cat "$dir/openssl.log" >&2; fail "openssl failed"; }
    write_config "$dir"
    slaptest -u -f "$dir/slapd.conf" >>"$dir/slapd.log" 2>&1 || fail "slapd.conf does not pass slaptest"
    started= why=
    for attempt in 1 2 3; do # a port picked here may be taken by someone else before slapd binds it
      read -r p1 p2 < <(python3 -c 'import socket
ss=[socket.socket() for _ in range(2)]
for s in ss: s.bind(("127.0.0.1",0))
print(*(s.getsockname()[1] for s in ss))')
      echo "--- attempt $attempt on ports $p1 $p2" >>"$dir/slapd.log"
      rc=0; launch "$dir" "$p1" "$p2" || rc=$?
      if [ $rc = 0 ]; then started=1; break; fi
      [ $rc = 1 ] && why="slapd exited" || why="slapd did not answer within 10 s"
      kill_slapd "$dir"
      [ $rc = 1 ] && grep -q 'errno=98' "$dir/slapd.log" || break # retry only "address in use"
    done
    [ -n "$started" ] || fail "$why (127.0.0.1:$p1/$p2)"
    ldapadd -x -H "ldap://127.0.0.1:$p1" -D "$ROOTDN" -w adminpw -f "$LDIF" >"$dir/ldapadd.log" 2>&1 \
      || { cat "$dir/ldapadd.log" >&2; fail "loading $LDIF failed"; }
    echo "$dir ldap://127.0.0.1:$p1 ldaps://127.0.0.1:$p2 $dir/ca.pem"
    ;;
  stop)
    dir=${2:?usage: $0 stop DIR}
    [ -d "$dir" ] || exit 0
    [ -f "$dir/slapd.conf" ] || { echo "slapd.sh: $dir is not a slapd.sh folder" >&2; exit 1; }
    kill_slapd "$dir"
    rm -rf "$dir"
    ;;
  *) echo "usage: $0 start | stop DIR" >&2; exit 2 ;;
esac
