// The endpoint's one entry point. `npm start` runs its build (dist-server/server/main.js) with plain node;
// `npm run dev:server` and the tests run this source through tsx.
// stdout carries the JSON log only (one line per event, for log collectors); the lines meant for a person (where
// to open the app, why it cannot start) go to stderr.
import { loadConfigOrExit } from './config.ts';
import { isAppBuilt } from './pwa.ts';
import { runServer } from './server.ts';

const config = loadConfigOrExit();
if (!isAppBuilt(config.staticDir)) {
  process.stderr.write(`No app build in ${config.staticDir} (no index.html): serving the API only. Run "npm run build", then start again.\n`);
}
await runServer(config);
