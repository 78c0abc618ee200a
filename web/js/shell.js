// The desktop: menu bar on top, windows in the workspace, task bar below.
import { api } from './api.js';
import { h } from './dom.js';
import { t, setLocale } from './i18n.js';
import { session, clearTableCache } from './meta.js';
import { createMenuBar } from './menu.js';
import { initWindows, allWindows, closeAllWindows } from './window.js';
import { modal, confirm, showError } from './dialog.js';

let root = null;
let menuBar = null;
let logoutHandler = null;

/** Opens the grid window of a table (modules load on first use). */
export async function openTable(name, options) {
  const { openGridWindow } = await import('./grid.js');
  return openGridWindow(name, options);
}

/** Opens the detail window of one record. */
export async function openRecord(name, id, options) {
  const { openDetail } = await import('./form.js');
  return openDetail(name, id, options);
}

function runMenuItem(item) {
  switch (item.command) {
    case 'about': showAbout(); return;
    case 'logout': logoutHandler?.(); return;
    case 'changePassword':
      import('./password.js').then((m) => m.changePassword()).catch(showError);
      return;
    case 'mySettings':
      openRecord(item.table ?? 'users.MySettings', item.id ?? session.user.id).catch(showError);
      return;
    default:
      if (item.table) openTable(item.table).catch(showError);
  }
}

function showAbout() {
  const site = session.site;
  const dl = h('dl', { class: 'about' },
    h('dt', { text: t('Site') }), h('dd', { text: site.siteName ?? '' }),
    h('dt', { text: t('Version') }), h('dd', { text: site.version ?? '' }),
    h('dt', { text: t('User') }), h('dd', { text: `${session.user.fullName} (${session.user.username})` }),
    h('dt', { text: t('User type') }), h('dd', { text: session.user.userType?.text ?? '' }),
    h('dt', { text: t('Language') }), h('dd', { text: site.languages?.find((l) => l.code === site.language)?.name ?? site.language }));
  modal({
    title: t('About'), role: 'dialog', body: dl,
    buttons: [{ label: t('OK'), value: true, action: 'ok', primary: true }],
  });
}

function languageSelect(site) {
  const select = h('select', {
    class: 'language', dataset: { role: 'language' }, 'aria-label': t('Language'), title: t('Language'),
  }, (site.languages ?? []).map((l) => h('option', { value: l.code, selected: l.code === site.language, text: l.code.toUpperCase() })));
  select.addEventListener('change', () => changeLanguage(select.value, select));
  return select;
}

/**
 * Changes something that alters the whole UI (language, acting user): posts it,
 * reloads the site metadata and rebuilds menu and windows. `restore` puts the
 * control back when the user keeps unsaved changes or the server refuses.
 */
async function changeSession(path, body, { focus, restore }) {
  const dirty = allWindows().some((w) => w.isDirty?.());
  if (dirty && !(await confirm(t('Some windows have unsaved changes. Discard them?')))) {
    restore();
    return;
  }
  try {
    await api.post(path, body);
    const site = await api.get('api/site');
    applySite(site);
    clearTableCache();
    renderChrome();
    for (const w of allWindows()) await w.rebuild?.();
    document.querySelector(focus)?.focus();
  } catch (e) {
    restore();
    showError(e);
  }
}

function changeLanguage(code, select) {
  return changeSession('api/me/language', { language: code },
    { focus: '[data-role=language]', restore: () => { select.value = session.site.language; } });
}

/** "Work as": the users who gave this user an authority (reception clerks for coaches). */
function actAsSelect(site) {
  const choices = site.actAs ?? [];
  if (!choices.length) return null;
  const acting = session.user.realUserId != null;
  const select = h('select', {
    class: 'act-as', dataset: { role: 'act-as' }, 'aria-label': t('Work as'), title: t('Work as'),
  }, h('option', { value: '', selected: !acting, text: t('Myself') }),
  choices.map((c) => h('option', { value: String(c.id), selected: acting && c.id === session.user.id, text: c.text })));
  const current = select.value;
  select.addEventListener('change', () => changeSession('auth/act-as', { user: select.value ? Number(select.value) : null },
    { focus: '[data-role=act-as]', restore: () => { select.value = current; } }));
  return select;
}

/** Installs a /api/site answer (strings, formats, user). */
export function applySite(site) {
  session.site = site;
  session.user = site.user;
  setLocale(site);
  document.documentElement.lang = site.language ?? 'en';
  document.title = site.siteName ?? 'Lino Welfare';
}

// The menu bar and task bar are re-rendered on a language switch; the
// workspace with its windows stays.
function renderChrome() {
  const site = session.site;
  menuBar = createMenuBar(site.menu ?? [], runMenuItem);
  const right = h('div', { class: 'menubar-right' },
    h('span', { class: 'user-name', text: session.user.fullName ?? session.user.username }),
    actAsSelect(site),
    languageSelect(site));
  root.querySelector('.menubar').replaceChildren(menuBar.element, right);
  root.querySelector('.task-label').textContent = t('Windows');
  root.querySelector('.tasks').setAttribute('aria-label', t('Open windows'));
  root.querySelector('.site-name').textContent = site.siteName ?? '';
  root.querySelector('.busy-text').textContent = t('Please wait…');
}

/** Builds the desktop for a logged-in user. `onLogout` runs after "Log out". */
export function renderShell(site, { onLogout }) {
  logoutHandler = onLogout;
  applySite(site);
  destroyShell();
  const workspace = h('main', { class: 'workspace' });
  const tasks = h('div', { class: 'tasks', role: 'group' });
  root = h('div', { class: 'desk' },
    h('nav', { class: 'menubar' }),
    workspace,
    h('footer', { class: 'taskbar' },
      h('span', { class: 'task-label', 'aria-hidden': 'true' }),
      tasks,
      h('span', { class: 'busy-text', 'aria-live': 'polite' }),
      h('span', { class: 'site-name' })));
  document.body.append(root);
  initWindows(workspace, tasks);
  renderChrome();
  menuBar.focus();
}

/** Removes the desktop (after logout). */
export function destroyShell() {
  closeAllWindows();
  root?.remove();
  root = null;
}
