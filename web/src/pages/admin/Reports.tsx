// The report queue (GET /api/v1/admin/reports): open reports first, resolved ones on the other
// tab; each report carries its posts in context and its actions (ReportCard).
import { useEffect, useState, type ReactNode } from 'react';
import { adminApi, PAGE_SIZE, type AdminReport } from '../../api/admin';
import { ApiError } from '../../api/client';
import { Link, useLocation } from '../../lib/router';
import { AdminFrame } from '../../components/admin/AdminFrame';
import { ReportCard } from '../../components/admin/ReportCard';
import { useAdminStrings } from './i18n';
import { usePaged } from './usePaged';

export function Reports() {
  const a = useAdminStrings();
  const { search } = useLocation();
  const resolved = search.get('resolved') === 'true';
  const list = usePaged(() => adminApi.reports({ resolved }), String(resolved), PAGE_SIZE.reports);
  // A report resolved (or reopened) here leaves this tab's list.
  const onChange = (next: AdminReport) =>
    list.setItems((items) => (next.action_taken !== resolved ? items.filter((r) => r.id !== next.id) : items.map((r) => (r.id === next.id ? next : r))));
  return (
    <AdminFrame title={a.reports.title} permission="manage_reports">
      <nav className="admin-filter" aria-label={a.reports.filterLabel}>
        <Link to="/admin/reports" aria-current={!resolved ? 'page' : undefined}>
          {a.reports.unresolved}
        </Link>
        <Link to="/admin/reports?resolved=true" aria-current={resolved ? 'page' : undefined}>
          {a.reports.resolved}
        </Link>
      </nav>
      <PagedList list={list} empty={a.reports.empty} render={(r) => <ReportCard key={r.id} report={r} onChange={onChange} />} />
    </AdminFrame>
  );
}

/** One report by id (links from the audit log and the account view). */
export function ReportPage({ id }: { id: string }) {
  const a = useAdminStrings();
  const [report, setReport] = useState<AdminReport | null>(null);
  const [error, setError] = useState('');
  useEffect(() => {
    adminApi.report(id).then(setReport, (e) => setError(e instanceof ApiError ? e.message : String(e)));
  }, [id]);
  return (
    <AdminFrame title={a.reports.heading(id)} permission="manage_reports">
      {error ? <p className="error" role="alert">{a.failed(error)}</p> : report ? <ReportCard report={report} onChange={setReport} /> : <p className="muted">{a.loading}</p>}
    </AdminFrame>
  );
}

/** A paged list with its loading, empty and error states; `listClass` wraps the items in a <ul>. */
export function PagedList<T>({ list, empty, render, listClass }: { list: ReturnType<typeof usePaged<T>>; empty: string; render(item: T): ReactNode; listClass?: string }) {
  const a = useAdminStrings();
  if (list.error && !list.items) return <p className="error" role="alert">{a.failed(list.error)}</p>;
  if (!list.items) return <p className="muted" role="status">{a.loading}</p>;
  return (
    <>
      {list.items.length === 0 ? <p className="muted admin-empty">{empty}</p> : listClass ? <ul className={listClass}>{list.items.map(render)}</ul> : list.items.map(render)}
      {list.next && (
        <p className="load-more">
          <button type="button" className="secondary" onClick={list.loadMore}>
            {a.loadMore}
          </button>
        </p>
      )}
      {list.error && <p className="error" role="alert">{a.failed(list.error)}</p>}
    </>
  );
}
