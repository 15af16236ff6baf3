// The reader's lists (GET /api/v1/lists): create one, open, rename or delete each.
import { useEffect, useState } from 'react';
import { lists as listsApi, type List } from '../api/organising';
import { useI18n } from '../i18n';
import { Layout } from '../components/Layout';
import { Link } from '../lib/router';
import { ListForm } from '../components/organising/ListForm';
import { announce } from '../components/safety/Toast';
import { isolate } from '../components/safety/isolate';

export function Lists() {
  const { t } = useI18n();
  const s = t.organising.lists;
  const [items, setItems] = useState<List[] | null>(null);
  const [failed, setFailed] = useState(false);
  const [editing, setEditing] = useState<string | null>(null);

  useEffect(() => {
    listsApi.all().then(setItems, () => setFailed(true));
  }, []);

  const sorted = items && [...items].sort((a, b) => a.title.localeCompare(b.title));
  const replace = (list: List) => setItems((all) => all?.map((l) => (l.id === list.id ? list : l)) ?? null);

  const remove = async (list: List) => {
    if (!window.confirm(s.confirmDelete(list.title))) return;
    try {
      await listsApi.remove(list.id);
      setItems((all) => all?.filter((l) => l.id !== list.id) ?? null);
      announce(s.deleted(isolate(list.title)));
    } catch {
      announce(t.safety.actionFailed);
    }
  };

  return (
    <Layout title={s.title}>
      <section aria-labelledby="new-list">
        <h2 id="new-list">{s.create}</h2>
        <ListForm
          className="new-list"
          submitLabel={s.add}
          onSubmit={async (input) => {
            const created = await listsApi.create(input);
            setItems((all) => [...(all ?? []), created]);
            announce(s.created(isolate(created.title)));
          }}
        />
      </section>
      {failed && <p className="error">{t.errors.generic}</p>}
      {!failed && items === null && <p className="muted">{t.timeline.loading}</p>}
      {items?.length === 0 && <p className="muted">{s.empty}</p>}
      {!!sorted?.length && (
        <ul className="card lists">
          {sorted.map((list) => (
            <li key={list.id} className="list-row" data-list-id={list.id}>
              {editing === list.id ? (
                <ListForm
                  className="edit-list"
                  initial={list}
                  submitLabel={s.save}
                  onCancel={() => setEditing(null)}
                  onSubmit={async (input) => {
                    replace(await listsApi.update(list.id, input));
                    setEditing(null);
                    announce(s.saved);
                  }}
                />
              ) : (
                <>
                  <Link to={`/lists/${list.id}`} className="list-title" dir="auto">
                    {list.title}
                  </Link>
                  <span className="row-actions">
                    <button type="button" className="secondary rename-list" aria-label={s.renameNamed(isolate(list.title))} onClick={() => setEditing(list.id)}>
                      {s.rename}
                    </button>
                    <button type="button" className="secondary danger-text delete-list" aria-label={s.deleteNamed(isolate(list.title))} onClick={() => void remove(list)}>
                      {s.delete}
                    </button>
                  </span>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
}
