// Settings: the reader's scheduled posts (GET /api/v1/scheduled_statuses), soonest first, each
// with when it goes out (in the reader's locale and time zone), a new time (PUT) and Cancel (DELETE).
import { useEffect, useState } from 'react';
import { api, page } from '../../api/client';
import type { ScheduledStatus } from '../../api/types';
import { useI18n } from '../../i18n';
import { formatDate } from '../../lib/format';
import { Layout } from '../../components/Layout';
import { announce } from '../../components/safety/Toast';
import { ScheduleField } from '../../components/posting/ScheduleField';
import { fromLocalInput, toLocalInput, tooSoon } from '../../components/posting/time';
import { SettingsNav } from './SettingsNav';

const bySoonest = (a: ScheduledStatus, b: ScheduledStatus) => Date.parse(a.scheduled_at) - Date.parse(b.scheduled_at);

export function Scheduled() {
  const { t } = useI18n();
  const [items, setItems] = useState<ScheduledStatus[] | null>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    page<ScheduledStatus[]>('/api/v1/scheduled_statuses?limit=40').then((p) => setItems([...p.items].sort(bySoonest)), () => setFailed(true));
  }, []);

  const replace = (next: ScheduledStatus) => setItems((list) => (list ?? []).map((s) => (s.id === next.id ? next : s)).sort(bySoonest));
  const drop = (id: string) => setItems((list) => (list ?? []).filter((s) => s.id !== id));

  return (
    <Layout title={t.posting.schedule.title}>
      <SettingsNav />
      {failed && <p className="error">{t.errors.generic}</p>}
      {!failed && items === null && <p className="muted">{t.timeline.loading}</p>}
      {items?.length === 0 && <p className="muted">{t.posting.schedule.empty}</p>}
      {!!items?.length && (
        <ul className="scheduled-list card">
          {items.map((item) => (
            <ScheduledRow key={item.id} item={item} onChange={replace} onCancelled={() => drop(item.id)} />
          ))}
        </ul>
      )}
    </Layout>
  );
}

function ScheduledRow({ item, onChange, onCancelled }: { item: ScheduledStatus; onChange(next: ScheduledStatus): void; onCancelled(): void }) {
  const { t, lang } = useI18n();
  const s = t.posting.schedule;
  const [newTime, setNewTime] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const when = formatDate(item.scheduled_at, lang);

  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (e) {
      setError(s.failed((e as Error).message));
    } finally {
      setBusy(false);
    }
  };

  const cancel = () =>
    run(async () => {
      await api(`/api/v1/scheduled_statuses/${item.id}`, { method: 'DELETE' });
      announce(s.cancelled);
      onCancelled();
    });

  const reschedule = () =>
    run(async () => {
      const next = await api<ScheduledStatus>(`/api/v1/scheduled_statuses/${item.id}`, { method: 'PUT', body: { scheduled_at: fromLocalInput(newTime ?? '') } });
      setNewTime(null);
      announce(s.rescheduled(formatDate(next.scheduled_at, lang)));
      onChange(next);
    });

  return (
    <li className="scheduled-item" data-scheduled-id={item.id}>
      <p className="scheduled-when">
        <time dateTime={item.scheduled_at}>{s.at(when)}</time>
      </p>
      {item.params.spoiler_text && (
        <p className="spoiler-text" dir="auto">
          {item.params.spoiler_text}
        </p>
      )}
      <p className="scheduled-text" dir="auto">
        {item.params.text}
      </p>
      {item.params.poll && <p className="muted">{s.withPoll(item.params.poll.options.length)}</p>}
      {item.media_attachments.length > 0 && <p className="muted">{s.withMedia(item.media_attachments.length)}</p>}
      {newTime !== null && <ScheduleField value={newTime} onChange={setNewTime} />}
      <div className="row-actions">
        {newTime === null ? (
          <button type="button" className="secondary reschedule" disabled={busy} onClick={() => setNewTime(toLocalInput(new Date(item.scheduled_at)))}>
            {s.reschedule}
          </button>
        ) : (
          <button type="button" className="primary save-time" disabled={busy || tooSoon(newTime)} onClick={() => void reschedule()}>
            {s.saveTime}
          </button>
        )}
        <button type="button" className="danger cancel-scheduled" disabled={busy} onClick={() => void cancel()}>
          {s.cancel}
        </button>
      </div>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </li>
  );
}
