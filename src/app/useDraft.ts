// Holds the draft on screen and writes each change to the device as it is made (encrypted, then appended in
// one IndexedDB request: no read, no wait for an earlier write), so closing the page right after typing loses
// nothing. Saves merge per answer: only the
// answers changed here are written, over what the draft holds then, and the draft on screen follows every
// change made in another window (liveQuery), with this window's unsaved changes on top.
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { Draft } from '../db/database.ts';
import type { DraftAnswers } from '../shared/report.ts';
import { appendChanges, foldChanges, sealChanges, watchDraft } from '../db/drafts.ts';
import { setAnswer } from './flow/answers.ts';
import { prefillReporter } from './auth/prefill.ts';
import { markDraftOpened } from '../db/stale-drafts.ts';
import { upgradeAnswers } from '../shared/report-upgrade.ts';

/** How long after the last change the changes are folded into the draft's row. */
const FOLD_AFTER_MS = 2_000;

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
            // A draft begun by an earlier build is shown in today's shape; what it holds is changed only as it is answered.
            setStored({ ...d, answers: upgradeAnswers(d.answers) });
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

  /**
   * Each change is encrypted as it is made and appended at once (appendChanges: one IndexedDB request). The
   * encryptions run one after another so that the appends are issued, and so ordered, as the changes were
   * made; an append is not waited for before the next change is encrypted.
   */
  const sealing = useRef<Promise<unknown>>(Promise.resolve());
  const writes = useRef(new Set<Promise<boolean>>());
  const foldTimer = useRef<ReturnType<typeof setTimeout>>();

  const write = useCallback(
    (batch: ReadonlyMap<string, unknown>): Promise<boolean> => {
      // Wrapped so that the chain moves on once the append is issued, not once it is written.
      const issued = sealing.current.then(async () => ({ append: appendChanges(id, await sealChanges(batch)) }));
      sealing.current = issued.catch(() => undefined);
      const written = issued
        .then(({ append }) => append)
        .then(
          () => {
            // What was written is now the stored draft (liveQuery will say so too, a moment later).
            setStored((d) => (d ? { ...d, answers: withChanges(d.answers, batch) } : d));
            for (const [path, value] of batch) if (unsaved.current.get(path) === value) unsaved.current.delete(path);
            setSaveFailed(false);
            return true;
          },
          () => {
            setSaveFailed(true);
            return false;
          },
        );
      writes.current.add(written);
      void written.then(() => writes.current.delete(written));
      // Once the reporter pauses, the changes are folded into the draft's row (reading it stays one decryption).
      clearTimeout(foldTimer.current);
      foldTimer.current = setTimeout(() => void foldChanges(id).catch(() => undefined), FOLD_AFTER_MS);
      return written;
    },
    [id],
  );

  /** Saves what is on screen now; resolves to whether everything on screen is saved. */
  const flush = useCallback(async (): Promise<boolean> => {
    if (unsaved.current.size > 0 && writes.current.size === 0) await write(new Map(unsaved.current));
    while (writes.current.size > 0) await Promise.all([...writes.current]);
    return unsaved.current.size === 0;
  }, [write]);

  useEffect(() => {
    flushers.add(flush);
    return () => {
      flushers.delete(flush);
      clearTimeout(foldTimer.current);
      void flush().then(() => foldChanges(id)).catch(() => undefined);
    };
  }, [flush, id]);

  const update = useCallback(
    (path: string, value: unknown) => {
      unsaved.current.set(path, value);
      setVersion((v) => v + 1);
      void write(new Map([[path, value]]));
    },
    [write],
  );

  // What the page shows: the stored draft with this page's changes not yet written on top (a cheap copy).
  const draft = stored && unsaved.current.size > 0 ? { ...stored, answers: withChanges(stored.answers, unsaved.current) } : stored;

  return { draft, update, flush, saveFailed, gate: { id, draft, whileOpen: goneWhileOpen } };
}
