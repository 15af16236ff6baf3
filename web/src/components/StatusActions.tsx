// Reply, repost, like, bookmark, delete. Toggles update the card optimistically from the
// server's answer (the updated Status), never by guessing counts.
import { useState } from 'react';
import { api } from '../api/client';
import type { Status } from '../api/types';
import { useI18n } from '../i18n';
import { formatNumber } from '../lib/format';
import { useStore } from '../state/store';
import { session } from '../auth/session';
import { Icon } from './Icon';
import { PostMenu } from './safety/PostMenu';

interface Props {
  status: Status;
  mine: boolean;
  onReply(): void;
  onChange(status: Status): void;
  onDelete(): void;
  onEdit?(): void;
}

export function StatusActions({ status, mine, onReply, onChange, onDelete, onEdit }: Props) {
  const { t, lang } = useI18n();
  const signedIn = useStore(session) !== null;
  const [busy, setBusy] = useState(false);
  if (!signedIn) return null;

  const act = async (path: string) => {
    setBusy(true);
    try {
      const next = await api<Status>(`/api/v1/statuses/${status.id}/${path}`, { method: 'POST' });
      // Reblogging answers with the wrapper post; the card wants the original with new counts.
      onChange(next.reblog && next.reblog.id === status.id ? next.reblog : next);
    } catch {
      /* the outage banner or nothing: the button state stays as the server last said */
    } finally {
      setBusy(false);
    }
  };

  const remove = async () => {
    if (!window.confirm(t.status.confirmDelete)) return;
    try {
      await api(`/api/v1/statuses/${status.id}`, { method: 'DELETE' });
      onDelete();
    } catch {
      /* stays visible: it was not deleted */
    }
  };

  const n = (x: number) => (x > 0 ? formatNumber(x, lang) : '');
  // The visible count is inside the button, but aria-label replaces the content, so it is
  // repeated in the label: "Like, 3" (not "Like (3)": a name must contain the visible text as a
  // word, and "(3)" is not the word "3" to speech input or axe's label-content-name-mismatch).
  const named = (label: string, x: number) => (x > 0 ? `${label}${lang === 'ar' ? '، ' : ', '}${formatNumber(x, lang)}` : label);
  return (
    <div className="status-actions" role="group" aria-label={t.status.actions}>
      <button type="button" onClick={onReply} aria-label={named(t.status.reply, status.replies_count)} title={t.status.reply}>
        <Icon name="reply" /> {n(status.replies_count)}
      </button>
      <button
        type="button"
        disabled={busy}
        aria-pressed={!!status.reblogged}
        aria-label={named(status.reblogged ? t.status.unrepost : t.status.repost, status.reblogs_count)}
        title={status.reblogged ? t.status.unrepost : t.status.repost}
        onClick={() => act(status.reblogged ? 'unreblog' : 'reblog')}
        className={status.reblogged ? 'on repost' : 'repost'}
      >
        <Icon name="repost" /> {n(status.reblogs_count)}
      </button>
      <button
        type="button"
        disabled={busy}
        aria-pressed={!!status.favourited}
        aria-label={named(status.favourited ? t.status.unlike : t.status.like, status.favourites_count)}
        title={status.favourited ? t.status.unlike : t.status.like}
        onClick={() => act(status.favourited ? 'unfavourite' : 'favourite')}
        className={status.favourited ? 'on like' : 'like'}
      >
        <Icon name={status.favourited ? 'liked' : 'like'} /> {n(status.favourites_count)}
      </button>
      <button
        type="button"
        disabled={busy}
        aria-pressed={!!status.bookmarked}
        aria-label={status.bookmarked ? t.status.unbookmark : t.status.bookmark}
        title={status.bookmarked ? t.status.unbookmark : t.status.bookmark}
        onClick={() => act(status.bookmarked ? 'unbookmark' : 'bookmark')}
        className={status.bookmarked ? 'on bookmark' : 'bookmark'}
      >
        <Icon name={status.bookmarked ? 'bookmarked' : 'bookmark'} />
      </button>
      {mine && (
        <button type="button" onClick={remove} aria-label={t.status.delete} title={t.status.delete} className="delete">
          <Icon name="trash" />
        </button>
      )}
      <PostMenu status={status} mine={mine} onChange={onChange} onEdit={onEdit} />
    </div>
  );
}
