// The composer's rows of options and its footer. Options: a content warning, a poll (not beside media, as on Mastodon), a
// time to post at (not for replies), and "sensitive" for media (implied by a content warning).
// Each toggle says whether it is on (aria-pressed); the composer keeps the state.
import { useI18n } from '../../i18n';
import { CounterRing } from './CounterRing';

interface Props {
  editing: boolean;
  reply: boolean;
  warning: boolean;
  onWarning(): void;
  poll: boolean;
  onPoll(): void;
  scheduled: boolean;
  onSchedule(): void;
  /** How many media are attached. */
  attachments: number;
  sensitive: boolean;
  /** A content warning makes media sensitive: the box stays ticked. */
  sensitiveLocked: boolean;
  onSensitive(sensitive: boolean): void;
}

export function ComposeOptions(p: Props) {
  const { t } = useI18n();
  return (
    <div className="compose-options">
      <button type="button" className="secondary cw-toggle" aria-pressed={p.warning} title={p.warning ? t.compose.removeWarning : t.compose.addWarning} onClick={p.onWarning}>
        {t.compose.contentWarning}
      </button>
      {!p.editing && p.attachments === 0 && (
        <button type="button" className="secondary poll-toggle" aria-pressed={p.poll} onClick={p.onPoll}>
          {p.poll ? t.posting.poll.remove : t.posting.poll.add}
        </button>
      )}
      {!p.editing && !p.reply && (
        <button type="button" className="secondary schedule-toggle" aria-pressed={p.scheduled} onClick={p.onSchedule}>
          {p.scheduled ? t.posting.schedule.remove : t.posting.schedule.add}
        </button>
      )}
      {p.attachments > 0 && (
        <label className="sensitive-option">
          <input type="checkbox" className="sensitive-toggle" checked={p.sensitive} disabled={p.sensitiveLocked} onChange={(e) => p.onSensitive(e.target.checked)} />
          {t.compose.markSensitive}
        </label>
      )}
    </div>
  );
}

/** The composer's last row: how much room is left, cancel, "sending…" and the submit button. */
export function ComposeFooter(p: { used: number; max: number; countId: string; onCancel?: () => void; sending: boolean; blocked: boolean; submitLabel: string }) {
  const { t } = useI18n();
  const left = p.max - p.used;
  return (
    <div className="compose-footer">
      {/* Announced only near the limit: a count read out on every keystroke would drown the text. */}
      <CounterRing used={p.used} max={p.max} />
      <span id={p.countId} className={left < 0 ? 'counter over' : 'counter'} aria-live={left <= 20 ? 'polite' : 'off'} data-remaining={left}>
        {left < 0 ? t.compose.over(-left) : t.compose.remaining(left)}
      </span>
      {p.onCancel && (
        <button type="button" className="secondary" onClick={p.onCancel}>
          {t.compose.cancel}
        </button>
      )}
      {/* A slow or hung server: the greyed-out button says why (api/deadline.ts bounds the wait). */}
      {p.sending && (
        <span className="compose-sending" role="status">
          {t.apiErrors.sending}
        </span>
      )}
      <button type="submit" className="primary" disabled={p.blocked}>
        {p.submitLabel}
      </button>
    </div>
  );
}
