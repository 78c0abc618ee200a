// The window manager: several windows inside the workspace, each with a
// task bar entry. Windows move by their title bar, resize from the corner,
// maximise, and come to the front when clicked or focused.
import { h, focusables } from './dom.js';
import { t } from './i18n.js';
import { modalOpen, notify } from './dialog.js';
import { icon } from './icons.js';
import { getTable } from './meta.js';

const windows = [];
let workspace = null;
let taskList = null;
let zTop = 10;
let activeWin = null;
let cascade = 0;

/** Tells the manager where windows and task bar entries go. */
export function initWindows(workspaceEl, taskListEl) {
  workspace = workspaceEl;
  taskList = taskListEl;
}

export const allWindows = () => [...windows];
export const activeWindow = () => activeWin;
export const findWindow = (key) => windows.find((w) => w.key === key);

// Windows stay reachable when the browser window shrinks.
window.addEventListener('resize', () => {
  if (!workspace) return;
  for (const w of windows) {
    const el = w.element;
    el.style.width = `${Math.min(el.offsetWidth, workspace.clientWidth)}px`;
    el.style.height = `${Math.min(el.offsetHeight, workspace.clientHeight)}px`;
    clampToWorkspace(w);
  }
});

// Escape closes a detail or insert window (after its dirty check), never a
// grid: a grid is where the user works, and Escape in it means "leave the cell".
document.addEventListener('keydown', (e) => {
  if (e.key !== 'Escape' || e.defaultPrevented || modalOpen() || !activeWin) return;
  if (e.target.closest?.('[role=menubar]') || activeWin.kind === 'grid') return;
  e.preventDefault();
  activeWin.close();
});

// Window switching: Ctrl+F6 / Ctrl+Shift+F6 go round the task bar (some
// browsers keep Ctrl+F6 for themselves), Alt+1..9 goes to the n-th entry
// (by key position, so that AZERTY keyboards work without Shift).
document.addEventListener('keydown', (e) => {
  if (e.defaultPrevented || modalOpen() || !windows.length) return;
  let target = null;
  if (e.key === 'F6' && e.ctrlKey && !e.altKey && !e.metaKey) {
    const order = taskOrder();
    const i = order.indexOf(activeWin);
    const step = e.shiftKey ? -1 : 1;
    target = order[i < 0 ? (step > 0 ? 0 : order.length - 1) : (i + step + order.length) % order.length];
  } else if (e.altKey && !e.ctrlKey && !e.metaKey && !e.shiftKey && /^Digit[1-9]$/.test(e.code)) {
    target = taskOrder()[Number(e.code.slice(5)) - 1] ?? null;
    if (!target) return;
  } else return;
  e.preventDefault();
  target?.focus();
});

// Ctrl+PageDown / Ctrl+PageUp (Chrome keeps these for its own tabs, hence
// also Alt+PageDown / Alt+PageUp) show the next / previous tab of the active
// window's detail, from anywhere in it. Capture phase: a grid inside the
// detail would otherwise take PageDown as paging.
document.addEventListener('keydown', (e) => {
  if ((e.key !== 'PageDown' && e.key !== 'PageUp') || !(e.ctrlKey || e.altKey) || e.shiftKey || e.metaKey) return;
  if (modalOpen() || !activeWin) return;
  const inTabs = e.target.closest?.('.tabs');
  const tablist = (inTabs && activeWin.element.contains(inTabs) ? inTabs : activeWin.element)
    .querySelector('[role=tablist]');
  const tabs = tablist ? [...tablist.querySelectorAll(':scope > [role=tab]')] : [];
  if (tabs.length < 2) return;
  const i = Math.max(0, tabs.findIndex((tab) => tab.getAttribute('aria-selected') === 'true'));
  const next = tabs[(i + (e.key === 'PageDown' ? 1 : -1) + tabs.length) % tabs.length];
  e.preventDefault();
  e.stopPropagation();
  next.click(); // selects and focuses it, like a click
}, true);

