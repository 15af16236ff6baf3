// Who sees the post and what language it is in. The language follows the text as it is typed
// (Arabic by script) until the writer picks one; "Automatic" sends none, and the server then
// applies the writer's posting-language setting or the same guess.
import { useId } from 'react';
import { useI18n } from '../../i18n';
import { guessLanguage } from './language-guess';
import './compose.css';

export const VISIBILITIES = ['public', 'unlisted', 'private', 'direct'] as const;
export type Visibility = (typeof VISIBILITIES)[number];
const LANGUAGES = ['ar', 'en'] as const;

interface Props {
  text: string;
  visibility: Visibility;
  onVisibility(value: Visibility): void;
  /** '' for automatic. */
  language: string;
  onLanguage(value: string): void;
}

export function ComposeMeta({ text, visibility, onVisibility, language, onLanguage }: Props) {
  const { t } = useI18n();
  const id = useId();
  const guessed = guessLanguage(text);
  return (
    <div className="compose-meta">
      <label htmlFor={`${id}-visibility`} className="visually-hidden">
        {t.composer.visibility.label}
      </label>
      <select id={`${id}-visibility`} className="visibility-picker" value={visibility} title={t.composer.visibility.label} onChange={(e) => onVisibility(e.target.value as Visibility)}>
        {VISIBILITIES.map((v) => (
          <option key={v} value={v}>
            {t.composer.visibility[v]}
          </option>
        ))}
      </select>
      <label htmlFor={`${id}-language`} className="visually-hidden">
        {t.composer.language.label}
      </label>
      <select id={`${id}-language`} className="language-picker" value={language} title={t.composer.language.label} onChange={(e) => onLanguage(e.target.value)} data-guessed={guessed ?? ''}>
        <option value="">{guessed ? t.composer.language.auto(t.composer.languages[guessed]) : t.composer.language.autoUnknown}</option>
        {LANGUAGES.map((l) => (
          <option key={l} value={l}>
            {t.composer.languages[l]}
          </option>
        ))}
      </select>
    </div>
  );
}

/** A reply is at most as public as what it answers (as Mastodon's composer starts it). */
export function replyVisibility(parent: string | undefined): Visibility {
  const order: readonly string[] = VISIBILITIES;
  return parent && order.includes(parent) && order.indexOf(parent) > 0 ? (parent as Visibility) : 'public';
}
