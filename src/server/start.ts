// `npm start`: build the PWA if it has never been built, then run the endpoint on loopback with the
// embedded store, so that one command gives a working app.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { loadConfigOrExit } from './config.ts';
import { isAppBuilt } from './pwa.ts';
import { runServer } from './server.ts';

const config = loadConfigOrExit();
if (!isAppBuilt(config.staticDir)) {
  if (config.staticDir === path.resolve('dist')) {
    process.stdout.write('dist/index.html is missing: building the app first (npm run build)\n');
    const build = spawnSync('npm', ['run', 'build'], { stdio: 'inherit', shell: process.platform === 'win32' });
    if (build.status !== 0) {
      process.stderr.write('The build failed, so the app cannot be served. "npm run start:server" starts the API alone.\n');
      process.exit(build.status ?? 1);
    }
  } else {
    process.stderr.write(`No index.html in STATIC_DIR (${config.staticDir}): serving the API only.\n`);
  }
}
await runServer(config);
