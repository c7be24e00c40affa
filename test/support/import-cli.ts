// `npm run import -- FILE` as an operator runs it: the built JavaScript (dist-server), on the store and the
// sealing keys the environment names, with nothing else from this process's environment.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT, type StoreLocation } from './server.ts';

export const BUILT_IMPORT = path.join(REPO_ROOT, 'dist-server', 'server', 'cli', 'import.js');

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export function runImportCli(file: string, location: StoreLocation, sealKeyDir: string): Promise<CliRun> {
  if (!existsSync(BUILT_IMPORT)) throw new Error('No built endpoint in dist-server/: run `npm run build` first (npm test does).');
  const env = {
    PATH: process.env.PATH ?? '',
    SEAL_KEY_DIR: sealKeyDir,
    ...('databaseUrl' in location ? { DATABASE_URL: location.databaseUrl } : { DATA_DIR: location.dataDir }),
  };
  return new Promise((resolve) => {
    execFile(process.execPath, [BUILT_IMPORT, file], { cwd: REPO_ROOT, env, timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}
