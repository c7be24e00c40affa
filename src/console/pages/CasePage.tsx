// One case: its state and clock, the team's changes (triage, status, ownership, escalation, notes, actions),
// the whole report labelled from the catalogue, and its timeline. Each form sends one change with the version
// the page showed, so two people cannot overwrite each other unknowingly.
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { CENTRAL_TEAMS, MAX_ACTION, MAX_NAME, MAX_NOTE, MAX_SUMMARY, SEVERITIES, SEVERITY_CRITERIA, closureRequired, type Severity } from '../../shared/case-model.ts';
import type { CaseChange, CaseDetail, FollowUpReport, StaffMember, TimelineEntry } from '../../shared/console-api.ts';
import { reportKinds } from '../../shared/options.ts';
import { api, ConsoleApiError, type Me } from '../api.ts';
import { clockText, dateTime, formatReference, kindLabel, occurrenceLabel, personalDataLabel, statusLabel, teamLabel } from '../format.ts';
import { SummaryList } from '../SummaryList.tsx';
import { ReportAnswers } from '../ReportAnswers.tsx';
import { Field, RecordForm, str } from '../RecordForm.tsx';
import type { Decision, RegulatorResponse, Submission, Told } from '../../shared/regulator-api.ts';
import { outcomeLabel } from '../../shared/regulator-decision.ts';
import { RegulatorSection } from './RegulatorSection.tsx';
import { MessagesSection } from './MessagesSection.tsx';

type Build = (data: FormData, c: CaseDetail) => CaseChange;

/** A form that sends one change with the version the page showed. */
function ChangeForm({ c, build, ...props }: { c: CaseDetail; title: string; build: Build; submit: string; onDone: () => void; children: ComponentChildren }) {
  return <RecordForm {...props} send={(data) => api.change(c.id, build(data, c))} />;
}


// The fields' names in words; bookkeeping fields (the owner's id, the "confirmed" flag, the closing time)
// are in the audit trail but not worth a line on the timeline.
const FIELD_NAMES: Record<string, string> = {
  status: 'Status', severity: 'Severity', owner_name: 'Owner', kind: 'Kind', occurrence: 'Incident or near-miss', personal_data: 'Personal data',
  regulator_deadline: 'Regulator deadline', escalated_to: 'Escalated to', closure_summary: 'Closure summary', lessons_learnt: 'Lessons learnt',
};
const HIDDEN_FIELDS = new Set(['owner_id', 'personal_data_confirmed', 'closed_at']);

const TITLES: Record<string, string> = {
  note: 'Note', changed: 'Case changed', 'people-told': 'Regulator',
  'question-asked': 'Question to the reporter', 'reporter-answered': 'Answer from the reporter', 'reporter-added': 'Added by the reporter',
};
const timelineTitle = (action: string) => TITLES[action] ?? (action.startsWith('follow-up') ? 'Follow-up report' : action.startsWith('regulator') ? 'Regulator' : 'Action');

/** How a follow-up was matched to the case, in words. */
function matchedWords(f: Pick<FollowUpReport, 'matchedBy' | 'matchedOn'>): string {
  return f.matchedBy === 'reference' ? `it gives this case's reference, ${formatReference(f.matchedOn)}` : `it gives the ICO case reference ${f.matchedOn}`;
}

/** Each follow-up report that joined the case, in full, labelled from the catalogue like the case's own report. */
function FollowUps({ followUps }: { followUps: FollowUpReport[] }) {
  if (followUps.length === 0) return null;
  return (
    <section data-testid="follow-ups" aria-labelledby="follow-ups-title">
      <h2 class="govuk-heading-m" id="follow-ups-title">Follow-up reports</h2>
      {followUps.map((f) => (
        <details class="govuk-details" key={f.id} open={f === followUps.at(-1)}>
          <summary class="govuk-details__summary">
            <span class="govuk-details__summary-text">Follow-up {formatReference(f.reference)}, received {dateTime(f.receivedAt)}</span>
          </summary>
          <div class="govuk-details__text">
            <p class="govuk-body">Added to this case because {matchedWords(f)}.</p>
            <ReportAnswers report={f.report} kind={String(f.report.kind)} version={f.schemaVersion} />
          </div>
        </details>
      ))}
    </section>
  );
}

