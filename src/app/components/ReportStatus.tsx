import type { OutboxRecord } from '../../db/database.ts';
import { formatDateTime } from '../../shared/dates.ts';
import { formatReference } from '../../shared/reference.ts';

const tags: Record<OutboxRecord['status'], { text: string; colour: string }> = {
  waiting: { text: 'Waiting to send', colour: 'govuk-tag--grey' },
  sending: { text: 'Sending', colour: 'govuk-tag--blue' },
  sent: { text: 'Sent', colour: 'govuk-tag--green' },
  'needs-attention': { text: 'Needs attention', colour: 'govuk-tag--red' },
  'needs-sign-in': { text: 'Waiting for you to sign in', colour: 'govuk-tag--yellow' },
};

// Once sent, what the incident team has done with it, as last read from the endpoint.
const caseTags = {
  'being-handled': { text: 'Being handled', colour: 'govuk-tag--blue' },
  closed: { text: 'Closed', colour: 'govuk-tag--grey' },
};

export function StatusTag({ status, caseStatus }: { status: OutboxRecord['status']; caseStatus?: OutboxRecord['caseStatus'] }) {
  const tag = (status === 'sent' && caseStatus && caseStatus !== 'received' && caseTags[caseStatus]) || tags[status];
  return <strong class={`govuk-tag ${tag.colour}`}>{tag.text}</strong>;
}

/** One sentence saying where the report is and what, if anything, the reporter should do. */
export function statusSentence(record: OutboxRecord): string {
  switch (record.status) {
    case 'waiting':
      return 'Saved on this device. It will be sent automatically when this device is back online.';
    case 'sending':
      return 'Sending now.';
    case 'sent': {
      const reference = formatReference(record.receipt?.reference ?? record.reference);
      const since = record.caseStatusSince ? formatDateTime(new Date(record.caseStatusSince)) : undefined;
      const progress =
        record.caseStatus === 'being-handled'
          ? ` An incident manager has been handling it${since ? ` since ${since}` : ''}.`
          : record.caseStatus === 'closed'
            ? ` The incident was closed${since ? ` on ${since}` : ''}.`
            : '';
      return `The incident team has it. Their reference is ${reference}.${progress}`;
    }
    case 'needs-attention':
      return `It could not be sent: ${record.problem ?? 'the incident team’s system refused it'}. It is still saved on this device. Correct it and send it again, or call the IT Service Desk on 0800 917 5148 and quote the reference.`;
    case 'needs-sign-in':
      return 'Sign in to send it. It is still saved on this device.';
  }
}
