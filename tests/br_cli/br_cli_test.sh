#!/bin/sh
# Runs `atende br` on the demo invocations and on bad input; checks exit codes and key output.
A="$1"
failures=0
out=$(mktemp)
err=$(mktemp)
trap 'rm -f "$out" "$err"' EXIT

# expect CODE PATTERN -- ARGS...: exit code CODE and PATTERN (fixed string) in stdout (code 0) or stderr.
expect() {
  code="$1"
  pattern="$2"
  shift 3
  "$A" "$@" >"$out" 2>"$err"
  got=$?
  where="$out"
  [ "$code" -ne 0 ] && where="$err"
  if [ "$got" -ne "$code" ] || ! grep -qF -- "$pattern" "$where"; then
    echo "FAIL: atende $* -> exit $got (want $code), looking for '$pattern'"
    cat "$out" "$err"
    failures=$((failures + 1))
  fi
  if [ "$code" -eq 1 ] && [ "$(wc -l <"$err")" -ne 1 ]; then
    echo "FAIL: atende $* -> stderr is not one line"
    failures=$((failures + 1))
  fi
}

expect 0 "CPF válido: 529.982.247-25" -- br doc 529.982.247-25
expect 0 '"formatted":"12.ABC.345/01DE-35"' -- br doc 12.ABC.345/01DE-35 --json
expect 0 '"kind":"cnpj"' -- br doc 12abc34501de35 --json
expect 1 "documento inválido" -- br doc 529.982.247-24
expect 1 "documento inválido" -- br doc 111.111.111-11
expect 0 "34191.23405 00000.001008 00000.567891 8 16260000009990" -- \
  br boleto make --bank 341 --due 2026-11-10 --amount 99,90 --free-field 1234000000001000000056789
expect 0 '"barcode":"34198162600000099901234000000001000000056789"' -- \
  br boleto make --bank 341 --due 2026-11-10 --amount 99.90 --free-field 1234000000001000000056789 --json
expect 1 "free field" -- br boleto make --bank 341 --due 2026-11-10 --amount 99,90 --free-field 123
expect 1 "valor inválido" -- br boleto make --bank 341 --due 2026-11-10 --amount x --free-field 1234000000001000000056789
expect 0 "Vencimento: 10/11/2026" -- br boleto decode "34191.23405 00000.001008 00000.567891 8 16260000009990"
expect 0 '"due_date":"2022-05-10"' -- br boleto decode 10499898100000214032006561000100040099726390 --reference 2026-09-01 --json
expect 0 '"due_date":"2046-12-30"' -- br boleto decode 10499898100000214032006561000100040099726390 --reference 2040-01-01 --json
expect 0 '"type":"arrecadacao"' -- br boleto decode 838600000050096000190009000801782309000343062712 --json
expect 1 "linha field 1 check digit (position 10) is 2, expected 9" -- \
  br boleto decode 00190000020114971860168524522114675860000102656
expect 1 "código inválido" -- br boleto decode "00000.00000 00000.000000 00000.00000 0 000000000000"
expect 0 "PIX copia e cola: 00020126520014br.gov.bcb.pix0130financeiro@fibraexemplo.com.br520400005303986540599.905802BR5925FIBRA EXEMPLO TELECOM LTD6008CAMPINAS62100506FAT10063046FB3" -- \
  br pix make --key financeiro@fibraexemplo.com.br --name "Fibra Exemplo Telecom LTDA" --city Campinas --amount 99.90 --txid FAT100
expect 1 "não foi possível gerar o PIX" -- br pix make --key 52998224724 --name A --city B
expect 0 "Chave PIX: financeiro@fibraexemplo.com.br" -- \
  br pix decode "00020126520014br.gov.bcb.pix0130financeiro@fibraexemplo.com.br520400005303986540599.905802BR5925FIBRA EXEMPLO TELECOM LTD6008CAMPINAS62100506FAT10063046FB3"
expect 0 '"type":"dynamic"' -- br pix decode "00020101021226740014br.gov.bcb.pix2552payload.psp.com/3ec9d2f9-5f03-4e0e-820d-63a81e769e875204000053039865802BR5914THALES OGLIARI6015SAO MIGUEL DO O62070503***63042895" --json
expect 1 "CRC is 1D3C, expected 1D3D" -- \
  br pix decode "00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***63041D3C"
expect 0 "Total: R\$ 102,40" -- br fee --amount 99,90 --due 2026-11-10 --paid-on 2026-11-25
expect 0 '"total":"102.00"' -- br fee --amount 99,90 --due 2026-11-14 --paid-on 2026-11-17 --json
expect 1 "data de vencimento inválida" -- br fee --amount 99,90 --due 2026-13-10 --paid-on 2026-11-25
expect 0 "20/11/2026" -- br holidays 2026
expect 0 '"date":"2027-03-26"' -- br holidays 2027 --json

if [ "$failures" -ne 0 ]; then
  echo "$failures failure(s)"
  exit 1
fi
echo "br_cli: all checks passed"
