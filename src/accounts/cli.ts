// `npm run admin -- <command>`: what the person running the server does by hand, on the same
// store the server uses (DATA_DIR or DATABASE_URL, as for `npm start`; migrations run first).
//   create-owner --username NAME --email ADDRESS [--password PASSWORD]
//     makes the server's one owner; without --password, prints a generated one.
//   suspend|unsuspend --file LIST [--actor USERNAME] [--reason TEXT]
//     acts on every account listed (moderation/suspend-command.ts), printing progress.
//   announce create|edit|delete|list ...
//     staff announcements (announcements/command.ts).
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { migrateToLatest, openDatabase } from '../db/database.js';
import { createOwner, OwnerError } from './owner.js';
import { SUSPEND_USAGE, suspendCommand } from '../moderation/suspend-command.js';
import { ANNOUNCE_USAGE, announceCommand } from '../announcements/command.js';

const USAGE = `usage: npm run admin -- create-owner --username NAME --email ADDRESS [--password PASSWORD]\n   or: ${SUSPEND_USAGE.replace('usage: ', '')}\n   or: ${ANNOUNCE_USAGE.replace('usage: ', '')}`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === 'suspend' || command === 'unsuspend') return suspendCommand(command, rest);
  if (command === 'announce') return announceCommand(rest);
  if (command !== 'create-owner') {
    console.error(USAGE);
    return 2;
  }
  let values: { username?: string; email?: string; password?: string };
  try {
    ({ values } = parseArgs({ args: rest, options: { username: { type: 'string' }, email: { type: 'string' }, password: { type: 'string' } }, strict: true }));
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (!values.username || !values.email) {
    console.error(`--username and --email are required\n${USAGE}`);
    return 2;
  }
  const db = openDatabase(loadConfig(process.env));
  try {
    await migrateToLatest(db);
    const { account, password } = await createOwner(db.kysely, { username: values.username, email: values.email, password: values.password });
    console.log(`Owner @${account.username} (${account.email}) created.`);
    if (!values.password) console.log(`password: ${password}\n(shown once: sign in and keep it somewhere safe)`);
    return 0;
  } catch (error) {
    if (!(error instanceof OwnerError)) throw error;
    console.error(`create-owner: ${error.message}`);
    return 1;
  } finally {
    await db.close();
  }
}

process.exitCode = await main(process.argv.slice(2));
