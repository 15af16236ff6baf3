// A reported post inside its thread (GET /api/v1/statuses/:id/context): what it answered and
// what answered it, so a moderator judges the words where they were said. When the thread cannot
// be read (the author is suspended, the post removed), the post as the report saved it.
import { useEffect, useState } from 'react';
import { api } from '../../api/client';
import type { Context, Status } from '../../api/types';
import { useAdminStrings } from '../../pages/admin/i18n';
import { PostView } from './PostView';

export function PostInContext({ status }: { status: Status }) {
  const a = useAdminStrings();
  const [context, setContext] = useState<Context | null>(null);
  const [unavailable, setUnavailable] = useState(false);
  useEffect(() => {
    let live = true;
    api<Context>(`/api/v1/statuses/${encodeURIComponent(status.id)}/context`)
      .then((c) => live && setContext(c))
      .catch(() => live && setUnavailable(true));
    return () => {
      live = false;
    };
  }, [status.id]);
  return (
    <div className="post-in-context">
      {context?.ancestors.map((s) => <PostView key={s.id} status={s} />)}
      <PostView status={status} highlight label={a.reports.reportedPost} />
      {context?.descendants.map((s) => <PostView key={s.id} status={s} />)}
      {unavailable && <p className="muted">{a.reports.contextUnavailable}</p>}
    </div>
  );
}
