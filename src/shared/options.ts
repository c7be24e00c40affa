// The answer options of every closed question, with the words the reporter sees.
// Where the regulator's "Report a personal data breach" form has a list, the labels are its exact words
// (see shared/reference/ico-breach-report-casefile.md), so a report can be copied onto that form as it is.

export type Option<V extends string = string> = { readonly value: V; readonly label: string; readonly hint?: string };

const options = <const T extends readonly Option[]>(list: T) => list;
export const valuesOf = <T extends readonly Option[]>(list: T) =>
  list.map((o) => o.value) as unknown as [T[number]['value'], ...T[number]['value'][]];

export const reportKinds = options([
  { value: 'lost-device', label: 'A lost or stolen device', hint: 'Laptop, phone, tablet, USB stick or other removable media, smart card or pass' },
  { value: 'compromised', label: 'A compromised device or account', hint: 'Something looks hacked, malware, you clicked a phishing link, or a password was disclosed' },
  { value: 'data-breach', label: 'A data incident or personal data breach', hint: 'Sent to the wrong person, lost paperwork, unauthorised access or disclosure, data exposed online' },
  { value: 'other', label: 'Another security incident', hint: 'Physical security of IT, suspicious contact, or anything else' },
]);
export type ReportKind = (typeof reportKinds)[number]['value'];

export const occurrences = options([
  { value: 'incident', label: 'An incident', hint: 'Something was lost, stolen, disclosed, accessed or damaged' },
  { value: 'near-miss', label: 'A near-miss', hint: 'Nothing was actually lost or disclosed, but it could have been' },
]);

export const yesNo = options([
  { value: 'yes', label: 'Yes' },
  { value: 'no', label: 'No' },
]);
export const yesNoNotKnown = options([
  { value: 'yes', label: 'Yes' },
  { value: 'no', label: 'No' },
  { value: 'not-known', label: 'Not known' },
]);
// The regulator's wording for the same three answers.
export const yesNoDontKnow = options([
  { value: 'yes', label: 'Yes' },
  { value: 'no', label: 'No' },
  { value: 'dont-know', label: "Don't know" },
]);

export const locations = options([
  { value: 'court', label: 'A court or tribunal' },
  { value: 'prison', label: 'A prison or young offender institution' },
  { value: 'probation', label: 'A probation office' },
  { value: 'office', label: 'Another office' },
  { value: 'home', label: 'At home' },
  { value: 'travelling', label: 'Travelling' },
  { value: 'other', label: 'Somewhere else' },
]);

export const reporterRoles = options([
  { value: 'staff', label: 'Staff' },
  { value: 'contractor', label: 'Contractor' },
  { value: 'supplier', label: 'Supplier' },
]);

// Lost or stolen device
export const deviceTypes = options([
  { value: 'laptop', label: 'Laptop' },
  { value: 'phone', label: 'Mobile phone' },
  { value: 'tablet', label: 'Tablet' },
  { value: 'removable-media', label: 'USB stick or other removable media' },
  { value: 'smart-card', label: 'Smart card or pass' },
  { value: 'other', label: 'Something else' },
]);
export const deviceOwners = options([
  { value: 'department', label: 'Issued by the department' },
  { value: 'personal', label: 'My own device' },
]);
export const lostOrStolen = options([
  { value: 'lost', label: 'Lost' },
  { value: 'stolen', label: 'Stolen' },
  { value: 'not-known', label: 'Not sure' },
]);
// Only "shut down" guarantees that full-disk encryption is in force (lost-devices-guidance.md).
export const lastSeenStates = options([
  { value: 'shut-down', label: 'Shut down' },
  { value: 'locked', label: 'Locked' },
  { value: 'asleep', label: 'Asleep or with the lid closed' },
  { value: 'in-use', label: 'In use (unlocked)' },
  { value: 'not-known', label: 'Not known' },
]);

// Compromised device or account
export const compromiseSigns = options([
  { value: 'phishing-link', label: 'I clicked a link or opened an attachment in a suspicious message' },
  { value: 'password-disclosed', label: 'A password was disclosed or written down' },
  { value: 'malware', label: 'Malware or a virus warning' },
  { value: 'suspicious-activity', label: 'Suspicious activity (messages I did not send, settings changed, sign-ins I do not recognise)' },
  { value: 'other', label: 'Something else' },
]);
export const compromisedThings = options([
  { value: 'device', label: 'A device' },
  { value: 'account', label: 'An account' },
  { value: 'both', label: 'Both' },
]);

// Other security incident
export const otherCategories = options([
  { value: 'physical', label: 'Physical security of IT (a door, cabinet, server room or equipment)' },
  { value: 'suspicious-contact', label: 'Suspicious contact (a call, visit or message asking for information)' },
  { value: 'other', label: 'Something else' },
]);

// The regulator's breach form, word for word.
export const breachReportTypes = options([
  { value: 'initial', label: 'Initial report' },
  { value: 'follow-up', label: 'Follow-up report' },
]);
export const dataCategories = options([
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
  { value: 'other', label: 'Other (please give details below)' },
]);
export const dataSubjectCategories = options([
  { value: 'employees', label: 'Employees' },
  { value: 'users', label: 'Users' },
  { value: 'subscribers', label: 'Subscribers' },
  { value: 'students', label: 'Students' },
  { value: 'customers', label: 'Customers or prospective customers' },
  { value: 'patients', label: 'Patients' },
  { value: 'children', label: 'Children' },
  { value: 'vulnerable-adults', label: 'Vulnerable adults' },
  { value: 'not-yet-known', label: 'Not yet known' },
  { value: 'other', label: 'Other (please give details below)' },
]);
export const likelihoods = options([
  { value: 'very-likely', label: 'Very likely' },
  { value: 'likely', label: 'Likely' },
  { value: 'neutral', label: 'Neutral - neither likely nor unlikely' },
  { value: 'unlikely', label: 'Unlikely' },
  { value: 'very-unlikely', label: 'Very unlikely' },
  { value: 'not-yet-known', label: 'Not yet known' },
]);
export const systemEffects = options([
  { value: 'confidentiality', label: 'Confidentiality' },
  { value: 'integrity', label: 'Integrity' },
  { value: 'availability', label: 'Availability' },
]);
export const toldDataSubjects = options([
  { value: 'yes', label: "Yes, we've told affected data subjects" },
  { value: 'about-to', label: "We're about to, or are in the process of telling data subjects" },
  { value: 'no-already-aware', label: "No, they're already aware" },
  { value: 'no-planning-to', label: "No, but we're planning to" },
  { value: 'no-decided-not-to', label: "No, we've decided not to" },
  { value: 'not-decided', label: "We haven't decided yet if we will tell them or not" },
  { value: 'something-else', label: 'Something else (please give details below)' },
]);

export function labelOf(list: readonly Option[], value: string | undefined): string {
  return list.find((o) => o.value === value)?.label ?? value ?? '';
}
