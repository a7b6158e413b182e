// One-off (ran with: npx tsx results/transfer-split/merge-transfer.ts results/transfer-split runs/d/transfer-a runs/d/transfer-b runs/d/transfer-c): merges the transfer.json files of runs that
// split --per-class over several processes (same command otherwise: seeds, steps, base settings; each process trains
// its own base) into one transfer.json + transfer.html with buildTransferReport.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { buildTransferReport, type TransferFile } from '../../src/commands/transfer.js';
const [out, ...inputs] = process.argv.slice(2);
const files = inputs.map((f) => JSON.parse(readFileSync(join(f, 'transfer.json'), 'utf8')) as TransferFile);
const first = files[0];
for (const f of files) {
  if (f.base.source !== first.base.source || f.base.model !== first.base.model || f.base.trainImages !== first.base.trainImages || f.settings.seeds !== first.settings.seeds || f.settings.steps !== first.settings.steps || f.testImages5to9 !== first.testImages5to9) {
    throw new Error(`${f.command}: not the same experiment`);
  }
}
const merged: TransferFile = {
  ...first,
  base: {
    ...first.base,
    source: files.length === 1 ? first.base.source : `${first.base.source}, once in each of the ${files.length} processes (${files.map((f) => `N = ${f.settings.perClass.join(', ')}: ${(100 * (f.base.accuracyOn0to4 ?? 0)).toFixed(2)}%`).join('; ')} on the test digits 0–4)`,
    accuracyOn0to4: files.length === 1 ? first.base.accuracyOn0to4 : null,
  },
  command: files.map((f) => f.command).join(' ; '),
  settings: { ...first.settings, perClass: files.flatMap((f) => f.settings.perClass) },
  cells: files.flatMap((f) => f.cells),
  seconds: Math.max(...files.map((f) => f.seconds)),
};
mkdirSync(out, { recursive: true });
writeFileSync(join(out, 'transfer.json'), `${JSON.stringify(merged, null, 2)}\n`);
writeFileSync(join(out, 'transfer.html'), buildTransferReport(merged));
console.log(`merged ${files.length} files: N = ${merged.settings.perClass.join(', ')} → ${out}`);
