// What the console's regulator routes answer (src/server/console/regulator-routes.ts): a case's regulator
// record, the form's blocks for the print view, the register and the quarterly return.
import type { DecisionOutcome } from './regulator-decision.ts';

export interface Decision {
  outcome: DecisionOutcome;
  decidedBy: string;
  decidedAt: string;
  reasons: string | null;
  delayReason: string | null;
}
export interface Submission {
  id: string;
  reportType: 'initial' | 'follow-up';
  initialId: string | null;
  sentAt: string;
  sentBy: string;
  answers: Record<string, unknown> | null;
}
export interface RegulatorResponse {
  id: string;
  kind: 'acknowledgement' | 'case-officer' | 'decision';
  receivedAt: string;
  icoReference: string | null;
  caseOfficer: string | null;
  decision: string | null;
  recommendations: string | null;
  recordedBy: string;
}
export interface Told {
  id: string;
  audience: 'data-subjects' | 'organisation';
  organisation: string | null;
  toldAt: string;
  method: string;
  toldBy: string;
}
export interface RegulatorRecord {
  decision: Decision | null;
  submissions: Submission[];
  responses: RegulatorResponse[];
  told: Told[];
  /** The regulator's case reference, from its acknowledgement (or any later answer). */
  icoReference: string | null;
}

export type FormBlock = { style: 'title' | 'section' | 'question' | 'answer'; text: string } | { style: 'option'; text: string; ticked: boolean };

export interface Column<T> {
  key: keyof T & string;
  header: string;
}

export type RegisterRow = Record<string, string | null>;
export interface RegisterPage {
  columns: Column<RegisterRow>[];
  entries: RegisterRow[];
  /** More entries than the page shows: the CSV has them all. */
  more: boolean;
}

export type ReturnRow = Record<string, string | number>;
export interface ReturnPage {
  columns: Column<ReturnRow>[];
  rows: ReturnRow[];
  quarters: string[];
  chartSvg: string;
}
