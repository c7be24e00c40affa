// The regulator's "Report a personal data breach" form filled in from a case: first as plain blocks (a title,
// section headings, question labels, answers, options ticked ☒ or not ☐), which the Word document
// (ico-form-docx.ts) and the console's print view both render, so the two cannot differ.
//
// Nothing the reporter wrote is changed: text answers are printed as typed, one block per line.
import { answerText, getAnswer, isBlank, questionNamed, type Question } from '../../shared/catalogue.ts';
import { formatParts, type DateTimeParts } from '../../shared/dates.ts';
import type { Report } from '../../shared/report.ts';
import { stepsOf, upgradeAnswers, type Step } from '../../shared/report-upgrade.ts';
import { REASONS_FOR_REPORT, type ReasonForReport } from '../../shared/regulator-decision.ts';
import { FORM_TEXT_ANSWERS, ICO_FORM_TITLE, icoFormLayout, type FormItem } from './ico-form-layout.ts';

export type { FormBlock } from '../../shared/regulator-api.ts';
import type { FormBlock } from '../../shared/regulator-api.ts';

export const TICKED = '☒';
export const UNTICKED = '☐';

export interface Contact {
  name: string;
  email: string;
  phone?: string;
}

export interface OrganisationDetails {
  /** The data controller's name. */
  name: string;
  address: string;
  dpo: Contact;
}

export interface IcoFormInput {
  /** The report's answers (for a follow-up: with the follow-up's answers). */
  report: Report;
  /** The data protection officer's decision; unticked when there is none yet. */
  reason?: ReasonForReport;
  organisation: OrganisationDetails;
  /** Who sends the form ("Person making this report"). */
  sender: Contact;
}

export function icoFormBlocks(given: IcoFormInput): FormBlock[] {
  // A report stored in an earlier version's shape prints as today's (its steps, each with its date).
  const input = { ...given, report: upgradeAnswers(given.report) };
  const blocks: FormBlock[] = [{ style: 'title', text: ICO_FORM_TITLE }];
  for (const section of icoFormLayout) {
    // The first section's heading is the form's title, printed once.
    if (section.title !== ICO_FORM_TITLE) blocks.push({ style: 'section', text: section.title });
    for (const item of section.items) blocks.push(...itemBlocks(item, input));
  }
  return blocks;
}

/** The words of a catalogue question on the regulator's form. */
export function formLabelOf(question: Question): string {
  return question.formLabel ?? question.label;
}

function itemBlocks(item: FormItem, input: IcoFormInput): FormBlock[] {
  const answers = input.report as unknown as Record<string, unknown>;
  switch (item.kind) {
    case 'ico-staff': {
      const question = catalogueQuestion('breach.spokeToIco');
      const name = getAnswer(answers, 'breach.icoStaffName');
      return [label(formLabelOf(question)), ...lines(getAnswer(answers, 'breach.spokeToIco') === 'yes' && !isBlank(name) ? String(name) : 'N/A')];
    }
    case 'ico-reference': {
      const question = catalogueQuestion('breach.icoCaseReference');
      const reference = getAnswer(answers, 'breach.icoCaseReference');
      return [label(formLabelOf(question)), ...lines(isBlank(reference) ? 'N/A' : String(reference))];
    }
    case 'reason':
      return [label('Reason for report – after consulting the guidance'), ...REASONS_FOR_REPORT.map((o) => option(o.label, o.value === input.reason))];
    case 'about-you':
      return [label(item.label), ...aboutYou(item.field, input)];
    case 'question':
      return questionBlocks(item, answers);
  }
}

function questionBlocks(item: Extract<FormItem, { kind: 'question' }>, answers: Record<string, unknown>): FormBlock[] {
  const question = catalogueQuestion(item.name);
  const value = getAnswer(answers, item.name);
  const blocks: FormBlock[] = [label(formLabelOf(question))];
  if (item.layout === 'date-time') {
    const parts = value as DateTimeParts | undefined;
    blocks.push(answer(`Date: ${parts ? formatParts({ day: parts.day, month: parts.month, year: parts.year }) : ''}`));
    blocks.push(answer(labelled('Time:', parts?.time?.trim())));
  } else if (item.layout === 'total') {
    blocks.push(answer(`Total: ${inWords(question, value)}`));
  } else if (question.input === 'steps') {
    blocks.push(...stepsOf(value).flatMap(stepBlocks));
  } else if ((question.input === 'radios' || question.input === 'checkboxes') && !FORM_TEXT_ANSWERS.has(question.name)) {
    const chosen = new Set((Array.isArray(value) ? value : [value]).map(String));
    blocks.push(...question.options.map((o) => option(o.label, chosen.has(o.value))));
  } else {
    blocks.push(...lines(inWords(question, value)));
  }
  for (const name of item.more ?? []) blocks.push(...moreBlocks(catalogueQuestion(name), getAnswer(answers, name)));
  return blocks;
}

/** "Step 1: ..." as typed, then the date it will be completed on a line of its own. */
function stepBlocks(step: Step, index: number): FormBlock[] {
  const by = step.completeBy && formatParts(step.completeBy);
  return [...lines(`Step ${index + 1}: ${step.step}`), ...(by ? [answer(`To be completed by ${by}`)] : [])];
}

/** An answer printed under another's: details as typed, a completion date with its question, an estimate's label. */
function moreBlocks(question: Question, value: unknown): FormBlock[] {
  if (isBlank(value)) return [];
  if (question.input === 'flag') return value === true ? [answer(question.label)] : [];
  if (question.input === 'date') return [answer(`${question.label} ${inWords(question, value)}`)];
  return lines(inWords(question, value));
}

function aboutYou(field: 'organisation' | 'address' | 'person' | 'dpo', input: IcoFormInput): FormBlock[] {
  switch (field) {
    case 'organisation':
      return lines(input.organisation.name);
    case 'address':
      return lines(input.organisation.address);
    case 'person':
      return contact(input.sender);
    case 'dpo':
      return contact(input.organisation.dpo);
  }
}

function contact(c: Contact): FormBlock[] {
  return [answer(labelled('Name:', c.name)), answer(labelled('Email:', c.email)), answer(labelled('Phone:', c.phone))];
}

/** "Time: 16:42", or "Time:" alone as the case file's form prints an unknown time. */
function labelled(name: string, value: string | undefined): string {
  return value ? `${name} ${value}` : name;
}

function inWords(question: Question, value: unknown): string {
  const text = answerText(question, value);
  return Array.isArray(text) ? text.join(', ') : text;
}

/** One answer block per line as the reporter typed it; none for an empty answer. */
function lines(text: string): FormBlock[] {
  return text === '' ? [] : text.split(/\r?\n/).map(answer);
}

const label = (text: string): FormBlock => ({ style: 'question', text });
const answer = (text: string): FormBlock => ({ style: 'answer', text });
const option = (text: string, ticked: boolean): FormBlock => ({ style: 'option', text, ticked });

function catalogueQuestion(name: string): Question {
  const question = questionNamed(name);
  // A layout naming a question the catalogue lost is a programming error, caught by the form's test.
  if (!question) throw new Error(`The regulator's form names a question the catalogue does not have: ${name}`);
  return question;
}
