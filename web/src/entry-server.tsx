// The server's render of home's first page (built by scripts/build-web.mjs with `vite build
// --ssr` into web/dist-ssr, loaded by src/web-ssr.ts): the same components as the client, so the
// HTML is exactly what the app would show, and main.tsx hydrates it with the same state.
import { StrictMode } from 'react';
import { renderToString } from 'react-dom/server';
import { I18nProvider } from './i18n';
import { App } from './App';
import { setServerLocation } from './lib/router';
import { setRenderClock } from './components/RelativeTime';
import { setSsrState, type SsrState } from './ssr/state';

export type { SsrState };

/**
 * The HTML of `/` for `state`'s reader. Module state (the server's state, page, clock) is set for this one
 * render and cleared after it; renderToString is synchronous, so renders never interleave.
 */
export function renderHome(state: SsrState): string {
  setSsrState(state);
  setServerLocation('/');
  setRenderClock(state.now);
  try {
    return renderToString(
      <StrictMode>
        <I18nProvider initial={state.lang}>
          <App />
        </I18nProvider>
      </StrictMode>,
    );
  } finally {
    setSsrState(null);
  }
}
