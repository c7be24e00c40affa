// The question catalogue: every question a report can ask is declared here, once: its name (the dotted path
// of its answer), the words the reporter sees, its options, its checks, when it applies, which kinds of report
// ask it and the page it sits on. The report schema, the pages, the check page, pruning, the console and the
// regulator's form all derive from this file (src/shared/catalogue.ts, src/shared/report.ts): adding a
// question is one entry here.
//
// Where the regulator's "Report a personal data breach" form (ICO, in the department's case file
// IC-31191-G5C6) has a question, `formLabel` is its exact words and its option lists are word for word, so a
// report can be printed on that form as it is. Department facts come from the incident-management policy and
// the lost-devices guidance.
import type { Option } from './options.ts';
import type { ReportKind } from './options.ts';

export type { Option, ReportKind };

/** When a question or a page applies: another answer is one of `is` (or, for ticked lists, includes one). */
export type Condition =
  | { question: string; is: readonly string[] }
  /** Answered, with anything but these values. */
  | { question: string; isNot: readonly string[] }
  /** Any one of these holds. */
  | { any: readonly Condition[] };

interface Common {
  /** Dotted path of the answer in a report: `whatHappened`, `reporter.name`, `breach.likelihood`. */
  name: string;
  page: PageId;
  /** The words the reporter sees. */
  label: string;
  hint?: string;
  /** The regulator's form's words for the same question, when they differ from `label`. */
  formLabel?: string;
  /** Only these kinds of report ask it (every kind by default). */
  kinds?: readonly ReportKind[];
  when?: Condition;
  /** The message when it applies and is not answered; without it the question is optional. */
  required?: string;
  /** It must be answered only when this holds; otherwise it is asked but optional (older answers stay valid). */
  requiredWhen?: Condition;
  /** First schema version that requires it (older reports, still queued on devices, did not ask it). */
  requiredSince?: number;
  /** Kept for reports of earlier schema versions only: accepted and shown, never asked again. */
  legacy?: boolean;
}
/** Dates say what they are the date of, for their messages ("The date it was discovered must be a real date"). */
type Dated = { about: string };
/**
 * Quick answers for a recent date and time (never in the future): "Today", "Yesterday" and "Just now" buttons
 * fill the same day, month, year and time boxes a reporter can type in, so drafts and reports keep one shape.
 * `sameAs` adds a button that copies another datetime answer ("When it happened").
 */
type Quick = { quick?: { sameAs?: { question: string; label: string } } };

export type Question =
  | (Common & { input: 'radios'; options: readonly Option[]; inline?: boolean })
  | (Common & { input: 'checkboxes'; options: readonly Option[]; /** An "or" answer that cannot be ticked with others. */ exclusive?: string })
  | (Common & {
      input: 'text';
      max: number;
      width?: 5 | 10 | 20 | 30;
      inputMode?: 'text' | 'email' | 'tel' | 'numeric';
      spellcheck?: boolean;
      format?: 'email' | 'phone' | 'ico-reference' | 'report-reference';
    })
  | (Common & { input: 'textarea'; max: number; rows?: number; /** Warn when it looks like personal data. */ pii?: boolean })
  /** Day, month, year and an optional or required time ("HH:MM"); never in the future. */
  | (Common & Dated & Quick & { input: 'datetime'; timeOptional?: boolean })
  /** Day, month and year, past or future (a completion date). */
  | (Common & Dated & { input: 'date' })
  /** A whole number ("121,109") or "not-known". */
  | (Common & { input: 'count' })
  /**
   * A list of steps, each with the date it will be completed (day, month and year, like a 'date'): rows are
   * added and removed on the page, up to `maxSteps`, and each row's errors name it ("Step 2: ...").
   */
  | (Common & { input: 'steps'; max: number; maxSteps: number })
  /** One tick box: true when ticked. */
  | (Common & { input: 'flag' });

export type InputType = Question['input'];

export type PageId =
  | 'what-happened' | 'device' | 'device-state' | 'compromise' | 'when' | 'personal-data'
  | 'breach-about' | 'breach-data' | 'breach-impact' | 'breach-cyber' | 'breach-response' | 'do-this-now' | 'about-you';

