// oracle.mjs — reads interop_gen's JSON lines from stdin and checks each with independent libraries
// (specs/interop-validators.md §4). Every library must agree with atende's verdict on its own, and on the
// decoded values of valid codes. Prints every disagreement; exits 1 on any, or when the stream is cut short.
// Run with TZ=UTC: @brazilian-utils builds its dates at local midnight.
import * as bu from '@brazilian-utils/brazilian-utils';
import * as vbr from 'validation-br';
import { parsePix, hasError } from 'pix-utils';
import { cpf, cnpj } from 'cpf-cnpj-validator';
import { createInterface } from 'node:readline';

const iso = (d) => (d ? d.toISOString().slice(0, 10) : null);
const cents = (n) => (n === undefined || n === null ? undefined : Math.round(Number(n) * 100));

// Each check returns a list of disagreements (empty when all libraries agree with atende).
const checks = {
  boleto_linha(v, e) {
    const out = [];
    if (bu.isValidBoleto(v) !== e.valid) out.push(`@brazilian-utils isValidBoleto ${!e.valid}`);
    if (vbr.isBoleto(v) !== e.valid) out.push(`validation-br isBoleto ${!e.valid}`);
    if (e.valid && out.length === 0) {
      const info = bu.getBoletoInfo(v, { referenceDate: new Date(e.reference) });
      if (info.amount !== e.amount_cents) out.push(`amount ${info.amount}`);
      if (iso(info.expirationDate) !== e.due_date) out.push(`due date ${iso(info.expirationDate)}`);
      if (info.bankCode !== e.bank) out.push(`bank ${info.bankCode}`);
    }
    return out;
  },
  boleto_barcode(v, e) {  // @brazilian-utils rejects 44-digit bank barcodes by design
    return vbr.isBoleto(v) === e.valid ? [] : [`validation-br isBoleto ${!e.valid}`];
  },
  arrecadacao(v, e) {
    const out = [];
    if (bu.isValidBoleto(v) !== e.valid) out.push(`@brazilian-utils isValidBoleto ${!e.valid}`);
    if (e.valid && out.length === 0) {
      const info = bu.getBoletoInfo(v);
      if (info.type !== 'arrecadacao') out.push(`type ${info.type}`);
      if (info.amount !== e.amount_cents) out.push(`amount ${info.amount}`);
      if (info.segment !== e.segment) out.push(`segment ${info.segment}`);
      if (info.hasEffectiveValue !== e.effective_value) out.push(`effective value ${info.hasEffectiveValue}`);
    }
    return out;
  },
  pix(v, e) {
    const out = [];
    const p = parsePix(v);
    const info = bu.getPixPayloadInfo(v);
    if (bu.isValidPixPayload(v) !== e.valid) out.push(`@brazilian-utils isValidPixPayload ${!e.valid}`);
    if (vbr.isPixCopyPaste(v) !== e.valid) out.push(`validation-br isPixCopyPaste ${!e.valid}`);
    if (hasError(p) === e.valid) out.push(`pix-utils parsePix ${hasError(p) ? p.message : 'ok'}`);
    if (!e.valid || out.length) return out;
    const want = (what, got, expected) => { if (got !== expected) out.push(`${what} ${JSON.stringify(got)}`); };
    want('bu merchantName', info.merchantName, e.name);
    want('bu merchantCity', info.merchantCity, e.city);
    want('pix-utils merchantName', p.merchantName, e.name);
    want('pix-utils merchantCity', p.merchantCity, e.city);
    if (e.dynamic) {
      want('bu url', info.url, e.url);
      want('pix-utils type', p.type, 'DYNAMIC');
      want('pix-utils url', p.url, e.url);
    } else {
      want('bu key', info.key, e.key);
      want('pix-utils type', p.type, 'STATIC');
      want('pix-utils pixKey', p.pixKey, e.key);
      want('bu amount', cents(info.amount), e.amount_cents);
      want('pix-utils amount', p.transactionAmount === 0 ? undefined : cents(p.transactionAmount), e.amount_cents);
      want('bu txid', info.txid ?? '***', e.txid);
      want('pix-utils txid', p.txid, e.txid);
    }
    return out;
  },
  cpf(v, e) {
    const out = [];
    if (bu.isValidCpf(v) !== e.valid) out.push(`@brazilian-utils isValidCpf ${!e.valid}`);
    if (cpf.isValid(v) !== e.valid) out.push(`cpf-cnpj-validator cpf.isValid ${!e.valid}`);
    if (vbr.isCPF(v) !== e.valid) out.push(`validation-br isCPF ${!e.valid}`);
    return out;
  },
  cnpj(v, e) {
    const out = [];
    if (bu.isValidCnpj(v, { version: 2 }) !== e.valid) out.push(`@brazilian-utils isValidCnpj ${!e.valid}`);
    if (cnpj.isValid(v) !== e.valid) out.push(`cpf-cnpj-validator cnpj.isValid ${!e.valid}`);
    if (vbr.isCNPJ(v) !== e.valid) out.push(`validation-br isCNPJ ${!e.valid}`);
    return out;
  },
};

let failed = 0;
let seen = 0;
let ended = false;
const counts = {};
for await (const line of createInterface({ input: process.stdin })) {
  if (!line.trim()) continue;
  const { kind, value, expect } = JSON.parse(line);
  if (kind === 'end') {
    ended = value === seen;
    if (!ended) console.error(`stream says ${value} cases, read ${seen}`);
    break;
  }
  seen++;
  counts[kind] = (counts[kind] ?? 0) + 1;
  let problems;
  try {
    problems = checks[kind](value, expect);
  } catch (err) {
    problems = [`threw ${err}`];
  }
  if (problems.length) {
    failed++;
    if (failed <= 50) console.error('MISMATCH', kind, value, JSON.stringify(expect), '->', problems.join('; '));
  }
}
if (!ended) console.error('input ended without the end marker');
console.log(`oracle: ${seen} cases (${Object.entries(counts).map(([k, n]) => `${k} ${n}`).join(', ')}), ${failed} disagreements`);
process.exit(failed || !ended ? 1 : 0);
