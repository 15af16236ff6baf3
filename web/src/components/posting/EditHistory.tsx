// "edited" in a post's header, with when; clicking it opens the post's revisions
// (GET /api/v1/statuses/:id/history), newest first, each with its own content warning and text.
import { lazy, Suspense, useState } from 'react';
import type { Status } from '../../api/types';
import { useI18n } from '../../i18n';
import { formatDate } from '../../lib/format';
import { formatShortDate } from './time';

// The revisions dialog loads when first opened: a first load of home only shows the mark.
const EditHistoryDialog = lazy(() => import('./EditHistoryDialog').then((m) => ({ default: m.EditHistoryDialog })));

export function EditedMark({ status }: { status: Status }) {
  const { t, lang } = useI18n();
  const [open, setOpen] = useState(false);
  if (!status.edited_at) return null;
  const when = formatShortDate(status.edited_at, lang);
  return (
    <>
      <button type="button" className="edited-mark" title={t.posting.editedAt(formatDate(status.edited_at, lang))} aria-haspopup="dialog" onClick={() => setOpen(true)}>
        {t.posting.edited} · <time dateTime={status.edited_at}>{when}</time>
      </button>
      {open && (
        <Suspense fallback={null}>
          <EditHistoryDialog status={status} onClose={() => setOpen(false)} />
        </Suspense>
      )}
    </>
  );
}
