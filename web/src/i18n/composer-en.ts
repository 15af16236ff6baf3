// English strings for the composer's suggestions, counter ring, language and visibility
// pickers (t.composer); composer-ar.ts gives the same keys.
import { plural } from './plural';

export const composerEn = {
  suggestions: 'Suggestions',
  posts: plural('en', { one: () => '1 post', other: (n) => `${n} posts` }),
  visibility: {
    label: 'Who can see this post',
    public: 'Public',
    unlisted: 'Quiet public',
    private: 'Followers only',
    direct: 'Mentioned people only',
  },
  language: {
    label: 'Language of the post',
    auto: (name: string) => `Automatic: ${name}`,
    autoUnknown: 'Automatic',
  },
  languages: { ar: 'Arabic', en: 'English' } as Record<string, string>,
};
