// Loads the case file's breach end to end into a store (see casefile-case.ts): the report, the decision, who
// was told, the initial form, the acknowledgement, the follow-up, the regulator's decision, then closed and
// exempt from disposal. Running it again changes nothing (the report is stored by its id; the rest is
// written only when the case has no regulator records yet).
import { setRetention } from '../disposal/dispose.ts';
import type { IcoFormInput, OrganisationDetails } from '../forms/ico-form.ts';
import { regulatorDb, regulatorStoreOf } from '../regulator/regulator-store.ts';
import type { ReportStore } from '../storage/report-store.ts';
import { CASEFILE_FOLLOW_UP_BREACH, CASEFILE_REPORT, CASEFILE_TIMELINE as T } from './casefile-case.ts';

export interface LoadedCase {
  reportId: string;
  reference: string;
  /** False when the case was already there. */
  loaded: boolean;
  /** The two forms, as sent. */
  forms: { initial: IcoFormInput; followUp: IcoFormInput };
}

export async function loadCasefile(store: ReportStore, organisation: OrganisationDetails): Promise<LoadedCase> {
  const saved = await store.saveReport(CASEFILE_REPORT);
  const regulator = regulatorStoreOf(store);
  const id = saved.receipt.id;
  const already = (await regulator.record(id)).submissions.length > 0;
  if (!already) {
    await regulator.recordDecision(id, T.decision);
    await regulator.recordTold(id, T.toldSubjects);
    await regulator.recordSubmission(id, T.initialSent);
    await regulator.recordResponse(id, T.acknowledgement);
    await regulator.recordSubmission(id, { ...T.followUpSent, answers: { breach: CASEFILE_FOLLOW_UP_BREACH } });
    await regulator.recordResponse(id, T.regulatorDecision);
    // TODO(console): close through the console's case workflow once it lands (it writes the audit trail).
    await store.db.updateTable('reports').set({ status: 'closed' }).where('id', '=', id).execute();
    await setRetention(regulatorDb(store), id, { closedAt: new Date(T.closedAt).toISOString(), exempt: true, exemptReason: T.exemptReason });
  }
  const followUpReport = { ...CASEFILE_REPORT, breach: { ...CASEFILE_REPORT.breach!, ...CASEFILE_FOLLOW_UP_BREACH } };
  return {
    reportId: id,
    reference: saved.receipt.reference,
    loaded: !already,
    forms: {
      initial: { report: CASEFILE_REPORT, reason: T.decision.outcome, organisation, sender: T.sender },
      followUp: { report: followUpReport, reason: T.decision.outcome, organisation, sender: T.sender },
    },
  };
}
