// Runs before the app, on the finder page only: asks for the first results while the app's
// code is still loading, so they show sooner. The app's finder (finder-data.ts) takes this
// answer when it is for the same filters and language; otherwise it asks again itself.
// Plain script on purpose: it must not wait for, or add to, the app's bundle.
/* global window, location, navigator, localStorage, URLSearchParams, fetch */
(function () {
  if (!/^\/groups\/?$/.test(location.pathname)) return;
  var lang = 'en';
  try {
    var stored = localStorage.getItem('iconocast.language');
    lang = stored === 'en' || stored === 'es' ? stored : '';
  } catch {
    lang = '';
  }
  if (!lang) lang = navigator.language.toLowerCase().indexOf('es') === 0 ? 'es' : 'en';
  var params = new URLSearchParams(location.search);
  var tz = '';
  try {
    tz = Intl.DateTimeFormat().resolvedOptions().timeZone || '';
  } catch {
    tz = '';
  }
  if (tz) params.set('tz', tz);
  params.set('locale', lang);
  params.set('pageSize', '20');
  window.__finderPrefetch = {
    search: location.search,
    lang: lang,
    tz: tz,
    response: fetch('/api/finder?' + params.toString(), {
      credentials: 'same-origin',
      headers: { accept: 'application/json' },
    }),
  };
})();
