// Scheduled maintenance runs itself: at scheduled_for it goes in progress (its components then
// show "under maintenance" and their failing probes open no outage), at scheduled_until it
// completes. Each step is an incident update, so feeds and webhooks announce it like any other.
import { COMPONENT_IDS, type ComponentId } from '../components/catalog.js';
import type { StatusDb } from '../store/database.js';
import type { Incident } from './model.js';
import type { IncidentService } from './service.js';
import * as store from './store.js';

const START = { en: 'Scheduled maintenance is in progress.', ar: 'الصيانة المجدولة جارية الآن.' };
const END = { en: 'Scheduled maintenance is complete.', ar: 'اكتملت الصيانة المجدولة.' };

const inProgress = (i: Incident) => i.status === 'in_progress' || i.status === 'verifying';

export class MaintenanceService {
  constructor(
    private readonly db: StatusDb,
    private readonly clock: () => number,
    private readonly incidents: IncidentService,
  ) {}

  /** Starts what is due and completes what is over. */
  async tick(): Promise<void> {
    const now = this.clock();
    for (const m of await this.open()) {
      if (m.status === 'scheduled' && (m.scheduledFor ?? Infinity) <= now) {
        const ended = (m.scheduledUntil ?? Infinity) <= now;
        await this.incidents.update(m, { status: ended ? 'completed' : 'in_progress', body: ended ? END : START });
      } else if (inProgress(m) && (m.scheduledUntil ?? Infinity) <= now) {
        await this.incidents.update(m, { status: 'completed', body: END });
      }
    }
  }

  /** Components under maintenance right now (a maintenance naming none covers them all). */
  async activeComponents(): Promise<Set<ComponentId>> {
    const active = new Set<ComponentId>();
    for (const m of await this.open()) {
      if (!inProgress(m)) continue;
      for (const id of m.components.length ? m.components : COMPONENT_IDS) active.add(id);
    }
    return active;
  }

  private async open(): Promise<Incident[]> {
    return store.listIncidents(this.db, { unresolved: true, maintenance: true });
  }
}
