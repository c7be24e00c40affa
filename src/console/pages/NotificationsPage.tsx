// The notifications the endpoint queued: sent, waiting to be tried again, or (with no mail server configured)
// shown here instead of being sent.
import { useEffect, useState } from 'preact/hooks';
import { api, type ConsoleApiError, type NotificationRow } from '../api.ts';
import { dateTime } from '../format.ts';

export function NotificationsPage() {
  const [data, setData] = useState<{ smtp: boolean; notifications: NotificationRow[] } | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api.notifications().then(setData, (e: ConsoleApiError) => setError(e.message));
  }, []);
  return (
    <>
      <h1 class="govuk-heading-l">Notifications</h1>
      {error && <p class="govuk-error-message" role="alert">{error}</p>}
      {data && !data.smtp && <p class="govuk-inset-text govuk-body">No mail server is configured (SMTP_URL), so messages are shown here instead of being sent.</p>}
      {data && data.notifications.length === 0 && <p class="govuk-body">No notifications yet.</p>}
      {data?.notifications.map((n) => (
        <div class="govuk-!-margin-bottom-6" key={n.id}>
          <h2 class="govuk-heading-s">{n.subject}</h2>
          <p class="govuk-body-s">To {n.recipient}, queued {dateTime(n.createdAt)}: {n.sentAt ? `sent ${dateTime(n.sentAt)}` : data.smtp ? `not sent yet (${n.attempts} tries${n.lastError ? `, last error: ${n.lastError}` : ''})` : 'shown here'}</p>
          <p class="govuk-body console-pre">{n.body}</p>
        </div>
      ))}
    </>
  );
}
