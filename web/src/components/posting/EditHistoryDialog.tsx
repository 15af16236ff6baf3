// A post's revisions (GET /api/v1/statuses/:id/history), newest first, each with its own content
// warning and text: opened from the "edited" mark in the post's header (EditHistory.tsx).
import { useEffect, useState } from 'react';
import { api } from '../../api/client';
import type { Status, StatusEdit } from '../../api/types';
import { useI18n } from '../../i18n';
import { formatDate, relativeTime } from '../../lib/format';
import { routeContentClick } from '../../lib/router';
import { Modal } from '../safety/Modal';

export function EditHistoryDialog({ status, onClose }: { status: Status; onClose(): void }) {
  const { t, lang } = useI18n();
  const [edits, setEdits] = useState<StatusEdit[] | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    api<StatusEdit[]>(`/api/v1/statuses/${status.id}/history`).then(setEdits, () => setFailed(true));
  }, [status.id]);
  // The API lists the original first; the reader wants the latest first.
  const newestFirst = edits ? edits.map((edit, i) => ({ edit, original: i === 0, key: i })).reverse() : [];
  return (
    <Modal title={t.posting.history} className="edit-history" onClose={onClose}>
      {failed && <p className="error">{t.posting.historyFailed}</p>}
      {!failed && edits === null && <p className="muted">{t.posting.historyLoading}</p>}
      <ol className="edit-history-list">
        {newestFirst.map(({ edit, original, key }) => (
          <li key={key} className="edit-revision">
            <p className="edit-revision-head muted">
              <time dateTime={edit.created_at} title={relativeTime(edit.created_at, t)}>
                {original ? `${t.posting.original} · ${formatDate(edit.created_at, lang)}` : t.posting.revision(formatDate(edit.created_at, lang))}
              </time>
            </p>
            {edit.spoiler_text && (
              <p className="spoiler-text" dir="auto">
                {edit.spoiler_text}
              </p>
            )}
            <div className="status-content" dir="auto" lang={status.language ?? undefined} onClick={routeContentClick} dangerouslySetInnerHTML={{ __html: edit.content }} />
          </li>
        ))}
      </ol>
      <div className="dialog-actions">
        <button type="button" className="secondary" onClick={onClose}>
          {t.posting.close}
        </button>
      </div>
    </Modal>
  );
}
