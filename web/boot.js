// Runs before the first paint, as a classic (blocking) script in <head> (async in the home the
// server rendered, which already has the language and theme from the cookies mirrored here): the app shell's CSP
// allows no inline script, so this lives in a file (vite.config.ts emits it under a content hash).
(function () {
  // Language, direction and theme from what was saved or the browser, so an English reader
  // never sees the page flip from right-to-left.
  try {
    var lang = localStorage.getItem('sirb.lang');
    if (lang !== 'ar' && lang !== 'en') {
      var wanted = navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language || ''];
      lang = 'ar';
      for (var i = 0; i < wanted.length; i++) {
        var code = String(wanted[i]).slice(0, 2).toLowerCase();
        if (code === 'ar' || code === 'en') { lang = code; break; }
      }
    }
    // The server renders home only in the language of this cookie (src/web-ssr.ts), kept equal to
    // the one chosen here on every visit (saved choice, else the browser's languages).
    if (document.cookie.indexOf('sirb_lang=' + lang) < 0)
      document.cookie = 'sirb_lang=' + lang + '; Path=/; Max-Age=31536000; SameSite=Strict';
    document.documentElement.lang = lang;
    document.documentElement.dir = lang === 'ar' ? 'rtl' : 'ltr';
    var theme = localStorage.getItem('sirb.theme');
    if (theme === 'light' || theme === 'dark') document.documentElement.dataset.theme = theme;
    if ((theme === 'light' || theme === 'dark') && document.cookie.indexOf('sirb_theme=' + theme) < 0)
      document.cookie = 'sirb_theme=' + theme + '; Path=/; Max-Age=31536000; SameSite=Strict';
  } catch (e) {}
  // The home timeline is requested now, while the app's script is still downloading; the
  // app picks the answer up (api/client.ts) instead of asking again.
  try {
    var session = JSON.parse(localStorage.getItem('sirb.session') || 'null');
    // Not when the server already rendered home into this page (src/web-ssr.ts): it is here.
    if (session && session.token && location.pathname === '/' && !document.documentElement.hasAttribute('data-sirb-ssr')) {
      var path = '/api/v1/timelines/home?limit=20';
      window.__sirbPrefetch = {
        path: path,
        token: session.token,
        response: fetch(path, { headers: { authorization: 'Bearer ' + session.token, accept: 'application/json' }, cache: 'no-store' }),
      };
      window.__sirbPrefetch.response.catch(function () {});
    }
  } catch (e) {}
  // Home rendered by the server (src/web-ssr.ts): the app starts (hydrates) once the posts are
  // painted, not before the first frame.
  var start = document.querySelector('meta[name="sirb-start-after-paint"]');
  if (start) {
    // Until the app has taken the page over, a tap on a button (like, repost, bookmark…) would do
    // nothing: each button is kept (once: a double tap must not like and unlike), and clicked
    // again once hydrated (ssr/state.ts). Links need nothing: they navigate without the app.
    var early = (window.__sirbEarlyClicks = []);
    document.addEventListener(
      'click',
      function (e) {
        var button = e.target instanceof Element ? e.target.closest('#root button') : null;
        if (button && window.__sirbEarlyClicks === early && early.indexOf(button) < 0) early.push(button);
      },
      true,
    );
    // Keyboard shortcuts (lib/shortcuts.ts: n, j/k, f, /, g h…) would be lost the same way: every
    // key pressed without a modifier is kept, with its target and time, until the shortcuts take
    // the list (they then judge each key as if just pressed: none typed into a field, g h within
    // its window) and press them once home is hydrated (ssr/state.ts).
    var keys = (window.__sirbEarlyKeys = []);
    document.addEventListener('keydown', function (e) {
      if (window.__sirbEarlyKeys !== keys || e.ctrlKey || e.metaKey || e.altKey || e.isComposing) return;
      var t = e.target;
      // "/" starts the browser's find-as-you-type in Firefox, which would take the next keys:
      // the shortcut prevents that too once the app listens.
      if (e.key === '/' && !(t instanceof Element && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName)))) e.preventDefault();
      keys.push({ key: e.key, code: e.code, shiftKey: e.shiftKey, target: t, at: Date.now() });
    });
    var run = function () {
      requestAnimationFrame(function () {
        setTimeout(function () {
          import(start.content);
        }, 0);
      });
    };
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', run);
    else run();
  }
})();
