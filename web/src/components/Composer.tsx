// The composer: text that follows its own direction (dir="auto"), hashtags and mentions
// highlighted behind the text, the server's weighted counter, image attachments with alt text.
// Submitting goes through the outbox, so an outage keeps the post and sends it later, once.
import { useId, useMemo, useRef, useState, type FormEvent } from 'react';
import type { Status } from '../api/types';
import { useI18n } from '../i18n';
import { useTextLib } from '../lib/text-loader';
import { loadDraft, saveDraft, submit } from '../state/outbox';
import { maxCharacters, useInstance } from '../state/instance';
import { WithName } from './WithName';
import { useStore } from '../state/store';
import { session } from '../auth/session';
import { AttachmentPicker, describeAll, type Attachment } from './AttachmentPicker';

interface Props {
  replyTo?: Status;
  autoFocus?: boolean;
  onDone?(status: Status | null): void;
  onCancel?(): void;
}

export function Composer({ replyTo, autoFocus, onDone, onCancel }: Props) {
  const { t } = useI18n();
  const instance = useInstance();
  const scope = replyTo ? `reply:${replyTo.id}` : 'home';
  const me = useStore(session);
  // A reply starts by naming the author — unless one is replying to oneself.
  const [text, setText] = useState(() => loadDraft(scope) || (replyTo && replyTo.account.id !== me?.accountId ? `@${replyTo.account.acct} ` : ''));
  const [attachments, setAttachments] = useState<Attachment[]>([]);
  // The content warning's text, or null while the post has none (its field is folded away).
  const [warning, setWarning] = useState<string | null>(null);
  const [markedSensitive, setMarkedSensitive] = useState(false);
  // Another account in this same composer (it stayed mounted across a sign-in): start from that
  // account's own draft, never from what the previous one typed or attached.
  const [owner, setOwner] = useState(me?.accountId);
  if (owner !== me?.accountId) {
    setOwner(me?.accountId);
    setText(loadDraft(scope));
    setAttachments([]);
    setWarning(null);
    setMarkedSensitive(false);
  }
  const [message, setMessage] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const ref = useRef<HTMLTextAreaElement>(null);
  const id = useId();
  const max = maxCharacters(instance);
  const textLib = useTextLib(text !== '');
  const used = useMemo(() => (textLib ? textLib.weightedLength(text) : [...text].length), [text, textLib]);
  const parts = useMemo(() => (textLib ? textLib.segments(text) : [{ text }]), [text, textLib]);
  const left = max - used;
  const uploading = attachments.some((a) => !a.media);
  const empty = text.trim() === '' && attachments.length === 0;
  const warned = (warning ?? '').trim() !== '';

  const change = (value: string) => {
    setText(value);
    saveDraft(scope, value);
    setMessage(null);
  };

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    if (empty || left < 0 || uploading || sending) return;
    setSending(true);
    await describeAll(attachments).catch(() => {});
    const result = await submit({
      status: text,
      in_reply_to_id: replyTo?.id,
      media_ids: attachments.flatMap((a) => (a.media ? [a.media.id] : [])),
      ...(warned ? { spoiler_text: warning!.trim() } : {}),
      // Media behind a content warning is sensitive too, as the server (and Mastodon) has it.
      ...(attachments.length > 0 && (markedSensitive || warned) ? { sensitive: true } : {}),
    });
    setSending(false);
    if (result.kind === 'rejected') {
      setMessage(t.compose.failed(result.error.message));
      return;
    }
    // Posted or safely queued: either way the text now lives elsewhere, so the box is cleared.
    change('');
    setAttachments([]);
    setWarning(null);
    setMarkedSensitive(false);
    setMessage(result.kind === 'posted' ? t.compose.sent : t.compose.queued);
    onDone?.(result.kind === 'posted' ? result.status : null);
    ref.current?.focus();
  };

  return (
    <form className="composer" onSubmit={onSubmit} aria-label={replyTo ? t.compose.reply : t.compose.label}>
      {replyTo && <p className="replying-to"><WithName template={t.compose.replyingTo} name={replyTo.account.display_name || replyTo.account.username} /></p>}
      {warning !== null && (
        <input
          // Opened by its button: the reader goes on typing the warning there.
          autoFocus
          type="text"
          className="spoiler-input"
          dir="auto"
          value={warning}
          maxLength={500}
          aria-label={t.compose.contentWarning}
          placeholder={t.compose.warningPlaceholder}
          onChange={(e) => setWarning(e.target.value)}
        />
      )}
      <label htmlFor={id} className="visually-hidden">
        {replyTo ? t.compose.replyPlaceholder : t.compose.label}
      </label>
      <div className="compose-field">
        <div className="compose-mirror" dir="auto" aria-hidden="true">
          {parts.map((p, i) => (p.kind ? <mark key={i} className={p.kind}>{p.text}</mark> : <span key={i}>{p.text}</span>))}
          {'\u200b'}
        </div>
        <textarea
          id={id}
          ref={ref}
          dir="auto"
          value={text}
          autoFocus={autoFocus}
          placeholder={replyTo ? t.compose.replyPlaceholder : t.compose.placeholder}
          onChange={(e) => change(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) void onSubmit(e);
            if (e.key === 'Escape') onCancel?.();
          }}
          aria-describedby={`${id}-count`}
        />
      </div>
      <AttachmentPicker attachments={attachments} onChange={setAttachments} max={instance?.configuration.statuses.max_media_attachments ?? 4} />
      <div className="compose-options">
        <button
          type="button"
          className="secondary cw-toggle"
          aria-pressed={warning !== null}
          title={warning !== null ? t.compose.removeWarning : t.compose.addWarning}
          onClick={() => setWarning((w) => (w === null ? '' : null))}
        >
          {t.compose.contentWarning}
        </button>
        {attachments.length > 0 && (
          <label className="sensitive-option">
            <input type="checkbox" className="sensitive-toggle" checked={markedSensitive || warned} disabled={warned} onChange={(e) => setMarkedSensitive(e.target.checked)} />
            {t.compose.markSensitive}
          </label>
        )}
      </div>
      <div className="compose-footer">
        {/* Announced only near the limit: a count read out on every keystroke would drown the text. */}
        <span id={`${id}-count`} className={left < 0 ? 'counter over' : 'counter'} aria-live={left <= 20 ? 'polite' : 'off'} data-remaining={left}>
          {left < 0 ? t.compose.over(-left) : t.compose.remaining(left)}
        </span>
        {onCancel && (
          <button type="button" className="secondary" onClick={onCancel}>
            {t.compose.cancel}
          </button>
        )}
        <button type="submit" className="primary" disabled={empty || left < 0 || uploading || sending}>
          {replyTo ? t.compose.reply : t.compose.submit}
        </button>
      </div>
      {message && <p className="compose-message" role="status">{message}</p>}
    </form>
  );
}
