/// <reference lib="webworker" />
// The service worker: wiring only. Precaches the app shell, answers navigations from the cache so the
// installed app opens with no network from a cold start, and takes updates only when the page asks.
import { clientsClaim } from 'workbox-core';
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { pageToWorkerMessage } from '../src/shared/wire.ts';

declare let self: ServiceWorkerGlobalScope & { __WB_MANIFEST: Array<{ url: string; revision: string | null } | string> };

precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();
// Every in-app URL (/report/…/check) is the same single page; the API never comes from the cache.
registerRoute(new NavigationRoute(createHandlerBoundToURL('index.html'), { denylist: [/^\/api\//, /^\/healthz/] }));

// On first install there is no old version to protect: take control at once so the app works offline
// from the very first visit. Later versions wait for the reporter's "Update now" (SKIP_WAITING).
clientsClaim();

self.addEventListener('message', (event) => {
  const message = pageToWorkerMessage.safeParse(event.data);
  if (message.success && message.data.type === 'SKIP_WAITING') void self.skipWaiting();
});
