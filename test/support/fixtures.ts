// Shared builders of valid reports (checked against the shared schema in test/server/fixtures.test.ts).
// Each call gives a fresh id and reference, so reports from one test never collide with another's.
import { randomUUID } from 'node:crypto';
import { generateReference } from '../../src/shared/reference.ts';
import { MAX_TEXT, REPORT_SCHEMA_VERSION, type BreachAnswers, type DataBreachReport, type LostDeviceReport } from '../../src/shared/report.ts';

/** What every report carries besides the answers: a fresh id and reference each time. */
function identity() {
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    id: randomUUID(),
    reference: generateReference(),
    createdAt: new Date().toISOString(),
    timeZone: 'Europe/London',
  };
}

/** A valid lost-laptop report with no personal data involved; `overrides` replace top-level answers. */
export function buildReport(overrides: Partial<LostDeviceReport> = {}): LostDeviceReport {
  return {
    ...identity(),
    kind: 'lost-device',
    occurrence: 'incident',
    whatHappened: 'I left my work laptop on the 08:15 train from Reading to London Paddington.',
    happenedKnown: 'yes',
    happenedAt: { day: '3', month: '11', year: '2025', time: '08:40' },
    discoveredAt: { day: '3', month: '11', year: '2025', time: '09:05' },
    location: 'travelling',
    personalData: 'no',
    actionsSoFar: 'Called the train company lost property office.',
    serviceDeskContacted: 'yes',
    serviceDeskTicket: 'INC0012345',
    lineManagerTold: 'yes',
    reporter: {
      name: 'Alex Smith',
      email: 'alex.smith@justice.gov.uk',
      phone: '07700 900 982',
      businessArea: 'HMCTS',
      role: 'staff',
    },
    deviceType: 'laptop',
    deviceOwner: 'department',
    assetTag: 'MOJ-123456',
    lostOrStolen: 'lost',
    lastSeenState: 'shut-down',
    encrypted: 'yes',
    dataOnDevice: 'Court lists for the week, stored on the laptop in OneDrive.',
    policeTold: 'no',
    ...overrides,
  };
}

/** The regulator's breach questions fully answered for an initial report (not caused by a cyber incident). */
export function buildBreachAnswers(overrides: Partial<BreachAnswers> = {}): BreachAnswers {
  return {
    spokeToIco: 'no',
    reportType: 'initial',
    causedByCyber: 'no',
    howFoundOut: 'The recipient replied to say the email was not meant for them.',
    dataCategories: ['basic-identifiers', 'criminal-convictions'],
    recordsConcerned: '1',
    subjectsAffected: '1',
    subjectCategories: ['customers'],
    consequences: 'The person named could be identified as having a case at the court.',
    actualHarm: 'None known so far.',
    likelihood: 'unlikely',
    likelihoodDetails: 'The recipient is a solicitor and confirmed they deleted the email.',
    staffTrained: 'yes',
    delayReason: 'No delay.',
    toldDataSubjects: 'no-planning-to',
    toldOtherOrganisations: 'no',
    ...overrides,
  };
}

/** A valid data-breach report with personal data involved and the full `breach` answers. */
export function buildBreachReport(overrides: Partial<DataBreachReport> = {}): DataBreachReport {
  return {
    ...identity(),
    kind: 'data-breach',
    occurrence: 'incident',
    whatHappened: 'A court list with one defendant’s details was emailed to the wrong solicitor.',
    happenedKnown: 'yes',
    happenedAt: { day: '10', month: '11', year: '2025', time: '14:20' },
    discoveredAt: { day: '10', month: '11', year: '2025', time: '15:02' },
    location: 'court',
    personalData: 'yes',
    serviceDeskContacted: 'no',
    lineManagerTold: 'yes',
    reporter: {
      name: 'Sam Jones',
      email: 'sam.jones@justice.gov.uk',
      businessArea: 'HMCTS',
      role: 'contractor',
      organisation: 'Example Services Ltd',
    },
    breach: buildBreachAnswers(),
    ...overrides,
  };
}

/** `whatHappened` padded so that the report's JSON is about `bytes` long (at most about 6 KB: the answer's limit). */
export function buildLargeReport(bytes: number, overrides: Partial<LostDeviceReport> = {}): LostDeviceReport {
  const base = buildReport(overrides);
  const pad = Math.max(0, bytes - JSON.stringify(base).length - 1);
  return { ...base, whatHappened: `${base.whatHappened} ${'x'.repeat(pad)}`.trim().slice(0, MAX_TEXT) };
}
