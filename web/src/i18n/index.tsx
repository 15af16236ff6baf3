// The interface language: Arabic or English, from what the reader chose (localStorage) or the
// browser's preferred languages, Arabic when neither says. Switching sets <html lang dir>.
import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { ar } from './ar';
import { en, type Strings } from './en';

export type Lang = 'ar' | 'en';
const STRINGS: Record<Lang, Strings> = { ar, en };
const KEY = 'sirb.lang';

export function detectLang(saved: string | null = safeGet(KEY), preferred: readonly string[] = navigator.languages ?? [navigator.language]): Lang {
  if (saved === 'ar' || saved === 'en') return saved;
  for (const tag of preferred) {
    const code = tag.slice(0, 2).toLowerCase();
    if (code === 'ar' || code === 'en') return code;
  }
  return 'ar';
}

function safeGet(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

interface I18n {
  lang: Lang;
  t: Strings;
  setLang(lang: Lang): void;
}

const Ctx = createContext<I18n>({ lang: 'ar', t: ar, setLang: () => {} });

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(() => detectLang());
  useEffect(() => {
    document.documentElement.lang = lang;
    document.documentElement.dir = lang === 'ar' ? 'rtl' : 'ltr';
  }, [lang]);
  const setLang = (next: Lang) => {
    try {
      localStorage.setItem(KEY, next);
    } catch {
      /* private mode: the choice lasts for this page only */
    }
    setLangState(next);
  };
  return <Ctx.Provider value={{ lang, t: STRINGS[lang], setLang }}>{children}</Ctx.Provider>;
}

export function useI18n(): I18n {
  return useContext(Ctx);
}
