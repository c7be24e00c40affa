// The department's ICO case IC-31191-G5C6 (a personal data breach of December 2019) as data, for
// `npm run demo`: the report on this app's questions, the data protection officer's decision, the initial form
// sent 20 Dec 2019 18:16, the regulator's acknowledgement of 23 Dec 2019 11:23, the follow-up of 31 Dec 2019
// 20:02 and the regulator's decision of 14 Jan 2020 ("no further action"). Copied from the department's case
// file (shared/reference/ico-breach-report-casefile.md in the team's documents); where it is redacted the text
// is made up and says so. test/server/regulator-demo.test.ts holds it equal to the tests' fixture.
import type { DataBreachReport } from '../../shared/report.ts';

export const CASEFILE_REPORT: DataBreachReport = {
  schemaVersion: 2,
  id: '0b6f3c1e-5d2a-4c8e-9f1b-2a7d4e6c8b90',
  reference: 'K7M2Q9RTXW',
  createdAt: '2019-12-20T17:40:00.000Z',
  timeZone: 'Europe/London',
  kind: 'data-breach',
  occurrence: 'incident',
  // Redacted in the case file; made up from the ICO's decision letter ("unintended exposure of personal information").
  whatHappened: 'A sub-processor of our data processor exposed a file of staff records. The data processor told us on 18 December.',
  happenedKnown: 'yes',
  happenedAt: { day: '7', month: '12', year: '2019' },
  discoveredAt: { day: '18', month: '12', year: '2019', time: '16:42' },
  location: 'other',
  locationDetails: 'At a sub-processor of our data processor',
  personalData: 'yes',
  actionsSoFar: 'A Data Breach Management Team was mobilised and an investigation started.',
  serviceDeskContacted: 'no',
  lineManagerTold: 'yes',
  // Made up: the case file redacts the person making the report.
  reporter: { name: 'Sam Okafor', email: 'sam.okafor@justice.gov.uk', phone: '01632 960 001', businessArea: 'Data Protection Team, Digital and Technology Directorate', role: 'staff' },
  breach: {
    spokeToIco: 'no',
    reportType: 'initial',
    causedByCyber: 'dont-know', // redacted in the case file
    howFoundOut: 'The data processor told us after its sub-processor had told it.', // redacted; made up
    dataCategories: ['basic-identifiers', 'other'],
    dataCategoriesOther: 'National Insurance Number',
    recordsConcerned: '121,109',
    recordsBreakdown: 'Of that total, 48,740 contain National Insurance number',
    subjectsAffected: '121,109',
    subjectCategories: ['employees'],
    consequences:
      'At this stage, we assess the likelihood of detriment materialising to be low. We will review this position as our investigations continue and further information comes to light.',
    actualHarm: 'MoJ are not aware that any actual harm to data subjects has materialised.',
    likelihood: 'unlikely',
    staffTrained: 'dont-know',
    delayReason:
      'The cause of the delay in the sub-processor notifying the data processor and in turn the MoJ, is as yet undetermined. We are investigating the reasons for this delay and will cover this aspect more fully in our follow-up report.',
    toldDataSubjects: 'something-else',
    toldDataSubjectsDetails:
      'We are publishing a general message on the MoJ intranet to inform all staff potentially affected by this breach. At this stage, we have not contacted individual data subjects directly and will continue to review this as further details come to light.',
    toldOtherOrganisations: 'yes',
    otherOrganisations: 'Cabinet Office, Government Shared Services and MoJ Departmental Trade Unions',
  },
};

/** The follow-up's answers over the initial report's (31 Dec 2019 20:02). */
export const CASEFILE_FOLLOW_UP_BREACH: Partial<NonNullable<DataBreachReport['breach']>> = {
  reportType: 'follow-up',
  icoCaseReference: 'IC-31191-G5C6',
  dataCategoriesOther: 'National Insurance Number, individual training records',
  subjectCategories: ['employees', 'other'],
  subjectCategoriesOther: 'Former MoJ employees and employees of some third party organisations',
  consequences: 'At this stage, we assess the possible impact on data subjects to be low. We will continue to review this position as our investigations continue.',
  otherOrganisations:
    'Cabinet Office, Government Shared Services, National Cyber Security Centre, MoJ Departmental Trade Unions and third party organisations whose employees are affected.',
  // Redacted in the case file; made up.
  measuresBefore: 'Contracts require processors to report a breach within 24 hours; annual assurance reviews.',
  // One text with one date before each step had its own: split into its two steps, each with that date.
  recurrenceSteps: [
    { step: 'Review the notification chain with the data processor.', completeBy: { day: '31', month: '3', year: '2020' } },
    { step: "Review the notification chain with the data processor's sub-processors.", completeBy: { day: '31', month: '3', year: '2020' } },
  ],
};

export const CASEFILE_TIMELINE = {
  /** Made up: the case file does not say when the decision was taken, only that the form was sent at 18:16. */
  decision: { outcome: 'meets-threshold', decidedBy: 'Amie Alekna', decidedAt: '2019-12-20T17:30:00Z' },
  toldSubjects: { audience: 'data-subjects', toldAt: '2019-12-20T17:45:00Z', method: 'A general message on the MoJ intranet', toldBy: 'Data Protection Team' },
  initialSent: { reportType: 'initial', sentAt: '2019-12-20T18:16:00Z', sentBy: 'Data Compliance' },
  acknowledgement: { kind: 'acknowledgement', receivedAt: '2019-12-23T11:23:00Z', icoReference: 'IC-31191-G5C6', caseOfficer: 'Jade Choudhury', recordedBy: 'Data Compliance' },
  followUpSent: { reportType: 'follow-up', sentAt: '2019-12-31T20:02:00Z', sentBy: 'Data Compliance' },
  regulatorDecision: {
    kind: 'decision',
    receivedAt: '2020-01-14T15:47:00Z',
    caseOfficer: 'Christopher Yost',
    decision: 'No further action by the ICO is necessary on this occasion.',
    recommendations:
      'Consider the preventative measures you had in place prior to this incident and establish whether these processes had been followed. Continue to monitor any potential risks or detriment to the data subjects as a result of this incident and take action to mitigate any risks that you may become aware of.',
    recordedBy: 'Data Compliance',
  },
  closedAt: '2020-01-14T16:00:00Z',
  exemptReason: "The department's ICO case file, kept as a demonstration",
  /** "Person making this report": the team mailbox (the name is redacted in the case file). */
  sender: { name: 'Data Protection Team', email: 'data.compliance@justice.gov.uk' },
} as const;
