// Counts in words, ICU style: the form comes from Intl.PluralRules for the language (English has
// one and other; Arabic zero, one, two, few 3–10, many 11–99 and other 100+), and the number is
// written by formatNumber, so each language keeps one numeral system.
import { formatNumber } from '../lib/format';

type Form = (formatted: string) => string;
export type PluralForms = Partial<Record<Intl.LDMLPluralRule, Form>> & { other: Form };

const rules = new Map<string, Intl.PluralRules>();

/** A message for a count: plural('ar', { one: () => 'منشور واحد', …, other: (n) => `${n} منشور` })(n). */
export function plural(lang: 'ar' | 'en', forms: PluralForms): (n: number) => string {
  return (n: number) => {
    let rule = rules.get(lang);
    if (!rule) rules.set(lang, (rule = new Intl.PluralRules(lang)));
    return (forms[rule.select(n)] ?? forms.other)(formatNumber(n, lang));
  };
}
