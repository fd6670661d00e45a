#!/usr/bin/env bash
# Usage: erpsim_cli_test.sh ATENDE GOLDEN.json DEMO.json
set -euo pipefail
atende="$1"; golden="$2"; demo="$3"
tmp="$(mktemp -d)"
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

# A bad dataset is refused, naming the record and the field.
sed 's/"52998224725"/"52998224726"/' "$golden" > "$tmp/bad.json"
if "$atende" erpsim --flavor ixc --data "$tmp/bad.json" >"$tmp/bad.out" 2>"$tmp/bad.err"; then
  fail "bad dataset accepted"
fi
grep -q 'customers\[0\].document' "$tmp/bad.err" || fail "error does not name the field: $(cat "$tmp/bad.err")"
[ ! -s "$tmp/bad.out" ] || fail "printed on stdout for a bad dataset"

# The bundled demo dataset loads.
"$atende" erpsim --flavor sgp --data "$demo" --write-data "$tmp/demo-copy.json" || fail "demo dataset refused"

# Serve, read the one line, talk to it, stop it with SIGTERM.
"$atende" erpsim --flavor ixc --data "$golden" --events "$tmp/events.jsonl" >"$tmp/out" 2>"$tmp/err" &
pid=$!
for _ in $(seq 1 100); do [ -s "$tmp/out" ] && break; sleep 0.05; done
line="$(cat "$tmp/out")"
[[ "$line" =~ ^listening\ on\ http://127\.0\.0\.1:([0-9]+)$ ]] || fail "unexpected first line: '$line'"
port="${BASH_REMATCH[1]}"
[ "$(wc -l <"$tmp/out")" -eq 1 ] || fail "more than one line on stdout"

body='{"id":"10"}'
auth="$(printf '1:sim-token' | base64)"
exec 3<>"/dev/tcp/127.0.0.1/$port"
printf 'POST /webservice/v1/desbloqueio_confianca HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Basic %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s' \
  "$auth" "${#body}" "$body" >&3
reply="$(cat <&3)"
exec 3<&-
grep -q '"tipo":"sucesso"' <<<"$reply" || fail "unexpected reply: $reply"
grep -q '"kind":"trust_unlock"' "$tmp/events.jsonl" || fail "event not written"

kill -TERM "$pid"
status=0
wait "$pid" || status=$?
pid=""
[ "$status" -eq 0 ] || fail "exit status $status after SIGTERM"

# One HTTP/1.1 request over bash's /dev/tcp: prints the whole answer (status line, headers, body).
request() { # PORT METHOD PATH CONTENT-TYPE BODY
  exec 3<>"/dev/tcp/127.0.0.1/$1"
  printf '%s %s HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: %s\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s' \
    "$2" "$3" "$4" "${#5}" "$5" >&3
  cat <&3
  exec 3<&-
}
serve() { # FLAVOR: starts it on the golden dataset, sets $port
  "$atende" erpsim --flavor "$1" --data "$golden" >"$tmp/$1.out" 2>"$tmp/$1.err" &
  pid=$!
  for _ in $(seq 1 100); do [ -s "$tmp/$1.out" ] && break; sleep 0.05; done
  line="$(cat "$tmp/$1.out")"
  [[ "$line" =~ ^listening\ on\ http://127\.0\.0\.1:([0-9]+)$ ]] || fail "$1: unexpected first line: '$line'"
  port="${BASH_REMATCH[1]}"
}
stop() {
  kill -TERM "$pid"; status=0; wait "$pid" || status=$?; pid=""
  [ "$status" -eq 0 ] || fail "exit status $status after SIGTERM"
}

# Voalle: a wrong client secret gets IdentityServer's 400 invalid_client; the right one a token.
serve voalle
reply="$(request "$port" POST /connect/token application/x-www-form-urlencoded \
  'grant_type=client_credentials&scope=syngw&client_id=x&client_secret=wrong&syndata=s')"
grep -q '^HTTP/1.1 400' <<<"$reply" || fail "voalle: wrong secret not a 400: $reply"
grep -q '"error":"invalid_client"' <<<"$reply" || fail "voalle: no invalid_client: $reply"
reply="$(request "$port" POST /connect/token application/x-www-form-urlencoded \
  'grant_type=client_credentials&scope=syngw&client_id=x&client_secret=sim-token&syndata=s')"
grep -q '"expires_in":3600' <<<"$reply" || fail "voalle: no token: $reply"
stop

# HubSoft: a wrong client secret gets its 401 invalid_credentials; the right one a 30-day token.
serve hubsoft
reply="$(request "$port" POST /oauth/token application/json \
  '{"grant_type":"password","client_id":"3","client_secret":"wrong","username":"a@b.c","password":"p"}')"
grep -q '^HTTP/1.1 401' <<<"$reply" || fail "hubsoft: wrong secret not a 401: $reply"
grep -q '"error":"invalid_credentials"' <<<"$reply" || fail "hubsoft: no invalid_credentials: $reply"
reply="$(request "$port" POST /oauth/token application/json \
  '{"grant_type":"password","client_id":"3","client_secret":"sim-token","username":"a@b.c","password":"p"}')"
grep -q '"expires_in":2592000' <<<"$reply" || fail "hubsoft: no token: $reply"
stop
echo "erpsim_cli: ok"