function Timeline({ entries, receivedAt }: { entries: TimelineEntry[]; receivedAt: string }) {
  const describe = (t: TimelineEntry): string => {
    const show = (v: unknown) => (v === null || v === undefined ? 'nothing' : typeof v === 'string' ? v : JSON.stringify(v));
    switch (t.action) {
      case 'note':
        return `Note: ${show(t.newValue)}`;
      case 'action-added': {
        const a = t.newValue as { description: string; ownerName: string; dueDate: string };
        return `Action added: ${a.description} (owner ${a.ownerName}, due ${a.dueDate})`;
      }
      case 'action-done':
        return 'Action marked done';
      case 'regulator-decision':
        return `Decision on the regulator: ${outcomeLabel((t.newValue as Decision).outcome)}`;
      case 'regulator-form-sent':
        return `Form sent to the regulator: ${(t.newValue as Submission).reportType === 'initial' ? 'initial report' : 'follow-up'}, ${dateTime((t.newValue as Submission).sentAt)}`;
      case 'regulator-response': {
        const r = t.newValue as RegulatorResponse;
        return `From the regulator (${r.kind}): ${[r.icoReference, r.caseOfficer, r.decision, r.recommendations].filter(Boolean).join('; ')}`;
      }
      case 'follow-up-received': {
        const f = t.newValue as { reference: string; matchedBy: FollowUpReport['matchedBy']; matchedOn: string };
        return `Follow-up report ${formatReference(f.reference)} added to this case (${matchedWords(f)})`;
      }
      case 'follow-up-unmatched': {
        const given = Object.values((t.newValue ?? {}) as Record<string, string>);
        return `This is a follow-up report, but no case has the reference it gives${given.length ? ` (${given.join(', ')})` : ''}: it is a case of its own.`;
      }
      case 'question-asked':
        return `Question: ${(t.newValue as { text: string }).text}`;
      case 'reporter-answered':
        return `Answer: ${(t.newValue as { text: string }).text}`;
      case 'reporter-added':
        return `Added to the report: ${(t.newValue as { text: string }).text}`;
      case 'people-told': {
        const p = t.newValue as Told;
        return `${p.audience === 'data-subjects' ? 'Data subjects' : p.organisation} told ${dateTime(p.toldAt)}: ${p.method}`;
      }
      default:
        return `${FIELD_NAMES[t.field ?? ''] ?? t.field ?? t.action} changed from ${show(t.oldValue)} to ${show(t.newValue)}`;
    }
  };
  return (
    <div class="moj-timeline">
      {[...entries].reverse().filter((t) => !HIDDEN_FIELDS.has(t.field ?? '')).map((t) => (
        <div class="moj-timeline__item" key={t.seq}>
          <div class="moj-timeline__header">
            <h3 class="moj-timeline__title">{timelineTitle(t.action)}</h3>{' '}
            <p class="moj-timeline__byline">by {t.actorName}</p>
          </div>
          <p class="moj-timeline__date"><time dateTime={t.at}>{dateTime(t.at)}</time></p>
          <div class="moj-timeline__description console-pre">{describe(t)}</div>
        </div>
      ))}
      <div class="moj-timeline__item">
        <div class="moj-timeline__header"><h3 class="moj-timeline__title">Report received</h3></div>
        <p class="moj-timeline__date"><time dateTime={receivedAt}>{dateTime(receivedAt)}</time></p>
      </div>
    </div>
  );
}

