// The start page's links to what the reporter can do with what this device keeps: save the reports waiting to
// send to a file (for a device that will never be online), and delete everything.
import { useEffect, useState } from 'preact/hooks';
import { listOutbox } from '../../db/drafts.ts';
import { stillToSend } from '../../db/outbox.ts';
import { onOutboxEvent } from '../sw-bridge.ts';

export function ThisDevice() {
  const [waiting, setWaiting] = useState(0);
  useEffect(() => {
    const load = () => void listOutbox().then((records) => setWaiting(records.filter(stillToSend).length), () => undefined);
    load();
    return onOutboxEvent(load);
  }, []);
  return (
    <>
      <h2 class="govuk-heading-m">What this app keeps on this device</h2>
      {waiting > 0 && (
        <p class="govuk-body" data-testid="save-sealed-reports">
          If this device will not be online again, <a class="govuk-link" href="/save-sealed-reports">save sealed reports to a file</a> and
          give it to the incident team ({waiting === 1 ? '1 report is' : `${waiting} reports are`} waiting to send).
        </p>
      )}
      <p class="govuk-body">
        <a class="govuk-link" href="/delete-everything">Delete everything this app keeps on this device</a>
      </p>
    </>
  );
}
