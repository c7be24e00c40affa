// "Save sealed reports to a file", for a device that will never be online: every outbox record the device would
// still send, as it is sealed to the endpoint, with only what the outbox keeps in clear beside it. Records are
// taken generically (any sealed record, its `type` defaulting to 'report'), so newer kinds of record travel too.
import { db as defaultDb, type OutboxRecord, type ReportingDatabase, type SealedBody } from './database.ts';
import { stillToSend } from './outbox.ts';
import { SEALED_FILE_FORMAT, SEALED_FILE_VERSION, type SealedFile, type SealedFileRecord } from '../shared/sealed-file.ts';

function fileRecord(record: OutboxRecord): SealedFileRecord {
  const { id, reference, kind, createdAt, submittedAt, regulatorDeadline } = record;
  const type = (record as { type?: unknown }).type;
  return {
    type: typeof type === 'string' ? type : 'report',
    id,
    jwe: (record.body as SealedBody).jwe, // stillToSend: sealed
    reference,
    kind,
    createdAt,
    submittedAt,
    ...(regulatorDeadline ? { regulatorDeadline } : {}),
  };
}

/** The file's contents: the sealed records still to send, oldest first. */
export async function sealedFileOf(now = new Date(), database: ReportingDatabase = defaultDb): Promise<SealedFile> {
  const records = (await database.outbox.orderBy('submittedAt').toArray()).filter(stillToSend);
  return { format: SEALED_FILE_FORMAT, version: SEALED_FILE_VERSION, exportedAt: now.toISOString(), records: records.map(fileRecord) };
}