// Tab stays in the active window: from its last field it goes round to its
// first (Shift+Tab the other way), never on to the task bar, the menu bar or
// the desktop under the windows; another window is reached with Ctrl+F6 or
// Alt+1..9, the menu bar with F10 or Alt. The keydown below handles the ends
// of a window; this focusin is the safety net for what it cannot foresee (a
// radio group): focus that a Tab moved out of its window goes back in, and
// focus that a Tab moved into a window behind (from the menu bar) goes to the
// active one, which the window behind does not see (no jump to the front).
let tabbing = null; // {from: the window the Tab was pressed in, or null; back: Shift}
document.addEventListener('keydown', (e) => {
  if (e.key !== 'Tab' || e.ctrlKey || e.altKey || e.metaKey) return;
  tabbing = { from: windows.find((w) => w.element.contains(e.target)) ?? null, back: e.shiftKey };
  setTimeout(() => { tabbing = null; }, 0); // the focus moves before this runs
}, true);
document.addEventListener('focusin', (e) => {
  if (!tabbing || modalOpen() || e.target.closest?.('.popup, .modal-backdrop, .login-screen')) return;
  const { from, back } = tabbing;
  const into = windows.find((w) => w.element.contains(e.target)) ?? null;
  if (from && into !== from) {
    e.stopPropagation();
    const list = tabbables(from.element);
    (back ? list.at(-1) : list[0])?.focus();
  } else if (!from && into && activeWin && into !== activeWin) {
    e.stopPropagation();
    activeWin.focus();
  }
}, true);

/** What Tab can reach inside `root`, in document order. */
function tabbables(root) {
  return focusables(root).filter((el) => el.tabIndex >= 0 && !el.closest('[inert]'));
}

/** Tab on the last element of a window goes to its first one, Shift+Tab on the first to the last. */
function cycleTab(e, element) {
  if (e.key !== 'Tab' || e.defaultPrevented || e.ctrlKey || e.altKey || e.metaKey) return;
  const list = tabbables(element);
  const a = document.activeElement;
  if (!list.length || !element.contains(a)) return;
  const ahead = e.shiftKey
    ? list.some((el) => (a.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_PRECEDING) && !el.contains(a))
    : list.some((el) => a.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING);
  if (ahead) return;
  e.preventDefault();
  (e.shiftKey ? list.at(-1) : list[0]).focus();
}

/** The windows in the order of their task bar entries. */
function taskOrder() {
  const entries = taskList ? [...taskList.children] : [];
  return entries.map((b) => windows.find((w) => w.taskButton === b)).filter(Boolean);
}

function activate(win) {
  if (activeWin === win && win.element.style.zIndex === String(zTop)) return;
  for (const w of windows) {
    w.element.classList.toggle('active', w === win);
    w.taskButton.setAttribute('aria-pressed', String(w === win));
  }
  zTop += 1;
  win.element.style.zIndex = String(zTop);
  activeWin = win;
}

function clampToWorkspace(win) {
  const el = win.element;
  const W = workspace.clientWidth;
  const H = workspace.clientHeight;
  const left = Math.min(Math.max(el.offsetLeft, 60 - el.offsetWidth), W - 60);
  const top = Math.min(Math.max(el.offsetTop, 0), H - 24);
  el.style.left = `${left}px`;
  el.style.top = `${top}px`;
}

function dragWith(e, onMove, onEnd) {
  const target = e.currentTarget;
  target.setPointerCapture(e.pointerId);
  const x0 = e.clientX;
  const y0 = e.clientY;
  const move = (ev) => onMove(ev.clientX - x0, ev.clientY - y0);
  const up = () => {
    target.removeEventListener('pointermove', move);
    target.removeEventListener('pointerup', up);
    target.removeEventListener('pointercancel', up);
    onEnd?.();
  };
  target.addEventListener('pointermove', move);
  target.addEventListener('pointerup', up);
  target.addEventListener('pointercancel', up);
}

/**
 * Opens a window. Options: `title`, `table` (data-window), `kind`
 * (grid|detail|insert), `key` (reuses an open window with that key),
 * `width`/`height` (px, capped to the workspace), `maximized`.
 * Returns the window object: {element, body, setTitle, focus, close, toggleMaximize,
 * onBeforeClose, onClose, rebuild}.
 */
