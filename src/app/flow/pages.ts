// The page flow of the reporter's app, read from the question catalogue (src/shared/questions.ts): this
// module declares no question, label, option or rule of its own.
import { applies, pageNamed, pagesFor as cataloguePages, questionsOn, topQuestionsOn, type PageDeclaration, type Question } from '../../shared/catalogue.ts';
import type { DraftAnswers, ReportKind } from '../../shared/report.ts';

export { fieldId, getAnswer, setAnswer } from './answers.ts';

export type Field = Question;
export type QuestionPage = PageDeclaration;

/** The pages this draft goes through, given its answers so far. */
export function pagesFor(kind: ReportKind, answers: DraftAnswers): QuestionPage[] {
  return cataloguePages(kind, answers);
}

export function pageById(id: string): QuestionPage | undefined {
  return pageNamed(id);
}

/** The questions a page shows first (revealed ones are drawn under their option), among those that apply. */
export function shownQuestions(page: QuestionPage, kind: ReportKind, answers: DraftAnswers): Field[] {
  return topQuestionsOn(page.id, kind).filter((q) => applies(q, answers, kind));
}

/** Every question of a page that applies now, revealed ones included, in page order. */
export function visibleFields(page: QuestionPage, kind: ReportKind, answers: DraftAnswers): Field[] {
  return questionsOn(page.id, kind).filter((q) => applies(q, answers, kind));
}