export interface PageDeclaration {
  id: PageId;
  title: string;
  /** Heading of its answers on the check page. */
  section: string;
  when?: Condition;
  /** Guidance shown above the questions (the app renders it). */
  guidance?: 'do-this-now' | 'breach-intro';
}

const options = <const T extends readonly Option[]>(list: T) => list;

export const MAX_TEXT = 5000;
export const MAX_SHORT_TEXT = 200;
export const MAX_REFERENCE = 40;

// ------------------------------------------------------------------------------------------ option lists
// Lists used by more than one question.
export const yesNo = options([
  { value: 'yes', label: 'Yes' },
  { value: 'no', label: 'No' },
]);
export const yesNoNotKnown = options([
  { value: 'yes', label: 'Yes' },
  { value: 'no', label: 'No' },
  { value: 'not-known', label: 'Not known' },
]);
/** The regulator's wording for the same three answers. */
export const yesNoDontKnow = options([
  { value: 'yes', label: 'Yes' },
  { value: 'no', label: 'No' },
  { value: 'dont-know', label: "Don't know" },
]);
/**
 * Yes, No and an honest "Not needed" for a reporter who is, say, the data protection team; never for a lost or
 * stolen device, where the department asks for both steps every time (lost-devices guidance).
 */
const yesNoOrNotNeeded = (why: string) =>
  options([
    { value: 'yes', label: 'Yes' },
    { value: 'no', label: 'No' },
    { value: 'not-needed', label: `Not needed: ${why}`, kinds: ['compromised', 'data-breach', 'other'] },
  ]);
export const occurrences = options([
  { value: 'incident', label: 'An incident', hint: 'Something was lost, stolen, disclosed, accessed or damaged' },
  { value: 'near-miss', label: 'A near-miss', hint: 'Nothing was actually lost or disclosed, but it could have been' },
]);
/** Options a person of the regulator's form may tick in "Categories of ..." lists: all but "other" and "not yet known". */
const otherDetails = 'Other (please give details below)';

// ------------------------------------------------------------------------------------------------- pages
const breach: Condition = { question: 'personalData', is: ['yes'] };
const followUp: Condition = { question: 'breach.reportType', is: ['follow-up'] };

export const pages: readonly PageDeclaration[] = [
  { id: 'what-happened', title: 'What happened?', section: 'What happened' },
  { id: 'device', title: 'About the device', section: 'The device' },
  { id: 'device-state', title: 'The device when you last saw it', section: 'The device when last seen' },
  { id: 'compromise', title: 'What did you notice?', section: 'What you noticed' },
  // When and where share a page: two short questions a reporter answers in one go, one Continue fewer.
  { id: 'when', title: 'When and where did it happen?', section: 'When and where' },
  { id: 'personal-data', title: 'Personal data', section: 'Personal data' },
  { id: 'breach-about', title: 'About the breach', section: 'About the breach', when: breach, guidance: 'breach-intro' },
  { id: 'breach-data', title: 'The personal data involved', section: 'The personal data involved', when: breach },
  { id: 'breach-impact', title: 'Consequences of the breach', section: 'Consequences', when: breach },
  { id: 'breach-cyber', title: 'The cyber incident', section: 'Cyber incident', when: { question: 'breach.causedByCyber', is: ['yes'] } },
  { id: 'breach-response', title: 'Training, actions and who has been told', section: 'Response', when: breach },
  { id: 'do-this-now', title: 'Do this now', section: 'What you have done', guidance: 'do-this-now' },
  { id: 'about-you', title: 'About you', section: 'About you' },
];

const breachPages: PageId[] = ['personal-data', 'breach-about', 'breach-data', 'breach-impact', 'breach-cyber', 'breach-response'];
/**
 * The order of the pages for each kind of report (a page with no question for the kind is skipped). For a lost
 * device or a compromised account the urgent steps come straight after what was lost, before anything else.
 */
export const flows: Record<ReportKind, readonly PageId[]> = {
  'lost-device': ['what-happened', 'device', 'do-this-now', 'device-state', 'when', ...breachPages, 'about-you'],
  compromised: ['what-happened', 'compromise', 'do-this-now', 'when', ...breachPages, 'about-you'],
  'data-breach': ['what-happened', 'when', ...breachPages, 'do-this-now', 'about-you'],
  other: ['what-happened', 'when', ...breachPages, 'do-this-now', 'about-you'],
};

