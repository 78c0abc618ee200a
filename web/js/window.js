// The window manager: several windows inside the workspace, each with a
// task bar entry. Windows move by their title bar, resize from the corner,
// maximise, and come to the front when clicked or focused.
import { h, focusables } from './dom.js';
import { t } from './i18n.js';
import { modalOpen } from './dialog.js';
import { icon } from './icons.js';

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

/** Closes every window without asking (logout). */
export function closeAllWindows() {
  for (const w of [...windows]) w.close(true);
}
