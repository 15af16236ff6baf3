// `npm run backup [-- --out=DIR]` and `npm run restore -- <backup folder> [--force]`: the data
// directory and database of the configuration in the environment (DATA_DIR, DATABASE_URL), as
// the server reads it. docs/operations.md says when to use which, and the PostgreSQL way.
import { loadConfig } from '../config.js';
import { createBackup } from './backup.js';
import { restoreBackup, RestoreRefused } from './restore.js';

const [command, ...rest] = process.argv.slice(2);
const flags = rest.filter((a) => a.startsWith('--'));
const positional = rest.filter((a) => !a.startsWith('--'));
const flag = (name: string) => flags.find((f) => f.startsWith(`--${name}=`))?.split('=').slice(1).join('=');

async function main(): Promise<number> {
  const config = loadConfig();
  if (command === 'backup') {
    await createBackup(config, { outDir: flag('out') ?? process.env.BACKUP_DIR ?? './backups' });
    return 0;
  }
  if (command === 'restore') {
    if (positional.length !== 1) {
      console.error('usage: npm run restore -- <backup folder> [--force]');
      return 2;
    }
    await restoreBackup(positional[0], config, { force: flags.includes('--force') });
    return 0;
  }
  console.error('usage: tsx src/backup/cli.ts backup [--out=DIR] | restore <backup folder> [--force]');
  return 2;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error instanceof RestoreRefused ? `restore refused: ${error.message}` : `failed: ${error instanceof Error ? error.message : error}`);
    process.exit(1);
  },
);
