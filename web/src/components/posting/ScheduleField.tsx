// The composer's "post at" field: a date and time in the reader's local time (the browser's own
// picker, in the reader's language), at least five minutes ahead, as the server requires.
import { useId } from 'react';
import { useI18n } from '../../i18n';
import { earliestSchedule, tooSoon } from './time';

interface Props {
  value: string;
  onChange(value: string): void;
}

export function ScheduleField({ value, onChange }: Props) {
  const { t } = useI18n();
  const id = useId();
  const invalid = value !== '' && tooSoon(value);
  return (
    <div className="schedule-field">
      <label htmlFor={id}>{t.posting.schedule.label}</label>
      <input
        id={id}
        type="datetime-local"
        className="schedule-input"
        value={value}
        min={earliestSchedule()}
        aria-invalid={invalid || undefined}
        aria-describedby={`${id}-hint`}
        onChange={(e) => onChange(e.target.value)}
      />
      <span id={`${id}-hint`} className={invalid ? 'field-error' : 'muted'}>
        {invalid ? t.posting.schedule.tooSoon : t.posting.schedule.hint}
      </span>
    </div>
  );
}
