// The regulator's side of a case with personal data: the data protection officer's decision (the regulator's
// three reasons for report word for word, or not reporting with the reasons why), the forms sent, what came
// back, who was told, and the form itself (Word document, or a print view). Each record goes on the timeline.
import { useEffect, useState } from 'preact/hooks';
import type { CaseDetail } from '../../shared/console-api.ts';
import type { RegulatorRecord } from '../../shared/regulator-api.ts';
import { outcomeLabel, REASONS_FOR_REPORT } from '../../shared/regulator-decision.ts';
import { api, links, type ConsoleApiError, type Me, type RegulatorWrite } from '../api.ts';
import { dateTime } from '../format.ts';
import { Field, RecordForm, str } from '../RecordForm.tsx';
import { SummaryList } from '../SummaryList.tsx';
import type { ReportKind } from '../../shared/options.ts';

const OUTCOMES = [...REASONS_FOR_REPORT, { value: 'not-reporting', label: 'Not reporting to the regulator' }] as const;
const RESPONSE_KINDS = [
  { value: 'acknowledgement', label: 'Acknowledgement (with the ICO case reference)' },
  { value: 'case-officer', label: 'Case officer assigned' },
  { value: 'decision', label: "The regulator's decision" },
] as const;

/** A datetime-local field as an instant (the browser's time zone), or undefined (the endpoint then uses now). */
const instant = (data: FormData, name: string) => {
  const v = str(data, name);
  return v ? new Date(v).toISOString() : undefined;
};

