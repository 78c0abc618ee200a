// The dashboard on the desktop under the windows: a box per panel the server
// offers this user (GET api/dashboard), each the summary (summary.js) of a
// table with the panel's query, its title opening the grid window of the same
// rows. The boxes follow the data: they reload after any save or delete seen
// while they are in sight, and whenever the desktop comes back into sight
// (windows closed, moved away or restored, the browser tab shown again), which
// also covers what changed while they were hidden. Loaded after the desktop
// is on screen: the first load stays small.
import { api } from './api.js';
import { h, uid, debounce } from './dom.js';
import { showError } from './dialog.js';
import { openGrid } from './open.js';
import { createSummary } from './summary.js';

const LIMIT = 8;

let current = null; // {slot, summaries, inSight, unwatch}

/**
 * Fills `slot` (an element of the desktop, hidden until there is something
 * to show) with the user's dashboard; a second call (the desktop rebuilt
 * after a change of language) replaces the first.
 */
export async function showDashboard(slot) {
  stop();
  const me = { slot, summaries: [], inSight: false, unwatch: null };
  current = me;
  let data;
  try {
    data = await api.get('api/dashboard');
  } catch (e) {
    // 404: a server without a dashboard; 401: the login form is shown
    if (current === me && slot.isConnected && e.status !== 404 && e.status !== 401) {
      slot.replaceChildren(h('p', { class: 'summary-error', role: 'alert', text: e.message }));
      slot.hidden = false;
    }
    return;
  }
  if (current !== me || !slot.isConnected) return;
  const panels = data.panels ?? [];
  if (!panels.length) return;
  me.summaries = panels.map((p) => createSummary(p.table, { query: p.query ?? {}, limit: LIMIT, follow: false }));
  slot.replaceChildren(...panels.map((p, i) => panelBox(p, me.summaries[i])));
  slot.hidden = false;
  for (const s of me.summaries) s.load();
  watchSight(me);
}

function panelBox(panel, summary) {
  const headId = uid('dashboard');
  const open = () => openGrid(panel.table, { query: panel.query ?? {} }).catch(showError);
  return h('section', {
    class: 'dashboard-panel', 'aria-labelledby': headId, dataset: { role: 'dashboard-panel', table: panel.table },
  }, h('h2', { id: headId, class: 'dashboard-title' },
    h('button', { type: 'button', class: 'summary-link', dataset: { action: 'open-table' }, text: panel.label ?? panel.table, onclick: open })),
  summary.element);
}

function refreshAll(me) {
  for (const s of me.summaries) s.refresh();
}

/** Whether some box's top middle is on screen: scrolled into the desktop's view, not under a window, the browser tab shown. */
function inSight(me) {
  if (document.hidden) return false;
  const workspace = me.slot.closest('.workspace');
  const view = me.slot.closest('.home')?.getBoundingClientRect();
  if (!workspace || !view) return false;
  const wins = [...workspace.querySelectorAll(':scope > section.win')].map((w) => w.getBoundingClientRect());
  return [...me.slot.querySelectorAll('.dashboard-panel')].some((p) => {
    const r = p.getBoundingClientRect();
    const x = r.left + r.width / 2;
    const y = r.top + Math.min(r.height / 2, 40); // the title and first texts, for a tall box
    const shown = x >= view.left && x <= view.right && y >= view.top && y <= view.bottom;
    return shown && !wins.some((w) => x >= w.left && x <= w.right && y >= w.top && y <= w.bottom);
  });
}

/** Reloads the boxes when they come back into sight; checked when a window opens, closes, moves or resizes. */
function checkSight(me) {
  if (current !== me) return;
  if (!me.slot.isConnected) {
    stop();
    return;
  }
  const now = inSight(me);
  if (now && !me.inSight) refreshAll(me);
  me.inSight = now;
}

function watchSight(me) {
  me.inSight = inSight(me);
  const workspace = me.slot.closest('.workspace');
  if (!workspace) return;
  let queued = false;
  const later = () => {
    if (queued) return;
    queued = true;
    requestAnimationFrame(() => {
      queued = false;
      checkSight(me);
    });
  };
  // windows themselves (added, removed, moved, maximised), not what happens inside them or in the boxes
  const observer = new MutationObserver((records) => {
    if (records.some((r) => (r.type === 'childList' ? r.target === workspace : r.target.parentElement === workspace))) later();
  });
  observer.observe(workspace, { childList: true, subtree: true, attributes: true, attributeFilter: ['style', 'class'] });
  const home = me.slot.closest('.home');
  home?.addEventListener('scroll', later, { passive: true });
  me.unwatch = () => {
    observer.disconnect();
    home?.removeEventListener('scroll', later);
  };
}

function stop() {
  current?.unwatch?.();
  current = null;
}

// Any record saved or deleted, by whatever window or action: the boxes in
// sight reload (once for a burst); those hidden reload when they are seen again.
const refreshSoon = debounce(() => {
  if (current && current.slot.isConnected && inSight(current)) refreshAll(current);
}, 150);
document.addEventListener('rowsaved', refreshSoon);
document.addEventListener('rowdeleted', refreshSoon);
document.addEventListener('visibilitychange', () => { if (current) checkSight(current); });
window.addEventListener('resize', () => { if (current) checkSight(current); });
