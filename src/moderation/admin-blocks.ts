// The three sign-up blocks through the admin API, and what they do: a blocked email or email
// domain cannot sign up (422 on the email, as Mastodon); an IP block refuses sign-up from its
// range (sign_up_block), queues it for approval (sign_up_requires_approval), or refuses every
// request from it (no_access). The IP blocks in force are kept in memory in every process and
// reloaded when any process changes them (`ip_blocks.changed`) or one expires.
import type { Kysely } from 'kysely';
import ipaddr from 'ipaddr.js';
import type { Database } from '../db/schema.js';
import type { Write } from '../db/unit-of-work.js';
import type { EventBus } from '../events.js';
import { ApiError, forbidden, notFound } from '../http/errors.js';
import { RegistrationError } from '../accounts/registration.js';
import type { Page } from '../http/pagination.js';
import { newId } from '../lib/ids.js';
import { recordAction } from './audit-log.js';
import { unavailabilityOf } from '../db/availability.js';
import {
  canonicalBlocksMatching, canonicalEmailHash, emailDomainBlocked, IP_BLOCK_SEVERITIES, listPage, liveIpBlocks, normaliseCidr, normaliseDomain,
  type IpBlockRow, type IpBlockSeverity,
} from './admin-blocks-store.js';

type Db = Kysely<Database>;

const iso = (ms: number) => new Date(ms).toISOString();
const DAY = 86_400_000;

export interface IpBlockInput {
  ip?: string;
  severity?: string;
  comment?: string;
  expires_in?: number;
}

interface ParsedRange {
  row: IpBlockRow;
  range: [ipaddr.IPv4 | ipaddr.IPv6, number];
}

export function presentIpBlock(row: IpBlockRow) {
  return { id: String(row.id), ip: row.ip, severity: row.severity, comment: row.comment, created_at: iso(Number(row.created_at)), expires_at: row.expires_at === null ? null : iso(Number(row.expires_at)) };
}

export class AdminBlockService {
  private ranges: ParsedRange[] = [];
  private loadedAt = -Infinity;
  private nextExpiry = Infinity;
  private loading?: Promise<void>;
  private everLoaded = false;

  constructor(
    private readonly db: Db,
    private readonly write: Write,
    events: EventBus,
    private readonly clock: () => number = Date.now,
  ) {
    events.subscribe((event) => {
      if (event.type === 'ip_blocks.changed') this.loadedAt = -Infinity;
    });
  }

  // --- enforcement ---

  private async current(): Promise<ParsedRange[]> {
    const now = this.clock();
    // Reloaded when changed anywhere, when a block expires, and at least every minute.
    if (now - this.loadedAt > 60_000 || now >= this.nextExpiry) {
      this.loading ??= liveIpBlocks(this.db, now)
        .then((rows) => {
          this.ranges = rows.flatMap((row) => {
            try {
              return [{ row, range: ipaddr.parseCIDR(row.ip) }];
            } catch {
              return [];
            }
          });
          this.loadedAt = now;
          this.everLoaded = true;
          this.nextExpiry = Math.min(Infinity, ...rows.flatMap((r) => (r.expires_at === null ? [] : [Number(r.expires_at)])));
        })
        .finally(() => (this.loading = undefined));
      try {
        await this.loading;
      } catch (error) {
        // The database is away: the blocks loaded last keep being enforced (asked again next
        // time). A process that never loaded them does not guess.
        if (!unavailabilityOf(error) || !this.everLoaded) throw error;
      }
    }
    return this.ranges;
  }

  /** The strongest block covering the address, if any. */
  async severityFor(ip: string): Promise<IpBlockSeverity | undefined> {
    const ranges = await this.current();
    if (ranges.length === 0) return undefined;
    let address: ipaddr.IPv4 | ipaddr.IPv6;
    try {
      address = ipaddr.process(ip);
    } catch {
      return undefined;
    }
    let found: IpBlockSeverity | undefined;
    for (const { row, range } of ranges) {
      if (address.kind() !== range[0].kind() || !address.match(range)) continue;
      const severity = row.severity as IpBlockSeverity;
      if (IP_BLOCK_SEVERITIES.indexOf(severity) > (found ? IP_BLOCK_SEVERITIES.indexOf(found) : -1)) found = severity;
    }
    return found;
  }

