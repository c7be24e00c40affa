// The questions, page by page, for every kind of report. Pages and the check-answers list are both
// rendered from this one description, so a question cannot be asked in one and forgotten in the other.
import {
  breachReportTypes,
  compromiseSigns,
  compromisedThings,
  dataCategories,
  dataSubjectCategories,
  deviceOwners,
  deviceTypes,
  lastSeenStates,
  likelihoods,
  locations,
  lostOrStolen,
  occurrences,
  otherCategories,
  reporterRoles,
  systemEffects,
  toldDataSubjects,
  yesNo,
  yesNoDontKnow,
  yesNoNotKnown,
  type Option,
} from '../../shared/options.ts';
import { applies, type DraftAnswers, type ReportKind } from '../../shared/report.ts';
import { getAnswer } from './answers.ts';

export { fieldId, getAnswer, setAnswer } from './answers.ts';

type Common = { name: string; label: string; hint?: string; optional?: boolean };
export type Field =
  | (Common & { type: 'radios'; options: readonly Option[]; inline?: boolean; reveal?: Partial<Record<string, Field[]>> })
  | (Common & { type: 'checkboxes'; options: readonly Option[]; reveal?: Partial<Record<string, Field[]>> })
  | (Common & { type: 'text'; width?: 10 | 20 | 30; inputMode?: 'text' | 'email' | 'tel' | 'numeric'; autoComplete?: string; spellcheck?: boolean })
  | (Common & { type: 'textarea'; rows?: number; pii?: boolean })
  | (Common & { type: 'datetime'; timeOptional?: boolean })
  | (Common & { type: 'count' });

export type PageId =
  | 'what-happened' | 'device' | 'device-state' | 'compromise' | 'other-kind' | 'when' | 'where' | 'personal-data'
  | 'breach-about' | 'breach-data' | 'breach-impact' | 'breach-cyber' | 'breach-response' | 'do-this-now' | 'about-you';

export interface QuestionPage {
  id: PageId;
  title: string;
  /** Short heading for the check-answers page. */
  section: string;
  kinds?: readonly ReportKind[];
  applies?: (answers: DraftAnswers) => boolean;
  /** Guidance shown above the questions (see DoThisNow). */
  guidance?: 'do-this-now' | 'breach-intro';
  fields: (kind: ReportKind) => Field[];
}

const breachApplies = (a: DraftAnswers) => a.personalData === 'yes';