// ------------------------------------------------------------------------------------------- questions
export const questions = [
  // What happened
  { name: 'occurrence', page: 'what-happened', input: 'radios', label: 'Was this an incident or a near-miss?', options: occurrences, required: 'Select whether this was an incident or a near-miss' },
  {
    name: 'otherCategory', page: 'what-happened', input: 'radios', kinds: ['other'], label: 'What kind of incident was it?', required: 'Select what kind of incident it was',
    options: options([
      { value: 'physical', label: 'Physical security of IT (a door, cabinet, server room or equipment)' },
      { value: 'suspicious-contact', label: 'Suspicious contact (a call, visit or message asking for information)' },
      { value: 'other', label: 'Something else' },
    ]),
  },
  {
    name: 'whatHappened', page: 'what-happened', input: 'textarea', max: MAX_TEXT, rows: 6, pii: true, required: 'Describe what happened',
    label: 'Tell us what happened', formLabel: 'What has happened?',
    hint: 'Say what went wrong and how. Do not include the names or details of the people whose data is involved.',
  },

  // Lost or stolen device
  {
    name: 'deviceType', page: 'device', input: 'radios', kinds: ['lost-device'], label: 'What kind of device is it?', required: 'Select the type of device',
    options: options([
      { value: 'laptop', label: 'Laptop' },
      { value: 'phone', label: 'Mobile phone' },
      { value: 'tablet', label: 'Tablet' },
      { value: 'removable-media', label: 'USB stick or other removable media' },
      { value: 'smart-card', label: 'Smart card or pass' },
      { value: 'other', label: 'Something else' },
    ]),
  },
  { name: 'deviceTypeDetails', page: 'device', input: 'text', max: MAX_SHORT_TEXT, kinds: ['lost-device'], label: 'What kind of device?', when: { question: 'deviceType', is: ['other'] }, required: 'Say what kind of device it is' },
  {
    name: 'deviceOwner', page: 'device', input: 'radios', kinds: ['lost-device'], label: 'Who issued the device?', required: 'Select who issued the device',
    options: options([
      { value: 'department', label: 'Issued by the department' },
      { value: 'personal', label: 'My own device' },
    ]),
  },
  { name: 'assetTag', page: 'device', input: 'text', max: 60, width: 20, spellcheck: false, kinds: ['lost-device'], label: 'Asset tag or serial number (optional)', hint: 'Usually on a sticker underneath the device' },
  {
    name: 'lostOrStolen', page: 'device', input: 'radios', kinds: ['lost-device'], label: 'Was it lost or stolen?', required: 'Select whether the device was lost or stolen',
    options: options([
      { value: 'lost', label: 'Lost' },
      { value: 'stolen', label: 'Stolen' },
      { value: 'not-known', label: 'Not sure' },
    ]),
  },
  // Only "shut down" guarantees that full-disk encryption is in force (the department's lost-devices guidance).
  {
    name: 'lastSeenState', page: 'device-state', input: 'radios', kinds: ['lost-device'], label: 'What state was the device in when you last saw it?', required: 'Select the state the device was in when you last saw it',
    hint: 'Only a device that was shut down has full disk encryption in force. A locked or sleeping laptop can be accessed more easily.',
    options: options([
      { value: 'shut-down', label: 'Shut down' },
      { value: 'locked', label: 'Locked' },
      { value: 'asleep', label: 'Asleep or with the lid closed' },
      { value: 'in-use', label: 'In use (unlocked)' },
      { value: 'not-known', label: 'Not known' },
    ]),
  },
  // Department laptops and phones are encrypted, so for those the answer may be left out: one tap fewer on the
  // commonest report. It is still asked (not hidden), so reports already queued with it stay valid.
  {
    name: 'encrypted', page: 'device-state', input: 'radios', kinds: ['lost-device'], label: 'Is the device encrypted?', options: yesNoNotKnown, required: 'Select whether the device is encrypted',
    requiredWhen: { any: [{ question: 'deviceOwner', is: ['personal'] }, { question: 'deviceType', isNot: ['laptop', 'phone'] }] },
    hint: 'Department laptops and phones are encrypted: for one of those you can leave this out. Personal devices and USB sticks often are not.',
  },
  {
    name: 'dataOnDevice', page: 'device-state', input: 'textarea', max: MAX_TEXT, rows: 4, pii: true, kinds: ['lost-device'], label: 'What data or information may be on it?', required: 'Describe what data may be on the device, or say "none" or "not known"',
    hint: 'Describe the kind of data, for example "case files for 3 hearings" or "none". Do not include the data itself.',
  },

  // Compromised device or account
  {
    name: 'compromiseSigns', page: 'compromise', input: 'checkboxes', kinds: ['compromised'], label: 'What did you notice?', hint: 'Select all that apply', required: 'Select what you noticed',
    options: options([
      { value: 'phishing-link', label: 'I clicked a link or opened an attachment in a suspicious message' },
      { value: 'password-disclosed', label: 'A password was disclosed or written down' },
      { value: 'malware', label: 'Malware or a virus warning' },
      { value: 'suspicious-activity', label: 'Suspicious activity (messages I did not send, settings changed, sign-ins I do not recognise)' },
      { value: 'other', label: 'Something else' },
    ]),
  },
  {
    name: 'compromisedThing', page: 'compromise', input: 'radios', kinds: ['compromised'], label: 'Is a device or an account affected?', required: 'Select whether a device, an account or both are affected',
    options: options([
      { value: 'device', label: 'A device' },
      { value: 'account', label: 'An account' },
      { value: 'both', label: 'Both' },
    ]),
  },
  { name: 'compromisedDetails', page: 'compromise', input: 'textarea', max: 1000, rows: 3, kinds: ['compromised'], label: 'Which device or account?', required: 'Say which device or account is affected', hint: 'For example "my work laptop" or "my DOM1 email account". Never write a password here.' },

  // When
  { name: 'happenedKnown', page: 'when', input: 'radios', label: 'Do you know when it happened?', options: yesNo, required: 'Select whether you know when it happened' },
  {
    name: 'happenedAt', page: 'when', input: 'datetime', about: 'it happened', timeOptional: true, quick: {}, label: 'When did it happen?', formLabel: 'When did the breach happen?', when: { question: 'happenedKnown', is: ['yes'] }, required: 'Enter the date it happened',
    hint: 'For example, 27 3 2026. Add the time if you know it.',
  },
  {
    name: 'discoveredAt', page: 'when', input: 'datetime', about: 'it was discovered', quick: { sameAs: { question: 'happenedAt', label: 'When it happened' } }, label: 'When was it discovered?', formLabel: 'When did you discover the breach?', required: 'Enter the date it was discovered',
    hint: 'When you or someone else first became aware of it, for example 27 3 2026 and 09 15. For a personal data breach this starts the 72-hour clock for reporting to the regulator.',
  },

  // Where
  {
    name: 'location', page: 'when', input: 'radios', label: 'Where did it happen?', required: 'Select where it happened',
    options: options([
      { value: 'court', label: 'A court or tribunal' },
      { value: 'prison', label: 'A prison or young offender institution' },
      { value: 'probation', label: 'A probation office' },
      { value: 'office', label: 'Another office' },
      { value: 'home', label: 'At home' },
      { value: 'travelling', label: 'Travelling' },
      // The policy covers contractors and their supply chain.
      { value: 'supplier', label: 'At a contractor, supplier or data processor' },
      { value: 'other', label: 'Somewhere else' },
    ]),
  },
  { name: 'locationDetails', page: 'when', input: 'text', max: MAX_SHORT_TEXT, label: 'Where?', when: { question: 'location', is: ['other'] }, required: 'Say where it happened' },

  // Personal data
  {
    name: 'personalData', page: 'personal-data', input: 'radios', label: 'Does it involve personal data?', options: yesNoNotKnown, required: 'Select whether personal data is involved',
    hint: 'Personal data is information about a living person who can be identified from it, for example a name with an address, a prison number, or health details.',
  },

  // The regulator's breach questions, asked when personal data is involved
  {
    name: 'breach.spokeToIco', page: 'breach-about', input: 'radios', options: yesNo, requiredSince: 2, required: 'Select whether you have already spoken to a member of ICO staff about this breach',
    label: 'Have you already spoken to a member of ICO staff about this breach?',
    formLabel: 'If you have already spoken to a member of ICO staff about this breach, please give their name:',
  },
  { name: 'breach.icoStaffName', page: 'breach-about', input: 'text', max: MAX_SHORT_TEXT, label: 'Their name', when: { question: 'breach.spokeToIco', is: ['yes'] }, required: 'Enter the name of the member of ICO staff' },
  {
    name: 'breach.reportType', page: 'breach-about', input: 'radios', required: 'Select whether this is an initial or a follow-up report',
    label: 'Is this a new report or a follow-up?', formLabel: 'Report type',
    options: options([
      { value: 'initial', label: 'Initial report' },
      { value: 'follow-up', label: 'Follow-up report' },
    ]),
  },
  // The department's own reference of the first report, as the reporter's sent report shows it (starting the
  // follow-up from that sent report fills it in): the endpoint joins the follow-up to that report's case.
  {
    name: 'breach.initialReference', page: 'breach-about', input: 'text', max: MAX_REFERENCE, width: 20, spellcheck: false, format: 'report-reference', when: followUp,
    label: 'Reference of the initial report (optional)',
    hint: 'The reference shown when the first report was sent, for example 7KQ2M-XH4PD. The incident team adds this report to that case.',
  },
  {
    name: 'breach.icoCaseReference', page: 'breach-about', input: 'text', max: MAX_REFERENCE, width: 20, spellcheck: false, format: 'ico-reference', when: followUp, requiredSince: 2,
    label: 'ICO case reference', formLabel: '(Follow-up reports only) ICO case reference:', hint: 'The reference the ICO gave the initial report, for example IC-31191-G5C6',
    required: 'Enter the ICO case reference, for example IC-31191-G5C6',
  },
  // Schema version 1 asked for "the reference of the earlier report" in any form; still accepted from devices not yet updated.
  { name: 'breach.earlierReference', page: 'breach-about', input: 'text', max: MAX_REFERENCE, legacy: true, when: followUp, label: 'Reference of the earlier report' },
  { name: 'breach.causedByCyber', page: 'breach-about', input: 'radios', options: yesNoDontKnow, label: 'Was the breach caused by a cyber incident?', required: 'Select whether the breach was caused by a cyber incident' },
  { name: 'breach.howFoundOut', page: 'breach-about', input: 'textarea', max: MAX_TEXT, rows: 3, pii: true, label: 'How did you find out about the breach?', required: 'Enter how you found out about the breach' },

  {
    name: 'breach.dataCategories', page: 'breach-data', input: 'checkboxes', exclusive: 'not-yet-known', hint: 'Select all that apply',
    label: 'Categories of personal data included in the breach', formLabel: 'Categories of personal data included in the breach (tick all that apply)',
    required: 'Select the categories of personal data included, or "Not yet known"',
    options: options([
      { value: 'racial-ethnic-origin', label: 'Data revealing racial or ethnic origin' },
      { value: 'political-opinions', label: 'Political opinions' },
      { value: 'religious-beliefs', label: 'Religious or philosophical beliefs' },
      { value: 'trade-union', label: 'Trade union membership' },
      { value: 'sex-life', label: 'Sex life data' },
      { value: 'sexual-orientation', label: 'Sexual orientation data' },
      { value: 'gender-reassignment', label: 'Gender reassignment data' },
      { value: 'health', label: 'Health data' },
      { value: 'basic-identifiers', label: 'Basic personal identifiers, eg name, contact details' },
      { value: 'identification-data', label: 'Identification data, eg usernames, passwords' },
      { value: 'economic-financial', label: 'Economic and financial data, eg credit card numbers, bank details' },
      { value: 'official-documents', label: 'Official documents, eg driving licences' },
      { value: 'location', label: 'Location data' },
      { value: 'genetic-biometric', label: 'Genetic or biometric data' },
      { value: 'criminal-convictions', label: 'Criminal convictions, offences' },
      { value: 'not-yet-known', label: 'Not yet known' },
      { value: 'other', label: otherDetails },
    ]),
  },
  { name: 'breach.dataCategoriesOther', page: 'breach-data', input: 'textarea', max: 1000, rows: 2, label: 'Give details of the other categories', when: { question: 'breach.dataCategories', is: ['other'] }, required: 'Give details of the other categories of personal data' },
  { name: 'breach.recordsConcerned', page: 'breach-data', input: 'count', label: 'Number of personal data records concerned', formLabel: 'Number of personal data records concerned?', required: 'Enter the number of personal data records concerned, or say it is not known yet' },
  { name: 'breach.recordsEstimated', page: 'breach-data', input: 'flag', label: 'This is an estimate', when: { question: 'breach.recordsConcerned', isNot: ['not-known'] } },
  { name: 'breach.recordsBreakdown', page: 'breach-data', input: 'textarea', max: 1000, rows: 2, label: 'Breakdown (optional)', hint: 'For example, "Of that total, 48,740 contain National Insurance numbers"', when: { question: 'breach.recordsConcerned', isNot: ['not-known'] } },
  { name: 'breach.subjectsAffected', page: 'breach-data', input: 'count', label: 'How many data subjects could be affected?', required: 'Enter the number of data subjects who could be affected, or say it is not known yet' },
  { name: 'breach.subjectsEstimated', page: 'breach-data', input: 'flag', label: 'This is an estimate', when: { question: 'breach.subjectsAffected', isNot: ['not-known'] } },
  { name: 'breach.subjectsBreakdown', page: 'breach-data', input: 'textarea', max: 1000, rows: 2, label: 'Breakdown (optional)', hint: 'For example, "about 2,000 current staff and 300 contractors"', when: { question: 'breach.subjectsAffected', isNot: ['not-known'] } },
  {
    name: 'breach.subjectCategories', page: 'breach-data', input: 'checkboxes', exclusive: 'not-yet-known', hint: 'Select all that apply',
    label: 'Categories of data subjects affected', formLabel: 'Categories of data subjects affected (tick all that apply)',
    required: 'Select the categories of data subjects affected, or "Not yet known"',
    options: options([
      { value: 'employees', label: 'Employees' },
      { value: 'users', label: 'Users' },
      { value: 'subscribers', label: 'Subscribers' },
      { value: 'students', label: 'Students' },
      { value: 'customers', label: 'Customers or prospective customers' },
      { value: 'patients', label: 'Patients' },
      { value: 'children', label: 'Children' },
      { value: 'vulnerable-adults', label: 'Vulnerable adults' },
      { value: 'not-yet-known', label: 'Not yet known' },
      { value: 'other', label: otherDetails },
    ]),
  },
  { name: 'breach.subjectCategoriesOther', page: 'breach-data', input: 'textarea', max: 1000, rows: 2, label: 'Give details of the other categories', when: { question: 'breach.subjectCategories', is: ['other'] }, required: 'Give details of the other categories of data subjects' },

  { name: 'breach.consequences', page: 'breach-impact', input: 'textarea', max: MAX_TEXT, rows: 4, pii: true, label: 'Potential consequences of the breach', hint: 'Describe the possible impact on the people affected', required: 'Describe the potential consequences for the people affected' },
  { name: 'breach.actualHarm', page: 'breach-impact', input: 'textarea', max: MAX_TEXT, rows: 3, pii: true, label: 'Has there been any actual harm to the people affected? (optional)' },
  {
    name: 'breach.likelihood', page: 'breach-impact', input: 'radios', required: 'Select how likely it is that the people affected will experience significant consequences',
    label: 'What is the likelihood that data subjects will experience significant consequences as a result of the breach?',
    options: options([
      { value: 'very-likely', label: 'Very likely' },
      { value: 'likely', label: 'Likely' },
      { value: 'neutral', label: 'Neutral - neither likely nor unlikely' },
      { value: 'unlikely', label: 'Unlikely' },
      { value: 'very-unlikely', label: 'Very unlikely' },
      { value: 'not-yet-known', label: 'Not yet known' },
    ]),
  },
  { name: 'breach.likelihoodDetails', page: 'breach-impact', input: 'textarea', max: MAX_TEXT, rows: 3, pii: true, label: 'Please give details (optional)', formLabel: 'Please give details' },

  {
    name: 'breach.systemsAffected', page: 'breach-cyber', input: 'radios', options: yesNoDontKnow,
    label: 'Has the confidentiality, integrity and/or availability of your information systems been affected?',
    formLabel: '(Cyber incidents only) Has the confidentiality, integrity and/or availability of your information systems been affected?',
    required: 'Select whether the confidentiality, integrity or availability of systems was affected',
  },
  {
    name: 'breach.systemEffects', page: 'breach-cyber', input: 'checkboxes', label: 'Which were affected?', hint: 'Select all that apply', when: { question: 'breach.systemsAffected', is: ['yes'] }, required: 'Select what was affected',
    formLabel: '(Cyber incidents only) If you answered yes, please specify (tick all that apply)',
    options: options([
      { value: 'confidentiality', label: 'Confidentiality' },
      { value: 'integrity', label: 'Integrity' },
      { value: 'availability', label: 'Availability' },
    ]),
  },
  { name: 'breach.organisationImpact', page: 'breach-cyber', input: 'textarea', max: MAX_TEXT, rows: 3, label: 'Impact on the organisation (optional)', formLabel: '(Cyber incidents only) Impact on your organisation' },
  { name: 'breach.recoveryTime', page: 'breach-cyber', input: 'text', max: 1000, label: 'Recovery time (optional)', formLabel: '(Cyber incidents only) Recovery time', hint: 'For example, "systems back after 2 days"' },

  {
    name: 'breach.staffTrained', page: 'breach-response', input: 'radios', options: yesNoDontKnow, required: 'Select whether the staff member involved had data protection training in the last two years',
    label: 'Had the staff member involved in this breach received data protection training in the last two years?',
  },
  // A follow-up may carry the initial report's reason for delay too (the case file's follow-up does).
  {
    name: 'breach.delayReason', page: 'breach-response', input: 'textarea', max: MAX_TEXT, rows: 3,
    label: 'If there has been a delay in reporting this breach, please explain why (optional)',
    formLabel: '(Initial reports only) If there has been a delay in reporting this breach, please explain why',
  },
  {
    name: 'breach.measuresBefore', page: 'breach-response', input: 'textarea', max: MAX_TEXT, rows: 3, when: followUp, requiredSince: 2,
    label: 'Describe any measures you had in place before the breach with the aim of preventing a breach of this nature',
    formLabel: '(Follow-up reports only) Describe any measures you had in place before the breach with the aim of preventing a breach of this nature*',
    required: 'Describe the measures you had in place before the breach',
  },
  {
    name: 'breach.actionsTaken', page: 'breach-response', input: 'textarea', max: MAX_TEXT, rows: 4,
    label: 'Describe the actions you have taken, or propose to take, as a result of the breach (optional)',
    formLabel: 'Describe the actions you have taken, or propose to take, as a result of the breach',
    hint: 'Include, where appropriate, actions you have taken to fix the problem, and to mitigate any adverse effects, eg confirmed data sent in error has been destroyed, updated passwords, planning information security training.',
  },
  // The regulator asks when the steps will be completed: each step has its own date. Reports queued with the
  // earlier text and one date for all (schema version 2) are read as one step with that date
  // (upgradeAnswers, src/shared/report-upgrade.ts).
  {
    name: 'breach.recurrenceSteps', page: 'breach-response', input: 'steps', max: MAX_TEXT, maxSteps: 20, when: followUp, requiredSince: 2,
    label: 'Outline any steps you are taking to prevent a recurrence, and when you expect they will be completed',
    formLabel: '(Follow-up reports only) Outline any steps you are taking to prevent a recurrence, and when you expect they will be completed*',
    hint: 'Add each step on its own, with the date you expect it to be completed, for example 31 3 2027.',
    required: 'Add the steps you are taking to prevent a recurrence, each with the date you expect it to be completed',
  },
  {
    name: 'breach.toldDataSubjects', page: 'breach-response', input: 'radios', label: 'Have you told data subjects about the breach?', required: 'Select whether the data subjects have been told',
    options: options([
      { value: 'yes', label: "Yes, we've told affected data subjects" },
      { value: 'about-to', label: "We're about to, or are in the process of telling data subjects" },
      { value: 'no-already-aware', label: "No, they're already aware" },
      { value: 'no-planning-to', label: "No, but we're planning to" },
      { value: 'no-decided-not-to', label: "No, we've decided not to" },
      { value: 'not-decided', label: "We haven't decided yet if we will tell them or not" },
      { value: 'something-else', label: 'Something else (please give details below)' },
    ]),
  },
  { name: 'breach.toldDataSubjectsDetails', page: 'breach-response', input: 'textarea', max: MAX_TEXT, rows: 3, label: 'Please give details', when: { question: 'breach.toldDataSubjects', is: ['something-else'] }, required: 'Give details of what you have told the data subjects' },
  {
    name: 'breach.toldOtherOrganisations', page: 'breach-response', input: 'radios', options: yesNo, required: 'Select whether you have told, or will tell, other organisations',
    label: 'Have you told, or are you planning to tell any other organisations about the breach?', hint: 'For example the police, other regulators or the National Cyber Security Centre',
  },
  { name: 'breach.otherOrganisations', page: 'breach-response', input: 'textarea', max: 1000, rows: 2, label: 'Which organisations?', formLabel: 'If you answered yes, please specify', when: { question: 'breach.toldOtherOrganisations', is: ['yes'] }, required: 'Say which other organisations you have told, or will tell' },

  // Do this now: the department's steps (incident-management policy, lost-devices guidance)
  { name: 'serviceDeskContacted', page: 'do-this-now', input: 'radios', options: yesNoOrNotNeeded('the service desk already knows, or I am reporting for the data protection or security team'), label: 'Have you contacted the IT Service Desk?', required: 'Select whether you have contacted the IT Service Desk' },
  { name: 'serviceDeskTicket', page: 'do-this-now', input: 'text', max: MAX_REFERENCE, width: 20, spellcheck: false, label: 'Service desk ticket reference', when: { question: 'serviceDeskContacted', is: ['yes'] }, required: 'Enter the service desk ticket reference' },
  { name: 'lineManagerTold', page: 'do-this-now', input: 'radios', options: yesNoOrNotNeeded('I am reporting for the data protection or security team, not about my own work'), label: 'Have you told your line manager?', required: 'Select whether you have told your line manager' },
  {
    name: 'policeTold', page: 'do-this-now', input: 'radios', options: yesNo, kinds: ['lost-device'], label: 'Have you told the police?', required: 'Select whether you have told the police',
    hint: 'For a lost or stolen device, contact the police and make sure you get the incident reference number.',
  },
  { name: 'policeReference', page: 'do-this-now', input: 'text', max: MAX_REFERENCE, width: 20, spellcheck: false, kinds: ['lost-device'], label: 'Police incident reference', when: { question: 'policeTold', is: ['yes'] }, required: 'Enter the police incident reference' },
  { name: 'actionsSoFar', page: 'do-this-now', input: 'textarea', max: MAX_TEXT, rows: 4, pii: true, label: 'What else has been done so far? (optional)', hint: 'For example: remote wipe requested, password changed, email recalled, paperwork recovered' },

  // About you
  { name: 'reporter.name', page: 'about-you', input: 'text', max: MAX_SHORT_TEXT, spellcheck: false, label: 'Your full name', required: 'Enter your name' },
  {
    name: 'reporter.email', page: 'about-you', input: 'text', max: 254, inputMode: 'email', spellcheck: false, format: 'email',
    label: 'Your work email address', required: 'Enter your work email address',
  },
  { name: 'reporter.phone', page: 'about-you', input: 'text', max: 30, width: 20, inputMode: 'tel', format: 'phone', label: 'A phone number we can reach you on (optional)' },
  { name: 'reporter.businessArea', page: 'about-you', input: 'text', max: MAX_SHORT_TEXT, label: 'Your business area', hint: 'For example HMCTS, HMPPS, Probation Service, Legal Aid Agency or head office', required: 'Enter your business area, for example HMCTS or HMPPS' },
  {
    name: 'reporter.role', page: 'about-you', input: 'radios', label: 'Are you staff, a contractor or a supplier?', required: 'Select whether you are staff, a contractor or a supplier',
    options: options([
      { value: 'staff', label: 'Staff' },
      { value: 'contractor', label: 'Contractor' },
      { value: 'supplier', label: 'Supplier' },
    ]),
  },
  { name: 'reporter.organisation', page: 'about-you', input: 'text', max: MAX_SHORT_TEXT, label: 'Your organisation', when: { question: 'reporter.role', is: ['contractor', 'supplier'] }, required: 'Enter the name of your organisation' },
] as const satisfies readonly Question[];
