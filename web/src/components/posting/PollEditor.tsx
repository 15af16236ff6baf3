// The composer's poll: two to four options, how long it runs, one or several choices, and
// whether its results stay hidden until it ends (sent as `poll` with the post).
import { useI18n } from '../../i18n';
import { POLL_DURATIONS, type PollDraft } from './send';

interface Props {
  value: PollDraft;
  max: number;
  onChange(next: PollDraft): void;
}

export function PollEditor({ value, max, onChange }: Props) {
  const { t } = useI18n();
  const p = t.posting.poll;
  const set = (patch: Partial<PollDraft>) => onChange({ ...value, ...patch });
  const setOption = (i: number, text: string) => set({ options: value.options.map((o, j) => (j === i ? text : o)) });
  return (
    <fieldset className="poll-editor">
      <legend>{p.legend}</legend>
      <ol className="poll-editor-options">
        {value.options.map((option, i) => (
          <li key={i}>
            <input
              type="text"
              dir="auto"
              className="poll-option-input"
              value={option}
              maxLength={50}
              aria-label={p.option(i + 1)}
              placeholder={p.option(i + 1)}
              onChange={(e) => setOption(i, e.target.value)}
            />
            {value.options.length > 2 && (
              <button type="button" className="secondary poll-option-remove" aria-label={p.removeOption(i + 1)} title={p.removeOption(i + 1)} onClick={() => set({ options: value.options.filter((_, j) => j !== i) })}>
                ×
              </button>
            )}
          </li>
        ))}
      </ol>
      {value.options.length < max && (
        <button type="button" className="secondary poll-add-option" onClick={() => set({ options: [...value.options, ''] })}>
          {p.addOption}
        </button>
      )}
      <div className="poll-editor-settings">
        <label>
          {p.duration}{' '}
          <select className="poll-duration" value={value.duration} onChange={(e) => set({ duration: Number(e.target.value) })}>
            {POLL_DURATIONS.map(([key, seconds]) => (
              <option key={key} value={seconds}>
                {p.durations[key]}
              </option>
            ))}
          </select>
        </label>
        <label>
          <input type="checkbox" className="poll-multiple" checked={value.multiple} onChange={(e) => set({ multiple: e.target.checked })} /> {p.multiple}
        </label>
        <label>
          <input type="checkbox" className="poll-hide-totals" checked={value.hideTotals} onChange={(e) => set({ hideTotals: e.target.checked })} /> {p.hideTotals}
        </label>
      </div>
    </fieldset>
  );
}
