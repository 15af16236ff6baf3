// Arabic strings for push notifications on this device (t.push); checked against push-en.ts
// through the Strings type.
import type { Strings } from './en';

export const pushAr: Strings['push'] = {
  title: 'الإشعارات الفورية',
  intro: 'استلم إشعارًا على هذا الجهاز حين يحدث شيء، حتى وسرب مغلق.',
  toggle: 'الإشعارات الفورية على هذا الجهاز',
  state: {
    on: 'مفعّلة: يستلم هذا الجهاز الإشعارات.',
    off: 'متوقفة.',
    blocked: 'حظرها المتصفح. اسمح بالإشعارات لهذا الموقع من إعدادات المتصفح ثم أعد المحاولة.',
    unsupported: 'لا يستطيع هذا المتصفح استلام الإشعارات الفورية.',
    checking: 'جارٍ التحقق…',
  },
  alertsLegend: 'أشعرني بـ',
  alerts: {
    mention: 'الإشارات إليّ',
    follow: 'المتابعين الجدد',
    follow_request: 'طلبات المتابعة',
    favourite: 'الإعجابات',
    reblog: 'إعادات النشر',
    poll: 'الاستطلاعات التي انتهت',
    status: 'منشورات من فعّلت إشعاراتهم',
    update: 'تعديل منشورات أعدت نشرها',
  },
  policyLegend: 'ممّن',
  policy: {
    all: 'الجميع',
    followed: 'من أتابعهم',
    follower: 'متابعيّ',
    none: 'لا أحد',
  },
  saved: 'حُفظ',
  failed: 'لم ينجح ذلك. أعد المحاولة.',
};
