// The form of a list's settings: title, which replies it shows, and whether its members' posts
// leave home (exclusive). Creates a list, or edits one when `initial` is given.
import { useId, useState, type FormEvent } from 'react';
import type { ListInput, RepliesPolicy } from '../../api/organising';
import { ApiError } from '../../api/client';
import { useI18n } from '../../i18n';

interface Props {
  initial?: ListInput;
  submitLabel: string;
  className: string;
  /** Resolves once saved; a rejection keeps the form and says what went wrong. */
  onSubmit(input: ListInput): Promise<unknown>;
  onCancel?(): void;
}

const POLICIES: RepliesPolicy[] = ['list', 'followed', 'none'];

export function ListForm({ initial, submitLabel, className, onSubmit, onCancel }: Props) {
  const { t } = useI18n();
  const s = t.organising.lists;
  const id = useId();
  const [title, setTitle] = useState(initial?.title ?? '');
  const [policy, setPolicy] = useState<RepliesPolicy>(initial?.replies_policy ?? 'list');
  const [exclusive, setExclusive] = useState(initial?.exclusive ?? false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!title.trim()) return;
    setBusy(true);
    setError(null);
    try {
      await onSubmit({ title: title.trim(), replies_policy: policy, exclusive });
      if (!initial) {
        setTitle('');
        setExclusive(false);
      }
    } catch (err) {
      // The server's messages are English: the reader is told in their language instead.
      setError(err instanceof ApiError && err.status === 422 ? s.invalid : t.safety.actionFailed);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className={`list-form card ${className}`} onSubmit={(e) => void submit(e)}>
      <label htmlFor={`${id}-title`}>{s.name}</label>
      <input id={`${id}-title`} name="title" dir="auto" required maxLength={100} value={title} onChange={(e) => setTitle(e.target.value)} />
      <label htmlFor={`${id}-policy`}>{s.repliesPolicy}</label>
      <select id={`${id}-policy`} name="replies_policy" value={policy} onChange={(e) => setPolicy(e.target.value as RepliesPolicy)}>
        {POLICIES.map((p) => (
          <option key={p} value={p}>
            {s.replies[p]}
          </option>
        ))}
      </select>
      <label className="check">
        <input type="checkbox" name="exclusive" checked={exclusive} onChange={(e) => setExclusive(e.target.checked)} aria-describedby={`${id}-exclusive`} />
        {s.exclusive}
      </label>
      <p id={`${id}-exclusive`} className="muted hint">
        {s.exclusiveHint}
      </p>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="primary" disabled={busy || !title.trim()}>
          {submitLabel}
        </button>
        {onCancel && (
          <button type="button" className="secondary" onClick={onCancel}>
            {s.cancel}
          </button>
        )}
      </div>
    </form>
  );
}
