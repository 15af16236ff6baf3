// The unit of work (src/db/unit-of-work.ts): a store write records the events it implies on its
// transaction; they are published once it commits, each once, and not at all if it rolls back.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { LocalEventBus, type SirbEvent } from '../../src/events.js';
import { unitOfWork, type Write } from '../../src/db/unit-of-work.js';
import type { Db } from '../../src/db/database.js';
import { adjustAccountCounter, insertAccount, updateAccount } from '../../src/accounts/store.js';
import { newId } from '../../src/lib/ids.js';
import { openTestDatabase } from '../helpers/database.js';

describe('unit of work', () => {
  let db: Db;
  before(async () => {
    db = await openTestDatabase();
  });
  after(() => db?.close());

  /** A bus with one listener of each kind, and what each heard. */
  function setUp(): { write: Write; bus: LocalEventBus; all: SirbEvent[]; local: SirbEvent[] } {
    const bus = new LocalEventBus();
    const all: SirbEvent[] = [];
    const local: SirbEvent[] = [];
    bus.subscribe((e) => all.push(e));
    bus.subscribeLocal((e) => local.push(e));
    return { write: unitOfWork(db.kysely, bus), bus, all, local };
  }

  async function newAccount(write: Write): Promise<number> {
    const id = newId(Date.now());
    const name = `u${id}`;
    await write((tx) =>
      insertAccount(tx, {
        id, username: name, username_key: name, email: `${name}@example.com`, password_hash: '', display_name: '', note: '',
        locale: 'ar', role: 'user', bot: 0, locked: 0, discoverable: 1, default_visibility: 'public', avatar_url: null,
        header_url: null, search_text: name, last_status_at: null, suspended_at: null, created_at: Date.now(),
      }),
    );
    return id;
  }

  const displayName = async (id: number) =>
    (await db.kysely.selectFrom('accounts').select('display_name').where('id', '=', id).executeTakeFirstOrThrow()).display_name;

  test('events are published after the transaction commits, not while it is open', async () => {
    const { write, bus, all } = setUp();
    const id = await newAccount(write);
    assert.deepEqual(all, [], 'a write that implies nothing publishes nothing');
    // Read outside the transaction when the event arrives: the change must be there for all.
    const seenByListener: string[] = [];
    bus.subscribeLocal(async () => {
      seenByListener.push(await displayName(id));
    });
    await write(async (tx) => {
      await updateAccount(tx, id, { display_name: 'سرب' });
      assert.deepEqual(all, [], 'nothing is published while the transaction is open');
    });
    assert.deepEqual(all, [{ type: 'account.changed', accountId: id }]);
    assert.deepEqual(seenByListener, ['سرب'], 'the listener read the committed row');
  });

  test('a rolled back write publishes nothing', async () => {
    const { write, all } = setUp();
    const id = await newAccount(write);
    await assert.rejects(
      write(async (tx) => {
        await updateAccount(tx, id, { display_name: 'لن يبقى' });
        throw new Error('changed its mind');
      }),
      /changed its mind/,
    );
    assert.deepEqual(all, []);
    assert.equal(await displayName(id), '', 'and the write is undone');
  });

  test('each listener hears each event once, however many writes implied it', async () => {
    const { write, all, local } = setUp();
    const id = await newAccount(write);
    await write(async (tx) => {
      await updateAccount(tx, id, { display_name: 'أ' });
      await adjustAccountCounter(tx, id, 'statuses_count', 1);
      await adjustAccountCounter(tx, id, 'statuses_count', -1);
    });
    assert.deepEqual(all, [{ type: 'account.changed', accountId: id }]);
    assert.deepEqual(local, [{ type: 'account.changed', accountId: id }]);
  });

  test('caches hear what changed before statuses and notifications are announced', async () => {
    const { write, all } = setUp();
    await write(async (tx) => {
      tx.emit({ type: 'notification.created', notificationId: 3, accountId: 1 });
      tx.emit({ type: 'status.created', statusId: 2, accountId: 1 });
      tx.emit({ type: 'account.changed', accountId: 1 });
      tx.emit({ type: 'status.changed', statusId: 9 });
    });
    assert.deepEqual(
      all.map((e) => e.type),
      ['account.changed', 'status.changed', 'status.created', 'notification.created'],
    );
  });

  test('the write resolves only once local listeners (fan-out) are done', async () => {
    const { write, bus } = setUp();
    let fannedOut = false;
    bus.subscribeLocal(async () => {
      await new Promise((resolve) => setImmediate(resolve));
      await db.kysely.selectFrom('accounts').select('id').limit(1).execute();
      fannedOut = true;
    });
    await write(async (tx) => tx.emit({ type: 'status.created', statusId: 1, accountId: 1 }));
    assert.equal(fannedOut, true);
  });

  test('an event recorded after its transaction ended is an error, not silently lost', async () => {
    const { write } = setUp();
    let kept: { emit(event: SirbEvent): void } | undefined;
    await write(async (tx) => {
      kept = tx;
    });
    assert.throws(() => kept!.emit({ type: 'account.changed', accountId: 1 }), /after its transaction ended/);
  });

  test('the write’s result comes back', async () => {
    const { write } = setUp();
    assert.equal(await write(async () => 42), 42);
  });
});
