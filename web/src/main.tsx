import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '@fontsource/ibm-plex-sans-arabic/arabic-400.css';
import '@fontsource/ibm-plex-sans-arabic/arabic-600.css';
import '@fontsource/ibm-plex-sans-arabic/latin-400.css';
import '@fontsource/ibm-plex-sans-arabic/latin-600.css';
import './styles.css';
import { I18nProvider } from './i18n';
import { App } from './App';
import { loadInstance } from './state/instance';
import { startOutbox } from './state/outbox';
import { navigate } from './lib/router';

// Marks for bench/web-budget.ts: when the app's code starts running, and (Timeline) when the
// first page of posts has arrived.
performance.mark('sirb:app-start');
void loadInstance();
startOutbox();

// The app shell is kept by a service worker so the app opens even while the server is down.
if (import.meta.env.PROD && 'serviceWorker' in navigator && window.isSecureContext) {
  window.addEventListener('load', () => void navigator.serviceWorker.register('/sw.js').catch(() => {}));
  // A click on a push notification (sw.js) brings this tab to the notifications.
  navigator.serviceWorker.addEventListener('message', (event: MessageEvent<{ type?: string; path?: string }>) => {
    if (event.data?.type === 'sirb:navigate' && event.data.path?.startsWith('/')) navigate(event.data.path);
  });
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <I18nProvider>
      <App />
    </I18nProvider>
  </StrictMode>,
);
