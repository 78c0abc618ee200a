// Boot: GET /auth/me decides between the login form and the desktop.
// A change of user (log-out, or another user logging in after the session
// ended) reloads the page: no window, cached metadata or other state of the
// previous user survives (the static files come back as 304s).
import { api, onAuthRequired, setCsrfToken } from './api.js';
import { h } from './dom.js';
import { t } from './i18n.js';
import { session, clearTableCache } from './meta.js';
import { showLogin } from './login.js';
import { renderShell, destroyShell, coverShell } from './shell.js';
import { allWindows } from './window.js';
import { confirm } from './dialog.js';

async function startShell() {
  const site = await api.get('api/site');
  setCsrfToken(site.csrfToken);
  renderShell(site, { onLogout: logout });
}

let leaving = false; // the shell reloads on purpose: no leave-page question

/** Starts again from an empty page, after the previous user's screens are gone. */
function restart() {
  leaving = true;
  destroyShell();
  clearTableCache();
  session.site = null;
  session.user = null;
  location.reload();
}

// Reload, Back or closing the tab while a window has unsaved changes: the
// browser asks (it shows its own text; a custom message is ignored).
window.addEventListener('beforeunload', (e) => {
  if (leaving || !allWindows().some((w) => w.isDirty?.())) return;
  e.preventDefault();
  e.returnValue = t('Some windows have unsaved changes. Discard them?'); // older browsers need a non-empty value
});

async function logout() {
  const dirty = allWindows().some((w) => w.isDirty?.());
  if (dirty && !(await confirm(t('Some windows have unsaved changes. Discard them?'), { title: t('Unsaved changes'), danger: true, yes: t('Discard') }))) return;
  try { await api.post('auth/logout'); } catch { /* the session is gone either way */ }
  setCsrfToken('');
  restart();
}

/** After the login form: a fresh desktop, the same one (session renewed), or a restart for another user. */
function afterLogin(data) {
  const before = session.user;
  if (!before) {
    startShell().catch(fatal);
    return;
  }
  const u = data.user ?? {};
  // the same person, not working as someone else, in the same language: keep the windows
  if (u.id === before.id && before.realUserId == null && u.language === session.site?.language) {
    coverShell(false);
    return;
  }
  restart();
}

function fatal(e) {
  document.body.replaceChildren(h('div', { class: 'fatal', role: 'alert' },
    h('p', { text: t('The application could not start.') }),
    h('p', { text: e?.message ?? String(e) }),
    h('button', { type: 'button', class: 'btn', text: t('Try again'), onclick: () => location.reload() })));
}

onAuthRequired(() => {
  coverShell(true); // the previous user's windows stay out of reach behind the login form
  showLogin({ onSuccess: afterLogin, message: 'Your session has ended. Please log in again.' }); // a msgid: the form translates it
});

async function boot() {
  try {
    const me = await api.get('auth/me');
    setCsrfToken(me.csrfToken);
    await startShell();
  } catch (e) {
    if (e.status === 401) showLogin({ onSuccess: afterLogin });
    else fatal(e);
  }
}

boot();
