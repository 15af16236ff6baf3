// The emails a subscriber gets, in the language they subscribed in: the confirmation, and one per
// incident or maintenance update. Every message carries its unsubscribe link.
import { COMPONENTS } from '../components/catalog.js';
import { INCIDENT_STATUS_LABELS, formatTime, list, type Lang } from '../i18n.js';
import type { Incident } from '../incidents/model.js';
import type { PageInfo } from '../statuspage/presenter.js';
import { esc } from '../web/html.js';
import type { EmailSubscriber, OutgoingEmail } from './store.js';

export const confirmUrl = (page: PageInfo, s: EmailSubscriber) => `${page.url}/subscribers/confirm?token=${s.token}`;
export const unsubscribeUrlFor = (page: PageInfo, token: string) => `${page.url}/subscribers/unsubscribe?token=${token}`;
export const unsubscribeUrl = (page: PageInfo, s: EmailSubscriber) => unsubscribeUrlFor(page, s.token);

const site = (page: PageInfo, lang: Lang) => (lang === 'ar' ? `حالة ${page.name === 'Sirb' ? 'سرب' : page.name}` : `${page.name} Status`);

function render(lang: Lang, paragraphs: string[], links: [string, string][]): { text: string; html: string } {
  const dir = lang === 'ar' ? 'rtl' : 'ltr';
  const text = [...paragraphs, '', ...links.map(([label, url]) => `${label}: ${url}`)].join('\n');
  const html = `<div dir="${dir}" lang="${lang}">${paragraphs.map((p) => `<p>${esc(p)}</p>`).join('')}${links.map(([label, url]) => `<p><a href="${esc(url)}">${esc(label)}</a></p>`).join('')}</div>`;
  return { text, html };
}

export function confirmationEmail(page: PageInfo, s: EmailSubscriber): OutgoingEmail {
  const ar = s.lang === 'ar';
  const what = s.components.length ? list(s.components.map((id) => COMPONENTS.find((c) => c.id === id)?.name[s.lang] ?? id), s.lang) : ar ? 'كل المكونات' : 'every component';
  const body = render(
    s.lang,
    [
      ar ? `طلبتَ تلقي تحديثات ${site(page, 'ar')} عن: ${what}.` : `You asked for ${site(page, 'en')} updates about: ${what}.`,
      ar ? 'أكّد اشتراكك بالرابط أدناه. إن لم تطلب ذلك فتجاهل هذه الرسالة ولن نراسلك.' : 'Confirm with the link below. If you did not ask for this, ignore this message and we will not write again.',
    ],
    [[ar ? 'تأكيد الاشتراك' : 'Confirm subscription', confirmUrl(page, s)]],
  );
  return { subject: ar ? `أكّد اشتراكك في ${site(page, 'ar')}` : `Confirm your subscription to ${site(page, 'en')}`, ...body };
}

export function incidentEmail(page: PageInfo, s: EmailSubscriber, incident: Incident): OutgoingEmail {
  const lang = s.lang;
  const ar = lang === 'ar';
  const latest = incident.updates[0];
  const status = INCIDENT_STATUS_LABELS[incident.status]?.[lang] ?? incident.status;
  const names = incident.components.map((id) => COMPONENTS.find((c) => c.id === id)?.name[lang] ?? id);
  const paragraphs = [
    `${incident.name[lang]} — ${status}`,
    ...(latest ? [latest.body[lang], formatTime(latest.createdAt, lang)] : []),
    ...(names.length ? [`${ar ? 'المكونات المتأثرة' : 'Affected components'}: ${list(names, lang)}`] : []),
  ];
  const body = render(lang, paragraphs, [
    [ar ? 'تفاصيل الحادث' : 'Incident details', `${page.url}/incidents/${incident.id}?lang=${lang}`],
    [ar ? 'إلغاء الاشتراك' : 'Unsubscribe', unsubscribeUrl(page, s)],
  ]);
  return { subject: `[${site(page, lang)}] ${incident.name[lang]}: ${status}`, ...body };
}
