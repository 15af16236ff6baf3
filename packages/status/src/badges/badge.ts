// What a status badge says: the overall status or one component's, as a label, a message and a
// colour, in Arabic or English. Pure: the routes render it as SVG or as shields.io endpoint JSON.
import { COMPONENTS, type ComponentId } from '../components/catalog.js';
import type { ComponentRow } from '../components/store.js';
import { STATUS_LABELS, type Lang } from '../i18n.js';
import type { Incident } from '../incidents/model.js';
import { overallStatus, type Indicator } from '../statuspage/presenter.js';

export interface Badge {
  label: string;
  message: string;
  /** A shields.io colour name, understood by badge-maker and by shields.io's endpoint badge. */
  color: string;
}

const COMPONENT_COLOURS = {
  operational: 'brightgreen',
  under_maintenance: 'blue',
  degraded_performance: 'yellow',
  partial_outage: 'orange',
  major_outage: 'red',
  no_data: 'lightgrey',
} as const;

const OVERALL: Record<Indicator, { en: string; ar: string; color: string }> = {
  none: { en: 'operational', ar: 'يعمل', color: 'brightgreen' },
  minor: { en: 'minor outage', ar: 'خلل بسيط', color: 'yellow' },
  major: { en: 'partial outage', ar: 'انقطاع جزئي', color: 'orange' },
  critical: { en: 'major outage', ar: 'انقطاع كبير', color: 'red' },
  maintenance: { en: 'maintenance', ar: 'صيانة', color: 'blue' },
};
const NO_DATA = { en: 'no data', ar: 'لا بيانات' };

export function statusBadge(pageName: string, components: ComponentRow[], open: Incident[], lang: Lang, component?: ComponentId): Badge {
  const site = lang === 'ar' ? `حالة ${pageName === 'Sirb' ? 'سرب' : pageName}` : `${pageName} status`;
  if (component) {
    const row = components.find((c) => c.id === component)!;
    const name = COMPONENTS.find((c) => c.id === component)!.name[lang];
    if (row.checkedAt === null) return { label: name, message: NO_DATA[lang], color: COMPONENT_COLOURS.no_data };
    return { label: name, message: STATUS_LABELS[row.status][lang].toLowerCase(), color: COMPONENT_COLOURS[row.status] };
  }
  const { indicator } = overallStatus(components, open, lang);
  // Never "operational" for an installation whose components were not all checked yet.
  if (indicator === 'none' && components.some((c) => c.checkedAt === null)) return { label: site, message: NO_DATA[lang], color: COMPONENT_COLOURS.no_data };
  return { label: site, message: OVERALL[indicator][lang], color: OVERALL[indicator].color };
}
