// `npm run demo` and `npm run dispose -- --dry-run` as a person runs them (child processes on a temporary
// embedded store): the case file's breach end to end, loaded once however often it is run, closed, exempt
// from disposal, and its two forms written; the demo's data equals the tests' fixture of the case file.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CASEFILE_FOLLOW_UP_BREACH, CASEFILE_REPORT } from '../../src/server/cli/casefile-case.ts';
import { regulatorDb, regulatorStoreOf } from '../../src/server/regulator/regulator-store.ts';
import { REPO_ROOT, createTempDir, openStoreAt, type TempDir } from '../support/server.ts';
import { casefileBreach, casefileFollowUp } from '../unit/fixtures/casefile.ts';

const run = promisify(execFile);
const npm = (args: string[], dataDir: string) =>
  run('npm', ['run', '--silent', ...args], { cwd: REPO_ROOT, env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '' }, timeout: 60_000 });

describe('the case file as a demonstration', () => {
  let temp: TempDir;
  beforeAll(async () => {
    temp = await createTempDir('rasi-demo-');
  });
  afterAll(async () => {
    await temp?.remove();
  });

  it("is the tests' case file: the initial report and the follow-up's answers", () => {
    expect(CASEFILE_REPORT).toEqual(casefileBreach);
    expect({ ...casefileBreach.breach, ...CASEFILE_FOLLOW_UP_BREACH }).toEqual(casefileFollowUp.breach);
  });

  it('npm run demo loads it end to end, once, and writes both forms', async () => {
    const first = await npm(['demo'], temp.dir);
    expect(first.stdout).toContain(`Loaded the case file's breach, reference ${CASEFILE_REPORT.reference}`);
    const second = await npm(['demo'], temp.dir);
    expect(second.stdout).toContain('Already there:');
    for (const name of ['initial', 'follow-up']) expect(fs.statSync(path.join(temp.dir, `IC-31191-G5C6-${name}.docx`)).size).toBeGreaterThan(5000);

    const store = await openStoreAt({ dataDir: temp.dir });
    try {
      expect(await store.countReports()).toBe(1);
      expect((await store.findReport(CASEFILE_REPORT.id))?.status).toBe('closed');
      const record = await regulatorStoreOf(store).record(CASEFILE_REPORT.id);
      expect(record.decision?.outcome).toBe('meets-threshold');
      expect(record.submissions.map((s) => [s.reportType, s.sentAt])).toEqual([
        ['initial', '2019-12-20T18:16:00.000Z'],
        ['follow-up', '2019-12-31T20:02:00.000Z'],
      ]);
      expect(record.icoReference).toBe('IC-31191-G5C6');
      expect(record.responses.map((r) => [r.kind, r.receivedAt])).toEqual([
        ['acknowledgement', '2019-12-23T11:23:00.000Z'],
        ['decision', '2020-01-14T15:47:00.000Z'],
      ]);
      const retention = await regulatorDb(store).selectFrom('case_retention').selectAll().executeTakeFirstOrThrow();
      expect(retention.exempt).toBe(1);
    } finally {
      await store.close();
    }

    // Closed in January 2020, more than two years ago, yet exempt: the disposal job leaves it.
    const dryRun = await npm(['dispose', '--', '--dry-run'], temp.dir);
    expect(dryRun.stdout).toContain('Would dispose of 0 closed case(s) past 2 year(s) after closure.');
  });
});
