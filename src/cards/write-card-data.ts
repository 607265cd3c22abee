/**
 * `npm run cards:data`: writes the template data of every card sample next to it, as
 * `cards/samples/<name>.data.json` (see `sample-card-data.ts`), and deletes data files whose sample
 * is gone. Open a template and its data file in the Adaptive Cards Designer to preview the card.
 */
import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDataFile, sampleDataFiles, samplesDir } from './sample-card-data.ts';

const files = sampleDataFiles();
const wanted = new Set(files.map((f) => f.file));
let changed = 0;
for (const { file, text } of files) {
  const path = join(samplesDir, file);
  if (existsSync(path) && readFileSync(path, 'utf8') === text) continue;
  writeFileSync(path, text);
  changed += 1;
}
const stale = readdirSync(samplesDir).filter((file) => isDataFile(file) && !wanted.has(file));
for (const file of stale) rmSync(join(samplesDir, file));
process.stdout.write(`cards/samples: ${files.length} data files, ${changed} written, ${stale.length} removed\n`);
