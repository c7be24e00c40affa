// Migration 0008 adds what the console's loop selects on (the reporter's business area, and whether a breach
// report is a follow-up) as columns filled in at intake. Reports stored before it get them from their JSON, so
// that their cases still show the business area and their follow-ups still join the case they follow up.
import { Migrator } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { openAndAnnounce } from '../../src/server/notify/loop.ts';
import type { NotifyConfig } from '../../src/server/notify/notify-config.ts';
import { caseStoreOf } from '../../src/server/storage/case-store.ts';
import { migrationProvider } from '../../src/server/storage/migrations.ts';
import { reportRow } from '../../src/server/storage/report-store.ts';
import { buildBreachReport, buildReport } from '../support/fixtures.ts';
import { STORE_KINDS, createTestStore, openStoreAt, type TestStore } from '../support/server.ts';

const config: NotifyConfig = { smtpUrl: undefined, from: 'incidents@example.org', teamMailbox: 'team@example.org', dpoMailbox: 'dpo@example.org', publicUrl: 'https://incidents.example.org', intervalMs: 5000 };

describe.each(STORE_KINDS)('the intake facts migration on %s', (kind) => {
  let test: TestStore | undefined;
  afterEach(async () => {
    await test?.remove();
  });

  it('fills in the business area and the follow-up mark of reports stored before it', async () => {
    test = await createTestStore(kind);
    const before = await openStoreAt(test.location);
    // Back to the schema before 0008, as a store that has not been upgraded yet.
    const { error } = await new Migrator({ db: before.db, provider: migrationProvider(before.dialect) }).migrateTo('0007_case_messages');
    expect(error).toBeUndefined();
    const initial = buildBreachReport({ reporter: { ...buildBreachReport().reporter!, businessArea: 'HMP Example, Security Department' } });
    const followUp = buildBreachReport({ breach: { ...buildBreachReport().breach!, reportType: 'follow-up', initialReference: initial.reference } });
    const other = buildReport();
    for (const report of [initial, followUp, other]) {
      const { business_area: _area, report_type: _type, ...oldRow } = reportRow(report, new Date().toISOString());
      await before.db.insertInto('reports').values(oldRow).execute();
    }
    await before.close();

    const after = await openStoreAt(test.location);
    try {
      expect(await after.appliedMigrations()).toContain('0008_intake_facts');
      const cases = caseStoreOf(after);
      // The follow-up joins its initial report's case; the other two open their own.
      expect(await openAndAnnounce(cases, config)).toBe(2);
      expect(await cases.findCase(followUp.id)).toBeUndefined();
      const link = await after.db.withTables<{ case_follow_ups: { report_id: string; case_id: string } }>().selectFrom('case_follow_ups').selectAll().execute();
      expect(link).toEqual([expect.objectContaining({ report_id: followUp.id, case_id: initial.id })]);
      expect((await cases.findCase(initial.id))?.business_area).toBe('HMP Example, Security Department');
      expect((await cases.findCase(other.id))?.business_area).toBe('HMCTS');
    } finally {
      await after.close();
    }
  });
});
