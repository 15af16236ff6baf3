// A post with what it replies to above (joined by connector lines) and the replies below;
// replying adds to the thread.
import { PostSkeletons } from '../../components/mobile/Skeleton';
import { useEffect, useState } from 'react';
import { api } from '../../api/client';
import type { Context, Status } from '../../api/types';
import { useI18n } from '../../i18n';
import { Layout } from '../../components/Layout';
import { StatusCard } from '../../components/StatusCard';
import { Composer } from '../../components/Composer';
import { useStore } from '../../state/store';
import { session } from '../../auth/session';
import { onPosted } from '../../state/outbox';
import { navigate } from '../../lib/router';
import '../../components/people/people.css';

export default function ThreadPage({ id }: { id: string }) {
  const { t } = useI18n();
  const me = useStore(session);
  const [status, setStatus] = useState<Status | null>(null);
  const [context, setContext] = useState<Context>({ ancestors: [], descendants: [] });
  const [missing, setMissing] = useState(false);

  useEffect(() => {
    setStatus(null);
    setMissing(false);
    Promise.all([api<Status>(`/api/v1/statuses/${id}`), api<Context>(`/api/v1/statuses/${id}/context`)])
      .then(([s, c]) => {
        setStatus(s);
        setContext(c);
      })
      .catch(() => setMissing(true));
  }, [id]);

  useEffect(
    () =>
      onPosted((posted) => {
        const parent = posted.in_reply_to_id;
        if (parent && [id, ...context.ancestors.map((a) => a.id), ...context.descendants.map((d) => d.id)].includes(parent)) {
          if (parent === id || context.descendants.some((d) => d.id === parent)) {
            setContext((c) => ({ ...c, descendants: [...c.descendants.filter((d) => d.id !== posted.id), posted] }));
          }
          // The post replied to has one more reply: its count is read again from the server
          // (a reply box in a post may already have counted it; the server's count is the truth).
          api<Status>(`/api/v1/statuses/${parent}`).then(onChange, () => {});
        }
      }),
    [id, context.ancestors, context.descendants],
  );

  const replaceIn = (list: Status[], next: Status) => list.map((s) => (s.id === next.id ? next : s));
  const onChange = (next: Status) => {
    if (next.id === id) setStatus(next);
    setContext((c) => ({ ancestors: replaceIn(c.ancestors, next), descendants: replaceIn(c.descendants, next) }));
  };
  const onDelete = (gone: string) => {
    if (gone === id) navigate('/', { replace: true });
    setContext((c) => ({ ancestors: c.ancestors.filter((s) => s.id !== gone), descendants: c.descendants.filter((s) => s.id !== gone) }));
  };

  if (missing) return <Layout title={t.errors.notFound}><p>{t.errors.notFound}</p></Layout>;
  return (
    <Layout title={t.thread.title}>
      {!status ? (
        <PostSkeletons count={2} />
      ) : (
        <div className="thread">
          {/* Each post above the focused one is joined to the next by a line from its avatar. */}
          {context.ancestors.map((s) => (
            <div key={s.id} className="thread-ancestor">
              <StatusCard status={s} filterContext="thread" onChange={onChange} onDelete={onDelete} />
              <span className="thread-line" aria-hidden="true" />
            </div>
          ))}
          <StatusCard status={status} focused filterContext="thread" onChange={onChange} onDelete={onDelete} />
          {me && <Composer replyTo={status} />}
          <section aria-label={t.status.reply} className="replies">
            {context.descendants.map((s) => <StatusCard key={s.id} status={s} filterContext="thread" onChange={onChange} onDelete={onDelete} />)}
          </section>
        </div>
      )}
    </Layout>
  );
}
