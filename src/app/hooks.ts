import { useEffect, useState } from 'preact/hooks';

/** Whether the browser thinks it has a network. Only a hint (a captive portal says "online"), good enough for a banner. */
export function useOnline(): boolean {
  // (No navigator when the start page is rendered at build time: online, as the page is served.)
  const [online, setOnline] = useState(() => typeof navigator === 'undefined' || navigator.onLine !== false);
  useEffect(() => {
    const update = () => setOnline(navigator.onLine);
    window.addEventListener('online', update);
    window.addEventListener('offline', update);
    return () => {
      window.removeEventListener('online', update);
      window.removeEventListener('offline', update);
    };
  }, []);
  return online;
}

/** The current time, ticking once a minute, for "23 h left". */
export function useNow(intervalMs = 60_000): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}
