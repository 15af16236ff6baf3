// Search people, hashtags and posts. The box follows the direction of what is typed. Arabic
// matching without diacritics is the server's work (it normalises both sides).
import { useEffect, useState, type FormEvent } from 'react';
import { api, qs } from '../api/client';
import type { SearchResults } from '../api/types';
import { useI18n } from '../i18n';
import { Layout } from '../components/Layout';
import { AccountRow } from '../components/AccountRow';
import { StatusCard } from '../components/StatusCard';
import { TagList } from './Explore';
import { navigate, useLocation } from '../lib/router';

export function Search() {
  const { t } = useI18n();
  const { search } = useLocation();
  const q = search.get('q') ?? '';
  const [draft, setDraft] = useState(q);
  const [results, setResults] = useState<SearchResults | null>(null);

  useEffect(() => {
    setDraft(q);
    if (!q.trim()) return setResults(null);
    let cancelled = false;
    api<SearchResults>(`/api/v2/search${qs({ q, limit: 20 })}`).then(
      (r) => !cancelled && setResults(r),
      () => !cancelled && setResults({ accounts: [], statuses: [], hashtags: [] }),
    );
    return () => {
      cancelled = true;
    };
  }, [q]);

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    navigate(`/search${qs({ q: draft.trim() })}`);
  };

  const none = results && !results.accounts.length && !results.hashtags.length && !results.statuses.length;
  return (
    <Layout title={t.search.title}>
      <form role="search" className="search-form" onSubmit={onSubmit}>
        <label htmlFor="search-q" className="visually-hidden">
          {t.search.label}
        </label>
        <input id="search-q" type="search" dir="auto" value={draft} placeholder={t.search.placeholder} onChange={(e) => setDraft(e.target.value)} autoFocus />
        <button type="submit" className="primary">
          {t.search.submit}
        </button>
      </form>
      {none && <p className="muted">{t.search.none}</p>}
      {results && results.accounts.length > 0 && (
        <section aria-labelledby="r-accounts" className="results">
          <h2 id="r-accounts">{t.search.accounts}</h2>
          <ul className="account-list">{results.accounts.map((a) => <AccountRow key={a.id} account={a} />)}</ul>
        </section>
      )}
      {results && results.hashtags.length > 0 && (
        <section aria-labelledby="r-tags" className="results">
          <h2 id="r-tags">{t.search.hashtags}</h2>
          <TagList tags={results.hashtags} />
        </section>
      )}
      {results && results.statuses.length > 0 && (
        <section aria-labelledby="r-statuses" className="results">
          <h2 id="r-statuses">{t.search.statuses}</h2>
          {results.statuses.map((s) => <StatusCard key={s.id} status={s} />)}
        </section>
      )}
    </Layout>
  );
}
