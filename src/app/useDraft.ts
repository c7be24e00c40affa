// Holds the draft on screen and writes each change to the device as it is made (a Dexie write takes a few
// milliseconds), so closing the page right after typing loses nothing. Saves merge per answer: only the
// answers changed here are written, over what the draft holds then, and the draft on screen follows every
// change made in another window (liveQuery), with this window's unsaved changes on top.
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { Draft } from '../db/database.ts';
import type { DraftAnswers } from '../shared/report.ts';
import { DraftNotFoundError, saveAnswers, watchDraft } from '../db/drafts.ts';
import { setAnswer } from './flow/answers.ts';
import { prefillReporter } from './auth/prefill.ts';
import { markDraftOpened } from '../db/stale-drafts.ts';

const flushers = new Set<() => Promise<boolean>>();
/** Saves every draft open on screen now (before an app update reloads the page). */
export async function flushOpenDrafts(): Promise<void> {
  await Promise.all([...flushers].map((f) => f()));
}

/** Drafts this window is sending or deleting itself: their disappearance is expected, not news from another window. */
const leaving = new Set<string>();
export function leavingDraft(id: string, yes = true): void {
  if (yes) leaving.add(id);
  else leaving.delete(id);
}

function withChanges(answers: DraftAnswers, changes: ReadonlyMap<string, unknown>): DraftAnswers {
  for (const [path, value] of changes) answers = setAnswer(answers, path, value);
  return answers;
}

export function useDraft(id: string) {
  const [stored, setStored] = useState<Draft | null | undefined>(undefined);
  const [saveFailed, setSaveFailed] = useState(false);
  /** The draft went away while this page was open (sent or deleted in another window). */
  const [goneWhileOpen, setGoneWhileOpen] = useState(false);
  const [, setVersion] = useState(0);
  /** Changes made on this page that are not yet known to be written, by answer path. */
  const unsaved = useRef(new Map<string, unknown>());
  const chain = useRef<Promise<boolean>>(Promise.resolve(true));

  // The reporter's name and email from their sign-in fill the draft's empty answers; the watch below shows them.
  // Opening a draft puts it back in use: a warning that it will be deleted no longer stands.
  useEffect(() => {
    void prefillReporter(id).catch(() => undefined);
    void markDraftOpened(id).catch(() => undefined);
  }, [id]);

  const hadDraft = useRef(false);
  useEffect(
    () =>
      watchDraft(
        id,
        (d) => {
          if (d) {
            hadDraft.current = true;
            setStored(d);
          } else if (!(leaving.has(id) && hadDraft.current)) {
            setGoneWhileOpen(hadDraft.current);
            setStored(null);
          }
        },
        // Storage failing (closed, evicted) is not the draft going: keep it on screen; the save says what failed.
        () => setStored((last) => last ?? null),
      ),
    [id],
  );

  /** Saves what is on screen now; resolves to whether everything on screen is saved. */
  const flush = useCallback((): Promise<boolean> => {
    // Writes run one after another; each takes every change made so far, so a burst of typing costs a few writes.
    chain.current = chain.current.then(async () => {
      if (unsaved.current.size === 0) return true;
      const batch = new Map(unsaved.current);
      try {
        await saveAnswers(id, batch);
        // What was written is now the stored draft (liveQuery will say so too, a moment later).
        setStored((d) => (d ? { ...d, answers: withChanges(d.answers, batch) } : d));
        for (const [path, value] of batch) if (unsaved.current.get(path) === value) unsaved.current.delete(path);
        setSaveFailed(false);
        return unsaved.current.size === 0;
      } catch (error) {
        // A draft sent or deleted from another window is not a storage problem: the page says what happened.
        setSaveFailed(!(error instanceof DraftNotFoundError));
        return false;
      }
    });
    return chain.current;
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
      unsaved.current.set(path, value);
      setVersion((v) => v + 1);
      void flush();
    },
    [flush],
  );

  // What the page shows: the stored draft with this page's changes not yet written on top (a cheap copy).
  const draft = stored && unsaved.current.size > 0 ? { ...stored, answers: withChanges(stored.answers, unsaved.current) } : stored;

  return { draft, update, flush, saveFailed, gate: { id, draft, whileOpen: goneWhileOpen } };
}