export function openWindow({ title, table, kind, key, width = 900, height = 560, maximized = false }) {
  const existing = key && findWindow(key);
  if (existing) {
    existing.focus();
    return existing;
  }
  const titleText = h('span', { class: 'win-title-text', text: title });
  const maxBtn = h('button', {
    type: 'button', class: 'win-btn', dataset: { action: 'maximize' },
    title: t('Maximise'), 'aria-label': t('Maximise'),
  }, icon('maximize'));
  const closeBtn = h('button', {
    type: 'button', class: 'win-btn', dataset: { action: 'close' },
    title: t('Close'), 'aria-label': t('Close'),
  }, icon('cross'));
  const titleBar = h('div', { class: 'win-title' }, titleText, h('span', { class: 'win-buttons' }, maxBtn, closeBtn));
  const body = h('div', { class: 'win-body' });
  const grip = h('div', { class: 'win-resize', 'aria-hidden': 'true' });
  const element = h('section', {
    class: 'win', role: 'dialog', 'aria-label': title, tabindex: '-1',
    dataset: { window: table ?? '', kind: kind ?? '' },
  }, titleBar, body, grip);

  const W = workspace.clientWidth;
  const H = workspace.clientHeight;
  const off = (cascade % 8) * 22;
  cascade += 1;
  const w = Math.min(width, W - 8 - off);
  const hgt = Math.min(height, H - 8 - off);
  Object.assign(element.style, {
    left: `${Math.max(4, Math.min(4 + off, W - w - 4))}px`,
    top: `${Math.max(4, Math.min(4 + off, H - hgt - 4))}px`,
    width: `${Math.max(320, w)}px`,
    height: `${Math.max(200, hgt)}px`,
  });

  const taskButton = h('button', {
    type: 'button', class: 'task', 'aria-pressed': 'false', title, text: title,
    dataset: { task: table ?? '', taskKind: kind ?? '' },
  });

  const win = {
    key, table, kind, element, body, taskButton, title,
    onBeforeClose: null, onClose: null, rebuild: null, focusDefault: null,
    setTitle(text) {
      win.title = text;
      titleText.textContent = text;
      element.setAttribute('aria-label', text);
      taskButton.textContent = text;
      taskButton.title = text;
    },
    focus() {
      activate(win);
      const last = win.lastFocus;
      if (last && element.contains(last) && last.offsetParent !== null) last.focus();
      else if (win.focusDefault) win.focusDefault();
      else (focusables(body)[0] ?? element).focus();
    },
    toggleMaximize(force) {
      const on = force ?? !element.classList.contains('maximized');
      element.classList.toggle('maximized', on);
      maxBtn.replaceChildren(icon(on ? 'restore' : 'maximize'));
      const label = on ? t('Restore') : t('Maximise');
      maxBtn.title = label;
      maxBtn.setAttribute('aria-label', label);
    },
    async close(force = false) {
      if (!force && win.onBeforeClose && !(await win.onBeforeClose())) return false;
      const i = windows.indexOf(win);
      if (i < 0) return true;
      windows.splice(i, 1);
      element.remove();
      taskButton.remove();
      win.onClose?.();
      if (activeWin === win) {
        activeWin = null;
        const next = windows.reduce((a, b) => (!a || Number(b.element.style.zIndex) > Number(a.element.style.zIndex) ? b : a), null);
        if (next) next.focus();
      }
      if (!windows.length) cascade = 0;
      return true;
    },
  };

  element.addEventListener('keydown', (e) => cycleTab(e, element));
  element.addEventListener('pointerdown', () => activate(win), true);
  element.addEventListener('focusin', (e) => {
    activate(win);
    win.lastFocus = e.target;
  });
  taskButton.addEventListener('click', () => win.focus());
  maxBtn.addEventListener('click', () => win.toggleMaximize());
  closeBtn.addEventListener('click', () => win.close());
  titleBar.addEventListener('dblclick', (e) => {
    if (!e.target.closest('button')) win.toggleMaximize();
  });
  titleBar.addEventListener('pointerdown', (e) => {
    if (e.button !== 0 || e.target.closest('button') || element.classList.contains('maximized')) return;
    const left = element.offsetLeft;
    const top = element.offsetTop;
    element.classList.add('moving');
    dragWith(e, (dx, dy) => {
      element.style.left = `${left + dx}px`;
      element.style.top = `${top + dy}px`;
    }, () => {
      element.classList.remove('moving');
      clampToWorkspace(win);
    });
  });
  grip.addEventListener('pointerdown', (e) => {
    if (e.button !== 0) return;
    const w0 = element.offsetWidth;
    const h0 = element.offsetHeight;
    dragWith(e, (dx, dy) => {
      element.style.width = `${Math.max(320, w0 + dx)}px`;
      element.style.height = `${Math.max(160, h0 + dy)}px`;
    });
  });

  windows.push(win);
  workspace.append(element);
  taskList.append(taskButton);
  if (maximized) win.toggleMaximize(true);
  activate(win);
  return win;
}