export const pages: readonly QuestionPage[] = [
  {
    id: 'what-happened',
    title: 'What happened?',
    section: 'What happened',
    fields: (kind) => [
      { type: 'radios', name: 'occurrence', label: 'Was this an incident or a near-miss?', options: occurrences },
      ...(kind === 'other'
        ? [{ type: 'radios', name: 'otherCategory', label: 'What kind of incident was it?', options: otherCategories } as Field]
        : []),
      {
        type: 'textarea',
        name: 'whatHappened',
        label: 'Tell us what happened',
        hint: 'Say what went wrong and how. Do not include the names or details of the people whose data is involved.',
        rows: 6,
        pii: true,
      },
    ],
  },
  {
    id: 'device',
    title: 'About the device',
    section: 'The device',
    kinds: ['lost-device'],
    fields: () => [
      {
        type: 'radios', name: 'deviceType', label: 'What kind of device is it?', options: deviceTypes,
        reveal: { other: [{ type: 'text', name: 'deviceTypeDetails', label: 'What kind of device?' }] },
      },
      { type: 'radios', name: 'deviceOwner', label: 'Who issued the device?', options: deviceOwners },
      { type: 'text', name: 'assetTag', label: 'Asset tag or serial number (optional)', hint: 'Usually on a sticker underneath the device', optional: true, width: 20, spellcheck: false },
      { type: 'radios', name: 'lostOrStolen', label: 'Was it lost or stolen?', options: lostOrStolen },
    ],
  },
  {
    id: 'do-this-now',
    title: 'Do this now',
    section: 'What you have done',
    guidance: 'do-this-now',
    fields: (kind) => [
      {
        type: 'radios', name: 'serviceDeskContacted', label: 'Have you contacted the IT Service Desk?', options: yesNo,
        reveal: { yes: [{ type: 'text', name: 'serviceDeskTicket', label: 'Service desk ticket reference', width: 20, spellcheck: false }] },
      },
      { type: 'radios', name: 'lineManagerTold', label: 'Have you told your line manager?', options: yesNo },
      ...(kind === 'lost-device'
        ? [{
            type: 'radios', name: 'policeTold', label: 'Have you told the police?', options: yesNo,
            hint: 'For a lost or stolen device, contact the police and make sure you get the incident reference number.',
            reveal: { yes: [{ type: 'text', name: 'policeReference', label: 'Police incident reference', width: 20, spellcheck: false }] },
          } as Field]
        : []),
      { type: 'textarea', name: 'actionsSoFar', label: 'What else has been done so far? (optional)', hint: 'For example: remote wipe requested, password changed, email recalled, paperwork recovered', optional: true, rows: 4, pii: true },
    ],
  },
  {
    id: 'device-state',
    title: 'The device when you last saw it',
    section: 'The device when last seen',
    kinds: ['lost-device'],
    fields: () => [
      {
        type: 'radios', name: 'lastSeenState', label: 'What state was the device in when you last saw it?', options: lastSeenStates,
        hint: 'Only a device that was shut down has full disk encryption in force. A locked or sleeping laptop can be accessed more easily.',
      },
      { type: 'radios', name: 'encrypted', label: 'Is the device encrypted?', options: yesNoNotKnown, hint: 'Department laptops and phones are encrypted. Personal devices and USB sticks often are not.' },
      { type: 'textarea', name: 'dataOnDevice', label: 'What data or information may be on it?', hint: 'Describe the kind of data, for example "case files for 3 hearings" or "none". Do not include the data itself.', rows: 4, pii: true },
    ],
  },
  {
    id: 'compromise',
    title: 'What did you notice?',
    section: 'What you noticed',
    kinds: ['compromised'],
    fields: () => [
      { type: 'checkboxes', name: 'compromiseSigns', label: 'What did you notice?', hint: 'Select all that apply', options: compromiseSigns },
      { type: 'radios', name: 'compromisedThing', label: 'Is a device or an account affected?', options: compromisedThings },
      { type: 'textarea', name: 'compromisedDetails', label: 'Which device or account?', hint: 'For example "my work laptop" or "my DOM1 email account". Never write a password here.', rows: 3 },
    ],
  },
  {
    id: 'when',
    title: 'When did it happen?',
    section: 'When',
    fields: () => [
      {
        type: 'radios', name: 'happenedKnown', label: 'Do you know when it happened?', options: yesNo, inline: true,
        reveal: { yes: [{ type: 'datetime', name: 'happenedAt', label: 'When did it happen?', hint: 'For example, 27 3 2026. Add the time if you know it, for example 14:30.', timeOptional: true }] },
      },
      {
        type: 'datetime', name: 'discoveredAt', label: 'When was it discovered?',
        hint: 'When you or someone else first became aware of it, for example 27 3 2026 and 09:15. For a personal data breach this starts the 72-hour clock for reporting to the regulator.',
      },
    ],
  },
  {
    id: 'where',
    title: 'Where did it happen?',
    section: 'Where',
    fields: () => [
      {
        type: 'radios', name: 'location', label: 'Where did it happen?', options: locations,
        reveal: { other: [{ type: 'text', name: 'locationDetails', label: 'Where?' }] },
      },
    ],
  },
  {
    id: 'personal-data',
    title: 'Personal data',
    section: 'Personal data',
    fields: () => [
      {
        type: 'radios', name: 'personalData', label: 'Does it involve personal data?', options: yesNoNotKnown,
        hint: 'Personal data is information about a living person who can be identified from it, for example a name with an address, a prison number, or health details.',
      },
    ],
  },
  {
    id: 'breach-about',
    title: 'About the breach',
    section: 'About the breach',
    applies: breachApplies,
    guidance: 'breach-intro',
    fields: () => [
      {
        type: 'radios', name: 'breach.reportType', label: 'Is this a new report or a follow-up?', options: breachReportTypes,
        reveal: { 'follow-up': [{ type: 'text', name: 'breach.earlierReference', label: 'Reference of the earlier report', width: 20, spellcheck: false }] },
      },
      { type: 'radios', name: 'breach.causedByCyber', label: 'Was the breach caused by a cyber incident?', options: yesNoDontKnow },
      { type: 'textarea', name: 'breach.howFoundOut', label: 'How did you find out about the breach?', rows: 3, pii: true },
    ],
  },
  {
    id: 'breach-data',
    title: 'The personal data involved',
    section: 'The personal data involved',
    applies: breachApplies,
    fields: () => [
      {
        type: 'checkboxes', name: 'breach.dataCategories', label: 'Categories of personal data included in the breach', hint: 'Select all that apply', options: dataCategories,
        reveal: { other: [{ type: 'textarea', name: 'breach.dataCategoriesOther', label: 'Give details of the other categories', rows: 2 }] },
      },
      { type: 'count', name: 'breach.recordsConcerned', label: 'Number of personal data records concerned' },
      { type: 'count', name: 'breach.subjectsAffected', label: 'How many data subjects could be affected?' },
      {
        type: 'checkboxes', name: 'breach.subjectCategories', label: 'Categories of data subjects affected', hint: 'Select all that apply', options: dataSubjectCategories,
        reveal: { other: [{ type: 'textarea', name: 'breach.subjectCategoriesOther', label: 'Give details of the other categories', rows: 2 }] },
      },
    ],
  },
  {
    id: 'breach-impact',
    title: 'Consequences of the breach',
    section: 'Consequences',
    applies: breachApplies,
    fields: () => [
      { type: 'textarea', name: 'breach.consequences', label: 'Potential consequences of the breach', hint: 'Describe the possible impact on the people affected', rows: 4, pii: true },
      { type: 'textarea', name: 'breach.actualHarm', label: 'Has there been any actual harm to the people affected? (optional)', optional: true, rows: 3, pii: true },
      {
        type: 'radios', name: 'breach.likelihood', label: 'What is the likelihood that data subjects will experience significant consequences as a result of the breach?', options: likelihoods,
      },
      { type: 'textarea', name: 'breach.likelihoodDetails', label: 'Please give details (optional)', optional: true, rows: 3, pii: true },
    ],
  },
  {
    id: 'breach-cyber',
    title: 'The cyber incident',
    section: 'Cyber incident',
    applies: (a) => breachApplies(a) && a.breach?.causedByCyber === 'yes',
    fields: () => [
      {
        type: 'radios', name: 'breach.systemsAffected', label: 'Has the confidentiality, integrity and/or availability of your information systems been affected?', options: yesNoDontKnow,
        reveal: { yes: [{ type: 'checkboxes', name: 'breach.systemEffects', label: 'Which were affected?', hint: 'Select all that apply', options: systemEffects }] },
      },
      { type: 'textarea', name: 'breach.organisationImpact', label: 'Impact on the organisation (optional)', optional: true, rows: 3 },
      { type: 'text', name: 'breach.recoveryTime', label: 'Recovery time (optional)', hint: 'For example, "systems back after 2 days"', optional: true },
    ],
  },
  {
    id: 'breach-response',
    title: 'Training, delay and who has been told',
    section: 'Response',
    applies: breachApplies,
    fields: () => [
      { type: 'radios', name: 'breach.staffTrained', label: 'Had the staff member involved in this breach received data protection training in the last two years?', options: yesNoDontKnow },
      { type: 'textarea', name: 'breach.delayReason', label: 'If there has been a delay in reporting this breach, please explain why (optional)', optional: true, rows: 3 },
      { type: 'textarea', name: 'breach.measuresBefore', label: 'Describe any measures you had in place before the breach with the aim of preventing a breach of this nature (optional)', optional: true, rows: 3 },
      { type: 'textarea', name: 'breach.recurrenceSteps', label: 'Outline any steps you are taking to prevent a recurrence, and when you expect they will be completed (optional)', optional: true, rows: 3 },
      {
        type: 'radios', name: 'breach.toldDataSubjects', label: 'Have you told data subjects about the breach?', options: toldDataSubjects,
        reveal: { 'something-else': [{ type: 'textarea', name: 'breach.toldDataSubjectsDetails', label: 'Please give details', rows: 3 }] },
      },
      {
        type: 'radios', name: 'breach.toldOtherOrganisations', label: 'Have you told, or are you planning to tell any other organisations about the breach?', options: yesNo,
        hint: 'For example the police, other regulators or the National Cyber Security Centre',
        reveal: { yes: [{ type: 'textarea', name: 'breach.otherOrganisations', label: 'Which organisations?', rows: 2 }] },
      },
    ],
  },
  {
    id: 'about-you',
    title: 'About you',
    section: 'About you',
    fields: () => [
      { type: 'text', name: 'reporter.name', label: 'Your full name', autoComplete: 'name', spellcheck: false },
      { type: 'text', name: 'reporter.email', label: 'Your work email address', inputMode: 'email', autoComplete: 'email', spellcheck: false },
      { type: 'text', name: 'reporter.phone', label: 'A phone number we can reach you on (optional)', inputMode: 'tel', autoComplete: 'tel', optional: true, width: 20 },
      { type: 'text', name: 'reporter.businessArea', label: 'Your business area', hint: 'For example HMCTS, HMPPS, Probation Service, Legal Aid Agency or head office' },
      {
        type: 'radios', name: 'reporter.role', label: 'Are you staff, a contractor or a supplier?', options: reporterRoles,
        reveal: {
          contractor: [{ type: 'text', name: 'reporter.organisation', label: 'Your organisation' }],
          supplier: [{ type: 'text', name: 'reporter.organisation', label: 'Your organisation' }],
        },
      },
    ],
  },
];

