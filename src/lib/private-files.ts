// The app's data (database, media, the status store's secrets) is readable by the app's user
// only: directories 0700, files 0600, whatever the umask. Existing ones are tightened too, so an
// install made before this holds is fixed at its next start.
import fs from 'node:fs';

export const PRIVATE_DIR = 0o700;
export const PRIVATE_FILE = 0o600;

/** Creates `dir` (and its missing parents) 0700, or makes an existing one 0700. */
export function privateDir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR });
  tighten(dir, PRIVATE_DIR);
}

/** chmod, but a directory or file owned by someone else (a mounted volume) only warns. */
function tighten(target: string, mode: number): void {
  try {
    fs.chmodSync(target, mode);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') throw error;
    process.emitWarning(`could not make ${target} ${mode.toString(8)}: it belongs to another user`);
  }
}

/** Creates `file` empty and 0600 if it is missing, or makes an existing one 0600. */
export function privateFile(file: string): void {
  fs.closeSync(fs.openSync(file, 'a', PRIVATE_FILE));
  tighten(file, PRIVATE_FILE);
}
