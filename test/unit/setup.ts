// Runs before every unit test file (vite.config.ts, project "unit").
// IndexedDB for Dexie: must be installed before Dexie is first imported, since Dexie reads the globals then.
import 'fake-indexeddb/auto';
import { afterEach } from 'vitest';
import { cleanup } from '@testing-library/preact';

// Unmount what page component tests rendered (vitest globals are off, so the library cannot register it itself).
afterEach(cleanup);
