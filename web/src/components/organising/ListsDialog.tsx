// "Add to or remove from lists" for one account (from its profile): every list of the reader
// with a checkbox saying whether the account is in it; each change is saved at once.
import { useEffect, useState } from 'react';
import type { Account } from '../../api/types';
import { lists as listsApi, type List } from '../../api/organising';
import { useI18n } from '../../i18n';
import { displayName } from '../../lib/format';
import { Link } from '../../lib/router';
import { Modal } from '../safety/Modal';
import { WithName } from '../WithName';
import { announce } from '../safety/Toast';
import { isolate } from '../safety/isolate';

export function ListsDialog({ account, onClose }: { account: Account; onClose(): void }) {
  const { t } = useI18n();
  const s = t.organising.lists;
  const [all, setAll] = useState<List[] | null>(null);
  const [holding, setHolding] = useState<Set<string>>(new Set());
  const [busy, setBusy] = useState<string | null>(null);
  const name = displayName(account);

  useEffect(() => {
    Promise.all([listsApi.all(), listsApi.holding(account.id)]).then(
      ([mine, inside]) => {
        setAll([...mine].sort((a, b) => a.title.localeCompare(b.title)));
        setHolding(new Set(inside.map((l) => l.id)));
      },
      () => setAll([]),
    );
  }, [account.id]);

  const mark = (list: List, add: boolean) =>
    setHolding((set) => {
      const next = new Set(set);
      if (add) next.add(list.id);
      else next.delete(list.id);
      return next;
    });

  // The box follows the click at once and goes back if the server refused.
  const toggle = async (list: List, add: boolean) => {
    setBusy(list.id);
    mark(list, add);
    try {
      if (add) await listsApi.addMember(list.id, account.id);
      else await listsApi.removeMember(list.id, account.id);
      announce((add ? s.added : s.removed)(isolate(name)));
    } catch {
      mark(list, !add);
      announce(t.safety.actionFailed);
    } finally {
      setBusy(null);
    }
  };

  return (
    <Modal title={<WithName template={s.manageTitle} name={name} />} className="lists-dialog" onClose={onClose}>
      {all === null && <p className="muted">{t.timeline.loading}</p>}
      {all?.length === 0 && <p className="muted">{s.noLists}</p>}
      {!!all?.length && (
        <ul className="list-choices">
          {all.map((list) => (
            <li key={list.id}>
              <label className="check">
                <input type="checkbox" checked={holding.has(list.id)} disabled={busy === list.id} onChange={(e) => void toggle(list, e.target.checked)} />
                <bdi>{list.title}</bdi>
              </label>
            </li>
          ))}
        </ul>
      )}
      <div className="form-actions">
        <Link to="/lists" className="button secondary" onClick={onClose}>
          {s.allLists}
        </Link>
        <button type="button" className="primary" onClick={onClose}>
          {t.safety.close}
        </button>
      </div>
    </Modal>
  );
}
