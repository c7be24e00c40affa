// The whole report as the reporter saw it: each answered question under its page's section, labelled and
// worded from the question catalogue (including questions of the report's own schema version). Text is
// rendered as text, never as markup.
import { answerText, applies, getAnswer, isBlank, pageNamed, questionsFor, type Answers } from '../shared/catalogue.ts';
import type { ReportKind } from '../shared/options.ts';
import { upgradeAnswers } from '../shared/report-upgrade.ts';
import { SummaryList } from './SummaryList.tsx';

export function ReportAnswers({ report, kind, version }: { report: Record<string, unknown>; kind: string; version: number }) {
  // A report stored in an earlier version's shape reads as today's (its steps, each with its date).
  const answers = upgradeAnswers(report) as Answers;
  const reportKind = kind as ReportKind;
  const sections = new Map<string, { label: string; text: string | string[] }[]>();
  for (const question of questionsFor(reportKind, version)) {
    const value = getAnswer(answers, question.name);
    if (isBlank(value) || !applies(question, answers, reportKind, version)) continue;
    const section = pageNamed(question.page)?.section ?? 'Other answers';
    sections.set(section, [...(sections.get(section) ?? []), { label: question.label, text: answerText(question, value) }]);
  }
  return (
    <>
      {[...sections].map(([section, rows]) => (
        <section key={section}>
          <h3 class="govuk-heading-s">{section}</h3>
          <SummaryList rows={rows.map((row) => [row.label, row.text] as const)} />
        </section>
      ))}
    </>
  );
}
