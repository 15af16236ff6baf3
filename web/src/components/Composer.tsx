// The composer: text that follows its own direction (dir="auto"), hashtags and mentions
// highlighted behind the text, the server's weighted counter, image attachments with alt text.
// Submitting goes through the outbox, so an outage keeps the post and sends it later, once.
// It also adds a poll or a time to post at (posting/), and edits one's own post (`editing`).
import { hydrating } from '../ssr/state';
import { lazy, Suspense, useEffect, useId, useMemo, useRef, useState, type FormEvent } from 'react';
import type { Status } from '../api/types';
import { useI18n } from '../i18n';
import { useTextLib } from '../lib/text-loader';
import { loadDraft, saveDraft, submit } from '../state/outbox';
import { maxCharacters, useInstance } from '../state/instance';
import { WithName } from './WithName';
import { useStore } from '../state/store';
import { session } from '../auth/session';
import { AttachmentPicker, describeAll, type Attachment } from './AttachmentPicker';
import { Link } from '../lib/router';
import { ScheduleField } from './posting/ScheduleField';
import { loadSource, newPollDraft, pollParams, pollReady, saveEdit, schedulePost, type PollDraft } from './posting/send';
import { formatShortDate, fromLocalInput, earliestSchedule, tooSoon } from './posting/time';
import { describePostError } from '../lib/api-errors';
import { ComposeMeta, replyVisibility, type Visibility } from './posting/ComposeMeta';
import { ComposeFooter, ComposeOptions } from './posting/ComposeRows';
import { useSuggestions } from './posting/useSuggestions';
// The poll editor loads when a poll is added: most posts have none.
const PollEditor = lazy(() => import('./posting/PollEditor').then((m) => ({ default: m.PollEditor })));

interface Props {
  replyTo?: Status;
  /** One's own post to edit: the box opens with its source text and saves with PUT. */
  editing?: Status;
  autoFocus?: boolean;
  onDone?(status: Status | null): void;
  onCancel?(): void;
}

