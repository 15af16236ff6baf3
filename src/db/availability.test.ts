import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DatabaseHealth, DatabaseUnavailableError, unavailabilityOf } from './availability.js';

const withCode = (code: string, message = 'x') => Object.assign(new Error(message), { code });

test('database errors that will pass are told apart from bugs and bad input', () => {
  assert.equal(unavailabilityOf(withCode('ECONNREFUSED')), 'unreachable');
  assert.equal(unavailabilityOf(new AggregateError([withCode('ECONNREFUSED'), withCode('ECONNREFUSED')])), 'unreachable');
  assert.equal(unavailabilityOf(new Error('Connection terminated unexpectedly')), 'unreachable');
  assert.equal(unavailabilityOf(new Error('Connection terminated due to connection timeout', { cause: new Error('Connection terminated unexpectedly') })), 'unreachable');
  assert.equal(unavailabilityOf(new Error('timeout exceeded when trying to connect')), 'unreachable');
  assert.equal(unavailabilityOf(withCode('57P01', 'terminating connection due to administrator command')), 'unreachable');
  assert.equal(unavailabilityOf(withCode('08006')), 'unreachable');
  assert.equal(unavailabilityOf(withCode('25006', 'cannot execute INSERT in a read-only transaction')), 'read-only');
  assert.equal(unavailabilityOf(withCode('57014', 'canceling statement due to statement timeout')), 'timeout');
  assert.equal(unavailabilityOf(new Error('Query read timeout')), 'timeout');
  assert.equal(unavailabilityOf(withCode('53300')), 'busy');
  assert.equal(unavailabilityOf(withCode('SQLITE_BUSY')), 'busy');
  assert.equal(unavailabilityOf(withCode('SQLITE_FULL')), 'full');
  assert.equal(unavailabilityOf(withCode('SQLITE_READONLY')), 'read-only');
  assert.equal(unavailabilityOf(new DatabaseUnavailableError('busy')), 'busy');
  // A constraint, a syntax error, a plain bug: not "try again later".
  assert.equal(unavailabilityOf(withCode('23505', 'duplicate key')), undefined);
  assert.equal(unavailabilityOf(withCode('42601', 'syntax error')), undefined);
  assert.equal(unavailabilityOf(withCode('SQLITE_CONSTRAINT_UNIQUE')), undefined);
  assert.equal(unavailabilityOf(new TypeError('x is undefined')), undefined);
  assert.equal(unavailabilityOf(undefined), undefined);
});

test('the breaker refuses at once while open, probes once per interval, and closes on success', () => {
  let now = 1000;
  const health = new DatabaseHealth(500, () => now);
  assert.equal(health.admit(), false);
  health.failed(new Error('refused'));
  assert.equal(health.up, true, 'one failure alone does not open it');
  health.failed(new Error('refused'));
  assert.equal(health.up, false);
  assert.throws(() => health.admit(), DatabaseUnavailableError);
  now += 500;
  assert.equal(health.admit(), true, 'one probe after the interval');
  assert.throws(() => health.admit(), DatabaseUnavailableError, 'only one probe at a time');
  health.failed(new Error('still refused'), true);
  now += 499;
  assert.throws(() => health.admit(), DatabaseUnavailableError);
  now += 1;
  assert.equal(health.admit(), true);
  health.succeeded(true);
  assert.equal(health.up, true);
  assert.equal(health.admit(), false);
  assert.deepEqual(health.counts, { outages: 1, refused: 3, shed: 0 });
});
