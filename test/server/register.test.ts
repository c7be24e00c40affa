// The breach register and the quarterly return from 1,000 generated cases on both stores: the return's sums
// agree with the register and with what the test generated; the CSV escapes formulas.
import { randomUUID } from 'node:crypto';
import { text } from 'node:stream/consumers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { regulatorDb, regulatorStoreOf } from '../../src/server/regulator/regulator-store.ts';
import { csvStream, safeCell } from '../../src/server/register/csv.ts';
import { lastQuarters, quarterOf, quarterlyReturn, RETURN_COLUMNS, type ReturnRow } from '../../src/server/register/quarterly-return.ts';
import { REGISTER_COLUMNS, registerPages, type RegisterEntry } from '../../src/server/register/register.ts';
import { returnChartSvg } from '../../src/server/register/return-chart.ts';
import type { ReportStore } from '../../src/server/storage/report-store.ts';
import { generateReference } from '../../src/shared/reference.ts';
import type { Report } from '../../src/shared/report.ts';
import { STORE_KINDS, createTestStore, openStoreAt, type TestStore } from '../support/server.ts';
import { copy, oneOfEachKind } from '../unit/fixtures/casefile.ts';

const CASES = 1000;

/** A small seeded generator, so a failure can be run again as it was. */
function seeded(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function collect<T>(pages: AsyncIterable<T[]>): Promise<T[]> {
  const out: T[] = [];
  for await (const page of pages) out.push(...page);
  return out;
}

describe.each(STORE_KINDS)('register and quarterly return on %s', (kind) => {
  let test: TestStore;
  let store: ReportStore;
  const breachesByQuarter = new Map<string, number>();
  let reported = 0;
  let breaches = 0;

  beforeAll(async () => {
    test = await createTestStore(kind);
    store = await openStoreAt(test.location);
    const regulator = regulatorStoreOf(store);
    const random = seeded(31191);
    for (let i = 0; i < CASES; i++) {
      const report = copy(oneOfEachKind[Math.floor(random() * oneOfEachKind.length)]!) as Report & Record<string, any>;
      report.id = randomUUID();
      report.reference = generateReference();
      // Spread over three years (2018-2020), in the UK's winter time so the quarter is plain to compute here.
      const day = new Date(Date.UTC(2018, 0, 1) + Math.floor(random() * 3 * 365) * 86_400_000);
      report.discoveredAt = { day: String(day.getUTCDate()), month: String(day.getUTCMonth() + 1), year: String(day.getUTCFullYear()), time: '10:00' };
      report.happenedKnown = 'no';
      delete report.happenedAt;
      report.personalData = (['yes', 'no', 'not-known'] as const)[Math.floor(random() * 3)]!;
      report.occurrence = random() < 0.2 ? 'near-miss' : 'incident';
      if (i === 0) Object.assign(report, { personalData: 'yes', occurrence: 'incident', whatHappened: '=HYPERLINK("http://example.invalid","click")' });
      await store.saveReport(report);
      if (report.personalData === 'yes' && report.occurrence === 'incident') {
        breaches += 1;
        const quarter = quarterOf(new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), 12)).toISOString());
        breachesByQuarter.set(quarter, (breachesByQuarter.get(quarter) ?? 0) + 1);
        if (random() < 0.3) {
          const decidedAt = new Date(day.getTime() + 36 * 3_600_000).toISOString();
          await regulator.recordDecision(report.id, { outcome: 'meets-threshold', decidedBy: 'Amie Alekna', decidedAt });
          await regulator.recordSubmission(report.id, { reportType: 'initial', sentAt: decidedAt, sentBy: 'Data Compliance' });
          reported += 1;
        }
      }
    }
  }, 180_000);
  afterAll(async () => {
    await store?.close();
    await test?.remove();
  });

  it("the return's sums agree with the register and with the cases generated", async () => {
    const register = await collect(registerPages(regulatorDb(store)));
    const rows = await quarterlyReturn(regulatorDb(store));
    const sum = (filter: (r: ReturnRow) => boolean) => rows.filter(filter).reduce((n, r) => n + r.count, 0);

    expect(sum(() => true)).toBe(CASES);
    expect(register).toHaveLength(breaches);
    expect(sum((r) => r.personalData === 'yes' && r.occurrence === 'incident')).toBe(register.length);
    expect(sum((r) => r.reportedToRegulator === 'yes')).toBe(reported);
    expect(register.filter((e) => e.reportedAt !== '')).toHaveLength(reported);
    expect(register.filter((e) => e.decision === 'No decision recorded')).toHaveLength(breaches - reported);

    const registerByQuarter = new Map<string, number>();
    for (const e of register) registerByQuarter.set(quarterOf(e.discoveredAt), (registerByQuarter.get(quarterOf(e.discoveredAt)) ?? 0) + 1);
    expect(registerByQuarter).toEqual(breachesByQuarter);
    for (const [quarter, n] of breachesByQuarter) {
      expect(sum((r) => r.quarter === quarter && r.personalData === 'yes' && r.occurrence === 'incident'), quarter).toBe(n);
    }
    // Discovery order, every entry once.
    expect(new Set(register.map((e) => e.reference)).size).toBe(register.length);
    const dates = register.map((e) => e.discoveredAt!);
    expect(dates).toEqual([...dates].sort());
  });

  it('filters the register and the return by date', async () => {
    const from = '2019-01-01T00:00:00.000Z';
    const to = '2019-04-01T00:00:00.000Z';
    const register = await collect(registerPages(regulatorDb(store), { from, to }));
    expect(register).toHaveLength(breachesByQuarter.get('2019 Q1') ?? 0);
    const rows = await quarterlyReturn(regulatorDb(store), { from, to });
    expect(new Set(rows.map((r) => r.quarter))).toEqual(new Set(['2019 Q1']));
  });

  it('exports CSV with formulas escaped', async () => {
    const csv = await text(csvStream<RegisterEntry>(REGISTER_COLUMNS, registerPages(regulatorDb(store))));
    const lines = csv.trimEnd().split('\n');
    expect(lines[0]).toBe(REGISTER_COLUMNS.map((c) => c.header).join(','));
    expect(csv).toContain(`"'=HYPERLINK(""http://example.invalid"",""click"")"`);
    expect(csv).not.toMatch(/(^|,)"?=HYPERLINK/m);
    const returnCsv = await text(csvStream<ReturnRow>(RETURN_COLUMNS, (async function* () { yield await quarterlyReturn(regulatorDb(store)); })()));
    expect(returnCsv.split('\n')[0]).toBe('Quarter,Kind,Incident or near-miss,Severity,Personal data,Reported to the regulator,Business area,Count');
  });
});

