// Wire types of the console's API (/api/console/...): what the endpoint answers and the console reads.
import type { CaseState, CentralTeam, PersonalDataDecision, Severity } from './case-model.ts';

export const API_CONSOLE = '/api/console';

export interface QueueFilters {
  kind?: string;
  occurrence?: string;
  personalData?: string;
  severity?: Severity | 'none';
  /** A user id, or 'none' for unowned cases. */
  owner?: string;
  status?: CaseState;
  businessArea?: string;
  /** A reference, exact (case and spaces ignored). */
  reference?: string;
  /** Include closed cases (the queue shows open ones by default). */
  includeClosed?: boolean;
}

export interface QueueRow {
  id: string;
  reference: string;
  kind: string;
  occurrence: string | null;
  personalData: string;
  personalDataConfirmed: boolean;
  businessArea: string | null;
  receivedAt: string;
  regulatorDeadline: string | null;
  severity: Severity | null;
  status: CaseState;
  ownerId: string | null;
  ownerName: string | null;
}

export interface QueuePage {
  rows: QueueRow[];
  /** Pass back as `after` for the next page; null on the last page. */
  next: string | null;
}

export interface CaseAction {
  id: string;
  description: string;
  ownerName: string;
  dueDate: string;
  doneAt: string | null;
}

export interface TimelineEntry {
  seq: number;
  at: string;
  actorName: string;
  action: string;
  field: string | null;
  oldValue: unknown;
  newValue: unknown;
}

/** A follow-up report that joined the case (issue 9): stored as a report of its own, shown on its case. */
export interface FollowUpReport {
  id: string;
  reference: string;
  receivedAt: string;
  /** How it was matched: the department's reference of the initial report, or the regulator's case reference. */
  matchedBy: 'reference' | 'ico-reference';
  matchedOn: string;
  report: Record<string, unknown>;
  schemaVersion: number;
}

export interface CaseDetail extends QueueRow {
  escalatedTo: CentralTeam | null;
  closureSummary: string | null;
  lessonsLearnt: string | null;
  closedAt: string | null;
  version: number;
  /** The report as validated and stored. */
  report: Record<string, unknown>;
  schemaVersion: number;
  actions: CaseAction[];
  timeline: TimelineEntry[];
  /** The moves the workflow allows from here. */
  allowedStatuses: CaseState[];
  /** Follow-up reports that joined the case, oldest first (the case page's route adds them). */
  followUps?: FollowUpReport[];
}

export interface StaffMember {
  id: string;
  name: string;
}

/** One change to a case: each is audited field by field. `version` is the one the page showed. */
export type CaseChange =
  | { type: 'triage'; version: number; kind?: string; occurrence?: string; personalData?: PersonalDataDecision; severity?: Severity }
  | { type: 'status'; version: number; status: CaseState; closureSummary?: string; lessonsLearnt?: string }
  | { type: 'assign'; version: number; ownerId: string | null }
  | { type: 'escalate'; version: number; team: CentralTeam }
  | { type: 'note'; version: number; text: string }
  | { type: 'action'; version: number; description: string; ownerName: string; dueDate: string }
  | { type: 'action-done'; version: number; actionId: string };
