// `npm run start:server`: the endpoint alone (API + whatever is built in STATIC_DIR).
import { loadConfigOrExit } from './config.ts';
import { runServer } from './server.ts';

await runServer(loadConfigOrExit());
