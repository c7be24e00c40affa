// `npm run import -- FILE`: imports a file of sealed reports saved on a device that is never online ("Save
// sealed reports to a file") into the store the environment names (DATABASE_URL, else DATA_DIR), opening them
// with the endpoint's keys (SEAL_KEY_DIR). Each report goes through the same intake as a POST and is stored
// once: importing the same file again stores nothing new and prints the same receipts. A bad file changes
// nothing (exit 1); so does any report in it that cannot be opened or is not valid.
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { storeLocation } from '../app.ts';
import { loadConfigOrExit } from '../config.ts';
import { importSealedFile, parseSealedFile, SealedFileRefused } from '../intake/sealed-file.ts';
import { openKeyRing, publicJwks } from '../sealing/key-ring.ts';
import { openReportStore } from '../storage/report-store.ts';
import { formatReference } from '../../shared/reference.ts';

/** Far above a device's outbox (1,000 reports of 128 KB sealed), and what one node process reads at ease. */
const MAX_FILE_BYTES = 256 * 1024 * 1024;

function refuse(message: string, code = 1): never {
  process.stderr.write(`Nothing was imported. ${message}\n`);
  process.exit(code);
}

const { positionals } = parseArgs({ allowPositionals: true, options: {} });
if (positionals.length !== 1) refuse('Usage: npm run import -- FILE (a sealed-reports-….json saved by the app)', 2);
const fileName = positionals[0]!;
const config = loadConfigOrExit();
// Opening the key ring makes a first key where there is none: one made now would open nothing.
if (publicJwks(config.sealKeyDir).keys.length === 0) refuse(`There are no sealing keys in ${config.sealKeyDir}: run this where the endpoint's keys are (SEAL_KEY_DIR).`);

let text: string;
try {
  const size = fs.statSync(fileName).size;
  if (size > MAX_FILE_BYTES) refuse(`${fileName} is ${Math.ceil(size / 1024 / 1024)} MB; a file of sealed reports is at most ${MAX_FILE_BYTES / 1024 / 1024} MB.`);
  text = fs.readFileSync(fileName, 'utf8');
} catch (error) {
  refuse(`${fileName} cannot be read: ${(error as Error).message}`);
}

let file;
try {
  file = parseSealedFile(text);
} catch (error) {
  if (error instanceof SealedFileRefused) refuse(`${fileName}: ${error.message}.`);
  throw error;
}

const store = await openReportStore(storeLocation(config), { poolSize: 2 });
try {
  const keyRing = await openKeyRing(config.sealKeyDir);
  const log = { warn: (details: object, message: string) => process.stderr.write(`${message}: ${JSON.stringify(details)}\n`) };
  const imported = await importSealedFile(file, { keyRing, store, log }).catch((error: unknown) => {
    if (error instanceof SealedFileRefused) refuse(`${fileName}: ${error.message}.`);
    throw error;
  });
  for (const r of imported) {
    const what = r.outcome === 'created' ? 'stored now' : 'already received';
    process.stdout.write(`  ${formatReference(r.reference)}  ${r.kind}  received ${r.receivedAt}  ${what}  (id ${r.id})\n`);
  }
  const created = imported.filter((r) => r.outcome === 'created').length;
  process.stdout.write(`${fileName}: ${imported.length} report(s), ${created} stored now, ${imported.length - created} already received.\n`);
} finally {
  await store.close();
}
