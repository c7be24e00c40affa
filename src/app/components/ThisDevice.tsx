// The start page's links to what the reporter can do with what this device keeps: save the reports waiting to
// send to a file (for a device that will never be online), and delete everything.
import { useEffect, useState } from 'preact/hooks';
import { storeExists } from '../../db/store-exists.ts';
import { onOutboxEvent } from '../sw-bridge.ts';

export function ThisDevice() {
  const [waiting, setWaiting] = useState(0);
  useEffect(() => {
    // Nothing stored yet (a first visit): no storage code loaded, no database made.
    const load = async () => {
      if (!(await storeExists())) return;
      const [{ listOutbox }, { stillToSend }] = await Promise.all([import('../../db/drafts.ts'), import('../../db/outbox.ts')]);
      setWaiting((await listOutbox()).filter(stillToSend).length);
    };
    void load().catch(() => undefined);
    return onOutboxEvent(() => void load().catch(() => undefined));
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