  /** Every request from a no_access range is refused (app.ts onRequest). */
  async refuseBlockedAddress(ip: string): Promise<void> {
    if ((await this.severityFor(ip)) === 'no_access') throw forbidden();
  }

  /**
   * Sign-up from this address with this email: refused (422 on the email; 403 from a blocked
   * range, Mastodon's NotPermittedError), or allowed, needing approval or not.
   */
  async screenSignUp(email: string, ip: string): Promise<{ approvalRequired: boolean }> {
    const severity = await this.severityFor(ip);
    if (severity === 'sign_up_block' || severity === 'no_access') throw forbidden();
    if (email.includes('@')) {
      if (await emailDomainBlocked(this.db, email)) {
        throw new RegistrationError({ email: [{ error: 'ERR_BLOCKED', description: 'uses a disallowed e-mail provider' }] });
      }
      // As Mastodon: a blocked address reads as taken (a suspended person's, signing up again).
      if ((await canonicalBlocksMatching(this.db, email)).length) {
        throw new RegistrationError({ email: [{ error: 'ERR_TAKEN', description: 'has already been taken' }] });
      }
    }
    return { approvalRequired: severity === 'sign_up_requires_approval' };
  }

  // --- canonical email blocks ---

  async canonicalList(page: Page) {
    return (await listPage(this.db, 'canonical_email_blocks', page)).map((r) => ({ id: String(r.id), canonical_email_hash: r.canonical_email_hash }));
  }

  async canonicalGet(id: number) {
    const row = await this.db.selectFrom('canonical_email_blocks').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw notFound();
    return { id: String(row.id), canonical_email_hash: row.canonical_email_hash };
  }

  async canonicalTest(email: string) {
    return (await canonicalBlocksMatching(this.db, email)).map((r) => ({ id: String(r.id), canonical_email_hash: r.canonical_email_hash }));
  }

  async canonicalCreate(actorId: number, input: { email?: string; canonical_email_hash?: string }) {
    const hash = input.email ? canonicalEmailHash(input.email) : input.canonical_email_hash?.trim().toLowerCase();
    if (!hash) throw new ApiError(422, "Validation failed: Canonical email hash can't be blank");
    if (!/^[0-9a-f]{64}$/.test(hash)) throw new ApiError(422, 'Validation failed: Canonical email hash is invalid');
    const now = this.clock();
    const id = newId(now);
    await this.unique(() =>
      this.write(async (tx) => {
        await tx.insertInto('canonical_email_blocks').values({ id, canonical_email_hash: hash, reference_account_id: null, created_at: now }).execute();
        await recordAction(tx, { actorId, action: 'create', targetType: 'CanonicalEmailBlock', targetId: id }, now);
      }), 'Canonical email hash');
    return { id: String(id), canonical_email_hash: hash };
  }

  async canonicalDelete(actorId: number, id: number): Promise<void> {
    await this.remove(actorId, 'canonical_email_blocks', 'CanonicalEmailBlock', id);
  }

  // --- email domain blocks ---

  private presentDomain(row: { id: number; domain: string; created_at: number }) {
    // History of blocked attempts per day, as Mastodon's (not counted yet: zeros for 7 days).
    const today = Math.floor(this.clock() / DAY) * DAY;
    const history = Array.from({ length: 7 }, (_, i) => ({ day: String((today - i * DAY) / 1000), accounts: '0', uses: '0' }));
    return { id: String(row.id), domain: row.domain, created_at: iso(Number(row.created_at)), history };
  }

  async domainList(page: Page) {
    return (await listPage(this.db, 'email_domain_blocks', page)).map((r) => this.presentDomain(r));
  }

  async domainGet(id: number) {
    const row = await this.db.selectFrom('email_domain_blocks').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw notFound();
    return this.presentDomain(row);
  }

  async domainCreate(actorId: number, input: { domain?: string }) {
    if (!input.domain?.trim()) throw new ApiError(422, "Validation failed: Domain can't be blank");
    const domain = normaliseDomain(input.domain);
    if (!domain) throw new ApiError(422, 'Validation failed: Domain is not a valid domain name');
    const now = this.clock();
    const row = { id: newId(now), domain, created_at: now };
    await this.unique(() =>
      this.write(async (tx) => {
        await tx.insertInto('email_domain_blocks').values(row).execute();
        await recordAction(tx, { actorId, action: 'create', targetType: 'EmailDomainBlock', targetId: row.id, reason: domain }, now);
      }), 'Domain');
    return this.presentDomain(row);
  }

