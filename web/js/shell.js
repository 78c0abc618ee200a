// The desktop: menu bar on top, windows in the workspace, task bar below.
import { api } from './api.js';
import { h, uid } from './dom.js';
import { t, setLocale } from './i18n.js';
import { session, clearTableCache } from './meta.js';
import { createMenuBar } from './menu.js';
import { initWindows, allWindows, closeAllWindows } from './window.js';
import { modal, confirm, showError } from './dialog.js';
import { openGrid, openDetail } from './open.js';

let root = null;
let menuBar = null;
let logoutHandler = null;

function runMenuItem(item) {
  switch (item.command) {
    case 'about': showAbout(); return;
    case 'logout': logoutHandler?.(); return;
    case 'changePassword':
      import('./password.js').then((m) => m.changePassword()).catch(showError);
      return;
    case 'mySettings':
      openDetail(item.table ?? 'users.MySettings', item.id ?? session.user.id).catch(showError);
      return;
    default:
      if (item.table) openGrid(item.table).catch(showError);
  }
}

// The keys that work everywhere; each in the user's language (German keyboards say Strg).
const KEYS = [
  [['Alt', '1…9'], 'Go to window 1 to 9 of the task bar'],
  [['Ctrl', 'F6'], 'Next window'],
  [['Ctrl', 'Shift', 'F6'], 'Previous window'],
  [['F10'], 'Menu bar (also Alt alone)'],
  [['Tab'], 'Next field of the window; after the last one the first again (Shift+Tab: back)'],
  [['Ctrl', 'Page Down'], 'Next tab of a detail (also Alt+Page Down)'],
  [['Ctrl', 'Page Up'], 'Previous tab of a detail (also Alt+Page Up)'],
  [['Enter'], 'Open the selected row'],
  [['Shift', 'Enter'], 'Open the selected row in a new window (also Shift+double-click)'],
  [['Ctrl', 'S'], 'Save'],
  [['Escape'], 'Close a detail or insert window (grids stay open)'],
];

/** The keyboard help: a table of keys and what they do. */
function keyboardHelp() {
  const named = new Set(['Alt', 'Ctrl', 'Shift', 'Page Down', 'Page Up', 'Enter', 'Escape']);
  return h('table', { class: 'keys', dataset: { role: 'keyboard-help' } },
    h('caption', { text: t('Keyboard') }),
    h('tbody', {}, KEYS.map(([keys, text]) => h('tr', {},
      h('th', { scope: 'row' }, keys.flatMap((k, i) => [i ? '+' : '', h('kbd', { text: named.has(k) ? t(k) : k })])),
      h('td', { text: t(text) })))));
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
    title: t('About'), role: 'dialog', body: h('div', { class: 'about-body' }, dl, keyboardHelp()),
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
  if (dirty && !(await confirm(t('Some windows have unsaved changes. Discard them?'), { title: t('Unsaved changes'), danger: true, yes: t('Discard') }))) {
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
  renderHome();
}

/** The table entries of a menu tree, depth first: [{table, label, path}]. */
function tableEntries(items, path = []) {
  return items.flatMap((item) => {
    if (Array.isArray(item.items)) return tableEntries(item.items, [...path, item.label]);
    return item.table && !item.command ? [{ table: item.table, label: item.label, path: [...path, item.label].join(' › ') }] : [];
  });
}

// The desktop under the windows: the site name as the page's heading, a
// greeting, the dashboard's boxes (when the server has some for this user)
// and the user's shortcuts, the tables of each top menu.
function renderHome() {
  const site = session.site;
  const groups = (site.menu ?? []).map((top) => {
    const entries = tableEntries(top.items ?? []);
    if (!entries.length) return null;
    const headId = uid('home-group');
    return h('section', { class: 'home-group', 'aria-labelledby': headId },
      h('h3', { id: headId, text: top.label }),
      h('ul', {}, entries.map((e) => h('li', {}, h('button', {
        type: 'button', class: 'shortcut', dataset: { table: e.table }, title: e.path, text: e.label,
        onclick: () => openGrid(e.table).catch(showError),
      })))));
  }).filter(Boolean);
  const home = root.querySelector('.home');
  const dashboard = h('div', { class: 'dashboard', dataset: { role: 'dashboard' }, hidden: true });
  home.replaceChildren(
    h('h1', { class: 'home-site', text: site.siteName ?? 'Lino Welfare' }),
    h('p', { class: 'home-greeting', dataset: { role: 'greeting' }, text: t('Welcome, {name}!', { name: session.user.fullName || session.user.username }) }),
    dashboard);
  // its module and data come after the desktop is on screen (and outside the first load)
  import('./dashboard.js').then((m) => m.showDashboard(dashboard)).catch(showError);
  if (groups.length) {
    const headId = uid('home-shortcuts');
    home.append(h('nav', { class: 'home-shortcuts', 'aria-labelledby': headId },
      h('h2', { id: headId, text: t('Shortcuts') }), h('div', { class: 'home-groups' }, groups)));
  }
}

// Shortcuts and dashboard entries covered by a window cannot be seen, so Tab
// must not stop on them (and Enter open a table from behind the windows);
// those in sight stay reachable. Checked whenever a window opens, closes,
// moves or resizes, or the desktop's content changes or scrolls. An entry
// scrolled out of sight counts where the focus would scroll it: at the edge.
function watchCoveredShortcuts(workspace) {
  let queued = false;
  const home = workspace.querySelector('.home');
  const update = () => {
    queued = false;
    const wins = [...workspace.querySelectorAll(':scope > section.win')].map((w) => w.getBoundingClientRect());
    const view = home.getBoundingClientRect();
    const within = (v, lo, hi) => Math.max(lo, Math.min(v, hi));
    for (const b of home.querySelectorAll('button')) {
      const r = b.getBoundingClientRect();
      const x = within(r.left + r.width / 2, view.left + r.width / 2, view.right - r.width / 2);
      const y = within(r.top + r.height / 2, view.top + r.height / 2, view.bottom - r.height / 2);
      const covered = wins.some((w) => x >= w.left && x <= w.right && y >= w.top && y <= w.bottom);
      b.tabIndex = covered ? -1 : 0;
    }
  };
  const later = () => {
    if (queued) return;
    queued = true;
    requestAnimationFrame(update);
  };
  new MutationObserver((records) => {
    // a window (its style and class) or the home itself, not what happens inside a window
    if (records.some((r) => (r.type === 'childList' ? r.target === workspace || r.target.closest('.home') : r.target.parentElement === workspace))) later();
  }).observe(workspace, { childList: true, subtree: true, attributes: true, attributeFilter: ['style', 'class'] });
  window.addEventListener('resize', later);
  home.addEventListener('scroll', later, { passive: true });
  return later;
}

/** Builds the desktop for a logged-in user. `onLogout` runs after "Log out". */
export function renderShell(site, { onLogout }) {
  logoutHandler = onLogout;
  applySite(site);
  destroyShell();
  const workspace = h('main', { class: 'workspace' }, h('div', { class: 'home', dataset: { role: 'home' } }));
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
  watchCoveredShortcuts(workspace);
  renderChrome();
  menuBar.focus();
}

/**
 * Puts the desktop out of reach (inert, hidden from screen readers) while the
 * login form of an ended session covers it, or back.
 */
export function coverShell(on) {
  if (!root) return;
  root.inert = on;
  if (on) root.setAttribute('aria-hidden', 'true');
  else root.removeAttribute('aria-hidden');
}

/** Removes the desktop (after logout). */
export function destroyShell() {
  closeAllWindows();
  root?.remove();
  root = null;
}
