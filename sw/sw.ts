/// <reference lib="webworker" />
// The service worker: wiring only. Precaches the app shell, answers navigations from the cache so the
// installed app opens with no network from a cold start, takes updates only when the page asks, and sends
// the outbox when the browser says the network is back (Background Sync).
import { clientsClaim } from 'workbox-core';
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { NetworkFirst } from 'workbox-strategies';
import { SYNC_TAG } from '../src/shared/api.ts';
import { JWKS_PATH } from '../src/shared/sealing.ts';
import { pageToWorkerMessage } from '../src/shared/wire.ts';
import { flushOutbox } from '../src/sync/flush.ts';
import { sendDuringSyncEvent } from '../src/sync/sync-event.ts';

declare let self: ServiceWorkerGlobalScope & { __WB_MANIFEST: Array<{ url: string; revision: string | null } | string> };
type SyncEvent = ExtendableEvent & { tag: string };

precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();
// Every in-app URL (/report/…/check) is the same single page: the start page (/) is index.html, which holds
// it rendered at build time; the others are its shell.html, which shows nothing until the app's code routes.
// The API, sign-in (/auth/, whose redirects lead to the identity provider, another origin this worker never
// sees) and the console go to the network.
registerRoute(new NavigationRoute(createHandlerBoundToURL('index.html'), { allowlist: [/^\/(\?|$)/] }));
registerRoute(new NavigationRoute(createHandlerBoundToURL('shell.html'), { denylist: [/^\/api\//, /^\/healthz/, /^\/auth\//, /^\/console(\/|\?|$)/] }));

// The endpoint's public keys: fresh when online (a rotation reaches the device), else the copy cached at
// install, so a report is sealed to the key of the endpoint this app was installed from. Only a real JWKS is
// cached (a captive portal's 200 page is not). The precached endpoint-jwks.json is the last resort.
const JWKS_CACHE = 'endpoint-jwks';
const onlyJwks = { cacheWillUpdate: async ({ response }: { response: Response }) => (response.ok && /jwk-set\+json/.test(response.headers.get('content-type') ?? '') ? response : null) };
registerRoute(({ url }) => url.origin === self.location.origin && url.pathname === JWKS_PATH, new NetworkFirst({ cacheName: JWKS_CACHE, networkTimeoutSeconds: 4, plugins: [onlyJwks] }));
self.addEventListener('install', (event) => {
  event.waitUntil(
    fetch(JWKS_PATH, { cache: 'no-store' })
      .then(async (response) => {
        if (await onlyJwks.cacheWillUpdate({ response })) await (await caches.open(JWKS_CACHE)).put(JWKS_PATH, response);
      })
      .catch(() => undefined), // offline at install: the built-in copy serves
  );
});

// On first install there is no old version to protect: take control at once so the app works offline
// from the very first visit. Later versions wait for the reporter's "Update now" (SKIP_WAITING).
clientsClaim();

self.addEventListener('message', (event) => {
  const message = pageToWorkerMessage.safeParse(event.data);
  if (!message.success) return;
  if (message.data.type === 'SKIP_WAITING') void self.skipWaiting();
  if (message.data.type === 'FLUSH_OUTBOX') event.waitUntil(flushOutbox().then(() => undefined));
});

self.addEventListener('sync', (event) => {
  const sync = event as SyncEvent;
  if (sync.tag !== SYNC_TAG) return;
  sync.waitUntil(
    sendDuringSyncEvent().then((outcome) => {
      // Rejecting tells the browser to fire this sync again later, with its own backoff. Reports waiting for a
      // sign-in wait for the reporter, not for the network: nothing to try again for.
      if (outcome === 'waiting') throw new Error('Reports are still waiting to be sent');
    }),
  );
});
