// Runs before every unit test file (vite.config.ts, project "unit").
// IndexedDB for Dexie: must be installed before Dexie is first imported, since Dexie reads the globals then.
import 'fake-indexeddb/auto';
import { afterEach } from 'vitest';
import { cleanup } from '@testing-library/preact';

// Unmount what page component tests rendered (vitest globals are off, so the library cannot register it itself).
afterEach(cleanup);

// The endpoint's public keys, which the page fetches to seal a report: there is no endpoint in these tests.
import { JWKS_PATH } from '../../src/shared/sealing.ts';
import { testJwks } from './sealing-keys.ts';
const realFetch = globalThis.fetch;
globalThis.fetch = async (input, init) => {
  const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
  if (url.endsWith(JWKS_PATH)) return new Response(JSON.stringify(testJwks), { headers: { 'content-type': 'application/jwk-set+json' } });
  return realFetch(input, init);
};
