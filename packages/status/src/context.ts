// Wires the status service together once, at start-up: each part gets only what it uses.
import type { FastifyBaseLogger } from 'fastify';
import { type ComponentId, type ComponentStatus } from './components/catalog.js';
import * as components from './components/store.js';
import type { StatusConfig } from './config.js';
import { AdminAuth } from './http/admin-auth.js';
import { StatusMetrics } from './http/metrics.js';
import { newId } from './ids.js';
import type { Incident } from './incidents/model.js';
import { IncidentService } from './incidents/service.js';
import { listIncidents } from './incidents/store.js';
import { AppClient } from './probes/http.js';
import { ProbeAccount } from './probes/probe-account.js';
import { LocationService } from './locations/service.js';
import { pruneLocationProbes } from './locations/store.js';
import { ProbeRunner } from './probes/runner.js';
import { MaintenanceService } from './incidents/maintenance.js';
import { pruneReports } from './reports/store.js';
import { verifyAccount } from './reports/reporter.js';
import { ReportService } from './reports/service.js';
import type { PageInfo } from './statuspage/presenter.js';
import { getKv, openStatusDb, setKv, type StatusDb } from './store/database.js';
import { WebhookDeliverer } from './webhooks/deliverer.js';
import { componentPayload, incidentPayload } from './webhooks/payloads.js';
import { enqueue } from './webhooks/store.js';
import { EmailSender } from './subscribers/mailer.js';
import { unsubscribeUrlFor } from './subscribers/messages.js';
import { SubscriberService } from './subscribers/service.js';

export interface StatusContext {
  config: StatusConfig;
  db: StatusDb;
  clock: () => number;
  page: PageInfo;
  incidents: IncidentService;
  reports: ReportService;
  runner: ProbeRunner;
  deliverer: WebhookDeliverer;
  admin: AdminAuth;
  metrics: StatusMetrics;
  subscribers: SubscriberService;
  startBackground(): void;
  stopBackground(): Promise<void>;
  locations: LocationService;
}

const HOUSEKEEPING_MS = 15_000;
/** How many recent probes of a component its health is judged from (and restored after a restart). */
const HEALTH_WINDOW = 6;

