// A real Chromium process per "device": started by us (so a test can SIGKILL it like a crash or a flat
// battery) on a profile directory that outlives it, and driven over CDP by playwright-core.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FLAGS = [
  '--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
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

/** A record as the device's IndexedDB holds it (read in the page), or undefined. */
export function readDeviceRecord<T = Record<string, unknown>>(page: Page, store: 'drafts' | 'outbox', key: string): Promise<T | undefined> {
  return page.evaluate(
    ([name, id]) =>
      new Promise<T | undefined>((resolve, reject) => {
        const open = indexedDB.open('report-a-security-incident');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const get = open.result.transaction(name).objectStore(name).get(id);
          get.onsuccess = () => {
            open.result.close();
            resolve(get.result as T | undefined);
          };
          get.onerror = () => reject(get.error);
        };
      }),
    [store, key] as const,
  );
}
