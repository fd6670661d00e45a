#!/usr/bin/env bash
# End-to-end test of `atende docs boleto|contract`: run from the repository root with the atende binary as $1.
set -uo pipefail
atende="$1"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

# expect CODE STDERR_PREFIX -- command...: exit code and a single stderr line starting with the prefix.
expect() {
  local code="$1" prefix="$2"
  shift 3
  "$@" >"$work/out" 2>"$work/err"
  local got=$?
  [ "$got" -eq "$code" ] || fail "$* exited $got, expected $code: $(cat "$work/err")"
  if [ -n "$prefix" ]; then
    [ "$(wc -l <"$work/err")" -eq 1 ] || fail "$*: expected one stderr line, got: $(cat "$work/err")"
    grep -q "^$prefix" "$work/err" || fail "$*: stderr '$(cat "$work/err")' lacks '$prefix'"
  fi
}

# Boleto from the example invoice (codes built from the free field): a PDF whose barcode reads back.
expect 0 "" -- "$atende" docs boleto --invoice-json src/docs/examples/invoice.json -o "$work/b.pdf"
head -c 5 "$work/b.pdf" | grep -q '%PDF-' || fail "boleto output is not a PDF"
if command -v zbarimg >/dev/null && command -v pdftoppm >/dev/null; then
  pdftoppm -r 300 -png -singlefile "$work/b.pdf" "$work/b"
  zbarimg --raw -q -Si25.enable "$work/b.png" 2>/dev/null | grep -qx '34198162600000099901234000000001000000056789' ||
    fail "barcode did not read back"
fi
# '-o -' writes the PDF to stdout.
"$atende" docs boleto --invoice-json src/docs/examples/invoice.json -o - >"$work/stdout.pdf" ||
  fail "boleto to stdout exited non-zero"
cmp -s "$work/stdout.pdf" "$work/b.pdf" || fail "boleto to stdout differs from the file output"

# Bad inputs: exit 1, one line naming the problem.
echo '{"bank": {"code": "341"}}' >"$work/bad.json"
expect 1 "atende docs boleto: missing field bank.name" -- \
  "$atende" docs boleto --invoice-json "$work/bad.json" -o "$work/x.pdf"
expect 1 "atende docs boleto: cannot read" -- \
  "$atende" docs boleto --invoice-json "$work/none.json" -o "$work/x.pdf"
sed 's/"amount": "99.90"/"amount": "99.90", "linha_digitavel": "34191234050000000100800000567891816260000009991"/' \
  src/docs/examples/invoice.json >"$work/wrong_linha.json"
expect 1 "atende docs boleto: boleto code:" -- \
  "$atende" docs boleto --invoice-json "$work/wrong_linha.json" -o "$work/x.pdf"
[ -e "$work/x.pdf" ] && fail "a refused boleto still wrote a file"
expect 2 "" -- "$atende" docs boleto -o "$work/x.pdf"

# Contract from the shipped template: the printed hash is the SHA-256 of the filled text.
expect 0 "" -- "$atende" docs contract --template data/contracts/default.txt \
  --data-json data/contracts/default.example.json -o "$work/c.pdf"
grep -Eq '^sha256 [0-9a-f]{64}  pages [0-9]+$' "$work/out" || fail "contract summary: $(cat "$work/out")"
if command -v pdftotext >/dev/null; then
  hash="$(cut -d' ' -f2 "$work/out")"
  pdftotext "$work/c.pdf" - | grep -q "SHA-256 do texto: $hash" || fail "contract footer lacks the hash"
fi
echo '{"assinante": {"nome": "Maria"}}' >"$work/partial.json"
expect 1 "atende docs contract: missing values for placeholders: contrato.numero" -- \
  "$atende" docs contract --template data/contracts/default.txt --data-json "$work/partial.json" \
  -o "$work/y.pdf"

[ "$failures" -eq 0 ] && echo "docs_cli: all checks passed"
exit $((failures > 0))
