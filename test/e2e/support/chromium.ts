// A real Chromium process per "device": started by us (so a test can SIGKILL it like a crash or a flat
// battery) on a profile directory that outlives it, and driven over CDP by playwright-core.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/**
 * HEADED=1: a real window (on the X display in DISPLAY, e.g. under xvfb-run: `npm run proof:headed`), for what
 * a headless run might not show, such as the profile files a windowed browser writes. CI runs headless.
 */
export const HEADED = process.env.HEADED === '1';
const FLAGS = [
  ...(HEADED ? [] : ['--headless=new']), '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--no-default-browser-check', '--disable-features=Translate,MediaRouter', '--password-store=basic',
];

export function makeProfileDir(): string {
  return mkdtempSync(join(tmpdir(), 'report-incident-profile-'));
}

export function removeProfileDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

export interface Device {
  browser: Browser;
  context: BrowserContext;
  process: ChildProcess;
  newPage(): Promise<Page>;
  /** A crash: SIGKILL to the browser and every process it started. */
  kill(): Promise<void>;
  /** A normal quit, so the profile is flushed as on a clean exit. */
  close(): Promise<void>;
}

export async function startDevice(profileDir: string, { offline = false } = {}): Promise<Device> {
  const portFile = join(profileDir, 'DevToolsActivePort');
  rmSync(portFile, { force: true });
  const child = spawn(CHROMIUM_PATH, [...FLAGS, `--user-data-dir=${profileDir}`, '--remote-debugging-port=0', 'about:blank'], {
    stdio: 'ignore',
    detached: true, // its own process group, so kill() reaches the renderers and the network service too
  });
  const deadline = Date.now() + 20_000;
  while (!existsSync(portFile) || readFileSync(portFile, 'utf8').split('\n').length < 2) {
    if (Date.now() > deadline) throw new Error('Chromium did not start within 20 s');
    if (child.exitCode !== null) throw new Error(`Chromium exited with ${child.exitCode}`);
    await sleep(50);
  }
  const port = readFileSync(portFile, 'utf8').split('\n')[0];
  const browser = await chromium.connectOverCDP(`http://127.0.0.1:${port}`);
  const context = browser.contexts()[0]!;
  if (offline) await context.setOffline(true);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    browser,
    context,
    process: child,
    newPage: async () => {
      const page = await context.newPage();
      if (offline) await context.setOffline(true);
      return page;
    },
    kill: async () => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        /* already gone */
      }
      await exited;
    },
    close: async () => {
      await browser.close().catch(() => undefined);
      // Closing the CDP connection does not quit a browser we launched ourselves.
      try {
        process.kill(-child.pid!, 'SIGTERM');
      } catch {
        /* already gone */
      }
      await Promise.race([exited, sleep(5_000)]);
      if (child.exitCode === null && child.signalCode === null) {
        try {
          process.kill(-child.pid!, 'SIGKILL');
        } catch {
          /* gone */
        }
        await exited;
      }
    },
  };
}

/** Waits until the page is controlled by an activated service worker (the precache is complete by then). */
export async function waitForServiceWorkerControl(page: Page): Promise<void> {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise<void>((resolve) => navigator.serviceWorker.addEventListener('controllerchange', () => resolve(), { once: true }));
    }
  });
}

/**
 * Installs the app into `profileDir` as a first visit does (its service worker in control, the app shell
 * precached) and quits the browser, so that a test starts from an installed app of its own, whatever ran before.
 */
export async function installApp(profileDir: string, url: string): Promise<void> {
  const device = await startDevice(profileDir);
  try {
    const page = await device.newPage();
    await page.goto(url);
    await waitForServiceWorkerControl(page);
  } finally {
    await device.close();
  }
}

/**
 * Fires a Background Sync event in the app's service worker, as the browser does when the network returns
 * (headless Chromium does not do it on every reconnect). The DevTools call goes through a blank tab, which is
 * no client of the app: the app's own pages may all be closed.
 */
export async function fireSyncEvent(device: Device, origin: string, tag: string): Promise<void> {
  const blank = device.context.pages().find((p) => p.url() === 'about:blank') ?? (await device.context.newPage());
  const cdp = await device.context.newCDPSession(blank);
  try {
    const registrations: { registrationId: string; scopeURL: string; isDeleted: boolean }[] = [];
    cdp.on('ServiceWorker.workerRegistrationUpdated', (event) => registrations.push(...event.registrations));
    await cdp.send('ServiceWorker.enable');
    const deadline = Date.now() + 5_000;
    let registration: (typeof registrations)[number] | undefined;
    while (!(registration = registrations.find((r) => r.scopeURL.startsWith(origin) && !r.isDeleted))) {
      if (Date.now() > deadline) throw new Error(`No service worker registration for ${origin}`);
      await sleep(20);
    }
    await cdp.send('ServiceWorker.dispatchSyncEvent', { origin, registrationId: registration.registrationId, tag, lastChance: false });
  } finally {
    await cdp.detach().catch(() => undefined);
  }
}