describe('CSV cells and quarters', () => {
  it('escapes each formula start and leaves other text alone', () => {
    expect(['=1+1', '+1', '-1', '@SUM(A1)', '\tx', 'plain', '1-2'].map(safeCell)).toEqual(["'=1+1", "'+1", "'-1", "'@SUM(A1)", "'\tx", 'plain', '1-2']);
  });

  it('counts quarters in UK time, and the last eight back from today', () => {
    expect(quarterOf('2019-12-31T23:30:00Z')).toBe('2019 Q4');
    expect(quarterOf('2020-03-31T23:30:00Z')).toBe('2020 Q2'); // 00:30 BST on 1 April
    expect(lastQuarters(new Date('2020-01-14T15:47:00Z'))).toEqual(['2018 Q2', '2018 Q3', '2018 Q4', '2019 Q1', '2019 Q2', '2019 Q3', '2019 Q4', '2020 Q1']);
  });
});

describe("the return's chart", () => {
  it('draws each quarter as stacked bars whose counts are the return\'s', () => {
    const rows: ReturnRow[] = [
      { quarter: '2019 Q4', kind: 'data-breach', occurrence: 'incident', severity: 'not assessed', personalData: 'yes', reportedToRegulator: 'yes', businessArea: 'A', count: 3 },
      { quarter: '2019 Q4', kind: 'data-breach', occurrence: 'incident', severity: 'not assessed', personalData: 'yes', reportedToRegulator: 'no', businessArea: 'B', count: 2 },
      { quarter: '2019 Q4', kind: 'lost-device', occurrence: 'near-miss', severity: 'not assessed', personalData: 'no', reportedToRegulator: 'no', businessArea: 'A', count: 4 },
      { quarter: '2020 Q1', kind: 'other', occurrence: 'incident', severity: 'not assessed', personalData: 'no', reportedToRegulator: 'no', businessArea: 'A', count: 7 },
      { quarter: '2017 Q1', kind: 'other', occurrence: 'incident', severity: 'not assessed', personalData: 'no', reportedToRegulator: 'no', businessArea: 'A', count: 99 },
    ];
    const quarters = lastQuarters(new Date('2020-02-01T00:00:00Z'));
    const svg = returnChartSvg(rows, quarters);
    const segments = [...svg.matchAll(/data-quarter="([^"]+)" data-series="([^"]+)" data-count="(\d+)"/g)].map(([, q, s, n]) => ({ q, s, n: Number(n) }));
    expect(new Set(segments.map((s) => s.q))).toEqual(new Set(quarters));
    const total = (q: string) => segments.filter((s) => s.q === q).reduce((n, s) => n + s.n, 0);
    expect(total('2019 Q4')).toBe(9);
    expect(total('2020 Q1')).toBe(7);
    expect(segments.find((s) => s.q === '2019 Q4' && s.s === 'reported')?.n).toBe(3);
    expect(segments.find((s) => s.q === '2019 Q4' && s.s === 'near-miss')?.n).toBe(4);
    expect(svg).not.toContain('2017 Q1');
    expect(svg).toContain('role="img"');
  });
});