  async domainDelete(actorId: number, id: number): Promise<void> {
    await this.remove(actorId, 'email_domain_blocks', 'EmailDomainBlock', id);
  }

  // --- IP blocks ---

  async ipList(page: Page) {
    return (await listPage(this.db, 'ip_blocks', page)).map(presentIpBlock);
  }

  async ipGet(id: number) {
    return presentIpBlock(await this.ipRow(id));
  }

  private async ipRow(id: number): Promise<IpBlockRow> {
    const row = await this.db.selectFrom('ip_blocks').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw notFound();
    return row;
  }

  private checkIpInput(input: IpBlockInput, creating: boolean): { ip?: string; severity?: IpBlockSeverity } {
    const problems: string[] = [];
    let ip: string | undefined;
    if (creating || input.ip !== undefined) {
      ip = normaliseCidr(input.ip ?? '0.0.0.0/32');
      if (!ip) problems.push('Ip is invalid');
    }
    if (creating && !input.severity) problems.push("Severity can't be blank");
    else if (input.severity !== undefined && !(IP_BLOCK_SEVERITIES as readonly string[]).includes(input.severity)) problems.push('Severity is not included in the list');
    if (problems.length) throw new ApiError(422, `Validation failed: ${problems.join(', ')}`);
    return { ip, severity: input.severity as IpBlockSeverity | undefined };
  }

  async ipCreate(actorId: number, input: IpBlockInput) {
    const { ip, severity } = this.checkIpInput(input, true);
    const now = this.clock();
    const row: IpBlockRow = { id: newId(now), ip: ip!, severity: severity!, comment: input.comment ?? '', expires_at: input.expires_in ? now + input.expires_in * 1000 : null, created_at: now, updated_at: now };
    await this.unique(() =>
      this.write(async (tx) => {
        await tx.insertInto('ip_blocks').values(row).execute();
        await recordAction(tx, { actorId, action: 'create', targetType: 'IpBlock', targetId: row.id, reason: `${row.ip} ${row.severity}` }, now);
        tx.emit({ type: 'ip_blocks.changed' });
      }), 'Ip');
    return presentIpBlock(row);
  }

  async ipUpdate(actorId: number, id: number, input: IpBlockInput) {
    const existing = await this.ipRow(id);
    const { ip, severity } = this.checkIpInput(input, false);
    const now = this.clock();
    const changes = {
      ip: ip ?? existing.ip,
      severity: severity ?? existing.severity,
      comment: input.comment ?? existing.comment,
      expires_at: input.expires_in === undefined ? existing.expires_at : input.expires_in ? now + input.expires_in * 1000 : null,
      updated_at: now,
    };
    await this.unique(() =>
      this.write(async (tx) => {
        await tx.updateTable('ip_blocks').set(changes).where('id', '=', id).execute();
        await recordAction(tx, { actorId, action: 'update', targetType: 'IpBlock', targetId: id, reason: `${changes.ip} ${changes.severity}` }, now);
        tx.emit({ type: 'ip_blocks.changed' });
      }), 'Ip');
    return presentIpBlock({ ...existing, ...changes });
  }

  async ipDelete(actorId: number, id: number): Promise<void> {
    await this.remove(actorId, 'ip_blocks', 'IpBlock', id);
  }

  // --- shared ---

  private async remove(actorId: number, table: 'canonical_email_blocks' | 'email_domain_blocks' | 'ip_blocks', targetType: 'CanonicalEmailBlock' | 'EmailDomainBlock' | 'IpBlock', id: number) {
    const now = this.clock();
    await this.write(async (tx) => {
      const result = await tx.deleteFrom(table).where('id', '=', id).executeTakeFirst();
      if (Number(result.numDeletedRows) === 0) throw notFound();
      await recordAction(tx, { actorId, action: 'destroy', targetType, targetId: id }, now);
      if (table === 'ip_blocks') tx.emit({ type: 'ip_blocks.changed' });
    });
  }

  /** A unique index refused the row: Mastodon's "has already been taken". */
  private async unique(work: () => Promise<void>, field: string): Promise<void> {
    try {
      await work();
    } catch (error) {
      if (/unique|duplicate/i.test(String((error as { detail?: string })?.detail ?? '') + String(error))) {
        throw new ApiError(422, `Validation failed: ${field} has already been taken`);
      }
      throw error;
    }
  }
}
