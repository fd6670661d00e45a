// Trains nlp.js (@nlpjs/nlu NluNeural with the Portuguese tokenizer and stemmer of @nlpjs/lang-pt) on
// data/nlu/train and scores it on data/nlu/dev.tsv: the same files atende's fastText model is trained and
// scored on. Prints accuracy, macro-F1 and throughput in the format of `atende nlu eval`'s first lines.
import { createRequire } from 'node:module';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const { containerBootstrap } = require('@nlpjs/core');
const { NluNeural } = require('@nlpjs/nlu');
const { LangPt } = require('@nlpjs/lang-pt');

const data = process.argv[2];
if (!data) {
  console.error('usage: node compare.mjs DATA_NLU_DIR');
  process.exit(2);
}
const train = [];
for (const file of readdirSync(join(data, 'train')).filter((f) => f.endsWith('.txt')).sort()) {
  const intent = file.replace(/\.txt$/, '');
  for (const line of readFileSync(join(data, 'train', file), 'utf8').split('\n')) {
    if (line.trim() && !line.startsWith('#')) train.push({ utterance: line, intent });
  }
}
const dev = readFileSync(join(data, 'dev.tsv'), 'utf8').split('\n').filter((l) => l.trim() && !l.startsWith('#'))
  .map((l) => { const tab = l.indexOf('\t'); return { intent: l.slice(0, tab), utterance: l.slice(tab + 1) }; });

const container = await containerBootstrap();
container.use(LangPt);
const nlu = new NluNeural({ container, locale: 'pt', log: false });
const t0 = process.hrtime.bigint();
await nlu.train(train);
const trainSeconds = Number(process.hrtime.bigint() - t0) / 1e9;

const intents = [...new Set(train.map((e) => e.intent))].sort();
const confusion = Object.fromEntries(intents.map((i) => [i, Object.fromEntries(intents.map((j) => [j, 0]))]));
let correct = 0;
const predicted = [];
for (const { utterance, intent } of dev) {
  const result = await nlu.process(utterance);
  const got = result.classifications[0]?.intent ?? 'None';
  predicted.push(got);
  if (got === intent) correct += 1;
  if (confusion[intent] && confusion[intent][got] !== undefined) confusion[intent][got] += 1;
}
let f1Sum = 0;
for (const c of intents) {
  const tp = confusion[c][c];
  const predictedC = predicted.filter((p) => p === c).length;
  const actualC = dev.filter((e) => e.intent === c).length;
  const precision = predictedC ? tp / predictedC : 0;
  const recall = actualC ? tp / actualC : 0;
  f1Sum += precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
}
const rounds = Math.max(1, Math.floor(20000 / dev.length));
const t1 = process.hrtime.bigint();
for (let r = 0; r < rounds; r += 1) for (const { utterance } of dev) await nlu.process(utterance);
const seconds = Number(process.hrtime.bigint() - t1) / 1e9;
console.log(`examples: ${dev.length}  correct: ${correct}  accuracy: ${(correct / dev.length).toFixed(4)}  ` +
  `macro-F1: ${(f1Sum / intents.length).toFixed(4)}`);
console.log(`throughput: ${Math.round((rounds * dev.length) / seconds)} classifications/s (1 thread)  ` +
  `training: ${trainSeconds.toFixed(2)} s`);
