// The reader's keyword filters (Mastodon's /api/v2/filters): listed with their words, where
// they apply and what they do; added with one or more words; removed after confirming.
import { useEffect, useState, type FormEvent } from 'react';
import { api } from '../api/client';
import type { FilterContext } from '../api/types';
import { useI18n } from '../i18n';

interface Filter {
  id: string;
  title: string;
  context: FilterContext[];
  expires_at: string | null;
  filter_action: 'warn' | 'hide' | 'blur';
  keywords: { id: string; keyword: string; whole_word: boolean }[];
}

const CONTEXTS: FilterContext[] = ['home', 'notifications', 'public', 'thread', 'account'];
const EXPIRIES = [0, 3600, 86400, 7 * 86400, 30 * 86400];

export function FilterSettings() {
  const { t, lang } = useI18n();
  const f = t.filters;
  const [filters, setFilters] = useState<Filter[] | null>(null);
  const [form, setForm] = useState({ title: '', words: '', wholeWord: true, action: 'warn', expiresIn: 0, context: new Set<FilterContext>(CONTEXTS) });
  const [message, setMessage] = useState<string | null>(null);

  useEffect(() => {
    api<Filter[]>('/api/v2/filters').then(setFilters, () => setFilters([]));
  }, []);

  const words = form.words.split(/[,،\n]/).map((w) => w.trim()).filter(Boolean);
  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    setMessage(null);
    try {
      const created = await api<Filter>('/api/v2/filters', {
        method: 'POST',
        body: {
          title: form.title.trim() || words[0],
          context: [...form.context],
          filter_action: form.action,
          expires_in: form.expiresIn || undefined,
          keywords_attributes: words.map((keyword) => ({ keyword, whole_word: form.wholeWord })),
        },
      });
      setFilters((list) => [...(list ?? []), created]);
      setForm({ ...form, title: '', words: '' });
      setMessage(f.added);
    } catch (err) {
      setMessage((err as Error).message || t.errors.generic);
    }
  };

  const remove = async (filter: Filter) => {
    if (!window.confirm(f.confirmRemove(filter.title))) return;
    await api(`/api/v2/filters/${filter.id}`, { method: 'DELETE' });
    setFilters((list) => (list ?? []).filter((x) => x.id !== filter.id));
  };

  const toggleContext = (context: FilterContext) => {
    const next = new Set(form.context);
    if (next.has(context)) next.delete(context);
    else next.add(context);
    setForm({ ...form, context: next });
  };

  const separator = lang === 'ar' ? '، ' : ', ';
  return (
    <section className="card settings filter-settings" aria-labelledby="filters-title">
      <h2 id="filters-title">{f.title}</h2>
      <p>{f.lead}</p>
      {filters?.length === 0 && <p>{f.none}</p>}
      <ul className="filter-list">
        {filters?.map((filter) => (
          <li key={filter.id} className="filter-item">
            <strong dir="auto">{filter.title}</strong>
            <span dir="auto"> — {filter.keywords.map((k) => k.keyword).join(separator)}</span>
            <div className="filter-meta">
              {f.actions[filter.filter_action]} · {filter.context.map((c) => f.contexts[c]).join(separator)}
              {filter.expires_at && ` · ${new Date(filter.expires_at) < new Date() ? f.expired : f.until(new Date(filter.expires_at).toLocaleString(lang))}`}
            </div>
            <button type="button" className="secondary" onClick={() => remove(filter)}>
              {f.remove}
            </button>
          </li>
        ))}
      </ul>
      <form onSubmit={onSubmit} className="filter-form">
        <label className="field">
          <span>{f.words}</span>
          <input name="filter-words" dir="auto" required value={form.words} onChange={(e) => setForm({ ...form, words: e.target.value })} placeholder={f.wordsHint} />
        </label>
        <label className="field">
          <span>{f.name}</span>
          <input name="filter-title" dir="auto" maxLength={256} value={form.title} onChange={(e) => setForm({ ...form, title: e.target.value })} />
        </label>
        <label>
          <input type="checkbox" name="filter-whole-word" checked={form.wholeWord} onChange={(e) => setForm({ ...form, wholeWord: e.target.checked })} /> {f.wholeWord}
        </label>
        <fieldset className="field">
          <legend>{f.where}</legend>
          {CONTEXTS.map((c) => (
            <label key={c}>
              <input type="checkbox" name={`filter-context-${c}`} checked={form.context.has(c)} onChange={() => toggleContext(c)} /> {f.contexts[c]}
            </label>
          ))}
        </fieldset>
        <label className="field">
          <span>{f.action}</span>
          <select name="filter-action" value={form.action} onChange={(e) => setForm({ ...form, action: e.target.value })}>
            <option value="warn">{f.actions.warn}</option>
            <option value="hide">{f.actions.hide}</option>
          </select>
        </label>
        <label className="field">
          <span>{f.expiresIn}</span>
          <select name="filter-expires" value={form.expiresIn} onChange={(e) => setForm({ ...form, expiresIn: Number(e.target.value) })}>
            {EXPIRIES.map((seconds, i) => (
              <option key={seconds} value={seconds}>
                {f.expiries[i]}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="primary" disabled={words.length === 0 || form.context.size === 0}>
          {f.add}
        </button>
        {message && <p role="status">{message}</p>}
      </form>
    </section>
  );
}