// A deleted record (api.js announces each one) has nothing left to show or
// save: its detail windows close, also those of another table of the same
// model. One with unsaved typing stays, read-only, and says why, so that
// nothing typed vanishes unseen (a save would only answer "not found").
document.addEventListener('rowdeleted', async (e) => {
  const { table, id } = e.detail;
  const shows = windows.filter((w) => w.kind === 'detail' && w.form && String(w.form.id) === String(id));
  if (!shows.length) return;
  const model = (await getTable(table).catch(() => null))?.model ?? null;
  for (const w of shows) {
    if (w.table !== table && (!model || (await getTable(w.table).catch(() => null))?.model !== model)) continue;
    if (!windows.includes(w) || String(w.form?.id) !== String(id)) continue; // closed or moved on meanwhile
    if (w.isDirty?.()) markDeleted(w);
    else w.close(true);
  }
});

// keys that only look (move, copy, switch or close windows) still work in a deleted record's window
const LOOKING_KEYS = new Set(['Tab', 'Escape', 'ArrowLeft', 'ArrowRight', 'Home', 'End', 'PageUp', 'PageDown',
  'Shift', 'Control', 'Alt', 'Meta', 'F6', 'F10']);
function onlyLooking(e) {
  if (e.target.closest?.('.win-notice, .win-title')) return;
  if (LOOKING_KEYS.has(e.key) || (e.altKey && /^Digit[1-9]$/.test(e.code))) return;
  if ((e.ctrlKey || e.metaKey) && ['c', 'a'].includes(e.key.toLowerCase())) return;
  if ((e.key === 'ArrowUp' || e.key === 'ArrowDown') && !e.altKey && !e.target.matches?.('input, textarea, select')) return;
  e.preventDefault();
  e.stopPropagation();
}

/** The window of a deleted record with unsaved changes: read-only, with a message and a Close button. */
function markDeleted(win) {
  if (win.element.classList.contains('deleted')) return;
  win.isDirty = () => false; // nothing can be saved any more: no question on close
  win.onBeforeClose = null;
  win.rebuild = null;
  win.element.classList.remove('dirty');
  win.element.classList.add('deleted');
  const body = win.body;
  for (const el of body.querySelectorAll('input, textarea')) el.readOnly = true;
  for (const el of body.querySelectorAll('select, button:not([role=tab]), input[type=checkbox], input[type=radio]')) el.disabled = true;
  for (const el of body.querySelectorAll('[contenteditable=true]')) el.contentEditable = 'false';
  const close = h('button', { type: 'button', class: 'btn small', dataset: { action: 'close-deleted' }, text: t('Close'), onclick: () => win.close(true) });
  body.prepend(h('div', { class: 'win-notice', role: 'alert', dataset: { role: 'deleted-notice' } },
    h('span', { text: t('This record was deleted meanwhile. Your changes cannot be saved; copy what you need, then close the window.') }),
    close));
  win.element.addEventListener('keydown', onlyLooking, true);
  win.taskButton.classList.add('deleted');
  if (win.element.contains(document.activeElement) || activeWin === win) close.focus();
  else notify(t('“{title}” was deleted while it had unsaved changes: its window stays open, read-only.', { title: win.title }));
}

/** Closes every window without asking (logout). */
export function closeAllWindows() {
  for (const w of [...windows]) w.close(true);
}
