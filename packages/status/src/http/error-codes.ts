// Stable codes beside the English "error" of an answer ({"error": "...", "code": "..."}), and what
// each says in Arabic and English. The JSON keeps Statuspage's and Mastodon's {"error"} shape for
// any client; the admin page shows the text for the code in its own language, so an Arabic page
// never puts an English sentence inside an Arabic one. Codes are part of the API: add, never rename.
import type { Bilingual } from '../i18n.js';

export const ERROR_TEXTS = {
  invalid_request: { en: 'A field is not valid (too long, or a value that is not allowed).', ar: 'أحد الحقول غير صالح (طويل جدًا أو قيمته غير مسموحة).' },
  internal_error: { en: 'The status service failed. Please try again.', ar: 'تعطّلت خدمة الحالة. حاول مرة أخرى.' },
  template_not_found: { en: 'That template no longer exists.', ar: 'لم يعد هذا القالب موجودًا.' },
  name_and_body_required: { en: 'A title and a message in English are needed, or a template.', ar: 'يلزم عنوان ورسالة بالإنجليزية، أو قالب.' },
  invalid_time: { en: 'A start or end time is not valid.', ar: 'وقت البدء أو الانتهاء غير صالح.' },
  end_before_start: { en: 'The end must come after the start.', ar: 'يجب أن يأتي وقت الانتهاء بعد وقت البدء.' },
  maintenance_needs_start: { en: 'A maintenance needs its start time.', ar: 'تحتاج الصيانة إلى وقت بدئها.' },
  maintenance_needs_end: { en: 'A maintenance needs its end time.', ar: 'تحتاج الصيانة إلى وقت انتهائها.' },
  status_not_applicable: { en: 'That status does not apply here (incidents and maintenances have their own).', ar: 'هذه الحالة لا تنطبق هنا (للحوادث حالاتها وللصيانة حالاتها).' },
  incident_not_found: { en: 'That incident no longer exists. Reload the page.', ar: 'لم يعد هذا الحادث موجودًا. أعد تحميل الصفحة.' },
} satisfies Record<string, Bilingual>;

export type ErrorCode = keyof typeof ERROR_TEXTS;
