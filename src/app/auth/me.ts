// Who is signed in on this device, as the endpoint says (GET /api/me), asked once when the app starts.
// Offline, nobody is known; only whether the service runs on the demo sign-in is remembered (it is not
// personal), so that the demo banner shows on every page, offline too.
import { useEffect, useState } from 'preact/hooks';
import { API_ME, type MeResponse } from '../../shared/auth.ts';
import { parseMeResponse } from '../../shared/me-response.ts';

const DEMO_KEY = 'report-a-security-incident:demo';
const TIMEOUT_MS = 10_000;

let current: MeResponse | undefined;
let loading: Promise<MeResponse | undefined> | undefined;
const listeners = new Set<(me: MeResponse) => void>();

function rememberedDemo(): boolean {
  try {
    return localStorage.getItem(DEMO_KEY) === 'yes';
  } catch {
    return false;
  }
}

function rememberDemo(demo: boolean): void {
  try {
    if (demo) localStorage.setItem(DEMO_KEY, 'yes');
    else localStorage.removeItem(DEMO_KEY);
  } catch {
    // Storage refused (a private window): the banner shows when online only.
  }
}

/** What is known now: the endpoint's last answer, or nobody signed in. */
export function knownMe(): MeResponse {
  return current ?? { user: null, demo: rememberedDemo() };
}

/** Asks the endpoint; resolves to its answer, or undefined when it cannot be reached (offline). */
export function loadMe(): Promise<MeResponse | undefined> {
  loading = (async () => {
    try {
      const response = await fetch(API_ME, { headers: { accept: 'application/json' }, credentials: 'same-origin', signal: AbortSignal.timeout(TIMEOUT_MS) });
      if (!response.ok) return undefined;
      const parsed = parseMeResponse(await response.json());
      if (!parsed) return undefined;
      current = parsed;
      rememberDemo(current.demo);
      listeners.forEach((l) => l(current!));
      return current;
    } catch {
      return undefined;
    }
  })();
  return loading;
}

/** The endpoint's answer if it comes within `waitMs` (or has come already); undefined otherwise. */
export async function meWithin(waitMs: number): Promise<MeResponse | undefined> {
  const pending = loading;
  if (current || !pending) return current;
  const late = new Promise<undefined>((resolve) => {
    const timer = setTimeout(resolve, waitMs);
    void pending.finally(() => clearTimeout(timer));
  });
  return Promise.race([pending, late]);
}

/** Who is signed in, for components; updates when the endpoint answers. `known`: the endpoint has answered. */
export function useMe(): MeResponse & { known: boolean } {
  const [me, setMe] = useState(knownMe);
  useEffect(() => {
    listeners.add(setMe);
    if (current) setMe(current);
    return () => void listeners.delete(setMe);
  }, []);
  return { ...me, known: me === current };
}
