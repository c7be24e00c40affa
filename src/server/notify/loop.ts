// The endpoint's background loop for the incident team: opens a case for each new report (queuing its
// arrival messages, each once by its dedupe key, so two endpoints running the loop queue each once), queues the DPO's 24-hour warning, and sends what is due through SMTP when a server is configured.
// One pass at a time; a failed pass is logged and the next one tries again.
import type { Transporter } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport/index.js';
import { sql } from 'kysely';
import type { FastifyBaseLogger } from 'fastify';
import type { CaseStore } from '../storage/case-store.ts';
import { toIso } from '../storage/tables.ts';
import { writeTransaction } from '../storage/write-transaction.ts';
import { arrivalMessages, dpoClockMessage } from './messages.ts';
import { linkFollowUps, noteFollowUps } from '../follow-ups/follow-ups.ts';
import type { NotifyConfig } from './notify-config.ts';
import { dueNotifications, enqueue, markFailed, markSent } from './outbox.ts';

const SEND_BATCH = 50;
const ANNOUNCE_BATCH = 250;
const SMTP_TIMEOUT_MS = 10_000;
const DAY_MS = 24 * 3_600_000;

/**
 * Opens a case for every report without one and queues its arrival messages in the same transaction, so a
 * crash between the two cannot lose them; a follow-up report joins the case it follows up instead (issue 9).
 * Resolves to the number of cases opened.
 */
export async function openAndAnnounce(cases: CaseStore, config: NotifyConfig): Promise<number> {
  return writeTransaction(cases.db, cases.dialect, async (trx) => {
    const followUps = await linkFollowUps(trx);
    const opened = await cases.openNewCases(trx);
    // A busy pass opens thousands of cases: their messages are written a few hundred cases at a time, so that
    // the process never holds them all (their text is most of a message).
    for (let from = 0; from < opened.length; from += ANNOUNCE_BATCH) {
      await enqueue(trx, opened.slice(from, from + ANNOUNCE_BATCH).flatMap((c) => arrivalMessages(config, c)));
    }
    await noteFollowUps(trx, cases.dialect, config, followUps);
    return opened.length;
  });
}

export interface NotifyLoop {
  /** One pass now (tests call it instead of waiting for the timer). */
  runOnce(): Promise<void>;
  stop(): Promise<void>;
}

export function startNotifyLoop(cases: CaseStore, config: NotifyConfig, log: FastifyBaseLogger, options: { timer?: boolean } = {}): NotifyLoop {
  // nodemailer (~15 MB in the process) is loaded only where mail is sent, at the first pass.
  const transport: Promise<Transporter> | undefined = config.smtpUrl
    ? import('nodemailer').then(({ default: nodemailer }) =>
        nodemailer.createTransport({ url: config.smtpUrl, connectionTimeout: SMTP_TIMEOUT_MS, greetingTimeout: SMTP_TIMEOUT_MS, socketTimeout: SMTP_TIMEOUT_MS } as SMTPTransport.Options),
      )
    : undefined;
  let running: Promise<void> | undefined;

  const pass = async () => {
    await openAndAnnounce(cases, config);
    // Breach clocks with less than 24 hours left and no decision recorded on telling the regulator (the team
    // confirming personal data is not that decision: a confirmed breach needs it all the more).
    const soon = await cases.db
      .selectFrom('cases')
      .select(['report_id', 'reference', 'personal_data', 'regulator_deadline'])
      .where(sql<boolean>`status <> 'closed'`)
      .where(sql<boolean>`not exists (select 1 from regulator_decisions d where d.report_id = cases.report_id)`)
      .where('regulator_deadline', 'is not', null)
      .where('regulator_deadline', '<=', new Date(Date.now() + DAY_MS).toISOString())
      .where('regulator_deadline', '>', new Date(Date.now() - 7 * DAY_MS).toISOString())
      .limit(500)
      .execute();
    for (const c of soon) {
      await enqueue(cases.db, [dpoClockMessage(config, { id: c.report_id, reference: c.reference, personalData: c.personal_data, regulatorDeadline: toIso(c.regulator_deadline!) })]);
    }
    if (!transport) return;
    const mail = await transport;
    for (const n of await dueNotifications(cases.db, SEND_BATCH)) {
      try {
        await mail.sendMail({ from: config.from, to: n.recipient, subject: n.subject, text: n.body });
        await markSent(cases.db, n.id);
      } catch (error) {
        log.warn({ failure: { message: (error as Error).message }, notification: n.id }, 'notification not sent: will try again');
        await markFailed(cases.db, n, (error as Error).message);
      }
    }
  };

  const runOnce = async () => {
    while (running) await running;
    running = pass().finally(() => {
      running = undefined;
    });
    return running;
  };

  const timer =
    options.timer === false
      ? undefined
      : setInterval(() => {
          if (running) return;
          runOnce().catch((error: unknown) => log.warn({ failure: { message: (error as Error).message } }, 'console loop failed: will try again'));
        }, config.intervalMs);
  timer?.unref();

  return {
    runOnce,
    async stop() {
      if (timer) clearInterval(timer);
      await running?.catch(() => undefined);
      (await transport)?.close();
    },
  };
}