// Lost devices: the urgent steps come straight after the device, before anything else.
const order: Record<ReportKind, readonly PageId[]> = {
  'lost-device': ['what-happened', 'device', 'do-this-now', 'device-state', 'when', 'where', 'personal-data', 'breach-about', 'breach-data', 'breach-impact', 'breach-cyber', 'breach-response', 'about-you'],
  compromised: ['what-happened', 'compromise', 'do-this-now', 'when', 'where', 'personal-data', 'breach-about', 'breach-data', 'breach-impact', 'breach-cyber', 'breach-response', 'about-you'],
  'data-breach': ['what-happened', 'when', 'where', 'personal-data', 'breach-about', 'breach-data', 'breach-impact', 'breach-cyber', 'breach-response', 'do-this-now', 'about-you'],
  other: ['what-happened', 'when', 'where', 'personal-data', 'breach-about', 'breach-data', 'breach-impact', 'breach-cyber', 'breach-response', 'do-this-now', 'about-you'],
};

const byId = new Map(pages.map((p) => [p.id, p]));

/** The pages this draft goes through, given its answers so far. */
export function pagesFor(kind: ReportKind, answers: DraftAnswers): QuestionPage[] {
  return order[kind].map((id) => byId.get(id)!).filter((p) => !p.applies || p.applies(answers));
}

export function pageById(id: string): QuestionPage | undefined {
  return byId.get(id as PageId);
}

/** Every field on a page that applies now, including revealed ones whose trigger is selected. */
export function visibleFields(fields: Field[], answers: DraftAnswers): Field[] {
  const out: Field[] = [];
  for (const field of fields) {
    out.push(field);
    if ((field.type === 'radios' || field.type === 'checkboxes') && field.reveal) {
      const value = getAnswer(answers, field.name);
      const chosen = Array.isArray(value) ? value : [value];
      for (const [trigger, revealed] of Object.entries(field.reveal)) {
        if (revealed && chosen.includes(trigger)) out.push(...visibleFields(revealed, answers));
      }
    }
  }
  return out.filter((f, i, all) => all.findIndex((g) => g.name === f.name) === i && applies(answers, f.name.split('.') as [string]));
}
