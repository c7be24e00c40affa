// The words of every notification. Each carries the case's reference and a link to it, never the report's
// content (mail leaves the department's systems and sits in inboxes).
import { formatInstant } from '../../shared/dates.ts';
import { formatReference } from '../../shared/reference.ts';
import type { NotifyConfig } from './notify-config.ts';

export interface Message {
  dedupeKey: string;
  caseId: string;
  recipient: string;
  subject: string;
  body: string;
}

interface CaseFacts {
  id: string;
  reference: string;
  personalData: string;
  regulatorDeadline: string | null;
}

const link = (config: NotifyConfig, id: string) => `${config.publicUrl}/console/cases/${id}`;
const when = (iso: string) => formatInstant(new Date(iso), 'longDayAndTime', 'Europe/London');

/** On arrival: a separate, earlier message when personal data is or may be involved, then the ordinary one. */
export function arrivalMessages(config: NotifyConfig, c: CaseFacts): Message[] {
  const ref = formatReference(c.reference);
  const messages: Message[] = [];
  if (c.personalData !== 'no' && c.regulatorDeadline) {
    messages.push({
      dedupeKey: `personal-data:${c.id}`,
      caseId: c.id,
      recipient: config.teamMailbox,
      subject: `Urgent: possible personal data breach ${ref}, regulator deadline ${when(c.regulatorDeadline)}`,
      body: `A report that ${c.personalData === 'yes' ? 'involves' : 'may involve'} personal data has arrived.\n\nReference: ${ref}\nThe regulator must be told by ${when(c.regulatorDeadline)} (72 hours after discovery) unless the team decides it need not be.\n\nOpen the case: ${link(config, c.id)}\n`,
    });
  }
  messages.push({
    dedupeKey: `new:${c.id}`,
    caseId: c.id,
    recipient: config.teamMailbox,
    subject: `New incident report ${ref}`,
    body: `A new incident report has arrived.\n\nReference: ${ref}\n\nOpen the case: ${link(config, c.id)}\n`,
  });
  return messages;
}

export function assignmentMessage(config: NotifyConfig, c: { id: string; reference: string; version: number }, owner: { email: string; name: string }, by: string): Message {
  const ref = formatReference(c.reference);
  return {
    dedupeKey: `assigned:${c.id}:${c.version}`,
    caseId: c.id,
    recipient: owner.email,
    subject: `Case ${ref} assigned to you`,
    body: `${by} assigned case ${ref} to you, ${owner.name}.\n\nOpen the case: ${link(config, c.id)}\n`,
  };
}

export function dpoClockMessage(config: NotifyConfig, c: CaseFacts & { regulatorDeadline: string }): Message {
  const ref = formatReference(c.reference);
  return {
    dedupeKey: `dpo-24h:${c.id}`,
    caseId: c.id,
    recipient: config.dpoMailbox,
    subject: `Less than 24 hours left: ${ref} has no decision`,
    body: `Case ${ref} may be a personal data breach and nobody has decided yet whether to report it.\nThe regulator's deadline is ${when(c.regulatorDeadline)}.\n\nOpen the case: ${link(config, c.id)}\n`,
  };
}

/** A follow-up report joined a case: the team hears of it as of a new report, with the case's link. */
export function followUpMessage(config: NotifyConfig, c: { id: string; reference: string }, followUp: { id: string; reference: string }): Message {
  const ref = formatReference(c.reference);
  const followUpRef = formatReference(followUp.reference);
  return {
    dedupeKey: `follow-up:${followUp.id}`,
    caseId: c.id,
    recipient: config.teamMailbox,
    subject: `Follow-up report ${followUpRef} added to case ${ref}`,
    body: `A follow-up report has arrived and has been added to case ${ref}.\n\nFollow-up reference: ${followUpRef}\n\nOpen the case: ${link(config, c.id)}\n`,
  };
}