export function Composer({ replyTo, editing, autoFocus, onDone, onCancel }: Props) {
  const { t, lang } = useI18n();
  const instance = useInstance();
  const scope = replyTo ? `reply:${replyTo.id}` : 'home';
  const me = useStore(session);
  // A reply starts by naming the author — unless one is replying to oneself. An edit starts
  // from the post's source (below), never from a draft.
  const mention = replyTo && replyTo.account.id !== me?.accountId ? `@${replyTo.account.acct} ` : '';
  // A draft lives on this device: the server's render (and so hydration) has none, and it comes
  // back right after (below).
  const draftLater = useRef(!editing && hydrating());
  const [text, setText] = useState(() => (editing ? '' : draftLater.current ? mention : loadDraft(scope) || mention));
  useEffect(() => {
    if (!draftLater.current) return;
    draftLater.current = false;
    const draft = loadDraft(scope);
    // What the reader typed into the server's page before the app took it over: hydration leaves
    // it in the field but not in `text`, so the next render would blank it. It follows the draft
    // (which that page could not show), as shared text does (lib/compose.ts).
    const typed = ref.current && ref.current.value !== text ? ref.current.value.trim() : '';
    if (draft || typed) setText(draft && typed ? `${draft.trimEnd()}\n\n${typed}` : draft || typed);
  }, []);
  const [sourceLoaded, setSourceLoaded] = useState(!editing);
  const [poll, setPoll] = useState<PollDraft | null>(null);
  // The datetime-local value to post at, or null to post now.
  const [scheduleAt, setScheduleAt] = useState<string | null>(null);
  const [scheduledNote, setScheduledNote] = useState(false);
  const [attachments, setAttachments] = useState<Attachment[]>([]);
  // The content warning's text, or null while the post has none (its field is folded away).
  const [warning, setWarning] = useState<string | null>(null);
  const [markedSensitive, setMarkedSensitive] = useState(false);
  const [visibility, setVisibility] = useState<Visibility>(() => replyVisibility(replyTo?.visibility));
  // '' while the language follows the text (ComposeMeta).
  const [language, setLanguage] = useState('');
  // Another account in this same composer (it stayed mounted across a sign-in): start from that
  // account's own draft, never from what the previous one typed or attached.
  const [owner, setOwner] = useState(me?.accountId);
  if (owner !== me?.accountId) {
    setOwner(me?.accountId);
    setText(loadDraft(scope));
    setAttachments([]);
    setWarning(null);
    setMarkedSensitive(false);
    setPoll(null);
    setScheduleAt(null);
  }
  const [message, setMessage] = useState<string | null>(null);
  // The message says why the text was refused: it belongs to the text field (aria-invalid).
  const [refused, setRefused] = useState(false);
  const [sending, setSending] = useState(false);
  const ref = useRef<HTMLTextAreaElement>(null);
  const suggest = useSuggestions(text, ref, (value) => change(value));
  const id = useId();
  const max = maxCharacters(instance);
  const textLib = useTextLib(text !== '');
  const used = useMemo(() => (textLib ? textLib.weightedLength(text) : [...text].length), [text, textLib]);
  const parts = useMemo(() => (textLib ? textLib.segments(text) : [{ text }]), [text, textLib]);
  const left = max - used;
  const uploading = attachments.some((a) => !a.media);
  // Text may be left out only when there is media (a poll needs its question), as on Mastodon.
  const empty = text.trim() === '' && attachments.length === 0 && !editing?.media_attachments.length;
  const warned = (warning ?? '').trim() !== '';
  const blocked = empty || left < 0 || uploading || sending || !sourceLoaded || (poll !== null && !pollReady(poll)) || (scheduleAt !== null && tooSoon(scheduleAt));

  useEffect(() => {
    if (!editing) return;
    loadSource(editing.id).then(
      (source) => {
        setText(source.text);
        setWarning(source.spoiler_text ? source.spoiler_text : null);
        setSourceLoaded(true);
        ref.current?.focus();
      },
      (error: Error) => fail(describePostError(error, t, lang)),
    );
    // Loaded once, when the edit opens.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  // Opened to write (a reply, an edit): the caret goes after what is already there — after the
  // "@name " a reply starts with, so what is typed follows the mention instead of preceding it.
  useEffect(() => {
    if (autoFocus) caretToEnd(ref.current);
    // Once, when the box opens.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  function fail(why: string) {
    setMessage(t.compose.failed(why));
    setRefused(true);
  }

  const change = (value: string) => {
    setText(value);
    if (!editing) saveDraft(scope, value);
    setMessage(null);
    setRefused(false);
    setScheduledNote(false);
  };

  const saveEdited = async (original: Status) => {
    setSending(true);
    try {
      const status = await saveEdit(original, text, warned ? warning!.trim() : '');
      setSending(false);
      onDone?.(status);
    } catch (error) {
      setSending(false);
      fail(describePostError(error, t, lang));
    }
  };

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    if (blocked) return;
    if (editing) return saveEdited(editing);
    setSending(true);
    await describeAll(attachments).catch(() => {});
    const post = {
      status: text,
      in_reply_to_id: replyTo?.id,
      media_ids: attachments.flatMap((a) => (a.media ? [a.media.id] : [])),
      ...(warned ? { spoiler_text: warning!.trim() } : {}),
      // Media behind a content warning is sensitive too, as the server (and Mastodon) has it.
      ...(attachments.length > 0 && (markedSensitive || warned) ? { sensitive: true } : {}),
      ...(poll ? { poll: pollParams(poll) } : {}),
      visibility,
      ...(language ? { language } : {}),
    };
    const at = scheduleAt === null ? null : fromLocalInput(scheduleAt);
    if (at) {
      // Not queued in the outbox: a scheduled post waits on the server, and is not one if it fails.
      try {
        const scheduled = await schedulePost(post, at);
        setSending(false);
        reset();
        setMessage(t.posting.schedule.done(formatShortDate(scheduled.scheduled_at, lang)));
        setScheduledNote(true);
        onDone?.(null);
      } catch (error) {
        setSending(false);
        setMessage(t.posting.schedule.failed(describePostError(error, t, lang)));
        setRefused(true);
      }
      return;
    }
    const result = await submit(post);
    setSending(false);
    if (result.kind === 'rejected') {
      fail(describePostError(result.error, t, lang));
      return;
    }
    // Posted or safely queued: either way the text now lives elsewhere, so the box is cleared.
    reset();
    // Held back by a rate limit, the server is up: the reader is told when, not "server down".
    const held = result.kind === 'queued' && result.error?.status === 429;
    setMessage(result.kind === 'posted' ? t.compose.sent : held ? describePostError(result.error, t, lang) : t.compose.queued);
    onDone?.(result.kind === 'posted' ? result.status : null);
    ref.current?.focus();
  };

  function reset() {
    change('');
    setAttachments([]);
    setWarning(null);
    setMarkedSensitive(false);
    setPoll(null);
    setScheduleAt(null);
    setLanguage('');
  }

  return (
    <form className={editing ? 'composer editing' : 'composer'} onSubmit={onSubmit} aria-label={editing ? t.posting.editing : replyTo ? t.compose.reply : t.compose.label}>
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
          // Read-only while sending: the box is cleared once the post is acknowledged, and words typed
          // in between would be wiped with it.
          readOnly={!sourceLoaded || sending}
          placeholder={replyTo ? t.compose.replyPlaceholder : t.compose.placeholder}
          onChange={(e) => change(e.target.value)}
          onFocus={(e) => {
            // Tabbed into (the caret lands at the start): a reply's mention is not typed before.
            if (mention && e.target.value === mention && e.target.selectionEnd === 0) caretToEnd(e.target);
          }}
          {...suggest.fieldProps}
          onKeyDown={(e) => {
            if (suggest.onKeyDown(e)) return;
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) void onSubmit(e);
            if (e.key === 'Escape') onCancel?.();
          }}
          aria-describedby={message ? `${id}-count ${id}-message` : `${id}-count`}
          aria-invalid={refused || undefined}
        />
      </div>
      {suggest.list}
      {/* An edit changes the text and the warning; its media and poll stay as they are. */}
      {!editing && poll === null && <AttachmentPicker attachments={attachments} onChange={setAttachments} max={instance?.configuration.statuses.max_media_attachments ?? 4} />}
      {poll && (
        <Suspense fallback={null}>
          <PollEditor value={poll} max={instance?.configuration.polls?.max_options ?? 4} onChange={setPoll} />
        </Suspense>
      )}
      {scheduleAt !== null && <ScheduleField value={scheduleAt} onChange={setScheduleAt} />}
      {!editing && <ComposeMeta text={text} visibility={visibility} onVisibility={setVisibility} language={language} onLanguage={setLanguage} />}
      <ComposeOptions
        editing={!!editing}
        reply={!!replyTo}
        warning={warning !== null}
        onWarning={() => setWarning((w) => (w === null ? '' : null))}
        poll={poll !== null}
        onPoll={() => setPoll((p) => (p ? null : newPollDraft()))}
        scheduled={scheduleAt !== null}
        onSchedule={() => setScheduleAt((v) => (v === null ? earliestSchedule(Date.now() + 3600_000) : null))}
        attachments={attachments.length}
        sensitive={markedSensitive || warned}
        sensitiveLocked={warned}
        onSensitive={setMarkedSensitive}
      />
      <ComposeFooter
        used={used}
        max={max}
        countId={`${id}-count`}
        onCancel={onCancel}
        sending={sending}
        blocked={blocked}
        submitLabel={editing ? t.posting.save : scheduleAt !== null ? t.posting.schedule.submit : replyTo ? t.compose.reply : t.compose.submit}
      />
      {message && (
        <p id={`${id}-message`} className={refused ? 'compose-message error' : 'compose-message'} role={refused ? 'alert' : 'status'}>
          {message}
          {scheduledNote && (
            <>
              {' '}
              <Link to="/settings/scheduled">{t.posting.schedule.seeAll}</Link>
            </>
          )}
        </p>
      )}
    </form>
  );
}

function caretToEnd(field: HTMLTextAreaElement | null): void {
  if (!field) return;
  field.focus();
  field.setSelectionRange(field.value.length, field.value.length);
}
