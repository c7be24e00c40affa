// Reading the regulator's form back out of a .docx and checking it, question by question, against the case
// file's form (test/fixtures/ico-breach-form.ts): used on the generated document (test/server) and on the one
// the console downloads in Chromium (test/e2e/regulator.spec.ts).
import { strFromU8, unzipSync } from 'fflate';
import { expect } from 'vitest';
import { casefileAnswers, icoFormQuestions } from '../fixtures/ico-breach-form.ts';
import { casefileFollowUp, casefileBreach, departmentReporter } from '../unit/fixtures/casefile.ts';

export interface DocParagraph {
  style: string;
  text: string;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const decode = (s: string) => s.replace(/&(amp|lt|gt|quot|apos);/g, (_, e: string) => ENTITIES[e]!);

/** The paragraphs of word/document.xml with their style and text. */
export async function documentParagraphs(docx: Uint8Array): Promise<DocParagraph[]> {
  const files = unzipSync(docx);
  const xml = strFromU8(files['word/document.xml']!);
  return [...xml.matchAll(/<w:p>([\s\S]*?)<\/w:p>/g)].map(([, body]) => ({
    style: /<w:pStyle w:val="([^"]+)"\/>/.exec(body!)?.[1] ?? 'Normal',
    text: [...body!.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => decode(m[1]!)).join(''),
  }));
}

/** Per form question: the option lines (tick and words) and the other lines, up to the next question. */
export function answersByQuestion(paragraphs: DocParagraph[]) {
  const out: { label: string; options: { ticked: boolean; text: string }[]; text: string[] }[] = [];
  for (const p of paragraphs) {
    if (p.style === 'Question') out.push({ label: p.text, options: [], text: [] });
    else if (out.length > 0 && p.style === 'Option') {
      expect(p.text).toMatch(/^[☒☐] /);
      out.at(-1)!.options.push({ ticked: p.text.startsWith('☒'), text: p.text.slice(2) });
    } else if (out.length > 0 && p.style === 'Answer') out.at(-1)!.text.push(p.text);
  }
  return out;
}

export const org = casefileAnswers.organisation;
export const sender = { name: departmentReporter.name, email: org.reporterEmail };

/** What the form must say for the case: ticked options where the form has a list, else the text. */
export type Expected = Record<string, { ticked: string[]; text?: string } | string>;

export const initialExpected: Expected = {
  'If you have already spoken to a member of ICO staff about this breach, please give their name:': casefileAnswers.initial['If you have already spoken to a member of ICO staff about this breach, please give their name:'],
  'Report type': { ticked: ['Initial report'] },
  '(Follow-up reports only) ICO case reference:': 'N/A',
  'Reason for report – after consulting the guidance': { ticked: ['I consider the incident meets the threshold to report'] },
  'What has happened?': casefileBreach.whatHappened!,
  'Was the breach caused by a cyber incident?': "Don't know",
  'How did you find out about the breach?': casefileBreach.breach!.howFoundOut!,
  'When did you discover the breach?': `Date: ${casefileAnswers.initial['When did you discover the breach?'].date}\nTime: ${casefileAnswers.initial['When did you discover the breach?'].time}`,
  'When did the breach happen?': `Date: ${casefileAnswers.initial['When did the breach happen?'].date}\nTime:`,
  'Categories of personal data included in the breach (tick all that apply)': {
    ticked: ['Basic personal identifiers, eg name, contact details', 'Other (please give details below)'],
    text: casefileAnswers.initial.otherDataCategories,
  },
  'Number of personal data records concerned?': `Total: ${casefileAnswers.initial['Number of personal data records concerned?'].total}\n${casefileAnswers.initial['Number of personal data records concerned?'].breakdown}`,
  'How many data subjects could be affected?': casefileAnswers.initial['How many data subjects could be affected?'],
  'Categories of data subjects affected (tick all that apply)': { ticked: ['Employees'] },
  'Potential consequences of the breach': `${casefileAnswers.initial.consequences}\n${casefileAnswers.initial.actualHarm}`,
  'What is the likelihood that data subjects will experience significant consequences as a result of the breach?': { ticked: ['Unlikely'] },
  'Had the staff member involved in this breach received data protection training in the last two years?': { ticked: ["Don't know"] },
  '(Initial reports only) If there has been a delay in reporting this breach, please explain why': casefileAnswers.initial.delayReason,
  'Have you told data subjects about the breach?': { ticked: ['Something else (please give details below)'], text: casefileAnswers.initial.toldDataSubjectsDetails },
  'Have you told, or are you planning to tell any other organisations about the breach?': 'Yes',
  'If you answered yes, please specify': casefileAnswers.initial.otherOrganisations,
  'Organisation (data controller) name': org.name,
  'Registered organisation address': org.address,
  'Person making this report': `Name: ${sender.name}\nEmail: ${org.reporterEmail}\nPhone:`,
  'Data protection officer': `Name: ${org.dpoName}\nEmail: ${org.dpoEmail}\nPhone:`,
};

export const followUpExpected: Expected = {
  ...initialExpected,
  'Report type': { ticked: ['Follow-up report'] },
  '(Follow-up reports only) ICO case reference:': casefileAnswers.followUp.icoCaseReference,
  'Categories of personal data included in the breach (tick all that apply)': {
    ticked: ['Basic personal identifiers, eg name, contact details', 'Other (please give details below)'],
    text: casefileAnswers.followUp.otherDataCategories,
  },
  'Categories of data subjects affected (tick all that apply)': { ticked: ['Employees', 'Other (please give details below)'], text: casefileAnswers.followUp.otherSubjectCategories },
  'Potential consequences of the breach': `${casefileAnswers.followUp.consequences}\n${casefileAnswers.initial.actualHarm}`,
  '(Follow-up reports only) Describe any measures you had in place before the breach with the aim of preventing a breach of this nature*': casefileFollowUp.breach!.measuresBefore!,
  '(Follow-up reports only) Outline any steps you are taking to prevent a recurrence, and when you expect they will be completed*': casefileFollowUp.breach!.recurrenceSteps!.map((s, i) => `Step ${i + 1}: ${s.step}\nTo be completed by 31 March 2020`).join('\n'),
  'If you answered yes, please specify': casefileAnswers.followUp.otherOrganisations,
};

/** The document's paragraphs against the case file's form: sections, labels, option lists, ticks and answers. */
export function checkFormParagraphs(paragraphs: DocParagraph[], expected: Expected) {
  expect(paragraphs[0]).toEqual({ style: 'Title', text: 'Report a personal data breach' });

  // Every section heading of the form, in order.
  const sections = [...new Set(icoFormQuestions.map((q) => q.section))].slice(1);
  expect(paragraphs.filter((p) => p.style === 'Heading1').map((p) => p.text)).toEqual(sections);

  const found = answersByQuestion(paragraphs);
  expect(found.map((q) => q.label)).toEqual(icoFormQuestions.map((q) => q.label));
  for (const [i, question] of icoFormQuestions.entries()) {
    const got = found[i]!;
    const want = expected[question.label] ?? '';
    if (question.options) {
      expect(got.options.map((o) => o.text), question.label).toEqual(question.options);
      const wanted = typeof want === 'string' ? { ticked: [] } : want;
      expect(got.options.filter((o) => o.ticked).map((o) => o.text), question.label).toEqual(wanted.ticked);
      expect(got.text.join('\n'), question.label).toBe(wanted.text ?? '');
    } else {
      expect(got.options, question.label).toEqual([]);
      expect(got.text.join('\n'), question.label).toBe(want);
    }
  }
}