export function CasePage({ id, me }: { id: string; me: Me }) {
  const [c, setCase] = useState<CaseDetail | null>(null);
  const [staff, setStaff] = useState<StaffMember[]>([]);
  const [error, setError] = useState<string | null>(null);
  const load = () => api.case(id).then(setCase, (e: ConsoleApiError) => setError(e.message));
  useEffect(() => {
    void load();
    api.staff().then(setStaff, () => setStaff([]));
  }, [id]);

  if (error) return <p class="govuk-error-message" role="alert">{error}</p>;
  if (!c) return <p class="govuk-body">Loading…</p>;
  const needsClosure = closureRequired('closed', c.severity);
  return (
    <>
      <a class="govuk-back-link" href="/console">Back to cases</a>
      <h1 class="govuk-heading-l">Case {formatReference(c.reference)}</h1>
      <SummaryList
        testId="case-summary"
        rows={[
          ['Status', statusLabel(c.status)],
          ['Regulator clock', clockText(c.regulatorDeadline) + (c.regulatorDeadline ? ` (deadline ${dateTime(c.regulatorDeadline)})` : '')],
          ['Kind', kindLabel(c.kind)],
          ['Incident or near-miss', occurrenceLabel(c.occurrence)],
          ['Personal data', `${personalDataLabel(c.personalData)}${c.personalDataConfirmed ? ' (confirmed by the team)' : ' (as reported)'}`],
          ['Severity', c.severity ?? 'Not assessed'],
          ['Owner', c.ownerName ?? 'Nobody'],
          ['Escalated to', c.escalatedTo ? teamLabel(c.escalatedTo) : 'Not escalated'],
          ['Received', dateTime(c.receivedAt)],
          ...(c.closureSummary ? [['Closure summary', c.closureSummary] as const] : []),
          ...(c.lessonsLearnt ? [['Lessons learnt', c.lessonsLearnt] as const] : []),
        ]}
      />

      {me.canChange && (
        <div class="govuk-grid-row">
          <div class="govuk-grid-column-one-half">
            <ChangeForm c={c} title="Triage" submit="Save triage" onDone={load} build={(d, c) => ({ type: 'triage', version: c.version, kind: str(d, 'kind'), occurrence: str(d, 'occurrence'), personalData: str(d, 'personalData') as never, severity: str(d, 'severity') as Severity | undefined })}>
              <Field id="triage-kind" label="Kind">
                <select class="govuk-select" id="triage-kind" name="kind" value={c.kind}>
                  {reportKinds.map((k) => <option value={k.value} key={k.value}>{k.label}</option>)}
                </select>
              </Field>
              <Field id="triage-occurrence" label="Incident or near-miss">
                <select class="govuk-select" id="triage-occurrence" name="occurrence" value={c.occurrence ?? ''}>
                  <option value="">Not said</option>
                  <option value="incident">Incident</option>
                  <option value="near-miss">Near-miss</option>
                </select>
              </Field>
              <Field id="triage-personal" label="Personal data involved (the team's decision)">
                <select class="govuk-select" id="triage-personal" name="personalData" value={c.personalDataConfirmed ? c.personalData : ''}>
                  <option value="">Not decided</option>
                  <option value="yes">Yes</option>
                  <option value="no">No</option>
                  <option value="not-known">Not known yet</option>
                </select>
              </Field>
              <div class="govuk-form-group">
                <fieldset class="govuk-fieldset">
                  <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">Severity</legend>
                  <div class="govuk-radios govuk-radios--small">
                    {SEVERITIES.map((s) => (
                      <div class="govuk-radios__item" key={s}>
                        <input class="govuk-radios__input" id={`severity-${s}`} name="severity" type="radio" value={s} checked={c.severity === s} aria-describedby={`severity-${s}-hint`} />
                        <label class="govuk-label govuk-radios__label" for={`severity-${s}`}>{s[0]!.toUpperCase() + s.slice(1)}</label>
                        <div class="govuk-hint govuk-radios__hint" id={`severity-${s}-hint`}>{SEVERITY_CRITERIA[s]}</div>
                      </div>
                    ))}
                  </div>
                </fieldset>
              </div>
            </ChangeForm>

            <ChangeForm c={c} title="Status" submit="Change status" onDone={load} build={(d, c) => ({ type: 'status', version: c.version, status: str(d, 'status') as never, closureSummary: str(d, 'closureSummary'), lessonsLearnt: str(d, 'lessonsLearnt') })}>
              <Field id="status-to" label="Move the case to">
                <select class="govuk-select" id="status-to" name="status">
                  {c.allowedStatuses.map((s) => <option value={s} key={s}>{statusLabel(s)}</option>)}
                </select>
              </Field>
              <Field id="closure-summary" label={`Closure summary${needsClosure ? '' : ' (optional)'}`} hint={needsClosure ? 'Required to close a case of medium or high severity' : undefined}>
                <textarea class="govuk-textarea" id="closure-summary" name="closureSummary" rows={3} maxLength={MAX_SUMMARY} autocomplete="off" />
              </Field>
              <Field id="lessons" label={`Lessons learnt${needsClosure ? '' : ' (optional)'}`}>
                <textarea class="govuk-textarea" id="lessons" name="lessonsLearnt" rows={3} maxLength={MAX_SUMMARY} autocomplete="off" />
              </Field>
            </ChangeForm>
          </div>
          <div class="govuk-grid-column-one-half">
            <ChangeForm c={c} title="Owner" submit="Assign" onDone={load} build={(d, c) => ({ type: 'assign', version: c.version, ownerId: str(d, 'ownerId') ?? null })}>
              <Field id="owner" label="Owner">
                <select class="govuk-select" id="owner" name="ownerId" value={c.ownerId ?? me.user.id}>
                  <option value={me.user.id}>Me ({me.user.name})</option>
                  {staff.filter((s) => s.id !== me.user.id).map((s) => <option value={s.id} key={s.id}>{s.name}</option>)}
                </select>
              </Field>
            </ChangeForm>
            <ChangeForm c={c} title="Escalate" submit="Escalate" onDone={load} build={(d, c) => ({ type: 'escalate', version: c.version, team: str(d, 'team') as never })}>
              <Field id="team" label="Central team">
                <select class="govuk-select" id="team" name="team">
                  {CENTRAL_TEAMS.map((t) => <option value={t.value} key={t.value}>{t.label}</option>)}
                </select>
              </Field>
            </ChangeForm>
            <ChangeForm c={c} title="Add a note" submit="Add note" onDone={load} build={(d, c) => ({ type: 'note', version: c.version, text: String(d.get('text') ?? '') })}>
              <Field id="note" label="Note">
                <textarea class="govuk-textarea" id="note" name="text" rows={3} maxLength={MAX_NOTE} autocomplete="off" />
              </Field>
            </ChangeForm>
            <ChangeForm c={c} title="Add an action" submit="Add action" onDone={load} build={(d, c) => ({ type: 'action', version: c.version, description: String(d.get('description') ?? ''), ownerName: String(d.get('ownerName') ?? ''), dueDate: String(d.get('dueDate') ?? '') })}>
              <Field id="action-description" label="What needs doing">
                <input class="govuk-input" id="action-description" name="description" maxLength={MAX_ACTION} autocomplete="off" />
              </Field>
              <Field id="action-owner" label="Who owns it">
                <input class="govuk-input govuk-input--width-20" id="action-owner" name="ownerName" maxLength={MAX_NAME} autocomplete="off" />
              </Field>
              <Field id="action-due" label="Due date">
                <input class="govuk-input govuk-input--width-10" id="action-due" name="dueDate" type="date" />
              </Field>
            </ChangeForm>
          </div>
        </div>
      )}

      <h2 class="govuk-heading-m">Actions</h2>
      {c.actions.length === 0 ? (
        <p class="govuk-body">No actions yet.</p>
      ) : (
        <table class="govuk-table">
          <thead class="govuk-table__head">
            <tr class="govuk-table__row">
              {['Action', 'Owner', 'Due', 'Done'].map((h) => <th scope="col" class="govuk-table__header" key={h}>{h}</th>)}
            </tr>
          </thead>
          <tbody class="govuk-table__body">
            {c.actions.map((a) => (
              <tr class="govuk-table__row" key={a.id}>
                <td class="govuk-table__cell console-pre">{a.description}</td>
                <td class="govuk-table__cell">{a.ownerName}</td>
                <td class="govuk-table__cell">{a.dueDate}</td>
                <td class="govuk-table__cell">
                  {a.doneAt ? dateTime(a.doneAt) : me.canChange ? (
                    <button class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0" type="button" onClick={() => api.change(c.id, { type: 'action-done', version: c.version, actionId: a.id }).then(load, (e: ConsoleApiError) => setError(e.message))}>
                      Mark done<span class="govuk-visually-hidden">: {a.description}</span>
                    </button>
                  ) : 'Not yet'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <MessagesSection c={c} me={me} onChange={load} />

      {c.personalData !== 'no' && <RegulatorSection c={c} me={me} onChange={load} />}

      <h2 class="govuk-heading-m">The report</h2>
      <ReportAnswers report={c.report} kind={String(c.report.kind)} version={c.schemaVersion} />
      <FollowUps followUps={c.followUps ?? []} />

      <h2 class="govuk-heading-m">Timeline</h2>
      <Timeline entries={c.timeline} receivedAt={c.receivedAt} />
    </>
  );
}
