// Takes problem reports: validates, rate limits, stores, and feeds the outage detector, whose
// openings and resolutions become the "reports" incident.
import { OutageDetector, type DetectorOptions } from '../detector/detector.js';
import { isProblem, problemIndex, PROBLEMS, type Problem } from '../detector/problems.js';
import { StatusError } from '../http/errors.js';
import type { IncidentService } from '../incidents/service.js';
import type { StatusDb } from '../store/database.js';
import { RateLimiter } from './rate-limit.js';
import { normaliseRegion, regionFromRequest } from './region.js';
import { insertReport, reportsSince } from './store.js';

export interface ReportInput {
  problem?: unknown;
  region?: unknown;
}

export interface ReportOptions {
  limit: number;
  windowMs: number;
  detector?: Partial<DetectorOptions>;
  /** How much history to replay into the detector at start-up. */
  relearnMs: number;
  onError?: (error: unknown) => void;
}

export class ReportService {
  readonly detector: OutageDetector;
  private readonly limiter: RateLimiter;
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
        if (p >= 0) this.detector.observe(r.at, r.region, p);
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
    const now = this.clock();
    const retryAfter = this.limiter.take(client.ip, now);
    if (retryAfter > 0) throw new StatusError(429, 'Too many reports from your connection; thank you, we have them', { retryAfter });
    await insertReport(this.db, { at: now, region, problem: input.problem });
    const events = this.detector.observe(now, region, problemIndex(input.problem));
    if (events.length > 0) await this.sync();
    return { region, problem: input.problem };
  }

  /** Lets time pass in the detector so quiet regions resolve; called on a timer. */
  async tick(): Promise<void> {
    if (this.detector.advance(this.clock()).length > 0 || this.syncFailed) await this.sync();
  }

  private sync(): Promise<void> {
    // A failed sync is logged and retried on the next tick; it must not break the chain.
    this.chain = this.chain
      .then(() => this.incidents.syncReports(this.detector.openRegions()))
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
