// A page whose code could not be fetched (the server unreachable and no copy in the service
// worker's cache) would otherwise take the whole app down with it: React unmounts everything
// above a lazy component that throws. This keeps the frame, says what happened in the reader's
// language, asks the outage probe to look (the banner then says whether the server is down),
// and offers a reload: React.lazy keeps a failed import failed, so only a reload fetches again.
import { Component, type ReactNode } from 'react';
import { useI18n } from '../i18n';
import { probeNow } from '../state/outage';
import { Layout } from './Layout';

function PageCodeFailed() {
  const { t } = useI18n();
  return (
    <Layout title={t.errors.generic}>
      <p role="alert">{t.errors.pageCode}</p>
      <button type="button" onClick={() => location.reload()}>
        {t.errors.reload}
      </button>
    </Layout>
  );
}

export class PageCodeBoundary extends Component<{ children: ReactNode }, { failed: boolean }> {
  state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  componentDidCatch(): void {
    void probeNow();
  }

  render(): ReactNode {
    return this.state.failed ? <PageCodeFailed /> : this.props.children;
  }
}
