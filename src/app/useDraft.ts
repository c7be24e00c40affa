// Holds the draft on screen and writes every change to the device within SAVE_DELAY_MS: the first change
// starts the timer and later ones ride along, so typing never postpones the save (a debounce that resets
// on each key would lose a fast typist's last sentence to a crash).
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { Draft } from '../db/database.ts';
import { getDraft, saveDraft } from '../db/drafts.ts';
import type { DraftAnswers } from '../shared/report.ts';
import { setAnswer } from './flow/answers.ts';
import { prefillReporter } from './auth/prefill.ts';

export const SAVE_DELAY_MS = 150;

const flushers = new Set<() => Promise<boolean>>();
/** Saves every draft open on screen now (before an app update reloads the page). */
export async function flushOpenDrafts(): Promise<void> {
  await Promise.all([...flushers].map((f) => f()));
}

export function useDraft(id: string) {
  const [draft, setDraft] = useState<Draft | null | undefined>(undefined);
  const [saveFailed, setSaveFailed] = useState(false);
  const unsaved = useRef<DraftAnswers | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const chain = useRef<Promise<void>>(Promise.resolve());

  useEffect(() => {
    let live = true;
    // The reporter's name and email from their sign-in go in first, so that what is on screen has them.
    prefillReporter(id)
      .catch(() => undefined)
      .then(() => getDraft(id))
      .then(
        (d) => live && setDraft(d ?? null),
        () => live && setDraft(null),
      );
    return () => {
      live = false;
    };
  }, [id]);

  /** Saves what is on screen now; resolves to whether everything on screen is saved. */
  const flush = useCallback((): Promise<boolean> => {
    clearTimeout(timer.current);
    timer.current = undefined;
    const answers = unsaved.current;
    if (!answers) return chain.current.then(() => unsaved.current === null);
    unsaved.current = null;
    // Saves run one after another, so an older snapshot can never overwrite a newer one.
    chain.current = chain.current.then(() =>
      saveDraft(id, answers).then(
        () => setSaveFailed(false),
        () => {
          setSaveFailed(true);
          // Keep it for the next attempt unless something newer is already waiting.
          unsaved.current ??= answers;
        },
      ),
    );
    return chain.current.then(() => unsaved.current === null);
  }, [id]);

  useEffect(() => {
    flushers.add(flush);
    const onHide = () => void flush();
    window.addEventListener('pagehide', onHide);
    document.addEventListener('visibilitychange', onHide);
    return () => {
      flushers.delete(flush);
      window.removeEventListener('pagehide', onHide);
      document.removeEventListener('visibilitychange', onHide);
      void flush();
    };
  }, [flush]);

  const update = useCallback(
    (path: string, value: unknown) => {
      setDraft((current) => {
        if (!current) return current;
        const answers = setAnswer(current.answers, path, value);
        unsaved.current = answers;
        timer.current ??= setTimeout(flush, SAVE_DELAY_MS);
        return { ...current, answers };
      });
    },
    [flush],
  );

  return { draft, update, flush, saveFailed };
}
