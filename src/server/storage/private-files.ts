// The store holds personal data, so only the endpoint's own user may read it: its folder 0700, its files 0600.
// SQLite creates the -wal and -shm files with the database file's permissions, so the database file is made
// 0600 before SQLite opens it. Folders and files left by earlier versions (0755, 0644) are tightened.
import fs from 'node:fs';

const FOLDER_MODE = 0o700;
const FILE_MODE = 0o600;

export function ensurePrivateFolder(folder: string): void {
  fs.mkdirSync(folder, { recursive: true, mode: FOLDER_MODE });
  tighten(folder, FOLDER_MODE);
}

/** Creates `file` empty if missing; makes it and its SQLite companions (-wal, -shm, -journal) private. */
export function ensurePrivateDatabaseFile(file: string): void {
  fs.closeSync(fs.openSync(file, 'a', FILE_MODE));
  for (const path of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`]) {
    if (fs.existsSync(path)) tighten(path, FILE_MODE);
  }
}

function tighten(path: string, mode: number): void {
  if ((fs.statSync(path).mode & 0o777) === mode) return;
  try {
    fs.chmodSync(path, mode);
  } catch (error) {
    throw new Error(`${path} holds reports and must not be readable by other users, but its permissions cannot be changed to ${mode.toString(8)} (${(error as Error).message})`);
  }
}
