// `npm run demo`: the case file's breach, end to end, in the embedded store (or DATABASE_URL's), and its two
// regulator forms as Word documents in DATA_DIR, so that a person trying the product sees a real case.
import fs from 'node:fs/promises';
import path from 'node:path';
import { storeLocation } from '../app.ts';
import { loadConfigOrExit } from '../config.ts';
import { icoFormDocx } from '../forms/ico-form-docx.ts';
import { openReportStore } from '../storage/report-store.ts';
import { loadCasefile } from './load-casefile.ts';

const config = loadConfigOrExit();
const store = await openReportStore(storeLocation(config), { poolSize: 2 });
try {
  const loaded = await loadCasefile(store, config.organisation);
  process.stdout.write(`${loaded.loaded ? 'Loaded' : 'Already there:'} the case file's breach, reference ${loaded.reference} (ICO case IC-31191-G5C6), closed and exempt from disposal.\n`);
  await fs.mkdir(config.dataDir, { recursive: true });
  for (const [name, form] of Object.entries(loaded.forms)) {
    const file = path.join(config.dataDir, `IC-31191-G5C6-${name === 'initial' ? 'initial' : 'follow-up'}.docx`);
    await fs.writeFile(file, await icoFormDocx(form));
    process.stdout.write(`  the ${name === 'initial' ? 'initial' : 'follow-up'} form: ${file}\n`);
  }
} finally {
  await store.close();
}
