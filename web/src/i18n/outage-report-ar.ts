// Arabic strings for the offline banner's one-tap report (t.outageReport); checked against
// outage-report-en.ts through the Strings type.
import type { Strings } from './en';

export const outageReportAr: Strings['outageReport'] = {
  report: 'أبلغ عن مشكلة',
  sending: 'يُرسَل البلاغ…',
  thanks: 'وصلنا بلاغك، شكرًا لك.',
  failed: 'تعذّر إرسال البلاغ. أعد المحاولة.',
};
