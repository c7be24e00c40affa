// The incident team's case model: statuses and the moves between them, the severity scale, the central teams
// a case can be escalated to, and the caps on what the team types. Shared by the endpoint (which enforces it)
// and the console (which offers only the moves that are allowed). No dependencies.
//
// Teams named in the department's policy and guidance (../shared/reference/incident-management-policy.md,
// data-incident-guidance.md, data-security-and-privacy.md), copied here.

export const CASE_STATUSES = ['new', 'triaged', 'investigating', 'escalated', 'resolved', 'closed'] as const;
export type CaseState = (typeof CASE_STATUSES)[number];

export const STATUS_LABELS: Record<CaseState, string> = {
  new: 'New',
  triaged: 'Triaged',
  investigating: 'Investigating',
  escalated: 'Escalated',
  resolved: 'Resolved',
  closed: 'Closed',
};

/**
 * The moves that make sense. A new case is triaged first (or closed at once, e.g. a duplicate); a closed case
 * can be reopened into investigation when something new comes to light.
 */
export const TRANSITIONS: Record<CaseState, readonly CaseState[]> = {
  new: ['triaged', 'closed'],
  triaged: ['investigating', 'escalated', 'resolved', 'closed'],
  investigating: ['escalated', 'resolved', 'closed'],
  escalated: ['investigating', 'resolved', 'closed'],
  resolved: ['investigating', 'closed'],
  closed: ['investigating'],
};

export const SEVERITIES = ['low', 'medium', 'high'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** The plain criteria (also in the README), shown beside the choice. */
export const SEVERITY_CRITERIA: Record<Severity, string> = {
  low: 'No personal or sensitive data at risk, or the risk is already contained (for example an encrypted, shut-down device); no service affected.',
  medium: 'Personal data of a few people or internal information may be exposed, or a single service or account is affected; harm is unlikely or limited.',
  high: 'Special category or criminal offence data, many people, a likely risk to people\'s rights, a live compromise, or a service outage: the regulator may have to be told within 72 hours.',
};

/** Queue order after the regulator's deadline: high first, then cases not yet assessed, then medium, then low. */
export function severityOrder(severity: Severity | null): number {
  return severity === 'high' ? 0 : severity === null ? 1 : severity === 'medium' ? 2 : 3;
}

export const CENTRAL_TEAMS = [
  { value: 'mist', label: 'MoJ Information Security Team (MIST)' },
  { value: 'ost', label: 'MoJ Operational Security Team (OST)' },
  { value: 'data-privacy', label: 'Data Privacy Team' },
  { value: 'cyber-assistance', label: 'Cyber Assistance Team' },
  { value: 'siro', label: 'Senior Information Risk Owner (SIRO)' },
] as const;
export type CentralTeam = (typeof CENTRAL_TEAMS)[number]['value'];

export const PERSONAL_DATA_DECISIONS = ['yes', 'no', 'not-known'] as const;
export type PersonalDataDecision = (typeof PERSONAL_DATA_DECISIONS)[number];

export const MAX_NOTE = 5000;
export const MAX_SUMMARY = 5000;
export const MAX_ACTION = 500;
export const MAX_NAME = 200;

/** Whether moving to `to` needs a closure summary and lessons learnt (closing a medium or high case). */
export function closureRequired(to: CaseState, severity: Severity | null): boolean {
  return to === 'closed' && (severity === 'medium' || severity === 'high');
}

/** What the reporter's device is told (the existing status route): the case status in the reporter's words. */
export function reporterStatus(status: CaseState): 'received' | 'being-handled' | 'closed' {
  return status === 'new' ? 'received' : status === 'closed' ? 'closed' : 'being-handled';
}
