// produce.mjs — the reverse direction: codes made by the independent libraries, each with the values the
// library itself decodes from it, as JSON lines for interop_check (atende must accept every one and decode
// the same values). Deterministic: Math.random, which the generators draw from, is a seeded mulberry32.
import * as bu from '@brazilian-utils/brazilian-utils';
import { createStaticPix, parsePix, hasError } from 'pix-utils';
import { cpf, cnpj } from 'cpf-cnpj-validator';

let seed = 0x5eed2026;
Math.random = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const pick = (list) => list[Math.floor(Math.random() * list.length)];
const int = (lo, hi) => lo + Math.floor(Math.random() * (hi - lo + 1));
const chars = (alphabet, n) => Array.from({ length: n }, () => pick(alphabet)).join('');
const iso = (d) => (d ? d.toISOString().slice(0, 10) : null);
const cents = (n) => (n === undefined || n === null || n === 0 ? null : Math.round(Number(n) * 100));

let count = 0;
const emit = (kind, value, expect) => {
  process.stdout.write(JSON.stringify({ kind, value, expect }) + '\n');
  count++;
};

// Boletos: random linhas from generateBoleto, raw and as formatBoleto prints them.
for (let i = 0; i < 2000; i++) {
  const reference = iso(new Date(Date.UTC(int(2001, 2048), int(0, 11), int(1, 28))));
  const linha = bu.generateBoleto();
  const info = bu.getBoletoInfo(linha, { referenceDate: new Date(reference) });
  const formatted = bu.formatBoleto(linha);
  const expect = { amount_cents: info.amount, due_date: iso(info.expirationDate), bank: info.bankCode, reference, formatted };
  emit('boleto', linha, expect);
  emit('boleto', formatted, expect);
}
for (let i = 0; i < 1000; i++) {
  const linha = bu.generateBoleto({ type: 'arrecadacao' });
  const info = bu.getBoletoInfo(linha);
  const expect = { amount_cents: info.amount, segment: info.segment, effective_value: info.hasEffectiveValue };
  emit('arrecadacao', linha, expect);
  emit('arrecadacao', bu.formatBoleto(linha), expect);
}

// PIX.
const words = ['Fibra', 'Telecom', 'Provedor', 'Conexão', 'Internet', 'São', 'João', 'Açaí', 'Ltda', 'Rede',
  'Ótica', 'Sertão', 'Café', 'Pinhão', 'Irmãos', 'Comércio', 'Serviços', 'net', 'ponto', 'com'];
const cities = ['Campinas', 'São Paulo', 'Maceió', 'Goiânia', 'Belém', 'Niterói', 'Cuiabá', 'Jundiaí', 'Itu'];
const name = (max) => {
  let s = pick(words);
  for (let k = int(0, 5); k > 0; k--) s += ' ' + pick(words);
  return s.slice(0, max).trim();
};
const uuid = () => {
  const h = chars('0123456789abcdef', 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
};
const key = () => pick([
  () => `${chars('abcdefghijklmnopqrstuvwxyz0123456789', int(3, 15))}@${chars('abcdefghijklmnopqrstuvwxyz', int(3, 10))}.com.br`,
  () => `+55${pick([11, 19, 21, 27, 31, 41, 48, 51, 61, 62, 71, 81, 85, 91, 92])}9${chars('0123456789', 8)}`,
  () => bu.generateCpf(),
  () => bu.generateCnpj(),
  () => cnpj.generate(),
  uuid,
])();
const txid = () => chars('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789', int(1, 25));
const amount = () => int(1, 5_000_000) / 100;

const pixExpect = (code) => {
  const info = bu.getPixPayloadInfo(code);
  return {
    dynamic: info.url !== undefined, key: info.key ?? null, url: info.url ?? null,
    name: info.merchantName, city: info.merchantCity, amount_cents: cents(info.amount),
    txid: info.txid ?? '***', info: info.description ?? '',
  };
};
for (let i = 0; i < 1500; i++) {
  const params = { key: key(), merchantName: name(40), merchantCity: pick(cities) };
  if (i % 4) params.amount = amount();
  if (i % 3) params.txid = txid();
  if (i % 5 === 0) params.description = `Fatura ${int(1, 99999)} ${pick(words)}`;
  const code = bu.generatePixPayload(params);
  if (code === null) throw new Error(`generatePixPayload refused ${JSON.stringify(params)}`);
  emit('pix', code, pixExpect(code));
}
for (let i = 0; i < 300; i++) {
  const code = bu.generatePixPayload({
    url: `pix.${chars('abcdefghijklmnopqrstuvwxyz', int(3, 10))}.com.br/qr/v2/${uuid()}`,
    merchantName: name(25), merchantCity: pick(cities),
  });
  emit('pix', code, pixExpect(code));
}
for (let i = 0; i < 1500; i++) {
  const spec = {
    merchantName: name(25), merchantCity: pick(cities).slice(0, 15), pixKey: key(),
    infoAdicional: i % 4 === 0 ? `Pedido ${int(1, 9999)}` : '', txid: i % 3 ? txid() : '',
    transactionAmount: i % 5 ? amount() : 0,
  };
  const made = createStaticPix(spec);
  if (hasError(made)) throw new Error(`createStaticPix refused ${JSON.stringify(spec)}: ${made.message}`);
  const code = made.toBRCode();
  const p = parsePix(code);
  emit('pix', code, {
    dynamic: false, key: p.pixKey, url: null, name: p.merchantName, city: p.merchantCity,
    amount_cents: cents(p.transactionAmount), txid: p.txid ?? '***', info: p.infoAdicional ?? '',
  });
}

// CPF and CNPJ (numeric and alphanumeric), raw and formatted.
for (let i = 0; i < 1000; i++) {
  for (const v of [cpf.generate(), cpf.generate(true), bu.generateCpf()]) {
    emit('cpf', v, { formatted: cpf.format(v) });
  }
  for (const v of [cnpj.generate(), cnpj.generate({ formatted: true }), bu.generateCnpj()]) {
    emit('cnpj', v, { formatted: cnpj.format(v) });
  }
}

process.stdout.write(JSON.stringify({ kind: 'end', value: count }) + '\n');