export async function createStatusContext(config: StatusConfig, log: FastifyBaseLogger, publicUrl: () => string, clock: () => number = Date.now): Promise<StatusContext> {
  const db = await openStatusDb(config.dataDir);
  const now = clock();
  await components.ensureComponents(db, now);
  let pageMeta = await getKv<{ id: string; createdAt: number }>(db, 'page');
  if (!pageMeta) {
    pageMeta = { id: newId(), createdAt: now };
    await setKv(db, 'page', pageMeta);
  }
  const page: PageInfo = {
    id: pageMeta.id,
    name: config.pageName,
    createdAt: pageMeta.createdAt,
    updatedAt: now,
    get url() {
      return config.publicUrl ?? publicUrl();
    },
  };

  const metrics = new StatusMetrics();
  const deliverer = new WebhookDeliverer(db, {
    baseDelayMs: config.webhookRetryBaseMs,
    maxAttempts: config.webhookMaxAttempts,
    timeoutMs: 10_000,
    allowPrivate: config.webhookAllowPrivate,
    // Poll often relative to the backoff so retries happen close to when they are due.
    pollMs: Math.min(1000, config.webhookRetryBaseMs / 4),
    clock,
  });
  const openIncidents = (): Promise<Incident[]> => listIncidents(db, { unresolved: true });
  // Email subscriptions only where an SMTP server is configured.
  const emailSender = config.smtpUrl
    ? new EmailSender(db, { smtpUrl: config.smtpUrl, from: config.mailFrom, unsubscribeUrl: (token) => unsubscribeUrlFor(page, token), baseDelayMs: config.webhookRetryBaseMs, maxAttempts: config.webhookMaxAttempts, pollMs: Math.min(1000, config.webhookRetryBaseMs / 4), clock })
    : null;
  const subscribers = new SubscriberService(db, page, clock, emailSender);

  const incidents = new IncidentService(db, clock, async (event, incident) => {
    page.updatedAt = clock();
    const rows = await components.listComponents(db);
    if ((await enqueue(db, event, incidentPayload(event, incident, page, rows, await openIncidents(), clock()), clock(), incident.components)) > 0) deliverer.kick();
    await subscribers.incidentChanged(incident);
  }, { monitoringMs: config.monitoringMs });

  const maintenance = new MaintenanceService(db, clock, incidents);

  const reports = new ReportService(db, incidents, clock, {
    limit: config.reportLimit,
    windowMs: config.reportWindowMs,
    relearnMs: 28 * 86_400_000,
    greenReporters: config.greenReporters,
    // Asked only once reports arrive, after the runner below exists.
    probesGreen: () => [...(agreed.size ? agreed : runner.statuses()).values()].every((s) => s === 'operational'),
    verifyAccount: (token) => verifyAccount(config.appUrl, token),
    onError: (err) => log.error({ err }, 'could not update the reports incident'),
  });

  const locations = new LocationService(db, config.locations, clock, config.probeIntervalMs, { slowMs: config.slowMs, window: HEALTH_WINDOW });
  await locations.restore();
  // What the page says per component: the quorum of the probe locations (this service is one).
  let agreed: Map<ComponentId, ComponentStatus> = new Map();

  const client = new AppClient(config.appUrl, config.probeTimeoutMs);
  // The last stored status per component: the runner starts from it, and changes are diffed against it.
  const known = new Map((await components.listComponents(db)).map((c) => [c.id, c.status]));
  const runner = new ProbeRunner(
    client,
    new ProbeAccount(db, client, clock, config.probeSignInEveryMs),
    {
      async onCycle(records, localStatuses) {
        const at = clock();
        locations.recordLocal(records, localStatuses);
        const statuses = (agreed = locations.combine(known));
        metrics.probes(records, statuses);
        await components.recordProbes(db, records);
        await maintenance.tick();
        // What the page says: the probes' judgement, except for components under maintenance.
        const maintained = await maintenance.activeComponents();
        const shown = new Map([...statuses].map(([id, s]) => [id, maintained.has(id) ? 'under_maintenance' : s] as const));
        for (const [id, status] of shown) {
          const old = known.get(id) ?? 'operational';
          if (old === status) continue;
          known.set(id, status);
          await components.setComponentStatus(db, id, status, at);
          page.updatedAt = at;
          log.info({ component: id, from: old, to: status }, 'component status changed');
          const rows = await components.listComponents(db);
          if ((await enqueue(db, 'component.updated', componentPayload(id, old, status, page, rows, await openIncidents(), at), at, [id])) > 0) deliverer.kick();
        }
        // Announced downtime is not an outage: those components' failures open no incident.
        await incidents.syncProbes(new Map([...statuses].filter(([id]) => !maintained.has(id))), runner.failingSince());
        // Failing probes corroborate reports the detector holds open: publish them now.
        await reports.tick();
      },
    },
    {
      intervalMs: config.probeIntervalMs,
      timeoutMs: config.probeTimeoutMs,
      health: { slowMs: config.slowMs, window: HEALTH_WINDOW },
      clock,
      log: (message, extra) => log.warn(extra ?? {}, message),
    },
    known,
    await components.recentOutcomes(db, HEALTH_WINDOW),
  );

  let housekeeping: NodeJS.Timeout | undefined;
  let lastPrune = 0;
  return {
    config,
    db,
    clock,
    page,
    incidents,
    reports,
    runner,
    deliverer,
    admin: new AdminAuth(config.adminToken, config.appUrl),
    metrics,
    subscribers,
    locations,
    startBackground() {
      runner.start();
      deliverer.start();
      emailSender?.start();
      housekeeping = setInterval(() => {
        void reports.tick().catch((err) => log.error({ err }, 'report tick failed'));
        void maintenance.tick().catch((err) => log.error({ err }, 'maintenance tick failed'));
        if (clock() - lastPrune > 3_600_000) {
          lastPrune = clock();
          void Promise.all([components.pruneProbes(db, lastPrune), pruneReports(db, lastPrune), pruneLocationProbes(db, lastPrune)]).catch((err) => log.error({ err }, 'prune failed'));
        }
      }, HOUSEKEEPING_MS);
      housekeeping.unref();
    },
    async stopBackground() {
      clearInterval(housekeeping);
      await Promise.all([runner.stop(), deliverer.stop(), emailSender?.stop()]);
    },
  };
}
