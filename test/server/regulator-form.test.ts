// The regulator's form generated as a Word document from the case file's breach, checked question by question
// against the case file's form (test/fixtures/ico-breach-form.ts): labels in order, each option list word for
// word, the ticked options exactly the case's, and the text between one question and the next exactly the answer.
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/server/config.ts';
import { icoFormDocx } from '../../src/server/forms/ico-form-docx.ts';
import type { IcoFormInput } from '../../src/server/forms/ico-form.ts';
import type { DataBreachReport } from '../../src/shared/report.ts';
import { answersByQuestion, checkFormParagraphs, documentParagraphs, followUpExpected, initialExpected, sender, type Expected } from '../support/ico-form-check.ts';
import { casefileBreach, casefileFollowUp } from '../unit/fixtures/casefile.ts';

async function checkForm(report: DataBreachReport, expected: Expected) {
  // The organisation is the endpoint's default settings: the department's own values.
  const input: IcoFormInput = { report, reason: 'meets-threshold', organisation: defaultConfig().organisation, sender };
  checkFormParagraphs(await documentParagraphs(await icoFormDocx(input)), expected);
}

describe("the regulator's form as a Word document", () => {
  it('the initial report of the case file, question by question', async () => {
    await checkForm(casefileBreach, initialExpected);
  });

  it('the follow-up report of the case file, with the ICO reference, measures and steps', async () => {
    await checkForm(casefileFollowUp, followUpExpected);
  });

  it('prints each step with the date it will be completed, and a report stored with one text and one date (version 2) as that one step', async () => {
    const steps = answersByQuestion(await documentParagraphs(await icoFormDocx({ report: casefileFollowUp, organisation: defaultConfig().organisation, sender }))).find((q) => q.label.includes('prevent a recurrence'))!;
    expect(steps.text).toEqual([
      'Step 1: Review the notification chain with the data processor.',
      'To be completed by 31 March 2020',
      "Step 2: Review the notification chain with the data processor's sub-processors.",
      'To be completed by 31 March 2020',
    ]);
    const stored = { ...casefileFollowUp, breach: { ...casefileFollowUp.breach!, recurrenceSteps: 'Review the notification chain.\nThen audit it.', recurrenceStepsDue: { day: '30', month: '4', year: '2020' } } } as unknown as DataBreachReport;
    const old = answersByQuestion(await documentParagraphs(await icoFormDocx({ report: stored, organisation: defaultConfig().organisation, sender }))).find((q) => q.label.includes('prevent a recurrence'))!;
    expect(old.text).toEqual(['Step 1: Review the notification chain.', 'Then audit it.', 'To be completed by 30 April 2020']);
  });

  it('marks no reason for report until the data protection officer has decided', async () => {
    const docx = await icoFormDocx({ report: casefileBreach, organisation: defaultConfig().organisation, sender });
    const reason = answersByQuestion(await documentParagraphs(docx)).find((q) => q.label.startsWith('Reason for report'))!;
    expect(reason.options.map((o) => o.ticked)).toEqual([false, false, false]);
  });

  it('keeps line breaks and characters the reporter typed', async () => {
    const text = 'Line one & <two>\n  "indented" line, £5 — ünïcode';
    const docx = await icoFormDocx({ report: { ...casefileBreach, whatHappened: text }, organisation: defaultConfig().organisation, sender });
    const what = answersByQuestion(await documentParagraphs(docx)).find((q) => q.label === 'What has happened?')!;
    expect(what.text.join('\n')).toBe(text);
  });
});
