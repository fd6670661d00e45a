#!/bin/sh
# Drives `atende erpsim` and `atende chat` as cli-contract.md specifies: the listening line, --jsonl replies with a
# turn_end after every input line, --store keeping state between runs, an unreachable ERP never failing the run.
A="$1"
DATA="$2"
failures=0
work=$(mktemp -d)
sim_pid=""
cleanup() {
  [ -n "$sim_pid" ] && kill "$sim_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
fail() {
  echo "FAIL: $*"
  failures=$((failures + 1))
}

"$A" erpsim --flavor ixc --data "$DATA" --token sim-token --events "$work/events.jsonl" >"$work/sim.out" &
sim_pid=$!
i=0
while [ $i -lt 50 ] && ! grep -q "^listening on http://127.0.0.1:" "$work/sim.out"; do
  sleep 0.1
  i=$((i + 1))
done
url=$(sed -n 's/^listening on //p' "$work/sim.out")
[ -n "$url" ] || { echo "FAIL: erpsim printed no listening line"; exit 1; }
[ "$(wc -l <"$work/sim.out")" -eq 1 ] || fail "erpsim printed more than the listening line"

chat() {
  "$A" chat --erp ixc --erp-url "$url" --erp-token sim-token --phone +5519987654321 --today 2026-11-22 --jsonl "$@"
}

# Every input line ends with a turn_end, and the codes appear verbatim in texts.
printf 'manda a segunda via\n529.982.247-25\n/button Sim\n/wait 2h\n' | chat >"$work/out.jsonl"
[ $? -eq 0 ] || fail "chat exited non-zero"
[ "$(grep -c '^{"type":"turn_end"}$' "$work/out.jsonl")" -eq 4 ] || fail "expected 4 turn_end lines"
grep -qF '"text":"34191234050000000100800000567891816260000009990"' "$work/out.jsonl" || fail "linha not sent verbatim"
grep -qF '"type":"document","filename":"boleto-100.pdf","mime":"application/pdf"' "$work/out.jsonl" ||
  fail "no PDF document reply"
grep -qF 'Liberei sua internet' "$work/out.jsonl" || fail "the unlock was not granted"
grep -q '"kind":"trust_unlock"' "$work/events.jsonl" || fail "the simulator recorded no trust_unlock event"

# --store: the identification survives between runs; without it, every run starts fresh.
printf 'segunda via\n' | chat --store "$work/state.db" >/dev/null
printf '529.982.247-25\n' | chat --store "$work/state.db" >"$work/stored.jsonl"
grep -qF 'Obrigado, Maria' "$work/stored.jsonl" || fail "--store did not keep the conversation"
printf '529.982.247-25\n' | chat >"$work/fresh.jsonl"
grep -qF 'Obrigado, Maria' "$work/fresh.jsonl" || fail "a document alone should identify in a fresh run too"

# Falar com atendente before any identification: a handoff object.
printf 'quero falar com um atendente\n' | chat >"$work/handoff.jsonl"
grep -q '^{"type":"handoff","reason":' "$work/handoff.jsonl" || fail "no handoff object"

# An ERP that does not answer: apology, handoff, exit 0.
printf 'segunda via\n529.982.247-25\n' |
  "$A" chat --erp sgp --erp-url http://127.0.0.1:9 --phone +5519987654321 --jsonl >"$work/down.jsonl"
[ $? -eq 0 ] || fail "chat exited non-zero with the ERP down"
grep -q '"type":"handoff"' "$work/down.jsonl" || fail "no handoff with the ERP down"

# Bad usage: non-zero and one line on stderr.
"$A" chat --phone +5519987654321 </dev/null >/dev/null 2>"$work/err"
[ $? -ne 0 ] && [ "$(wc -l <"$work/err")" -eq 1 ] || fail "missing --erp should fail with one line"
"$A" chat --erp ixc --erp-url "$url" --phone 123 </dev/null >/dev/null 2>"$work/err"
[ $? -ne 0 ] || fail "a bad --phone should fail"

kill "$sim_pid"
wait "$sim_pid"
[ $? -eq 0 ] || fail "erpsim did not exit 0 on SIGTERM"
sim_pid=""

# Voalle and HubSoft through their OAuth token calls, with nothing but --erp-token (cli-contract.md).
for flavor in voalle hubsoft; do
  "$A" erpsim --flavor "$flavor" --data "$DATA" --token sim-token >"$work/$flavor.out" &
  sim_pid=$!
  i=0
  while [ $i -lt 50 ] && ! grep -q "^listening on http://127.0.0.1:" "$work/$flavor.out"; do
    sleep 0.1
    i=$((i + 1))
  done
  url=$(sed -n 's/^listening on //p' "$work/$flavor.out")
  printf 'manda a segunda via\n529.982.247-25\n' |
    "$A" chat --erp "$flavor" --erp-url "$url" --erp-token sim-token --phone +5519987654321 \
      --today 2026-11-22 --jsonl >"$work/$flavor.jsonl"
  grep -qF '"text":"34191234050000000100800000567891816260000009990"' "$work/$flavor.jsonl" ||
    fail "$flavor: linha not sent"
  printf '529.982.247-25\n' |
    "$A" chat --erp "$flavor" --erp-url "$url" --erp-token wrong --phone +5519987654321 \
      --today 2026-11-22 --jsonl >"$work/$flavor-wrong.jsonl"
  [ $? -eq 0 ] || fail "$flavor: chat exited non-zero on a refused credential"
  grep -q '"type":"handoff"' "$work/$flavor-wrong.jsonl" || fail "$flavor: no handoff on a refused credential"
  kill "$sim_pid"
  wait "$sim_pid"
  sim_pid=""
done

if [ $failures -eq 0 ]; then echo "chat_cli: all checks passed"; fi
exit $failures
