// Settings: the reader's keyword filters (GET /api/v2/filters): title, keywords, where they
// apply, warn or hide, when they expire; each can be edited or deleted.
import { useEffect, useState } from 'react';
import { api } from '../../api/client';
import type { Filter } from '../../api/types';
import { useI18n } from '../../i18n';
import { formatDate } from '../../lib/format';
import { Link } from '../../lib/router';
import { Layout } from '../../components/Layout';
import { announce } from '../../components/safety/Toast';
import { SettingsNav } from './SettingsNav';

export function Filters() {
  const { t, lang } = useI18n();
  const f = t.safety.filters;
  const [filters, setFilters] = useState<Filter[] | null>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    api<Filter[]>('/api/v2/filters').then(setFilters, () => setFailed(true));
  }, []);

  const remove = async (filter: Filter) => {
    if (!window.confirm(f.confirmDelete(filter.title))) return;
    try {
      await api(`/api/v2/filters/${filter.id}`, { method: 'DELETE' });
      setFilters((list) => list?.filter((x) => x.id !== filter.id) ?? null);
    } catch {
      announce(t.safety.actionFailed);
    }
  };

  const list = lang === 'ar' ? '، ' : ', ';
  return (
    <Layout title={f.title}>
      <SettingsNav />
      <p>
        <Link to="/settings/filters/new" className="button primary new-filter">
          {f.add}
        </Link>
      </p>
      {failed && <p className="error">{t.errors.generic}</p>}
      {!failed && filters === null && <p className="muted">{t.timeline.loading}</p>}
      {filters?.length === 0 && <p className="muted">{f.empty}</p>}
      <ul className="filter-list">
        {filters?.map((filter) => {
          const expired = filter.expires_at !== null && Date.parse(filter.expires_at) <= Date.now();
          return (
            <li key={filter.id} className="card filter-item" data-filter-id={filter.id}>
              <h2 dir="auto">{filter.title}</h2>
              <p className="filter-keywords">
                {(filter.keywords ?? []).map((k) => (
                  <bdi key={k.id} className="keyword" dir="auto">
                    {k.keyword}
                  </bdi>
                ))}
              </p>
              <p className="muted">
                {filter.context.map((c) => f.contextNames[c]).join(list)} · {f.actions[filter.filter_action === 'hide' ? 'hide' : 'warn']}
                {filter.expires_at && (
                  <>
                    {' · '}
                    {expired ? f.expired : <time dateTime={filter.expires_at}>{f.expiresAt(formatDate(filter.expires_at, lang))}</time>}
                  </>
                )}
              </p>
              <div className="row-actions">
                <Link to={`/settings/filters/${filter.id}`} className="button secondary edit-filter">
                  {f.edit}
                </Link>
                <button type="button" className="secondary delete-filter" onClick={() => void remove(filter)}>
                  {f.delete}
                </button>
              </div>
            </li>
          );
        })}
      </ul>
    </Layout>
  );
}
