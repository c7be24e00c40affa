// `npm start` runs this first (npm's prestart hook): the endpoint runs built JavaScript only, so a build must
// be there. On a fresh clone with the development tools installed (`npm install && npm start`) it builds once.
// It never builds in a production install (`npm ci --omit=dev`: the tools are not there) or with
// NODE_ENV=production: it says what to run and stops, so that a server never compiles anything as it starts.
// An existing build is used as it is: after changing the code, run `npm run build`.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const required = ['dist-server/server/main.js'];
// With STATIC_DIR set, the app is served from there (main.js says so when it has no index.html).
if (!process.env.STATIC_DIR) required.push('dist/index.html');
const missing = required.filter((file) => !existsSync(new URL(`../${file}`, import.meta.url)));
if (missing.length === 0) process.exit(0);

function buildToolsInstalled() {
  try {
    createRequire(import.meta.url).resolve('vite/package.json');
    return true;
  } catch {
    return false;
  }
}

if (process.env.NODE_ENV === 'production' || !buildToolsInstalled()) {
  process.stderr.write(
    `The app is not built (missing ${missing.join(', ')}). Run "npm install && npm run build" first ` +
      '(it needs the development dependencies), then "npm start"; a production install can then drop them.\n',
  );
  process.exit(1);
}
process.stderr.write(`No build yet (missing ${missing.join(', ')}): running "npm run build" first.\n`);
const build = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
process.exit(build.status ?? 1);
