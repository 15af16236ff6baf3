// The server rules editor (GET/POST/PUT/DELETE /api/v1/admin/rules): the rules people pick from
// when they report, in the order moderators give them.
import { useEffect, useState, type FormEvent } from 'react';
import { adminApi, type AdminRule } from '../../api/admin';
import { ApiError } from '../../api/client';
import { AdminFrame } from '../../components/admin/AdminFrame';
import { ConfirmDialog } from '../../components/admin/ConfirmDialog';
import { useAdminStrings } from './i18n';

type Draft = { text: string; hint: string; priority: string };
const byPriority = (a: AdminRule, b: AdminRule) => a.priority - b.priority || Number(a.id) - Number(b.id);

function RuleForm({ initial, submitLabel, onSubmit, onCancel }: { initial: Draft; submitLabel: string; onSubmit(d: Draft): Promise<void>; onCancel?(): void }) {
  const a = useAdminStrings();
  const [draft, setDraft] = useState(initial);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError('');
    try {
      await onSubmit(draft);
    } catch (err) {
      setError(a.failed(err instanceof ApiError ? err.message : String(err)));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="rule-form" onSubmit={submit}>
      <label className="field">
        <span>{a.rules.text}</span>
        <textarea name="text" dir="auto" rows={2} required maxLength={300} value={draft.text} onChange={(e) => setDraft({ ...draft, text: e.target.value })} />
      </label>
      <label className="field">
        <span>{a.rules.hint}</span>
        <textarea name="hint" dir="auto" rows={2} maxLength={2000} value={draft.hint} onChange={(e) => setDraft({ ...draft, hint: e.target.value })} />
      </label>
      <label className="field priority">
        <span>{a.rules.priority}</span>
        <input name="priority" type="number" inputMode="numeric" dir="ltr" value={draft.priority} onChange={(e) => setDraft({ ...draft, priority: e.target.value })} />
      </label>
      <div className="admin-actions">
        <button type="submit" className="primary" disabled={busy || !draft.text.trim()}>
          {submitLabel}
        </button>
        {onCancel && (
          <button type="button" className="secondary" onClick={onCancel}>
            {a.cancel}
          </button>
        )}
      </div>
      {error && <p className="error" role="alert">{error}</p>}
    </form>
  );
}

const body = (d: Draft) => ({ text: d.text.trim(), hint: d.hint.trim(), ...(d.priority.trim() ? { priority: Number(d.priority) } : {}) });

export function Rules() {
  const a = useAdminStrings();
  const [rules, setRules] = useState<AdminRule[] | null>(null);
  const [error, setError] = useState('');
  const [editing, setEditing] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<AdminRule | null>(null);
  const [formKey, setFormKey] = useState(0);
  useEffect(() => {
    adminApi.rules().then((r) => setRules([...r].sort(byPriority)), (e) => setError(e instanceof ApiError ? e.message : String(e)));
  }, []);
  const put = (rule: AdminRule) => setRules((old) => [...(old ?? []).filter((r) => r.id !== rule.id), rule].sort(byPriority));
  return (
    <AdminFrame title={a.rules.title} permission="manage_rules">
      <p className="muted">{a.rules.lead}</p>
      {error && <p className="error" role="alert">{a.failed(error)}</p>}
      {!rules && !error && <p className="muted">{a.loading}</p>}
      {rules && rules.length === 0 && <p className="muted admin-empty">{a.rules.empty}</p>}
      {rules && rules.length > 0 && (
        <ol className="rule-list">
          {rules.map((rule) => (
            <li key={rule.id} className="card rule" data-rule-id={rule.id}>
              {editing === rule.id ? (
                <RuleForm
                  initial={{ text: rule.text, hint: rule.hint, priority: String(rule.priority) }}
                  submitLabel={a.save}
                  onCancel={() => setEditing(null)}
                  onSubmit={async (d) => {
                    put(await adminApi.updateRule(rule.id, body(d)));
                    setEditing(null);
                  }}
                />
              ) : (
                <>
                  <p className="rule-text" dir="auto">{rule.text}</p>
                  {rule.hint && <p className="rule-hint muted" dir="auto">{rule.hint}</p>}
                  <div className="admin-actions">
                    <button type="button" className="secondary edit-rule" onClick={() => setEditing(rule.id)}>
                      {a.rules.edit}
                    </button>
                    <button type="button" className="secondary delete-rule" onClick={() => setDeleting(rule)}>
                      {a.rules.delete}
                    </button>
                  </div>
                </>
              )}
            </li>
          ))}
        </ol>
      )}
      <section className="card new-rule" aria-labelledby="new-rule-title">
        <h2 id="new-rule-title">{a.rules.newRule}</h2>
        <RuleForm
          key={formKey}
          initial={{ text: '', hint: '', priority: '' }}
          submitLabel={a.rules.add}
          onSubmit={async (d) => {
            put(await adminApi.createRule(body(d)));
            setFormKey((k) => k + 1);
          }}
        />
      </section>
      <ConfirmDialog
        open={deleting !== null}
        title={a.rules.confirmDelete}
        confirmLabel={a.rules.delete}
        cancelLabel={a.cancel}
        onCancel={() => setDeleting(null)}
        onConfirm={() => {
          const rule = deleting!;
          setDeleting(null);
          adminApi.deleteRule(rule.id).then(
            () => setRules((old) => (old ?? []).filter((r) => r.id !== rule.id)),
            (e) => setError(e instanceof ApiError ? e.message : String(e)),
          );
        }}
      >
        <p dir="auto">{deleting?.text}</p>
      </ConfirmDialog>
    </AdminFrame>
  );
}
