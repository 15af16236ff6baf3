// Secret keys kept in the data directory (0600 in a 0700 directory, like every secret there),
// made at first start. Several processes sharing the directory agree on one: each writes a
// whole key to a file of its own and links it into place; the first link wins, and no one
// ever reads a half-written key.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export function dataDirKey(dataDir: string, fileName: string): Buffer {
  const file = path.join(dataDir, fileName);
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  if (!fs.existsSync(file)) {
    const draft = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}`;
    fs.writeFileSync(draft, crypto.randomBytes(32).toString('base64url'), { flag: 'wx', mode: 0o600 });
    try {
      fs.linkSync(draft, file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      fs.rmSync(draft, { force: true });
    }
  }
  const key = fs.readFileSync(file, 'utf8').trim();
  if (key.length < 32) throw new Error(`${file} is too short to be a key: delete it to make a new one`);
  return Buffer.from(key);
}
