import { StrictMode } from 'react';
import { createRoot, hydrateRoot } from 'react-dom/client';
import '@fontsource/ibm-plex-sans-arabic/arabic-400.css';
import '@fontsource/ibm-plex-sans-arabic/arabic-600.css';
import '@fontsource/ibm-plex-sans-arabic/latin-400.css';
import '@fontsource/ibm-plex-sans-arabic/latin-600.css';
import './styles.css';
import './shell-loading.css';
import { I18nProvider, detectLang } from './i18n';
import { App } from './App';
import { loadInstance } from './state/instance';
import { startOutbox } from './state/outbox';
import { navigate } from './lib/router';
import { session } from './auth/session';
import { syncWebCookie } from './auth/web-cookie';
import { dropSsrState, ssrState, takeEarlyClicks } from './ssr/state';

// Marks for bench/web-budget.ts: when the app's code starts running, and (Timeline) when the
// first page of posts has arrived.
performance.mark('sirb:app-start');
void loadInstance();
startOutbox();
syncWebCookie();

// The app shell is kept by a service worker so the app opens even while the server is down.
if (import.meta.env.PROD && 'serviceWorker' in navigator && window.isSecureContext) {
  const register = () => void navigator.serviceWorker.register('/sw.js').catch(() => {});
  // On the server-rendered home the app starts after the paint (boot.js), often after `load`.
  if (document.readyState === 'complete') register();
  else window.addEventListener('load', register);
  // A click on a push notification (sw.js) brings this tab to the notifications.
  navigator.serviceWorker.addEventListener('message', (event: MessageEvent<{ type?: string; path?: string }>) => {
    if (event.data?.type === 'sirb:navigate' && event.data.path?.startsWith('/')) navigate(event.data.path);
  });
}

const container = document.getElementById('root')!;
const rendered = ssrState();
// The server rendered home into the page (src/web-ssr.ts): React takes over that HTML, if it is
// this reader's, in this device's language. Any other case (signed out here since, another
// account, a language chosen here that the cookie did not carry yet) renders afresh.
const hydrate = rendered && session.get()?.accountId === rendered.accountId && location.pathname === '/' && detectLang() === rendered.lang;
const app = (
  <StrictMode>
    <I18nProvider initial={hydrate ? rendered.lang : undefined}>
      <App />
    </I18nProvider>
  </StrictMode>
);
// Buttons tapped on the server's page before now: done again once hydrated, never on a fresh render.
takeEarlyClicks(!!hydrate);
if (hydrate) {
  // A mismatch makes React render on the client instead (a recoverable error): logged, not fatal.
  hydrateRoot(container, app, { onRecoverableError: (error) => console.warn('sirb: hydration fell back to a client render', error) });
} else {
  dropSsrState();
  container.replaceChildren();
  createRoot(container).render(app);
}
