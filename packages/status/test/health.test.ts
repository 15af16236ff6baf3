// Pure unit tests of the component hysteresis.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ComponentHealth } from '../src/components/health.js';

const ok = { ok: true, latencyMs: 50 };
const slow = { ok: true, latencyMs: 5000 };
const fail = { ok: false, latencyMs: 10 };

describe('component hysteresis', () => {
  it('ignores one failed or slow probe', () => {
    const h = new ComponentHealth();
    for (const o of [ok, ok, fail, ok, slow, ok, ok]) assert.equal(h.record(o), 'operational');
  });

  it('goes to major_outage on two failures in a row and recovers through partial_outage', () => {
    const h = new ComponentHealth();
    h.record(ok);
    assert.equal(h.record(fail), 'operational');
    assert.equal(h.record(fail), 'major_outage');
    assert.equal(h.record(fail), 'major_outage');
    assert.equal(h.record(ok), 'partial_outage');
    const seen = [ok, ok, ok, ok, ok].map((o) => h.record(o));
    assert.equal(seen.at(-1), 'operational');
    assert.ok(seen.includes('partial_outage'), 'does not jump straight back');
  });

  it('calls scattered failures a partial outage and mostly-slow probes degraded', () => {
    const h = new ComponentHealth();
    for (const o of [fail, ok, fail, ok]) h.record(o);
    assert.equal(h.status, 'partial_outage');
    const d = new ComponentHealth();
    for (const o of [slow, ok, slow, ok]) d.record(o);
    assert.equal(d.status, 'operational');
    assert.equal(d.record(slow), 'degraded_performance');
  });

  it('carries on from restored probes: a restart in an outage stays in it', () => {
    const h = new ComponentHealth();
    h.restore('major_outage', [ok, ok, ok, ok, fail, fail]);
    assert.equal(h.record(fail), 'major_outage');
    const fresh = new ComponentHealth();
    fresh.restore('major_outage', [ok, fail, fail]);
    assert.equal(fresh.record(ok), 'partial_outage', 'one good probe does not end it either');
  });

  it('does not let one probe end a stored outage when no probes were kept', () => {
    const h = new ComponentHealth();
    h.restore('major_outage', []);
    assert.equal(h.record(fail), 'major_outage');
    const other = new ComponentHealth();
    other.restore('major_outage', []);
    assert.equal(other.record(ok), 'major_outage', 'a single good probe is too little evidence');
    assert.equal(other.record(ok), 'operational');
  });
});
