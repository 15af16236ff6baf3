// A poll in a post. A reader who may vote (signed in, not the author, not voted yet, still
// open) gets radio buttons or checkboxes; everyone else sees the results as bars with
// percentages and the totals. With hidden totals the counts stay out until it ends.
import { useId, useState, type FormEvent } from 'react';
import { api } from '../../api/client';
import type { Poll, Status } from '../../api/types';
import { useI18n } from '../../i18n';
import { formatNumber } from '../../lib/format';
import { formatPercent, formatShortDate } from './time';

interface Props {
  status: Status;
  poll: Poll;
  canVote: boolean;
  onChange(status: Status): void;
}

export function PollView({ status, poll, canVote, onChange }: Props) {
  const { t, lang } = useI18n();
  const p = t.posting.poll;
  const name = useId();
  const [chosen, setChosen] = useState<number[]>([]);
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState(false);
  const voting = canVote && !poll.voted && !poll.expired;
  const hidden = poll.options.some((o) => o.votes_count === null);
  // With several choices a share is of the people who voted (Mastodon's way), so bars may add up past 100 %.
  const base = (poll.multiple ? poll.voters_count : null) ?? poll.votes_count;

  const vote = async (e: FormEvent) => {
    e.preventDefault();
    if (!chosen.length || busy) return;
    setBusy(true);
    setFailed(false);
    try {
      const next = await api<Poll>(`/api/v1/polls/${poll.id}/votes`, { method: 'POST', body: { choices: chosen.map(String) } });
      onChange({ ...status, poll: next });
    } catch {
      setFailed(true);
    } finally {
      setBusy(false);
    }
  };

  const pick = (i: number, on: boolean) => setChosen((c) => (poll.multiple ? (on ? [...c, i] : c.filter((x) => x !== i)) : [i]));

  const totals = (
    <p className="poll-footer muted">
      <span className="poll-total">{poll.multiple && poll.voters_count != null ? p.voters(poll.voters_count, formatNumber(poll.voters_count, lang)) : p.votes(poll.votes_count, formatNumber(poll.votes_count, lang))}</span>
      {' · '}
      {poll.expired ? (
        <span className="poll-closed">{p.closed}</span>
      ) : (
        poll.expires_at && <time dateTime={poll.expires_at}>{p.closesAt(formatShortDate(poll.expires_at, lang))}</time>
      )}
    </p>
  );

  if (voting)
    return (
      <form className="poll" onSubmit={vote} aria-label={p.label}>
        <fieldset>
          <legend className="visually-hidden">{poll.multiple ? p.chooseAny : p.chooseOne}</legend>
          <ul className="poll-options">
            {poll.options.map((option, i) => (
              <li key={i}>
                <label className="poll-choice">
                  <input type={poll.multiple ? 'checkbox' : 'radio'} name={name} checked={chosen.includes(i)} onChange={(e) => pick(i, e.target.checked)} />
                  <span dir="auto">{option.title}</span>
                </label>
              </li>
            ))}
          </ul>
        </fieldset>
        <div className="poll-vote-row">
          <button type="submit" className="primary poll-vote" disabled={!chosen.length || busy}>
            {busy ? p.voting : p.vote}
          </button>
          {totals}
        </div>
        {failed && <p className="error" role="alert">{p.voteFailed}</p>}
      </form>
    );

  return (
    <div className="poll poll-results" role="group" aria-label={p.label}>
      <ul className="poll-options">
        {poll.options.map((option, i) => {
          const share = option.votes_count !== null && base ? option.votes_count / base : 0;
          const mine = poll.own_votes?.includes(i);
          return (
            <li key={i} className={mine ? 'poll-result own' : 'poll-result'}>
              <div className="poll-result-text">
                {option.votes_count !== null && <span className="poll-percent">{formatPercent(share, lang)}</span>}
                <span dir="auto" className="poll-title">{option.title}</span>
                {mine && <span className="poll-own" title={p.yourChoice} aria-label={p.yourChoice}>✓</span>}
              </div>
              {option.votes_count !== null && (
                <span className="poll-bar" aria-hidden="true">
                  <span style={{ inlineSize: `${Math.round(share * 100)}%` }} />
                </span>
              )}
            </li>
          );
        })}
      </ul>
      {hidden && <p className="muted poll-hidden-note">{p.hiddenTotals}</p>}
      {totals}
    </div>
  );
}
