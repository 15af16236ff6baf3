// Issue 14, false statement 7: a probe incident starts when the first probe failed (not when it
// was detected), its title and impact follow what is failing now (and step down as parts recover),
// and it goes through "monitoring" before "resolved".
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ComponentId, ComponentStatus } from '../src/components/catalog.js';
import { IncidentService } from '../src/incidents/service.js';
import * as store from '../src/incidents/store.js';
import { openStatusDb, type StatusDb } from '../src/store/database.js';
import { tempDir } from './helpers.js';

let db: StatusDb;
before(async () => {
  db = await openStatusDb(tempDir());
});
after(() => db.close());

const MIN = 60_000;
const ALL: ComponentId[] = ['website', 'api', 'sign_in', 'posting', 'timelines', 'search', 'notifications'];
const statuses = (down: Partial<Record<ComponentId, ComponentStatus>>) => new Map(ALL.map((id) => [id, down[id] ?? 'operational'] as const));

describe('a probe incident through its life', () => {
  it('starts at the first failure, follows its scope and impact, monitors, then resolves', async () => {
    let now = Date.UTC(2026, 0, 19, 8, 0);
    const events: string[] = [];
    const service = new IncidentService(db, () => now, async (event) => void events.push(event), { monitoringMs: 5 * MIN });
    const firstFailure = now - 40_000;
    const current = async () => (await store.openIncidentOfKind(db, 'probes'))!;

    await service.syncProbes(statuses({ website: 'major_outage', api: 'major_outage', sign_in: 'major_outage', posting: 'major_outage' }), new Map([['website', firstFailure], ['api', firstFailure + 5000]]));
    let incident = await current();
    assert.equal(incident.startedAt, firstFailure, 'started_at is the first failed probe, not the detection');
    assert.equal(incident.impact, 'critical');
    assert.equal(incident.name.en, 'Outage: Website, API, Sign-in, and Posting');

    now += MIN;
    await service.syncProbes(statuses({ api: 'major_outage' }));
    incident = await current();
    assert.equal(incident.name.en, 'Outage: API', 'the title follows what is failing now');
    assert.equal(incident.name.ar, 'انقطاع: واجهة البرمجة');
    assert.equal(incident.impact, 'major', 'impact steps down');
    assert.deepEqual(incident.components, ['api']);
    assert.match(incident.updates[0]!.body.en, /Website, Sign-in, and Posting.*passing again.*API/);

    now += MIN;
    await service.syncProbes(statuses({}));
    incident = await current();
    assert.equal(incident.status, 'monitoring', 'green again: monitoring, not resolved yet');
    assert.equal(incident.monitoringAt, now);
    assert.equal(incident.resolvedAt, null);

    // A relapse while monitoring goes back to investigating.
    now += MIN;
    await service.syncProbes(statuses({ api: 'partial_outage' }));
    incident = await current();
    assert.equal(incident.status, 'investigating');
    assert.equal(incident.impact, 'minor');

    now += MIN;
    await service.syncProbes(statuses({}));
    now += 4 * MIN;
    await service.syncProbes(statuses({}));
    assert.equal((await current()).status, 'monitoring', 'still monitoring before its period ends');
    now += MIN;
    await service.syncProbes(statuses({}));
    assert.equal(await store.openIncidentOfKind(db, 'probes'), undefined);
    const done = (await store.listIncidents(db)).find((i) => i.id === incident.id)!;
    assert.equal(done.status, 'resolved');
    assert.deepEqual(done.updates.map((u) => u.status).reverse(), ['investigating', 'investigating', 'monitoring', 'investigating', 'monitoring', 'resolved']);
    assert.deepEqual(events, ['incident.created', 'incident.updated', 'incident.updated', 'incident.updated', 'incident.updated', 'incident.resolved']);
  });
});
