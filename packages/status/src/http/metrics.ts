// Prometheus metrics on GET /metrics. A registry per service instance (not prom-client's global
// one) so tests can run several services in one process.
import type { FastifyInstance } from 'fastify';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { COMPONENT_STATUSES, type ComponentStatus } from '../components/catalog.js';
import type { ProbeRecord } from '../components/store.js';

export class StatusMetrics {
  readonly registry = new Registry();
  private readonly probeLatency = new Histogram({
    name: 'sirb_status_probe_duration_seconds',
    help: 'Probe duration by component and outcome',
    labelNames: ['component', 'ok'],
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10],
    registers: [this.registry],
  });
  private readonly componentStatus = new Gauge({
    name: 'sirb_status_component_status',
    help: 'Component status: 0 operational, 1 degraded, 2 partial outage, 3 major outage',
    labelNames: ['component'],
    registers: [this.registry],
  });
  private readonly reports = new Counter({ name: 'sirb_status_reports_total', help: 'Problem reports accepted', labelNames: ['problem'], registers: [this.registry] });
  readonly openRegions = new Gauge({ name: 'sirb_status_open_regions', help: 'Regions (and WORLD) the detector has open', registers: [this.registry] });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'sirb_status_' });
    // prom-client names three gauges *_total, which Prometheus keeps for counters (promtool check
    // metrics flags them). Their per-type siblings without the suffix carry the same numbers.
    for (const name of ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total']) {
      this.registry.removeSingleMetric(`sirb_status_${name}`);
    }
  }

  probes(records: ProbeRecord[], statuses: Map<string, ComponentStatus>): void {
    for (const r of records) this.probeLatency.observe({ component: r.component, ok: String(r.ok) }, r.latencyMs / 1000);
    for (const [id, s] of statuses) this.componentStatus.set({ component: id }, COMPONENT_STATUSES.indexOf(s));
  }

  report(problem: string): void {
    this.reports.inc({ problem });
  }

  install(app: FastifyInstance): void {
    app.get('/metrics', async (request, reply) => reply.type(this.registry.contentType).send(await this.registry.metrics()));
  }
}
