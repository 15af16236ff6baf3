// The running service leaves `status.pid` in its data directory: which process holds the port,
// and which app process (if any) supervises it. A later `npm start` reads it to tell an orphan
// (its supervisor died) from a service someone runs on purpose, instead of failing on the port.
import fs from 'node:fs';
import path from 'node:path';

export interface PidFile {
  pid: number;
  port: number;
  /** The app process that started this service (SIRB_STATUS_SUPERVISOR); null when run alone. */
  supervisor: number | null;
  started_at: string;
}

export const PID_FILE = 'status.pid';

export function writePidFile(dataDir: string, port: number, env: NodeJS.ProcessEnv = process.env): string {
  const file = path.join(dataDir, PID_FILE);
  const supervisor = Number(env.SIRB_STATUS_SUPERVISOR);
  const content: PidFile = { pid: process.pid, port, supervisor: Number.isInteger(supervisor) && supervisor > 0 ? supervisor : null, started_at: new Date().toISOString() };
  fs.writeFileSync(`${file}.tmp`, JSON.stringify(content) + '\n', { mode: 0o600 });
  fs.renameSync(`${file}.tmp`, file);
  return file;
}

/** Removes the pid file if it is still this process's (a replacement may already have written its own). */
export function removePidFile(file: string): void {
  try {
    const current = JSON.parse(fs.readFileSync(file, 'utf8')) as PidFile;
    if (current.pid === process.pid) fs.rmSync(file, { force: true });
  } catch {
    // gone already
  }
}
