// Reporting an account to the moderators, on one screen: what is wrong (spam, illegal, breaks
// some of the server's rules, something else), which of their recent posts to attach (the one
// reported from is already ticked), a comment; then a thank-you with the offer to block or mute.
import { useEffect, useState, type FormEvent } from 'react';
import { ApiError, api } from '../../api/client';
import type { Account, Report, Rule, Status } from '../../api/types';
import { useI18n } from '../../i18n';
import { displayName, formatDate } from '../../lib/format';
import { WithName } from '../WithName';
import { Modal } from './Modal';
import { useRelationship } from './relationships';

const CATEGORIES = ['spam', 'legal', 'violation', 'other'] as const;
type Category = (typeof CATEGORIES)[number];
const COMMENT_LIMIT = 1000;

let rulesRequest: Promise<Rule[]> | null = null;
/** The instance's rules change rarely: read once per page load (again after a failure). */
function instanceRules(): Promise<Rule[]> {
  rulesRequest ??= api<Rule[]>('/api/v1/instance/rules').catch(() => {
    rulesRequest = null;
    return [];
  });
  return rulesRequest;
}

/** A post as plain text for the picker: its HTML is the server's, shown here as text only. */
function plainText(html: string): string {
  return new DOMParser().parseFromString(html, 'text/html').body.textContent?.trim() ?? '';
}

interface Props {
  account: Account;
  /** The post the report started from, attached by default. */
  statusId?: string;
  onClose(): void;
  /** After sending, the reader may block or mute right away. */
  onBlock(): void;
  onMute(): void;
}

export function ReportDialog({ account, statusId, onClose, onBlock, onMute }: Props) {
  const { t, lang } = useI18n();
  const [rules, setRules] = useState<Rule[] | null>(null);
  const [posts, setPosts] = useState<Status[] | null>(null);
  const [category, setCategory] = useState<Category | null>(null);
  const [ruleIds, setRuleIds] = useState<string[]>([]);
  const [statusIds, setStatusIds] = useState<string[]>(statusId ? [statusId] : []);
  const [comment, setComment] = useState('');
  const [state, setState] = useState<'editing' | 'sending' | 'sent'>('editing');
  const [error, setError] = useState<string | null>(null);
  const rel = useRelationship(account.id, true);
  const name = displayName(account);

  useEffect(() => {
    instanceRules().then(setRules);
    api<Status[]>(`/api/v1/accounts/${account.id}/statuses?limit=20&exclude_reblogs=true`).then(setPosts, () => setPosts([]));
  }, [account.id]);

  const toggle = (list: string[], id: string, on: boolean) => (on ? [...list, id] : list.filter((x) => x !== id));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!category) return;
    if (category === 'violation' && ruleIds.length === 0) {
      setError(t.safety.rulesRequired);
      return;
    }
    setError(null);
    setState('sending');
    try {
      await api<Report>('/api/v1/reports', {
        method: 'POST',
        body: { account_id: account.id, status_ids: statusIds, comment, category, rule_ids: category === 'violation' ? ruleIds : [], forward: false },
      });
      setState('sent');
    } catch (err) {
      setError(err instanceof ApiError && err.status === 422 ? err.message : t.safety.actionFailed);
      setState('editing');
    }
  };

  if (state === 'sent') {
    return (
      <Modal title={t.safety.thanksTitle} className="report-dialog report-sent" onClose={onClose}>
        <p>{t.safety.thanks}</p>
        <div className="dialog-actions">
          {rel && !rel.muting && !rel.blocking && (
            <button type="button" className="secondary also-mute" onClick={onMute}>
              {t.safety.alsoMute}
            </button>
          )}
          {rel && !rel.blocking && (
            <button type="button" className="secondary also-block" onClick={onBlock}>
              {t.safety.alsoBlock}
            </button>
          )}
          <button type="button" className="primary" autoFocus onClick={onClose}>
            {t.safety.close}
          </button>
        </div>
      </Modal>
    );
  }

  // Without rules there is nothing a violation report could cite.
  const categories = CATEGORIES.filter((c) => c !== 'violation' || (rules?.length ?? 0) > 0);
  return (
    <Modal title={<WithName template={t.safety.reportTitle} name={name} />} className="report-dialog" onClose={onClose}>
      <form onSubmit={(e) => void submit(e)}>
        <p className="muted">{t.safety.reportLead}</p>
        <fieldset className="choices">
          <legend>{t.safety.category}</legend>
          {categories.map((c) => (
            <label key={c} className="choice">
              <input type="radio" name="category" value={c} checked={category === c} onChange={() => setCategory(c)} required />
              <span>
                {t.safety.categories[c]}
                <small className="muted">{t.safety.categoryHints[c]}</small>
              </span>
            </label>
          ))}
        </fieldset>
        {category === 'violation' && rules && (
          <fieldset className="choices rules">
            <legend>{t.safety.rules}</legend>
            {rules.map((rule) => (
              <label key={rule.id} className="choice">
                <input type="checkbox" name="rule" value={rule.id} checked={ruleIds.includes(rule.id)} onChange={(e) => setRuleIds(toggle(ruleIds, rule.id, e.target.checked))} />
                <span dir="auto">
                  {rule.text}
                  {rule.hint && <small className="muted" dir="auto">{rule.hint}</small>}
                </span>
              </label>
            ))}
          </fieldset>
        )}
        <fieldset className="choices posts">
          <legend>{t.safety.attach}</legend>
          {posts === null && <p className="muted">{t.safety.loading}</p>}
          {posts?.length === 0 && <p className="muted">{t.safety.attachNone}</p>}
          {posts?.map((post) => (
            <label key={post.id} className="choice report-post">
              <input type="checkbox" name="status" value={post.id} checked={statusIds.includes(post.id)} onChange={(e) => setStatusIds(toggle(statusIds, post.id, e.target.checked))} />
              <span>
                <span className="report-post-text" dir="auto" lang={post.language ?? undefined}>
                  {post.spoiler_text || plainText(post.content)}
                </span>
                <time className="muted" dateTime={post.created_at}>{formatDate(post.created_at, lang)}</time>
              </span>
            </label>
          ))}
        </fieldset>
        <label className="field">
          <span>{t.safety.comment}</span>
          <textarea name="comment" dir="auto" rows={3} maxLength={COMMENT_LIMIT} value={comment} onChange={(e) => setComment(e.target.value)} />
        </label>
        {error && <p className="error" role="alert">{error}</p>}
        <div className="dialog-actions">
          <button type="button" className="secondary" onClick={onClose}>
            {t.safety.cancel}
          </button>
          <button type="submit" className="danger send-report" disabled={!category || state === 'sending'}>
            {state === 'sending' ? t.safety.sending : t.safety.submitReport}
          </button>
        </div>
      </form>
    </Modal>
  );
}
