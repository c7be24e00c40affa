// The notification settings, from the environment (or given by a test): where mail goes and through which
// server. With no SMTP_URL the messages are kept and shown on the console's Notifications page instead.
import * as z from 'zod';

export interface NotifyConfig {
  /** smtp://user:pass@host:port or smtps://...; undefined: no mail is sent. */
  smtpUrl: string | undefined;
  from: string;
  /** The incident team's shared mailbox: every new report. */
  teamMailbox: string;
  /** The data protection officer: breaches whose clock passes 24 hours left with no decision. */
  dpoMailbox: string;
  /** The console's address in links (the reference and a link, never the report's content). */
  publicUrl: string;
  /** How often the loop opens cases, checks clocks and sends (ms). */
  intervalMs: number;
}

const schema = z.object({
  SMTP_URL: z.string().trim().regex(/^smtps?:\/\/\S+$/, 'SMTP_URL must be an smtp:// or smtps:// URL').optional(),
  NOTIFY_FROM: z.email('NOTIFY_FROM must be an email address').default('report-an-incident@localhost'),
  INCIDENT_TEAM_MAILBOX: z.email('INCIDENT_TEAM_MAILBOX must be an email address').default('incident-team@localhost'),
  DPO_MAILBOX: z.email('DPO_MAILBOX must be an email address').default('dpo@localhost'),
  PUBLIC_URL: z.url('PUBLIC_URL must be a URL').optional(),
  NOTIFY_INTERVAL_MS: z.coerce.number().int().min(100).max(600_000).default(5000),
});

export function notifyConfigFrom(env: Record<string, string | undefined>, fallbackPublicUrl: string): NotifyConfig {
  const known = Object.fromEntries(Object.entries(env).filter(([k, v]) => k in schema.shape && v !== undefined && v !== ''));
  const result = schema.safeParse(known);
  if (!result.success) throw new Error(`Notification settings are invalid: ${result.error.issues.map((i) => `${String(i.path[0])}: ${i.message}`).join('; ')}`);
  const e = result.data;
  return {
    smtpUrl: e.SMTP_URL,
    from: e.NOTIFY_FROM,
    teamMailbox: e.INCIDENT_TEAM_MAILBOX,
    dpoMailbox: e.DPO_MAILBOX,
    publicUrl: (e.PUBLIC_URL ?? fallbackPublicUrl).replace(/\/$/, ''),
    intervalMs: e.NOTIFY_INTERVAL_MS,
  };
}
