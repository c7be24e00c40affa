// The regulator's (ICO) "Report a personal data breach" form: its sections and questions in the form's order,
// as the department's case file IC-31191-G5C6 shows it (initial report 20 Dec 2019, follow-up 31 Dec 2019).
// A question of the form is either one of the catalogue's (its words are the catalogue's `formLabel`, else its
// `label`, and its option list is the catalogue's, which is the form's word for word), or a part of the form
// the reporter does not answer: the reason for report (the data protection officer's decision) and "About you"
// (the endpoint's organisation settings and the person sending the form).

export type FormItem =
  /** A catalogue question; `more` are catalogue questions whose answers are printed under it (details, breakdowns). */
  | { kind: 'question'; name: string; more?: readonly string[]; layout?: 'date-time' | 'total' }
  /** The decision's "reason for report" (options from src/shared/regulator-decision.ts). */
  | { kind: 'reason' }
  /** "If you have already spoken to a member of ICO staff ...": the name, else "N/A" as the case file writes it. */
  | { kind: 'ico-staff' }
  /** "(Follow-up reports only) ICO case reference:": the reference, else "N/A". */
  | { kind: 'ico-reference' }
  /** One line of "About you". */
  | { kind: 'about-you'; label: string; field: 'organisation' | 'address' | 'person' | 'dpo' };

export interface FormSection {
  title: string;
  items: readonly FormItem[];
}

export const ICO_FORM_TITLE = 'Report a personal data breach';

export const icoFormLayout: readonly FormSection[] = [
  { title: ICO_FORM_TITLE, items: [{ kind: 'ico-staff' }] },
  { title: 'Report type', items: [{ kind: 'question', name: 'breach.reportType' }, { kind: 'ico-reference' }] },
  { title: 'Reason for report – after consulting the guidance', items: [{ kind: 'reason' }] },
  {
    title: 'About the breach',
    items: [
      { kind: 'question', name: 'whatHappened' },
      { kind: 'question', name: 'breach.causedByCyber' },
      { kind: 'question', name: 'breach.howFoundOut' },
      { kind: 'question', name: 'discoveredAt', layout: 'date-time' },
      { kind: 'question', name: 'happenedAt', layout: 'date-time' },
      { kind: 'question', name: 'breach.dataCategories', more: ['breach.dataCategoriesOther'] },
      { kind: 'question', name: 'breach.recordsConcerned', layout: 'total', more: ['breach.recordsEstimated', 'breach.recordsBreakdown'] },
      { kind: 'question', name: 'breach.subjectsAffected', more: ['breach.subjectsEstimated', 'breach.subjectsBreakdown'] },
      { kind: 'question', name: 'breach.subjectCategories', more: ['breach.subjectCategoriesOther'] },
      { kind: 'question', name: 'breach.consequences', more: ['breach.actualHarm'] },
      { kind: 'question', name: 'breach.likelihood' },
      { kind: 'question', name: 'breach.likelihoodDetails' },
      { kind: 'question', name: 'breach.systemsAffected' },
      { kind: 'question', name: 'breach.systemEffects' },
      { kind: 'question', name: 'breach.organisationImpact' },
      { kind: 'question', name: 'breach.recoveryTime' },
      { kind: 'question', name: 'breach.staffTrained' },
      { kind: 'question', name: 'breach.delayReason' },
      { kind: 'question', name: 'breach.measuresBefore' },
    ],
  },
  {
    title: 'Taking action',
    items: [
      { kind: 'question', name: 'breach.actionsTaken' },
      { kind: 'question', name: 'breach.recurrenceSteps' },
      { kind: 'question', name: 'breach.toldDataSubjects', more: ['breach.toldDataSubjectsDetails'] },
      { kind: 'question', name: 'breach.toldOtherOrganisations' },
      { kind: 'question', name: 'breach.otherOrganisations' },
    ],
  },
  {
    title: 'About you',
    items: [
      { kind: 'about-you', label: 'Organisation (data controller) name', field: 'organisation' },
      { kind: 'about-you', label: 'Registered organisation address', field: 'address' },
      { kind: 'about-you', label: 'Person making this report', field: 'person' },
      { kind: 'about-you', label: 'Data protection officer', field: 'dpo' },
    ],
  },
];

/**
 * Questions the form prints as free text although the catalogue offers options: the form leaves a box, so
 * the answer is written in words rather than as a list to tick.
 */
export const FORM_TEXT_ANSWERS: ReadonlySet<string> = new Set([
  'breach.causedByCyber',
  'breach.systemsAffected',
  // The case file's form shows no list under "If you answered yes, please specify (tick all that apply)".
  'breach.systemEffects',
  'breach.toldOtherOrganisations',
]);