function Table({ caption, headers, rows }: { caption: string; headers: string[]; rows: (string | null)[][] }) {
  if (rows.length === 0) return <p class="govuk-body">{caption}: none recorded.</p>;
  return (
    <table class="govuk-table">
      <caption class="govuk-table__caption govuk-table__caption--s">{caption}</caption>
      <thead class="govuk-table__head">
        <tr class="govuk-table__row">{headers.map((h) => <th scope="col" class="govuk-table__header" key={h}>{h}</th>)}</tr>
      </thead>
      <tbody class="govuk-table__body">
        {rows.map((r, i) => (
          <tr class="govuk-table__row" key={i}>{r.map((v, j) => <td class="govuk-table__cell console-pre" key={j}>{v ?? ''}</td>)}</tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * The team's own follow-up: a report written in the reporter's pages of this browser, starting from the
 * case's answers with this case's reference (and the ICO's, once known), so that once sent it joins this case.
 */
function WriteFollowUp({ c, icoReference }: { c: CaseDetail; icoReference: string | null }) {
  const [failed, setFailed] = useState(false);
  const write = async () => {
    try {
      // Loaded only now: the console's own pages never need the reporter's storage.
      const [{ createDraft }, { followUpAnswers }] = await Promise.all([import('../../db/drafts.ts'), import('../../shared/follow-up.ts')]);
      const draft = await createDraft(c.report.kind as ReportKind, new Date(), followUpAnswers(c.reference, c.report, icoReference));
      location.assign(`/report/${draft.id}`);
    } catch {
      setFailed(true);
    }
  };
  return (
    <div class="govuk-!-margin-bottom-6">
      <p class="govuk-body" id="write-follow-up-hint">
        A follow-up from the team is written as a report, with this case's answers filled in. Once sent, it is added to this case and the follow-up form starts from it.
      </p>
      {failed && <p class="govuk-error-message" role="alert">The follow-up cannot be started in this browser: its storage is full or blocked.</p>}
      <button type="button" class="govuk-button govuk-button--secondary" aria-describedby="write-follow-up-hint" onClick={write}>
        Write a follow-up report
      </button>
    </div>
  );
}

export function RegulatorSection({ c, me, onChange }: { c: CaseDetail; me: Me; onChange: () => void }) {
  const [record, setRecord] = useState<RegulatorRecord | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = () => api.regulator(c.id).then(setRecord, (e: ConsoleApiError) => setError(e.message));
  useEffect(() => void load(), [c.id]);
  const saved = () => {
    void load();
    onChange();
  };
  const send = (what: RegulatorWrite) => (body: Record<string, unknown>) => api.recordRegulator(c.id, what, body);
  const isDpo = me.user.roles.includes('dpo');
  const d = record?.decision;

  return (
    <section aria-labelledby="regulator-title" data-testid="regulator">
      <h2 class="govuk-heading-l" id="regulator-title">Regulator</h2>
      {error && <p class="govuk-error-message" role="alert">{error}</p>}
      {record && (
        <>
          <SummaryList
            testId="regulator-decision"
            rows={[
              ['Decision', d ? outcomeLabel(d.outcome) : 'No decision recorded'],
              ...(d ? [['Decided by', `${d.decidedBy}, ${dateTime(d.decidedAt)}`] as const] : []),
              ...(d?.reasons ? [['Reasons', d.reasons] as const] : []),
              ...(d?.delayReason ? [['Reason for delay', d.delayReason] as const] : []),
              ['ICO case reference', record.icoReference ?? 'None yet'],
            ]}
          />
          <p class="govuk-body">
            The regulator's form: <a class="govuk-link" href={links.formDocx(c.id, 'initial')} download>Download the initial report (.docx)</a>
            {' · '}<a class="govuk-link" href={links.formDocx(c.id, 'follow-up')} download>Download a follow-up (.docx)</a>
            {' · '}<a class="govuk-link" href={`/console/cases/${c.id}/form?type=initial`}>Print view</a>
          </p>
          {me.canChange && <WriteFollowUp c={c} icoReference={record.icoReference} />}
          <Table caption="Forms sent" headers={['Type', 'Sent', 'By']} rows={record.submissions.map((s) => [s.reportType === 'initial' ? 'Initial report' : 'Follow-up', dateTime(s.sentAt), s.sentBy])} />
          <Table
            caption="What the regulator sent back"
            headers={['Kind', 'Received', 'Reference', 'Case officer', 'Decision', 'Recommendations']}
            rows={record.responses.map((r) => [RESPONSE_KINDS.find((k) => k.value === r.kind)!.label, dateTime(r.receivedAt), r.icoReference, r.caseOfficer, r.decision, r.recommendations])}
          />
          <Table
            caption="Data subjects and organisations told"
            headers={['Who', 'When', 'How', 'By']}
            rows={record.told.map((t) => [t.audience === 'data-subjects' ? 'The data subjects' : (t.organisation ?? 'An organisation'), dateTime(t.toldAt), t.method, t.toldBy])}
          />
        </>
      )}

      {isDpo && (
        <RecordForm title="Record the decision" submit="Record decision" onDone={saved} send={(f) => send('decision')({ outcome: str(f, 'outcome'), reasons: str(f, 'reasons'), delayReason: str(f, 'delayReason') })}>
          <div class="govuk-form-group">
            <fieldset class="govuk-fieldset">
              <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">Reason for report – after consulting the guidance</legend>
              <div class="govuk-radios govuk-radios--small">
                {OUTCOMES.map((o) => (
                  <div class="govuk-radios__item" key={o.value}>
                    <input class="govuk-radios__input" id={`outcome-${o.value}`} name="outcome" type="radio" value={o.value} checked={d?.outcome === o.value} />
                    <label class="govuk-label govuk-radios__label" for={`outcome-${o.value}`}>{o.label}</label>
                  </div>
                ))}
              </div>
            </fieldset>
          </div>
          <Field id="decision-reasons" label="Why (required when not reporting)">
            <textarea class="govuk-textarea" id="decision-reasons" name="reasons" rows={3} maxLength={5000} autocomplete="off" />
          </Field>
          <Field id="decision-delay" label="Reason for any delay past the 72 hours">
            <textarea class="govuk-textarea" id="decision-delay" name="delayReason" rows={2} maxLength={5000} autocomplete="off" />
          </Field>
        </RecordForm>
      )}

      {me.canChange && (
        <div class="govuk-grid-row">
          <div class="govuk-grid-column-one-half">
            <RecordForm title="Record a form sent" submit="Record form sent" onDone={saved} send={(f) => send('submission')({ reportType: str(f, 'reportType'), sentAt: instant(f, 'sentAt') })}>
              <Field id="sent-type" label="Which form">
                <select class="govuk-select" id="sent-type" name="reportType">
                  <option value="initial">Initial report</option>
                  <option value="follow-up">Follow-up</option>
                </select>
              </Field>
              <Field id="sent-at" label="Sent at (empty for now)">
                <input class="govuk-input govuk-input--width-20" id="sent-at" name="sentAt" type="datetime-local" />
              </Field>
            </RecordForm>
            <RecordForm title="Record who was told" submit="Record who was told" onDone={saved} send={(f) => send('told')({ audience: str(f, 'audience'), organisation: str(f, 'organisation'), toldAt: instant(f, 'toldAt'), method: str(f, 'method') })}>
              <Field id="told-audience" label="Who">
                <select class="govuk-select" id="told-audience" name="audience">
                  <option value="data-subjects">The data subjects</option>
                  <option value="organisation">Another organisation</option>
                </select>
              </Field>
              <Field id="told-organisation" label="Organisation (when another organisation)">
                <input class="govuk-input" id="told-organisation" name="organisation" maxLength={200} autocomplete="off" />
              </Field>
              <Field id="told-at" label="When (empty for now)">
                <input class="govuk-input govuk-input--width-20" id="told-at" name="toldAt" type="datetime-local" />
              </Field>
              <Field id="told-method" label="How">
                <input class="govuk-input" id="told-method" name="method" maxLength={1000} autocomplete="off" />
              </Field>
            </RecordForm>
          </div>
          <div class="govuk-grid-column-one-half">
            <RecordForm
              title="Record what the regulator sent back"
              submit="Record response"
              onDone={saved}
              send={(f) => send('response')({ kind: str(f, 'kind'), receivedAt: instant(f, 'receivedAt'), icoReference: str(f, 'icoReference'), caseOfficer: str(f, 'caseOfficer'), decision: str(f, 'decision'), recommendations: str(f, 'recommendations') })}
            >
              <Field id="response-kind" label="What came back">
                <select class="govuk-select" id="response-kind" name="kind">
                  {RESPONSE_KINDS.map((k) => <option value={k.value} key={k.value}>{k.label}</option>)}
                </select>
              </Field>
              <Field id="response-at" label="Received at (empty for now)">
                <input class="govuk-input govuk-input--width-20" id="response-at" name="receivedAt" type="datetime-local" />
              </Field>
              <Field id="response-reference" label="ICO case reference" hint="Like IC-31191-G5C6">
                <input class="govuk-input govuk-input--width-20" id="response-reference" name="icoReference" maxLength={40} autocomplete="off" aria-describedby="response-reference-hint" />
              </Field>
              <Field id="response-officer" label="Case officer">
                <input class="govuk-input" id="response-officer" name="caseOfficer" maxLength={200} autocomplete="off" />
              </Field>
              <Field id="response-decision" label="The regulator's decision">
                <textarea class="govuk-textarea" id="response-decision" name="decision" rows={2} maxLength={5000} autocomplete="off" />
              </Field>
              <Field id="response-recommendations" label="Recommendations">
                <textarea class="govuk-textarea" id="response-recommendations" name="recommendations" rows={2} maxLength={5000} autocomplete="off" />
              </Field>
            </RecordForm>
          </div>
        </div>
      )}
    </section>
  );
}
