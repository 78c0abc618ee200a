// Boot: GET /auth/me decides between the login form and the desktop.
import { api, onAuthRequired, setCsrfToken } from './api.js';
import { h } from './dom.js';
import { t } from './i18n.js';
import { session } from './meta.js';
import { showLogin } from './login.js';
import { renderShell, destroyShell } from './shell.js';
import { allWindows } from './window.js';
import { confirm } from './dialog.js';

async function startShell() {
  const site = await api.get('api/site');
  setCsrfToken(site.csrfToken);
  renderShell(site, { onLogout: logout });
}

async function logout() {
  const dirty = allWindows().some((w) => w.isDirty?.());
  if (dirty && !(await confirm(t('Some windows have unsaved changes. Discard them?')))) return;
  try { await api.post('auth/logout'); } catch { /* the session is gone either way */ }
  setCsrfToken('');
  destroyShell();
  session.user = null;
  showLogin({ onSuccess: afterLogin });
}

function afterLogin(data) {
  if (session.user && data.user?.id === session.user.id) return; // session renewed, keep the windows
  startShell().catch(fatal);
}

function fatal(e) {
  document.body.replaceChildren(h('div', { class: 'fatal', role: 'alert' },
    h('p', { text: t('The application could not start.') }),
    h('p', { text: e?.message ?? String(e) }),
    h('button', { type: 'button', class: 'btn', text: t('Try again'), onclick: () => location.reload() })));
}

onAuthRequired(() => {
  showLogin({ onSuccess: afterLogin, message: t('Your session has ended. Please log in again.') });
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
