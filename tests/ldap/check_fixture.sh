#!/usr/bin/env bash
# Checks the throwaway OpenLDAP fixture (scripts/lib/slapd.sh) with the OpenLDAP
# command-line tools: TLS, the service account's view, binds, the AD-like
# attributes, filter escaping, anonymous access; then that stop cleans up.
set -uo pipefail
cd "$(dirname "$0")/../.."
SLAPD=scripts/lib/slapd.sh
BASE=dc=cpas,dc=example
SVC=cn=welfare,ou=services,$BASE
ADELE=uid=adele,ou=staff,$BASE
passed=0 failed=0

pass() { passed=$((passed + 1)); echo "ok   $1"; }
fail() { failed=$((failed + 1)); echo "FAIL $1"; [ -n "${2:-}" ] && printf '%s\n' "$2" | sed 's/^/     | /'; }
# expect NAME GOT WANT: GOT must contain the line WANT
expect() { if grep -qxF -- "$3" <<<"$2"; then pass "$1"; else fail "$1" "$2"; fi; }
# expect_not NAME GOT UNWANTED: GOT must not contain UNWANTED anywhere
expect_not() { if grep -qF -- "$3" <<<"$2"; then fail "$1" "$2"; else pass "$1"; fi; }

t0=$(date +%s.%N)
if ! line=$($SLAPD start); then echo "FAIL slapd.sh start"; echo "0 passed, 1 failed"; exit 1; fi
t1=$(date +%s.%N)
read -r DIR LDAP LDAPS CA <<<"$line"
trap '[ -d "$DIR" ] && $SLAPD stop "$DIR"' EXIT
echo "started in $(python3 -c "print(round($t1-$t0,2))") s: $line"
export LDAPTLS_CACERT=$CA LDAPTLS_REQCERT=demand
P1=${LDAP##*:} P2=${LDAPS##*:}

# --- the start line
[ "$(wc -w <<<"$line")" = 4 ] && [ -d "$DIR" ] && [ -s "$CA" ] && [[ $LDAP == ldap://127.0.0.1:* ]] && [[ $LDAPS == ldaps://127.0.0.1:* ]] \
  && pass "start prints DIR LDAP_URL LDAPS_URL CA_FILE" || fail "start prints DIR LDAP_URL LDAPS_URL CA_FILE" "$line"
listen=$(ss -Hltn "( sport = :$P1 or sport = :$P2 )" | awk '{print $4}' | sort)
[ "$listen" = "$(printf '127.0.0.1:%s\n' "$P1" "$P2" | sort)" ] && pass "listens on 127.0.0.1 only" || fail "listens on 127.0.0.1 only" "$listen"

# --- TLS with the test CA, and only with it
expect "StartTLS (-ZZ) with the test CA" "$(ldapwhoami -ZZ -x -H "$LDAP" -D "$SVC" -w service-secret 2>&1)" "dn:$SVC"
expect "LDAPS with the test CA" "$(ldapwhoami -x -H "$LDAPS" -D "$SVC" -w service-secret 2>&1)" "dn:$SVC"
LDAPTLS_CACERT=/etc/ssl/certs/ca-certificates.crt ldapwhoami -x -H "$LDAPS" >/dev/null 2>&1 \
  && fail "LDAPS without the test CA is refused" || pass "LDAPS without the test CA is refused"
LDAPTLS_CACERT=/etc/ssl/certs/ca-certificates.crt ldapwhoami -ZZ -x -H "$LDAP" >/dev/null 2>&1 \
  && fail "StartTLS without the test CA is refused" || pass "StartTLS without the test CA is refused"

# --- what the service account sees (AD style: sAMAccountName + memberOf)
svc() { ldapsearch -LLL -o ldif-wrap=no -x -H "$LDAP" -D "$SVC" -w service-secret -b "$BASE" "$@" 2>&1; }
out=$(svc '(&(objectClass=person)(sAMAccountName=adele))' memberOf userAccountControl mail preferredLanguage)
expect "service finds (sAMAccountName=adele)" "$out" "dn: $ADELE"
expect "adele memberOf integration" "$out" "memberOf: cn=integration,ou=groups,$BASE"
expect "adele userAccountControl 512" "$out" "userAccountControl: 512"
expect "adele preferredLanguage fr" "$out" "preferredLanguage: fr"
expect "adele cn is UTF-8 (base64 in LDIF)" "$(svc '(uid=adele)' cn)" "cn:: QWTDqGxlIExhbWJlcnQ="
out=$(svc '(uid=adele)')
expect "memberOf is operational: '*' returns adele..." "$out" "dn: $ADELE"
expect_not "... but no memberOf" "$out" "memberOf:"
expect "service finds (uid=adele) (OpenLDAP style)" "$(svc '(uid=adele)' dn)" "dn: $ADELE"
out=$(svc '(&(objectClass=groupOfNames)(member=uid=carla,ou=staff,dc=cpas,dc=example))' cn)
expect "group search on member: carla in integration" "$out" "cn: integration"
expect "group search on member: carla in admins" "$out" "cn: admins"
out=$(svc '(uid=carla)' memberOf)
expect "carla memberOf admins" "$out" "memberOf: cn=admins,ou=groups,$BASE"
expect "carla memberOf integration" "$out" "memberOf: cn=integration,ou=groups,$BASE"
out=$(svc '(uid=erik)' memberOf)
expect "erik memberOf canteen only" "$(grep -c '^memberOf:' <<<"$out")/$(grep '^memberOf:' <<<"$out")" "1/memberOf: cn=canteen,ou=groups,$BASE"
out=$(svc '(uid=fiona)' preferredLanguage memberOf)
expect "fiona memberOf reception" "$out" "memberOf: cn=reception,ou=groups,$BASE"
expect_not "fiona has no preferredLanguage" "$out" "preferredLanguage:"
expect "dieter userAccountControl 514" "$(svc '(sAMAccountName=dieter)' userAccountControl)" "userAccountControl: 514"
out=$(svc '(&(objectClass=person)(userAccountControl:1.2.840.113556.1.4.803:=2))' dn)
[ "$out" = "dn: uid=dieter,ou=staff,$BASE" ] && pass "AD bitwise filter (ACCOUNTDISABLE) finds only dieter" || fail "AD bitwise filter (ACCOUNTDISABLE) finds only dieter" "$out"
expect "sAMAccountName matches case-insensitively" "$(svc '(sAMAccountName=ADELE)' dn)" "dn: $ADELE"
out=$(svc '(uid=adele)' userPassword)
expect "service asks adele's userPassword..." "$out" "dn: $ADELE"
expect_not "... and does not get it" "$out" "userPassword"

# --- the user with filter metacharacters
out=$(svc '(uid=star\2a\28x)' dn)
[ "$out" = "dn: cn=Star User,ou=staff,$BASE" ] && pass "star*(x found with (uid=star\\2a\\28x)" || fail "star*(x found with (uid=star\\2a\\28x)" "$out"
out=$(svc '(sAMAccountName=star\2a\28x)' dn memberOf)
expect "star*(x found with (sAMAccountName=star\\2a\\28x)" "$out" "dn: cn=Star User,ou=staff,$BASE"
expect "star*(x memberOf integration" "$out" "memberOf: cn=integration,ou=groups,$BASE"
expect "star*(x binds with star-pw" "$(ldapwhoami -x -H "$LDAP" -D "cn=Star User,ou=staff,$BASE" -w star-pw 2>&1)" "dn:cn=Star User,ou=staff,$BASE"

# --- binds
expect "adele binds with adele-pw" "$(ldapwhoami -x -H "$LDAP" -D "$ADELE" -w adele-pw 2>&1)" "dn:$ADELE"
ldapwhoami -x -H "$LDAP" -D "$ADELE" -w wrong-pw >/dev/null 2>&1; rc=$?
[ $rc = 49 ] && pass "adele with a wrong password: invalidCredentials (49)" || fail "adele with a wrong password: invalidCredentials (49)" "rc=$rc"
out=$(ldapwhoami -x -H "$LDAP" -D "$ADELE" -w '' 2>&1); rc=$?
[ $rc != 0 ] || [ "$out" = anonymous ] && pass "adele with an empty password gets no rights (rc=$rc)" || fail "adele with an empty password gets no rights" "$out"
out=$(ldapsearch -LLL -x -H "$LDAP" -D "$ADELE" -w adele-pw -b "$ADELE" -s base '*' memberOf 2>&1)
expect "adele reads herself" "$out" "memberOf: cn=integration,ou=groups,$BASE"
expect_not "adele does not read userPassword" "$out" "userPassword"
out=$(ldapsearch -LLL -x -H "$LDAP" -D "$ADELE" -w adele-pw -b ou=staff,$BASE '(uid=bruno)' dn 2>&1)
expect_not "adele does not read bruno" "$out" "dn: uid=bruno"

# --- anonymous
out=$(ldapsearch -LLL -x -H "$LDAP" -b "$BASE" '(objectClass=*)' dn 2>&1); rc=$?
[ $rc != 0 ] && ! grep -q '^dn:' <<<"$out" && pass "anonymous search returns nothing (rc=$rc)" || fail "anonymous search returns nothing" "$out"
out=$(ldapsearch -LLL -x -H "$LDAP" -b ou=staff,$BASE '(uid=adele)' dn 2>&1)
expect_not "anonymous search under ou=staff returns nothing" "$out" "dn:"
expect "anonymous reads the root DSE (StartTLS advertised)" \
  "$(ldapsearch -LLL -x -H "$LDAP" -b '' -s base supportedExtension 2>&1)" "supportedExtension: 1.3.6.1.4.1.1466.20037"

# --- stop
$SLAPD stop "$DIR"
[ ! -e "$DIR" ] && pass "stop removes $DIR" || fail "stop removes $DIR"
ldapwhoami -x -H "$LDAP" -o nettimeout=1 >/dev/null 2>&1 && fail "port $P1 closed after stop" || pass "port $P1 closed after stop"
[ -z "$(ss -Hltn "( sport = :$P1 or sport = :$P2 )")" ] && pass "nothing listens on $P1/$P2 after stop" || fail "nothing listens on $P1/$P2 after stop"

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
