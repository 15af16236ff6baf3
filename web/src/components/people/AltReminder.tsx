// Under an attachment without a description: a reminder to write one (people who cannot see the
// picture rely on it), as Mastodon's composer gives. A reminder, not a rule: posting still works.
import { useI18n } from '../../i18n';

export function AltReminder() {
  const { t } = useI18n();
  return <p className="alt-reminder">{t.people.media.altReminder}</p>;
}
