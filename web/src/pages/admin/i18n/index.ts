import { useI18n } from '../../../i18n';
import { adminAr } from './ar';
import { adminEn, type AdminStrings } from './en';

/** The moderation pages' strings in the interface language. */
export function useAdminStrings(): AdminStrings {
  return useI18n().lang === 'ar' ? adminAr : adminEn;
}
export type { AdminStrings };
