// One list: its timeline (paged like home, live from the list stream), its members (add people
// the reader follows, remove) and its settings.
import { useEffect, useMemo, useState } from 'react';
import { ApiError } from '../api/client';
import { lists, type List } from '../api/organising';
import { listStream, type StreamMessage } from '../api/streaming';
import { useI18n } from '../i18n';
import { Layout } from '../components/Layout';
import { Timeline } from '../components/Timeline';
import { Link } from '../lib/router';
import { ListForm } from '../components/organising/ListForm';
import { ListMembers } from '../components/organising/ListMembers';
import { announce } from '../components/safety/Toast';

export function ListPage({ id }: { id: string }) {
  const { t } = useI18n();
  const s = t.organising.lists;
  const [list, setList] = useState<List | null>(null);
  const [missing, setMissing] = useState(false);
  // Bumped when the members or settings change: the timeline is read again with them.
  const [version, setVersion] = useState(0);
  const live = useMemo(
    () => ({ extra: listStream(id), accepts: (m: StreamMessage) => m.stream[0] === 'list' && m.stream[1] === id }),
    [id],
  );

  useEffect(() => {
    lists.get(id).then(setList, (e) => e instanceof ApiError && e.status === 404 && setMissing(true));
  }, [id]);

  if (missing) return <Layout title={t.errors.notFound}><p>{t.errors.notFound}</p></Layout>;
  if (!list) return <Layout title={s.title}><p className="muted">{t.timeline.loading}</p></Layout>;
  return (
    <Layout title={list.title}>
      <p className="back-link">
        <Link to="/lists">{s.back}</Link>
      </p>
      <details className="card list-manage">
        <summary>{s.members}</summary>
        <ListMembers listId={id} onChange={() => setVersion((v) => v + 1)} />
      </details>
      <details className="card list-settings">
        <summary>{s.settings}</summary>
        <ListForm
          className="edit-list"
          initial={list}
          submitLabel={s.save}
          onSubmit={async (input) => {
            setList(await lists.update(id, input));
            setVersion((v) => v + 1);
            announce(s.saved);
          }}
        />
      </details>
      <h2 className="visually-hidden">{s.timeline}</h2>
      <Timeline key={version} path={`/api/v1/timelines/list/${id}`} live={live} emptyText={s.timelineEmpty} label={s.timeline} />
    </Layout>
  );
}
