// Takes problem reports: validates, rate limits, counts each reporter once per problem per window,
// stores, and feeds the outage detector, whose openings and resolutions become the "reports" incident.
//
// A handful of people must not be able to declare an outage: reports count distinct reporters
// (reporter.ts: a signed-in Sirb account, or an anonymous client's stored random id with its
// address), signed-in accounts weigh more than anonymous clients, one network (or one account) adds
// at most the detector's `placeCap` to a region's evidence, and while every probe is green a region
// the detector opens is published only once `greenReporters` (weighted) are reporting in its window.
// Failing probes corroborate the reports, and the detector's own statistical bar applies.
import { OutageDetector, type DetectorOptions, type OpenRegion } from '../detector/detector.js';
import { isProblem, problemIndex, PROBLEMS, type Problem } from '../detector/problems.js';
import { StatusError } from '../http/errors.js';
import type { IncidentService } from '../incidents/service.js';
import type { StatusDb } from '../store/database.js';
import { RateLimiter } from './rate-limit.js';
import { normaliseRegion, regionFromRequest } from './region.js';
import { bearerOf, CLIENT_ID, clientFromCookie, reporterAddress, reporterPlace } from './reporter.js';
import { insertReport, reportsSince } from './store.js';

export interface ReportInput {
  problem?: unknown;
  region?: unknown;
  /** An anonymous client's stored random id (16–64 of A–Z a–z 0–9 _ -); the cookie stands in. */
  client?: unknown;
}

/** How much a report from a signed-in account (verified by the app) counts, an anonymous one being 1. */
export const SIGNED_IN_WEIGHT = 2;
/** A reporter counts once per problem per this long, however often they report. */
const DISTINCT_MS = 15 * 60_000;

export interface ReportOptions {
  limit: number;
  windowMs: number;
  detector?: Partial<DetectorOptions>;
  /** How much history to replay into the detector at start-up. */
  relearnMs: number;
  /** Weighted reporters a region's window needs while every probe passes. */
  greenReporters: number;
  /** True while every probe passes (no corroboration from the probes). */
  probesGreen?: () => boolean;
  /** The account id of a Sirb token, asked of the app; undefined when not a valid token. */
  verifyAccount?: (token: string) => Promise<string | undefined>;
  onError?: (error: unknown) => void;
}

export class ReportService {
  readonly detector: OutageDetector;
  private readonly limiter: RateLimiter;
  /** Reporters already counted in the current DISTINCT_MS window. */
  private readonly counted = new RateLimiter(1, DISTINCT_MS);
  /** Regions let through while open in the detector: they stay until the detector resolves them. */
  private readonly published = new Set<string>();
  private lastSynced = '';
  // Detector state changes are applied to incidents one at a time, in order.
  private chain: Promise<void> = Promise.resolve();
  private syncFailed = false;

  constructor(
    private readonly db: StatusDb,
    private readonly incidents: IncidentService,
    private readonly clock: () => number,
    private readonly options: ReportOptions,
  ) {
    this.detector = new OutageDetector(options.detector);
    this.limiter = new RateLimiter(options.limit, options.windowMs);
  }

  /** Rebuilds the detector's baseline from stored reports, then reconciles the incident. */
  async start(): Promise<void> {
    for await (const page of reportsSince(this.db, this.clock() - this.options.relearnMs)) {
      for (const r of page) {
        const p = problemIndex(r.problem);
        // Weight 0: a report its place had no room for (see report()).
        if (p >= 0) for (let i = 0; i < r.weight; i++) this.detector.observe(r.at, r.region, p);
      }
    }
    this.detector.advance(this.clock());
    await this.sync();
  }

  async report(input: ReportInput, client: { ip: string; headers: Record<string, string | string[] | undefined> }): Promise<{ region: string; problem: Problem }> {
    if (typeof input !== 'object' || input === null) throw new StatusError(400, 'Expected a JSON object with "problem" and optional "region"');
    if (!isProblem(input.problem)) throw new StatusError(422, `problem must be one of: ${PROBLEMS.join(', ')}`);
    let region: string;
    if (input.region === undefined || input.region === null || input.region === '') {
      region = regionFromRequest(client.headers);
    } else {
      const code = typeof input.region === 'string' ? normaliseRegion(input.region) : undefined;
      if (!code) throw new StatusError(422, 'region must be an ISO 3166-1 alpha-2 code such as "SA" or "GB"');
      region = code;
    }
    if (input.client !== undefined && (typeof input.client !== 'string' || !CLIENT_ID.test(input.client))) {
      throw new StatusError(422, 'client must be a random id of 16 to 64 letters, digits, "-" or "_"');
    }
    const clientId = (input.client as string | undefined) ?? clientFromCookie(client.headers);
    const address = reporterAddress(client.ip);
    const retryAfter = this.limiter.take(address, this.clock());
    if (retryAfter > 0) throw new StatusError(429, 'Too many reports from your connection; thank you, we have them', { retryAfter });
    // Only after the limiter: an address gets at most `limit` lookups at the app per window.
    const token = bearerOf(client.headers);
    const account = token && this.options.verifyAccount ? await this.options.verifyAccount(token) : undefined;
    const now = this.clock();
    // A reporter who already reported this problem in this window is thanked, but not counted again.
    const reporter = account ? `account:${account}` : `client:${address}:${clientId ?? ''}`;
    if (this.counted.take(`${reporter}:${input.problem}`, now) === 0) {
      // A verified account is one person wherever they are; anyone else is weighed by their network.
      const place = account ? `account:${account}` : reporterPlace(client.ip);
      const weight = Math.min(account ? SIGNED_IN_WEIGHT : 1, this.detector.placeRoom(now, region, place));
      await insertReport(this.db, { at: now, region, problem: input.problem, weight });
      let changed = false;
      for (let i = 0; i < weight; i++) changed = this.detector.observe(now, region, problemIndex(input.problem), place).length > 0 || changed;
      if (changed || this.signature() !== this.lastSynced) await this.sync();
    }
    return { region, problem: input.problem };
  }

  /** Lets time pass in the detector so quiet regions resolve; called on a timer and after each probe cycle. */
  async tick(): Promise<void> {
    const events = this.detector.advance(this.clock()).length > 0;
    if (events || this.syncFailed || this.signature() !== this.lastSynced) await this.sync();
  }

  /** The open regions that may be published: corroborated by failing probes, or by enough reporters. */
  visibleRegions(): OpenRegion[] {
    const open = this.detector.openRegions();
    for (const region of this.published) if (!open.some((r) => r.region === region)) this.published.delete(region);
    const green = this.options.probesGreen?.() ?? false;
    for (const r of open) {
      if (!green || this.detector.windowCount(r.region) >= this.options.greenReporters) this.published.add(r.region);
    }
    return open.filter((r) => this.published.has(r.region));
  }

  private signature(): string {
    return this.visibleRegions()
      .map((r) => `${r.region}:${r.problems.join(',')}`)
      .join(' ');
  }

  private sync(): Promise<void> {
    // A failed sync is logged and retried on the next tick; it must not break the chain.
    this.chain = this.chain
      .then(() => {
        const visible = this.visibleRegions();
        this.lastSynced = this.signature();
        return this.incidents.syncReports(visible);
      })
      .then(() => {
        this.syncFailed = false;
      })
      .catch((error) => {
        this.syncFailed = true;
        this.options.onError?.(error);
      });
    return this.chain;
  }
}
