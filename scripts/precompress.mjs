// `npm run build:app`, after `vite build`: writes a brotli (.br) and a gzip (.gz) copy beside every text file of
// the built app, once, at the strongest settings, so that the endpoint sends them as they are
// (@fastify/static's preCompressed) instead of compressing on every request or not at all.
// A copy that would not be smaller than its file is not written. Fonts and images are compressed already.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const TEXT = /\.(js|mjs|css|html|svg|webmanifest|json|txt)$/;
const dir = path.resolve(process.argv[2] ?? 'dist');

let files = 0;
let before = 0;
let after = 0;
for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
  if (!entry.isFile() || !TEXT.test(entry.name)) continue;
  const file = path.join(entry.parentPath, entry.name);
  const raw = readFileSync(file);
  const brotli = brotliCompressSync(raw, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
      [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
      [constants.BROTLI_PARAM_SIZE_HINT]: raw.length,
    },
  });
  const gzip = gzipSync(raw, { level: constants.Z_BEST_COMPRESSION });
  if (brotli.length < raw.length) writeFileSync(`${file}.br`, brotli);
  if (gzip.length < raw.length) writeFileSync(`${file}.gz`, gzip);
  files++;
  before += raw.length;
  after += Math.min(brotli.length, raw.length);
}
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
process.stdout.write(`precompressed ${files} files in ${path.relative(process.cwd(), dir) || '.'}: ${kb(before)} -> ${kb(after)} with brotli\n`);
