// The admin page's script: signs in with an admin token (kept in this tab's sessionStorage only),
// fills the template list, creates incidents and maintenances, and posts updates to open ones,
// all through the admin JSON API. Every label is in the page already (Arabic or English), and so
// is the text for each error code the API answers with; an error without a known code is shown in
// the server's English, isolated in <bdi dir="ltr"> so it does not scramble an Arabic sentence.
(() => {
  'use strict';
  const $ = (id) => document.getElementById(id);
  const lang = document.documentElement.lang === 'ar' ? 'ar' : 'en';
  const strings = $('admin-strings').dataset;
  const errorTexts = JSON.parse(strings.errors || '{}');
  const KEY = 'sirb-status-admin-token';
  let token = sessionStorage.getItem(KEY) || '';
  let templates = [];

  function show(el, visible) {
    el.hidden = !visible;
  }
  // error: an Error from api() (its message in the page's language, maybe a server text in
  // detail), or '' to clear. keepSaved: the save went through and only what came after failed.
  function say(error, keepSaved = false) {
    if (!keepSaved) $('admin-saved').hidden = true;
    const box = $('admin-error');
    box.replaceChildren();
    if (error) box.append(error.message);
    if (error && error.detail) {
      const bdi = document.createElement('bdi');
      bdi.dir = 'ltr';
      bdi.textContent = error.detail;
      box.append(' ', bdi);
    }
    show(box, Boolean(error));
  }
  function failure(message, detail) {
    const error = new Error(message);
    error.detail = detail;
    return error;
  }
  function saved() {
    say('');
    show($('admin-saved'), true);
  }

  // Every load and save goes through here, so a network failure or an error answer is told in the
  // page's language (never the browser's English "Failed to fetch", or a TypeError from reading
  // an error answer as a list). A GET that fails could not load; anything else could not save.
  async function api(method, path, body) {
    const res = await fetch(path, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    }).catch(() => {
      throw failure(strings.unreachable);
    });
    const data = await res.json().catch(() => ({}));
    if (res.status === 401 || res.status === 403) {
      signOut();
      throw failure(strings.refused);
    }
    if (!res.ok) {
      const failed = method === 'GET' ? strings.loadFailed : strings.failed;
      const known = Object.hasOwn(errorTexts, data.code) ? errorTexts[data.code] : undefined;
      if (known) throw failure(`${failed}: ${known}`);
      throw failure(`${failed}:`, String(data.error || `HTTP ${res.status}`));
    }
    return data;
  }

  function signOut() {
    token = '';
    sessionStorage.removeItem(KEY);
    show($('admin-app'), false);
    show($('sign-out'), false);
    show($('token-form'), true);
  }

  async function signIn() {
    // Reading the templates needs admin:read: it doubles as the token check.
    templates = await api('GET', '/api/v1/incident-templates');
    sessionStorage.setItem(KEY, token);
    const select = $('template');
    for (const option of [...select.options].slice(1)) option.remove();
    for (const t of templates) select.add(new Option(t.title, t.id));
    say(''); // a refused token's message no longer applies
    show($('token-form'), false);
    show($('admin-app'), true);
    show($('sign-out'), true);
    await loadOpen();
  }

  async function loadOpen() {
    const [incidents, maintenances] = await Promise.all([
      api('GET', `/api/v2/incidents/unresolved.json?lang=${lang}`),
      api('GET', `/api/v2/scheduled-maintenances.json?lang=${lang}`),
    ]);
    const open = [
      ...incidents.incidents.map((i) => ({ ...i, maintenance: false })),
      ...maintenances.scheduled_maintenances.filter((m) => m.status !== 'completed').map((m) => ({ ...m, maintenance: true })),
    ];
    const list = $('open-list');
    list.replaceChildren();
    show($('open-none'), open.length === 0);
    for (const incident of open) {
      const article = document.createElement('article');
      article.className = 'incident-admin';
      article.dataset.incident = incident.id;
      const h3 = document.createElement('h3');
      const link = document.createElement('a');
      link.href = `/incidents/${incident.id}?lang=${lang}`;
      link.textContent = incident.name;
      link.dir = 'auto';
      h3.append(link);
      const form = $(incident.maintenance ? 'update-form-maintenance' : 'update-form-incident').content.firstElementChild.cloneNode(true);
      form.elements.status.value = incident.status;
      form.addEventListener('submit', (event) => {
        event.preventDefault();
        const body = { status: form.elements.status.value, body: form.elements.body.value.trim() };
        if (form.elements.body_ar.value.trim()) body.body_ar = form.elements.body_ar.value.trim();
        api('POST', `/api/v1/incidents/${incident.id}/updates`, body).then(() => (saved(), reloadAfterSave()), (e) => say(e));
      });
      article.append(h3, form);
      list.append(article);
    }
  }

  // The list again after a save: if that fails, "Saved." stays beside the error, so the admin does
  // not post the same update twice.
  const reloadAfterSave = () => loadOpen().catch((e) => say(e, true));

  const incidentForm = $('incident-form');
  const isMaintenance = () => incidentForm.elements.kind.value === 'maintenance';
  // A maintenance needs its start and its end (the API refuses it otherwise): the browser asks for
  // them (in its own language) before sending.
  function showKind() {
    show($('maintenance-times'), isMaintenance());
    incidentForm.elements.scheduled_for.required = isMaintenance();
    incidentForm.elements.scheduled_until.required = isMaintenance();
  }
  incidentForm.addEventListener('change', (event) => {
    if (event.target.name === 'kind') {
      showKind();
      incidentForm.elements.impact.value = isMaintenance() ? 'maintenance' : 'minor';
    }
    if (event.target.id === 'template') {
      const t = templates.find((x) => x.id === event.target.value);
      if (!t) return;
      for (const key of ['name', 'name_ar', 'body', 'body_ar', 'impact']) incidentForm.elements[key].value = t[key];
      for (const box of incidentForm.querySelectorAll('input[name=components]')) box.checked = t.components.includes(box.value);
    }
  });
  incidentForm.addEventListener('submit', (event) => {
    event.preventDefault();
    const f = incidentForm.elements;
    const body = { impact: f.impact.value, components: [...incidentForm.querySelectorAll('input[name=components]:checked')].map((b) => b.value) };
    for (const key of ['name', 'name_ar', 'body', 'body_ar']) if (f[key].value.trim()) body[key] = f[key].value.trim();
    if (f.template.value) body.template = f.template.value;
    if (isMaintenance()) {
      // datetime-local is the admin's own time zone; the API takes ISO 8601 instants.
      if (f.scheduled_for.value) body.scheduled_for = new Date(f.scheduled_for.value).toISOString();
      if (f.scheduled_until.value) body.scheduled_until = new Date(f.scheduled_until.value).toISOString();
    }
    api('POST', '/api/v1/incidents', body).then(
      () => {
        incidentForm.reset();
        showKind();
        saved();
        return reloadAfterSave();
      },
      (e) => say(e),
    );
  });

  $('token-form').addEventListener('submit', (event) => {
    event.preventDefault();
    token = $('token').value.trim();
    signIn().catch((e) => say(e));
  });
  $('sign-out').addEventListener('click', signOut);
  if (token) signIn().catch((e) => say(e));
  document.documentElement.dataset.script = 'ready';
})();
