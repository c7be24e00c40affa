// "Save sealed reports to a file": for a device that will never be online again, the reports waiting to send,
// as they are sealed to the endpoint, in a file someone carries to the incident team (`npm run import`).
import { useEffect, useState } from 'preact/hooks';
import type { OutboxRecord } from '../../db/database.ts';
import { listOutbox } from '../../db/drafts.ts';
import { stillToSend } from '../../db/outbox.ts';
import { unsentReplies } from '../../db/replies.ts';
import { sealPlainOutbox } from '../../db/seal-outbox.ts';
import { sealedFileOf } from '../../db/sealed-export.ts';
import { sealedFileName } from '../../shared/sealed-file.ts';
import { ServiceDeskPhone } from '../components/Layout.tsx';
import { PageTitle } from '../components/PageTitle.tsx';
import { WaitingReportsTable } from '../components/WaitingReportsTable.tsx';

const HEADING = 'Save sealed reports to a file';

/** Hands the browser a file to save (works offline: the file is made on the device). */
function download(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const link = Object.assign(document.createElement('a'), { href: url, download: name });
  document.body.append(link);
  link.click();
  link.remove();
  // Some browsers read the address after the click returns.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export default function SaveSealedReportsPage() {
  const [records, setRecords] = useState<OutboxRecord[] | null>(null);
  const [replies, setReplies] = useState(0);
  const [saved, setSaved] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    // Reports an older version kept in clear are sealed first (with the key built into the app if offline).
    void sealPlainOutbox()
      .catch(() => 0)
      .then(() => listOutbox())
      .then((all) => setRecords(all.filter(stillToSend).reverse()), () => setFailed(true));
    void unsentReplies().then((all) => setReplies(all.filter(stillToSend).length), () => undefined);
  }, []);

  const save = async () => {
    try {
      const now = new Date();
      const name = sealedFileName(now);
      download(name, `${JSON.stringify(await sealedFileOf(now), null, 2)}\n`);
      setSaved(name);
    } catch {
      setFailed(true);
    }
  };

  return (
    <>
      <a href="/" class="govuk-back-link">Back</a>
      <PageTitle heading={HEADING} />
      <h1 class="govuk-heading-l">{HEADING}</h1>
      {failed && <p class="govuk-body">Your reports cannot be read on this device just now. Try closing and reopening the app.</p>}
      {records && records.length === 0 && (
        <p class="govuk-body">
          There are no reports waiting to send on this device. <a class="govuk-link" href="/">Go back to the start</a>.
        </p>
      )}
      {records && records.length > 0 && (
        <>
          <p class="govuk-body">
            Use this only if this device will not be online again, for example because it has no network or is being handed back.
          </p>
          <p class="govuk-body">
            The file holds the reports below, sealed on this device: only the incident team’s system can open them. Copy it to a
            device that is online and give it to the incident team. Call the IT Service Desk on <ServiceDeskPhone /> to arrange this.
          </p>
          <p class="govuk-body">
            The reports also stay on this device and are sent if it is ever online again. The team will get each report only once.
          </p>
          <WaitingReportsTable records={records} caption="Reports waiting to send" testId="reports-to-save" />
          {replies > 0 && (
            <p class="govuk-body" data-testid="replies-not-saved">
              Answers and added information to reports already sent ({replies}) are not in the file: they are sent when this device is online.
            </p>
          )}
          {saved && (
            <div class="govuk-inset-text" role="status" data-testid="sealed-file-saved">
              Saved as <strong>{saved}</strong>. Look for it in your downloads.
            </div>
          )}
          <button type="button" class="govuk-button" onClick={save}>
            {HEADING}
          </button>
        </>
      )}
    </>
  );
}
