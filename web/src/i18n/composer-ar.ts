// Arabic strings for the composer's suggestions, counter ring, language and visibility pickers
// (t.composer); checked against composer-en.ts through the Strings type.
import type { Strings } from './en';
import { plural } from './plural';

export const composerAr: Strings['composer'] = {
  suggestions: 'اقتراحات',
  posts: plural('ar', {
    zero: () => 'لا منشورات',
    one: () => 'منشور واحد',
    two: () => 'منشوران',
    few: (n) => `${n} منشورات`,
    many: (n) => `${n} منشورًا`,
    other: (n) => `${n} منشور`,
  }),
  visibility: {
    label: 'من يرى هذا المنشور',
    public: 'عام',
    unlisted: 'عام بهدوء',
    private: 'المتابعون فقط',
    direct: 'المذكورون فقط',
  },
  language: {
    label: 'لغة المنشور',
    auto: (name) => `تلقائي: ${name}`,
    autoUnknown: 'تلقائي',
  },
  languages: { ar: 'العربية', en: 'الإنجليزية' },
};
