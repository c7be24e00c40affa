// One app server and one Chromium "device" for a spec file, started before its tests and removed after.
import { afterAll, beforeAll } from 'vitest';
import { startAppServer, type AppServer } from './app-server.ts';
import { makeProfileDir, removeProfileDir, startDevice, type Device } from './chromium.ts';

export function useAppOnDevice(): { readonly server: AppServer; readonly device: Device } {
  const session = {} as { server: AppServer; device: Device; profile: string };
  beforeAll(async () => {
    session.server = await startAppServer();
    session.profile = makeProfileDir();
    session.device = await startDevice(session.profile);
  });
  afterAll(async () => {
    await session.device?.close();
    await session.server?.close();
    if (session.profile) removeProfileDir(session.profile);
  });
  return session;
}
