// `npm run admin -- suspend|unsuspend --file list.txt [--actor USERNAME] [--reason TEXT]`: the
// operator's way to act on a whole list at once (one username or id per line; blank lines and
// lines starting with # are skipped). Runs the suspension engine on the server's own store, with
// its events (through Redis when REDIS_URL is set, so running servers hear them at once; in the
// embedded mode a running server's caches catch up within their one-minute bound).
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { createContext } from '../context.js';
import { findAccountByUsername } from '../accounts/store.js';
import { findOwner } from '../accounts/owner.js';
import { resolveTargets } from './bulk-targets.js';

export const SUSPEND_USAGE = 'usage: npm run admin -- suspend|unsuspend --file LIST [--actor USERNAME] [--reason TEXT]';

/** Lines of a list file: ids (10 digits or more: ids are long) and usernames, apart. */
export function parseList(text: string): { account_ids: string[]; usernames: string[] } {
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
  return { account_ids: lines.filter((l) => /^[0-9]{10,}$/.test(l)), usernames: lines.filter((l) => !/^[0-9]{10,}$/.test(l)) };
}

export async function suspendCommand(action: 'suspend' | 'unsuspend', args: string[]): Promise<number> {
  let values: { file?: string; actor?: string; reason?: string };
  try {
    ({ values } = parseArgs({ args, options: { file: { type: 'string' }, actor: { type: 'string' }, reason: { type: 'string' } }, strict: true }));
  } catch (error) {
    console.error(`${(error as Error).message}\n${SUSPEND_USAGE}`);
    return 2;
  }
  if (!values.file) {
    console.error(`--file is required\n${SUSPEND_USAGE}`);
    return 2;
  }
  let text: string;
  try {
    text = fs.readFileSync(values.file, 'utf8');
  } catch (error) {
    console.error(`${action}: cannot read ${values.file}: ${(error as Error).message}`);
    return 1;
  }
  const list = parseList(text);
  if (list.account_ids.length + list.usernames.length === 0) {
    console.error(`${action}: ${values.file} lists no accounts`);
    return 1;
  }
  const ctx = await createContext(loadConfig(process.env));
  try {
    const db = ctx.db.kysely;
    // The audit log names who acted: the given staff account, else the owner.
    const actor = values.actor ? await findAccountByUsername(db, values.actor) : await findOwner(db);
    if (!actor) {
      console.error(values.actor ? `${action}: no account @${values.actor}` : `${action}: this server has no owner yet; give --actor USERNAME`);
      return 1;
    }
    const targets = await resolveTargets(db, list);
    const ids = targets.ids.filter((id) => id !== Number(actor.id));
    const started = Date.now();
    const result = await ctx.suspension[action === 'suspend' ? 'suspendAccounts' : 'unsuspendAccounts'](ids, {
      actorId: Number(actor.id),
      reason: values.reason ?? null,
      onProgress: (p) => console.log(`${action}: ${p.done + p.failed}/${p.total} (${p.failed} failed)`),
    });
    const failed = result.failed + targets.unknown + (targets.ids.length - ids.length);
    console.log(`${action}: done in ${((Date.now() - started) / 1000).toFixed(1)} s: ${result.changed.length} changed, ${result.done - result.changed.length} already so, ${failed} not found or skipped`);
    return 0;
  } finally {
    await ctx.close();
  }
}
