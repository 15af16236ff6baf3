// Suspension at the scale of a crisis: a text file of usernames or account ids (read here in the
// browser, one per line; commas and spaces separate too) or every account matching the current
// search, sent as one bulk action, then its progress polled until it is finished.
import { useEffect, useState } from 'react';
import { adminApi, type AccountFilter, type BulkAction } from '../../api/admin';
import { ApiError } from '../../api/client';
import { useI18n } from '../../i18n';
import { useAdminStrings } from '../../pages/admin/i18n';
import { ConfirmDialog } from './ConfirmDialog';

const POLL_MS = 1000;

/** "100%" as each language writes it (Arabic puts the sign after the digits, kept left-to-right). */
function formatPercent(percent: number, lang: string): string {
  return new Intl.NumberFormat(lang === 'ar' ? 'ar-u-nu-latn' : 'en', { style: 'percent' }).format(percent / 100);
}

/** Usernames (with or without @ or @domain) and numeric ids from a file's text. */
export function parseAccountList(text: string): { usernames: string[]; account_ids: string[] } {
  const usernames = new Set<string>();
  const ids = new Set<string>();
  for (const raw of text.split(/[\s,;]+/)) {
    const entry = raw.trim().replace(/^@/, '').split('@')[0];
    if (!entry) continue;
    if (/^\d+$/.test(entry)) ids.add(entry);
    else if (/^[\p{L}\p{N}_.-]+$/u.test(entry)) usernames.add(entry);
  }
  return { usernames: [...usernames], account_ids: [...ids] };
}

export function BulkSuspend({ filter }: { filter: AccountFilter }) {
  const a = useAdminStrings();
  const { lang } = useI18n();
  const [list, setList] = useState<{ usernames: string[]; account_ids: string[] } | null>(null);
  const [reason, setReason] = useState('');
  const [asking, setAsking] = useState<'file' | 'filter' | null>(null);
  const [job, setJob] = useState<BulkAction | null>(null);
  const [error, setError] = useState('');
  const count = list ? list.usernames.length + list.account_ids.length : 0;

  useEffect(() => {
    if (!job || job.state !== 'running') return;
    const timer = setTimeout(() => {
      adminApi.bulkAction(job.id).then(setJob, (e) => setError(e instanceof ApiError ? e.message : String(e)));
    }, POLL_MS);
    return () => clearTimeout(timer);
  }, [job]);

  const start = async (from: 'file' | 'filter') => {
    setAsking(null);
    setError('');
    try {
      const text = reason.trim() || undefined;
      setJob(await adminApi.bulkSuspend(from === 'file' ? { ...list!, text } : { filter, text }));
    } catch (e) {
      setError(a.failed(e instanceof ApiError ? e.message : String(e)));
    }
  };
  const percent = job ? (job.total === 0 ? 100 : Math.floor(((job.done + job.failed) / job.total) * 100)) : 0;
  return (
    <section className="card bulk-suspend" aria-labelledby="bulk-title">
      <h2 id="bulk-title">{a.bulk.title}</h2>
      <p className="muted">{a.bulk.lead}</p>
      <label className="field">
        <span>{a.bulk.file}</span>
        <input
          type="file"
          name="accounts-file"
          accept=".txt,.csv,text/plain,text/csv"
          onChange={(e) => {
            const file = e.target.files?.[0];
            setList(null);
            if (file) void file.text().then((text) => setList(parseAccountList(text)));
          }}
        />
      </label>
      {list && <p className="bulk-count" role="status">{count === 0 ? a.bulk.emptyFile : a.bulk.fileRead(count)}</p>}
      <label className="field">
        <span>{a.bulk.reason}</span>
        <input name="bulk-reason" dir="auto" maxLength={1000} value={reason} onChange={(e) => setReason(e.target.value)} />
      </label>
      <div className="admin-actions">
        <button type="button" className="danger bulk-from-file" disabled={count === 0 || job?.state === 'running'} onClick={() => setAsking('file')}>
          {a.bulk.fromFile}
        </button>
        <button type="button" className="secondary bulk-from-filter" disabled={job?.state === 'running' || !Object.values(filter).some(Boolean)} onClick={() => setAsking('filter')}>
          {a.bulk.fromFilter}
        </button>
      </div>
      {job && (
        <div className="bulk-progress" data-state={job.state}>
          <label htmlFor="bulk-progress-bar">{a.bulk.progress}</label>
          <progress id="bulk-progress-bar" max={100} value={percent} aria-valuetext={formatPercent(percent, lang)} />
          <p role="status">
            <bdi className="bulk-percent">{formatPercent(percent, lang)}</bdi> · {a.bulk.counts(job.done, job.total, job.failed)} ·{' '}
            {job.state === 'running' ? a.bulk.running : job.state === 'finished' ? a.bulk.finished : a.bulk.failedState}
          </p>
        </div>
      )}
      {error && <p className="error" role="alert">{error}</p>}
      <ConfirmDialog
        open={asking !== null}
        className="confirm-bulk"
        title={a.bulk.confirmTitle}
        confirmLabel={a.bulk.confirm}
        cancelLabel={a.cancel}
        onCancel={() => setAsking(null)}
        onConfirm={() => void start(asking!)}
      >
        <p>{asking === 'file' ? a.bulk.confirmFile(count) : a.bulk.confirmFilter}</p>
      </ConfirmDialog>
    </section>
  );
}
