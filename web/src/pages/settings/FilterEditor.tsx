// Creating or editing a keyword filter: POST /api/v2/filters, or PUT /api/v2/filters/:id with
// keywords_attributes (existing keywords by id, removed ones with _destroy), as Mastodon takes them.
import { useEffect, useState, type FormEvent } from 'react';
import { ApiError, api } from '../../api/client';
import type { Filter, FilterContext } from '../../api/types';
import { useI18n } from '../../i18n';
import { formatDate } from '../../lib/format';
import { Link, navigate } from '../../lib/router';
import { Layout } from '../../components/Layout';
import { announce } from '../../components/safety/Toast';
import { SettingsNav } from './SettingsNav';

const CONTEXTS: FilterContext[] = ['home', 'notifications', 'public', 'thread', 'account'];
const EXPIRIES = ['never', '1800', '3600', '21600', '43200', '86400', '604800'] as const;

interface KeywordRow {
  /** The server's id for a keyword that already exists. */
  id?: string;
  keyword: string;
  whole_word: boolean;
  /** A local key for rows not saved yet. */
  key: string;
}

let nextKey = 0;
const newRow = (): KeywordRow => ({ keyword: '', whole_word: true, key: `new-${nextKey++}` });

export function FilterEditor({ id }: { id?: string }) {
  const { t, lang } = useI18n();
  const f = t.safety.filters;
  const [original, setOriginal] = useState<Filter | null>(null);
  const [title, setTitle] = useState('');
  const [rows, setRows] = useState<KeywordRow[]>([newRow()]);
  const [contexts, setContexts] = useState<FilterContext[]>(['home', 'notifications', 'public', 'thread', 'account']);
  const [action, setAction] = useState<'warn' | 'hide'>('warn');
  const [expiry, setExpiry] = useState<string>(id ? 'keep' : 'never');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!id) return;
    api<Filter>(`/api/v2/filters/${encodeURIComponent(id)}`).then((filter) => {
      setOriginal(filter);
      setTitle(filter.title);
      setRows(filter.keywords?.length ? filter.keywords.map((k) => ({ id: k.id, keyword: k.keyword, whole_word: k.whole_word, key: k.id })) : [newRow()]);
      setContexts(filter.context);
      setAction(filter.filter_action === 'hide' ? 'hide' : 'warn');
    }, () => setError(t.errors.notFound));
  }, [id]);

  const setRow = (key: string, change: Partial<KeywordRow>) => setRows((list) => list.map((r) => (r.key === key ? { ...r, ...change } : r)));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const kept = rows.filter((r) => r.keyword.trim() !== '');
    if (kept.length === 0) return setError(f.needKeyword);
    if (contexts.length === 0) return setError(f.needContext);
    setError(null);
    setBusy(true);
    const removed = (original?.keywords ?? []).filter((k) => !kept.some((r) => r.id === k.id));
    const body: Record<string, unknown> = {
      title: title.trim(),
      context: contexts,
      filter_action: action,
      keywords_attributes: [
        ...kept.map((r) => ({ ...(r.id ? { id: r.id } : {}), keyword: r.keyword.trim(), whole_word: r.whole_word })),
        ...removed.map((k) => ({ id: k.id, _destroy: true })),
      ],
    };
    // Mastodon reads an empty expires_in as "never"; leaving it out keeps the current expiry.
    if (expiry !== 'keep') body.expires_in = expiry === 'never' ? '' : Number(expiry);
    try {
      await api<Filter>(id ? `/api/v2/filters/${encodeURIComponent(id)}` : '/api/v2/filters', { method: id ? 'PUT' : 'POST', body });
      announce(f.saved);
      navigate('/settings/filters');
    } catch (err) {
      setError(err instanceof ApiError && err.status === 422 ? err.message : t.safety.actionFailed);
      setBusy(false);
    }
  };

  const heading = id ? f.editTitle : f.newTitle;
  return (
    <Layout title={heading}>
      <SettingsNav />
      <form className="card settings filter-editor" onSubmit={(e) => void submit(e)}>
        <label className="field">
          <span>{f.name}</span>
          <input name="title" dir="auto" required maxLength={256} value={title} onChange={(e) => setTitle(e.target.value)} />
        </label>
        <fieldset className="choices keywords">
          <legend>{f.keywords}</legend>
          {rows.map((row, i) => (
            <div className="keyword-row" key={row.key}>
              <input
                name="keyword"
                dir="auto"
                aria-label={`${f.keyword} ${i + 1}`}
                placeholder={f.keyword}
                maxLength={512}
                value={row.keyword}
                onChange={(e) => setRow(row.key, { keyword: e.target.value })}
              />
              <label className="check">
                <input type="checkbox" name="whole_word" checked={row.whole_word} onChange={(e) => setRow(row.key, { whole_word: e.target.checked })} />
                {f.wholeWord}
              </label>
              <button type="button" className="secondary remove-keyword" aria-label={`${f.removeKeyword} ${i + 1}`} onClick={() => setRows((list) => (list.length > 1 ? list.filter((r) => r.key !== row.key) : [newRow()]))}>
                ×
              </button>
            </div>
          ))}
          <button type="button" className="secondary add-keyword" onClick={() => setRows((list) => [...list, newRow()])}>
            {f.addKeyword}
          </button>
        </fieldset>
        <fieldset className="choices contexts">
          <legend>{f.contexts}</legend>
          {CONTEXTS.map((c) => (
            <label key={c} className="check">
              <input type="checkbox" name="context" value={c} checked={contexts.includes(c)} onChange={(e) => setContexts((list) => (e.target.checked ? [...list, c] : list.filter((x) => x !== c)))} />
              {f.contextNames[c]}
            </label>
          ))}
        </fieldset>
        <fieldset className="choices actions">
          <legend>{f.action}</legend>
          {(['warn', 'hide'] as const).map((a) => (
            <label key={a} className="check">
              <input type="radio" name="filter_action" value={a} checked={action === a} onChange={() => setAction(a)} />
              {f.actions[a]}
            </label>
          ))}
        </fieldset>
        <label className="field">
          <span>{f.expiry}</span>
          <select name="expires_in" value={expiry} onChange={(e) => setExpiry(e.target.value)}>
            {id && <option value="keep">{original?.expires_at ? `${f.keep} (${formatDate(original.expires_at, lang)})` : f.keep}</option>}
            {EXPIRIES.map((x) => (
              <option key={x} value={x}>
                {f.expiries[x]}
              </option>
            ))}
          </select>
        </label>
        {error && <p className="error" role="alert">{error}</p>}
        <div className="dialog-actions">
          <Link to="/settings/filters" className="button secondary">
            {f.back}
          </Link>
          <button type="submit" className="primary save-filter" disabled={busy}>
            {f.save}
          </button>
        </div>
      </form>
    </Layout>
  );
}
