// The app as reporters get it: the production build served by the real endpoint (`npm start`'s process),
// on 127.0.0.1, with its embedded store.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DIST_DIR, startEndpoint, type EndpointOptions, type RunningEndpoint } from '../../support/server.ts';
import { makeProfileDir, removeProfileDir, startDevice, type Device } from './chromium.ts';

export type AppServer = RunningEndpoint;

export async function startAppServer(options: EndpointOptions = {}): Promise<AppServer> {
  if (!existsSync(join(DIST_DIR, 'index.html'))) throw new Error('No production build in dist/: run `npm run build` first (npm test does).');
  return startEndpoint({ staticDir: DIST_DIR, ...options });
}

/** The app and one Chromium "device" with a fresh profile, for a spec file; `close` ends both and removes the profile. */
export async function startAppAndDevice(options: EndpointOptions = {}): Promise<{ server: AppServer; device: Device; close(): Promise<void> }> {
  const server = await startAppServer(options);
  const profile = makeProfileDir();
  const device = await startDevice(profile);
  return {
    server,
    device,
    close: async () => {
      await device.close();
      await server.close();
      removeProfileDir(profile);
    },
  };
}
