// Arabic strings for people, grouped notifications, the image viewer and threads (t.people);
// checked against people-en.ts through the Strings type. Counts follow the Arabic plural forms
// (Intl.PluralRules: zero, one, two, few 3–10, many 11–99, other 100+).
import type { Strings } from './en';
import { plural } from './plural';

export const peopleAr: Strings['people'] = {
  notifications: {
    filters: 'اعرض الإشعارات',
    all: 'الكل',
    mentions: 'الإشارات',
    others: plural('ar', {
      zero: () => '',
      one: () => ' وشخص آخر',
      two: () => ' وشخصان آخران',
      few: (n) => ` و${n} أشخاص آخرين`,
      many: (n) => ` و${n} شخصًا آخر`,
      other: (n) => ` و${n} شخص آخر`,
    }),
    favourite: (name, others) => `أُعجب ${name}${others} بمنشورك`,
    reblog: (name, others) => `أعاد ${name}${others} نشر منشورك`,
    follow: (name, others) => `تابعك ${name}${others}`,
    follow_request: (name, others) => `طلب ${name}${others} متابعتك`,
    emptyMentions: 'لا إشارات بعد.',
  },
  profile: {
    tabs: 'منشورات هذا الحساب',
    posts: 'المنشورات',
    withReplies: 'المنشورات والردود',
    media: 'الوسائط',
    joined: (date) => `انضم في ${date}`,
    fields: 'نبذة',
    verified: (date) => `رابط موثّق: الصفحة تشير إلى هذا الملف الشخصي (تحقّقنا في ${date})`,
    followersOf: (name) => `متابِعو ${name}`,
    followingOf: (name) => `من يتابعهم ${name}`,
    noFollowers: 'لا متابِعين بعد.',
    noFollowing: 'لا يتابع أحدًا بعد.',
    followers: plural('ar', { zero: () => 'لا متابِعين', one: () => 'متابِع واحد', two: () => 'متابِعان', few: (n) => `${n} متابِعين`, many: (n) => `${n} متابِعًا`, other: (n) => `${n} متابِع` }),
    following: plural('ar', { zero: () => 'لا يتابع أحدًا', one: () => 'يتابع شخصًا واحدًا', two: () => 'يتابع شخصين', few: (n) => `يتابع ${n} أشخاص`, many: (n) => `يتابع ${n} شخصًا`, other: (n) => `يتابع ${n} شخص` }),
    posts_count: plural('ar', { zero: () => 'لا منشورات', one: () => 'منشور واحد', two: () => 'منشوران', few: (n) => `${n} منشورات`, many: (n) => `${n} منشورًا`, other: (n) => `${n} منشور` }),
  },
  suggestions: {
    title: 'حسابات قد تهمّك',
    none: 'لا اقتراحات الآن.',
  },
  onboarding: {
    title: 'أهلًا بك في سرب',
    lead: 'تعرض صفحتك الرئيسية منشورات من تتابعهم والوسوم التي تتابعها. ابدأ من هنا:',
    people: 'تابع بعض الأشخاص',
    tags: 'اختر وسومًا تهمّك',
    followTag: (tag) => `تابع #${tag}`,
    unfollowTag: (tag) => `ألغِ متابعة #${tag}`,
    noTags: 'لا وسوم رائجة بعد.',
    firstPost: 'اكتب منشورك الأول',
    firstPostHint: 'قل مرحبًا: مربع الكتابة في أعلى هذه الصفحة.',
  },
  media: {
    open: (alt) => `اعرض الصورة: ${alt}`,
    viewer: 'عارض الصور',
    position: (i, n) => `الصورة ${i} من ${n}`,
    previous: 'الصورة السابقة',
    next: 'الصورة التالية',
    close: 'أغلق',
    alt: 'ALT',
    altTitle: 'لهذه الصورة وصف',
    altReminder: 'لا وصف بعد: أضف وصفًا ليعرف من لا يرى الصورة ما فيها.',
    noAlt: 'بلا وصف',
  },
  thread: {
    replyingTo: (name) => `ردًّا على ${name}`,
    continued: 'تتمة سلسلة',
    replyingToPost: 'ردًّا على منشور',
    quoted: 'منشور مقتبس',
  },
};
