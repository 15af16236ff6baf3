// The status store's schema, in dated in-code migrations (same approach as the app's src/db).
import { Kysely, Migrator, sql, type Migration, type MigrationProvider } from 'kysely';

const initial: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.createTable('kv').addColumn('key', 'text', (c) => c.primaryKey()).addColumn('value', 'text', (c) => c.notNull()).execute();
    await db.schema
      .createTable('components')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'integer', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('probe_results')
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('component', 'text', (c) => c.notNull())
      .addColumn('at', 'integer', (c) => c.notNull())
      .addColumn('ok', 'integer', (c) => c.notNull())
      .addColumn('latency_ms', 'integer', (c) => c.notNull())
      .addColumn('error', 'text')
      .execute();
    await db.schema.createIndex('probe_results_at').on('probe_results').columns(['at']).execute();
    await db.schema
      .createTable('probe_hourly')
      .addColumn('component', 'text', (c) => c.notNull())
      .addColumn('hour', 'integer', (c) => c.notNull())
      .addColumn('probes', 'integer', (c) => c.notNull())
      .addColumn('failures', 'integer', (c) => c.notNull())
      .addColumn('latency_sum', 'integer', (c) => c.notNull())
      .addColumn('latency_max', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('probe_hourly_pk', ['component', 'hour'])
      .execute();
    await db.schema
      .createTable('reports')
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('at', 'integer', (c) => c.notNull())
      .addColumn('region', 'text', (c) => c.notNull())
      .addColumn('problem', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('reports_at').on('reports').columns(['at']).execute();
    await db.schema
      .createTable('incidents')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('name_ar', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('impact', 'text', (c) => c.notNull())
      .addColumn('created_at', 'integer', (c) => c.notNull())
      .addColumn('updated_at', 'integer', (c) => c.notNull())
      .addColumn('started_at', 'integer', (c) => c.notNull())
      .addColumn('monitoring_at', 'integer')
      .addColumn('resolved_at', 'integer')
      .addColumn('scheduled_for', 'integer')
      .addColumn('scheduled_until', 'integer')
      .addColumn('components', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('regions', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('problems', 'text', (c) => c.notNull().defaultTo('[]'))
      .execute();
    await db.schema.createIndex('incidents_created').on('incidents').columns(['created_at']).execute();
    await db.schema
      .createTable('incident_updates')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('incident_id', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('body_ar', 'text', (c) => c.notNull())
      .addColumn('created_at', 'integer', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('incident_updates_incident').on('incident_updates').columns(['incident_id', 'created_at']).execute();
    await db.schema
      .createTable('subscriptions')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('url', 'text', (c) => c.notNull())
      .addColumn('secret', 'text', (c) => c.notNull())
      .addColumn('created_at', 'integer', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('deliveries')
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('subscription_id', 'text', (c) => c.notNull())
      .addColumn('event', 'text', (c) => c.notNull())
      .addColumn('payload', 'text', (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('next_at', 'integer', (c) => c.notNull())
      .addColumn('delivered_at', 'integer')
      .addColumn('failed_at', 'integer')
      .addColumn('last_error', 'text')
      .execute();
    await sql`CREATE INDEX deliveries_due ON deliveries (next_at) WHERE delivered_at IS NULL AND failed_at IS NULL`.execute(db);
  },
  async down(db: Kysely<unknown>): Promise<void> {
    for (const t of ['deliveries', 'subscriptions', 'incident_updates', 'incidents', 'reports', 'probe_hourly', 'probe_results', 'components', 'kv']) {
      await db.schema.dropTable(t).ifExists().execute();
    }
  },
};

// Reports count distinct reporters: one row per reporter per window, weighted (a report from a
// signed-in Sirb account, verified through the app, weighs more than an anonymous one).
const reportWeight: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('reports').addColumn('weight', 'integer', (c) => c.notNull().defaultTo(1)).execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('reports').dropColumn('weight').execute();
  },
};

// When each component was last probed: a component never checked says "no data", not "operational".
const componentCheckedAt: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('components').addColumn('checked_at', 'integer').execute();
    await sql`UPDATE components SET checked_at = (SELECT max(at) FROM probe_results WHERE probe_results.component = components.id)`.execute(db);
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('components').dropColumn('checked_at').execute();
  },
};

// Postmortems on incidents, and reusable incident templates (the admin's canned first updates).
const templatesAndPostmortems: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('incidents').addColumn('postmortem', 'text').execute();
    await db.schema.alterTable('incidents').addColumn('postmortem_ar', 'text').execute();
    await db.schema.alterTable('incidents').addColumn('postmortem_at', 'integer').execute();
    await db.schema
      .createTable('incident_templates')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('name_ar', 'text', (c) => c.notNull())
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('body_ar', 'text', (c) => c.notNull())
      .addColumn('impact', 'text', (c) => c.notNull())
      .addColumn('components', 'text', (c) => c.notNull())
      .addColumn('created_at', 'integer', (c) => c.notNull())
      .execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable('incident_templates').execute();
    for (const column of ['postmortem', 'postmortem_ar', 'postmortem_at']) await db.schema.alterTable('incidents').dropColumn(column).execute();
  },
};

// Subscribers: webhooks about some components only, and people by email (confirmed, with an outbox).
const subscribers: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('subscriptions').addColumn('components', 'text', (c) => c.notNull().defaultTo('[]')).execute();
    await db.schema
      .createTable('email_subscribers')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('email', 'text', (c) => c.notNull().unique())
      .addColumn('lang', 'text', (c) => c.notNull())
      .addColumn('components', 'text', (c) => c.notNull())
      .addColumn('token', 'text', (c) => c.notNull().unique())
      .addColumn('confirmed_at', 'integer')
      .addColumn('created_at', 'integer', (c) => c.notNull())
      .addColumn('confirm_sent_at', 'integer')
      .execute();
    await db.schema
      .createTable('email_outbox')
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('subscriber_id', 'text', (c) => c.notNull())
      .addColumn('subject', 'text', (c) => c.notNull())
      .addColumn('text', 'text', (c) => c.notNull())
      .addColumn('html', 'text', (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull())
      .addColumn('next_at', 'integer', (c) => c.notNull())
      .addColumn('sent_at', 'integer')
      .addColumn('failed_at', 'integer')
      .execute();
    await db.schema.createIndex('email_outbox_due').on('email_outbox').columns(['sent_at', 'failed_at', 'next_at']).execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable('email_outbox').execute();
    await db.schema.dropTable('email_subscribers').execute();
    await db.schema.alterTable('subscriptions').dropColumn('components').execute();
  },
};

// Results pushed by probe agents in other places, one row per component per push (kept two days,
// like the service's own probe results): each location's recent history survives a restart.
const locationProbes: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('location_probes')
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('location', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('component', 'text', (c) => c.notNull())
      .addColumn('at', 'integer', (c) => c.notNull())
      .addColumn('ok', 'integer', (c) => c.notNull())
      .addColumn('latency_ms', 'integer', (c) => c.notNull())
      .addColumn('error', 'text')
      .execute();
    await db.schema.createIndex('location_probes_at').on('location_probes').columns(['at']).execute();
    await db.schema.createIndex('location_probes_location').on('location_probes').columns(['location', 'component', 'id']).execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable('location_probes').ifExists().execute();
  },
};

const migrations: Record<string, Migration> = {
  '2026-11-27-status-initial': initial,
  '2026-12-01-report-weight': reportWeight,
  '2026-12-03-component-checked-at': componentCheckedAt,
  '2026-12-04-scomm-templates-postmortems': templatesAndPostmortems,
  '2026-12-04-scomm-subscribers': subscribers,
  '2026-12-04-squorum-location-probes': locationProbes,
};

class InCode implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    return migrations;
  }
}

export async function migrateStatusDb(db: Kysely<unknown>): Promise<void> {
  const { error, results } = await new Migrator({ db, provider: new InCode() }).migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) throw new Error(`Status migration ${failed?.migrationName ?? ''} failed: ${String(error)}`);
}
