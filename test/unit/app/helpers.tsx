// Shared set-up for the page component tests: the whole app rendered at a URL, drafts made from the
// fixture reports, and the browser bits (online state) the pages read.
import { render, screen, within } from '@testing-library/preact';
import { afterEach, beforeEach } from 'vitest';
import { App } from '../../../src/app/App.tsx';
import { replaceSender } from '../../../src/app/sending.ts';
import { db, type Draft, type OutboxRecord } from '../../../src/db/database.ts';
import { createDraft, getDraft, saveDraft } from '../../../src/db/drafts.ts';
import type { DraftAnswers, Report, ReportKind } from '../../../src/shared/report.ts';
import { copy } from '../fixtures/casefile.ts';

/** Empty tables before each test, and the network back on after it. */
export function useCleanDevice(): void {
  beforeEach(async () => {
    if (!db.isOpen()) await db.open();
    await db.drafts.clear();
    await db.outbox.clear();
    await db.edits.clear();
    await db.questions.clear();
    await db.replies.clear();
    await db.replyDrafts.clear();
  });
  afterEach(() => setOnline(true));
}

/** No network in component tests: a stand-in sender counts the sends the pages ask for. */
export function useStandInSender(): { asked(): number } {
  let asked = 0;
  let restore: () => void;
  beforeEach(() => {
    asked = 0;
    restore = replaceSender(async () => void asked++);
  });
  afterEach(() => restore());
  return { asked: () => asked };
}

/** The app as the browser would open it at `path`. */
export function openApp(path: string) {
  history.replaceState(null, '', path);
  return render(<App />);
}

/** What a reporter would have typed to make `report`: everything but what the draft itself holds. */
export function answersOf(report: Report): DraftAnswers {
  const { schemaVersion: _v, id: _i, reference: _r, kind: _k, createdAt: _c, timeZone: _z, ...answers } = copy(report);
  return answers as DraftAnswers;
}

/** A draft on this device with `answers` already saved. */
export async function draftWith(kind: ReportKind, answers: DraftAnswers = {}): Promise<Draft> {
  const draft = await createDraft(kind);
  await saveDraft(draft.id, answers);
  return { ...draft, answers };
}

export async function storedAnswers(id: string): Promise<DraftAnswers | undefined> {
  return (await getDraft(id))?.answers;
}

/** An outbox record as the sender leaves it; `status` and anything else can be overridden. */
export function outboxRecord(over: Partial<OutboxRecord> & Pick<OutboxRecord, 'id' | 'reference' | 'kind' | 'status'>): OutboxRecord {
  return {
    createdAt: '2025-11-03T09:15:00.000Z',
    submittedAt: new Date().toISOString(),
    timeZone: 'Europe/London',
    attempts: 0,
    ...over,
  };
}

/** navigator.onLine as the browser reports it, and the event it fires when it changes. */
export function setOnline(online: boolean): void {
  if (online) delete (navigator as { onLine?: boolean }).onLine; // back to happy-dom's own getter (true)
  else Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => false });
  window.dispatchEvent(new Event(online ? 'online' : 'offline'));
}

/** The text of everything an element's aria-describedby points at: what a screen reader reads with it. */
export function description(element: Element): string {
  const ids = element.getAttribute('aria-describedby')?.split(/\s+/).filter(Boolean) ?? [];
  return ids.map((id) => document.getElementById(id)?.textContent ?? '').join(' ');
}

/** The GOV.UK error summary (it is the alert whose heading is "There is a problem"). */
export async function findErrorSummary(): Promise<HTMLElement> {
  const heading = await screen.findByRole('heading', { name: 'There is a problem' });
  return heading.closest<HTMLElement>('[role="alert"]')!;
}

/** The summary's links as the reporter reads them: message and where it goes. */
export function summaryLinks(summary: HTMLElement): { message: string; href: string }[] {
  return within(summary)
    .getAllByRole('link')
    .map((a) => ({ message: a.textContent ?? '', href: a.getAttribute('href') ?? '' }));
}

/** The path of the current page, with its query string. */
export const currentUrl = () => location.pathname + location.search;

/** The id in /report/:id/... */
export const reportIdInUrl = () => location.pathname.split('/')[2]!;

/** Local date and time parts of an instant, as a reporter in this device's time zone would type them. */
export function partsOf(instant: Date): { day: string; month: string; year: string; time: string } {
  const pad = (n: number) => String(n).padStart(2, '0');
  return {
    day: String(instant.getDate()),
    month: String(instant.getMonth() + 1),
    year: String(instant.getFullYear()),
    time: `${pad(instant.getHours())}:${pad(instant.getMinutes())}`,
  };
}
