// Keyword filters on the reader's side: a post that matched a "hide" filter is not shown at all
// (the server normally leaves it out already); one that matched "warn" filters shows only
// "Filtered: <title>" and a Show button until the reader asks for it. A repost is judged by
// what it carries as well as by the repost itself.
import { useState, type ReactNode } from 'react';
import type { FilterResult, Status } from '../../api/types';
import { useI18n } from '../../i18n';
import { WithName } from '../WithName';
import { isolate } from './isolate';

export function filterResults(status: Status): FilterResult[] {
  return [...(status.filtered ?? []), ...(status.reblog?.filtered ?? [])];
}

export function FilterGate({ status, children }: { status: Status; children: ReactNode }) {
  const { t, lang } = useI18n();
  const [shown, setShown] = useState(false);
  const results = filterResults(status);
  if (results.some((r) => r.filter.filter_action === 'hide')) return null;
  const warnings = results.filter((r) => r.filter.filter_action === 'warn' || r.filter.filter_action === 'blur');
  if (warnings.length === 0) return <>{children}</>;
  const titles = [...new Set(warnings.map((r) => r.filter.title))].join(lang === 'ar' ? '، ' : ', ');
  const label = t.safety.filtered(isolate(titles));
  if (shown) {
    return (
      <div className="filtered-shown">
        {children}
        <button type="button" className="secondary filtered-hide" onClick={() => setShown(false)}>
          {t.safety.hideFiltered}
        </button>
      </div>
    );
  }
  return (
    <article className="status filtered" aria-label={label} data-status-id={status.id}>
      <p className="filtered-line">
        <span className="filtered-title">
          <WithName template={t.safety.filtered} name={titles} />
        </span>
        <button type="button" className="secondary show-filtered" onClick={() => setShown(true)}>
          {t.safety.showFiltered}
        </button>
      </p>
    </article>
  );
}
