// A table shown as a summary (Lino's "summary" display mode): a short list of
// its rows' texts instead of a grid, in a detail (a slave table of the record
// shown) or in a box of the dashboard. Each text opens its row; "Show all (n)"
// the grid window of the same rows; "+" the insert window.
import { api, tablePath } from './api.js';
import { h, queryString, debounce } from './dom.js';
import { t, formatNumber } from './i18n.js';
import { getTable } from './meta.js';
import { showError } from './dialog.js';
import { icon } from './icons.js';
import { openGrid, openDetail, openInsert } from './open.js';

/**
 * Creates the summary of table `name`. opts: `mk` (the master's id for a
 * slave table; null for none), `query` (`{"p.X": ...}` sent along, e.g. a
 * dashboard panel's), `limit` (texts shown), `masterTitle()` (the master's
 * text, for the title of the "Show all" window), `follow` (false: the caller
 * decides when it reloads; else it follows the saves and deletes of rows of
 * its model). Returns {element, load(), refresh(), setMaster(id), navQuery()}:
 * it stands for the grid that opened a detail or insert window (they refresh
 * it after saving).
 */
export function createSummary(name, { mk = null, query = {}, limit = 10, masterTitle = null, follow = true } = {}) {
  const element = h('div', { class: 'summary', dataset: { role: 'summary', table: name } });
  let master = mk;
  let ctrl = null;
  let shown = ''; // what is on screen: a reload that brings the same leaves the DOM (and the focus) alone
  let seen = false; // has been on screen: once it is no longer, its window was closed

  const navQuery = () => ({ ...query, mk: master });
  // refresh(): what a window opened from here calls after it saved; the
  // announcement of that save (api.js) comes a moment later: one reload for both
  const later = debounce(() => load(), 60);
  const summary = { element, load, refresh: () => later(), setMaster, navQuery };

  function open(id) {
    openDetail(name, id, { query: navQuery(), grid: summary }).catch(showError);
  }

  function render(meta, data) {
    const items = data.items ?? [];
    const total = data.total ?? items.length;
    const key = JSON.stringify([items, total, meta.canInsert, Boolean(meta.detail)]);
    if (key === shown) return;
    shown = key;
    // a reload while the user is in the list: the focus stays on the same entry
    const was = element.contains(document.activeElement) ? document.activeElement : null;
    const wasKey = was && (was.dataset.id !== undefined ? `[data-id="${CSS.escape(was.dataset.id)}"]` : was.dataset.action && `[data-action="${was.dataset.action}"]`);
    const text = (item) => (item.emphasis ? h('strong', { text: item.text ?? '' }) : item.text ?? '');
    const list = items.length ? h('ul', { class: 'summary-list' }, items.map((item) => h('li', {
      class: item.emphasis ? 'emphasis' : null, dataset: item.emphasis ? { emphasis: 'true' } : {},
    }, meta.detail ? h('button', {
      type: 'button', class: 'summary-link', dataset: { id: String(item.id) }, onclick: () => open(item.id),
    }, text(item)) : h('span', { class: 'summary-text', dataset: { id: String(item.id) } }, text(item))))) : null;
    const empty = items.length ? null : h('p', { class: 'summary-empty muted', dataset: { role: 'summary-empty' }, text: t('No data to display') });
    const more = total > items.length ? h('button', {
      type: 'button', class: 'summary-link summary-more', dataset: { action: 'show-all' },
      text: t('Show all ({n})', { n: formatNumber(total) }),
      onclick: () => openGrid(name, { mk: master, query, masterTitle: masterTitle?.() ?? null }).catch(showError),
    }) : null;
    const add = meta.canInsert ? h('button', {
      type: 'button', class: 'tb-btn glyph summary-insert', dataset: { action: 'insert' }, title: t('New'), 'aria-label': t('New'),
      // after the insert the new row's detail opens where the summary is the table itself (the dashboard), as from a grid
      onclick: () => openInsert(name, { mk: master, grid: summary, openAfter: master === null }).catch(showError),
    }, icon('plus')) : null;
    // replaceChildren would write a null as the text "null": only what there is.
    element.replaceChildren(...[list ?? empty, more || add ? h('div', { class: 'summary-foot' }, more, add) : null].filter(Boolean));
    if (wasKey) (element.querySelector(wasKey) ?? element.querySelector('button'))?.focus();
  }

  function fail(e) {
    shown = '';
    element.replaceChildren(h('p', { class: 'summary-error', role: 'alert', text: e.message }));
  }

  async function load() {
    seen ||= element.isConnected;
    ctrl?.abort();
    const my = new AbortController();
    ctrl = my;
    try {
      const [meta, data] = await Promise.all([
        getTable(name),
        api.get(tablePath(name, 'summary') + queryString({ ...navQuery(), limit }), { signal: my.signal }),
      ]);
      if (ctrl === my) render(meta, data);
    } catch (e) {
      if (e.name === 'AbortError' || e.status === 401 || ctrl !== my) return; // 401: the login form is shown
      fail(e);
    }
  }

  /** Shows the rows of another master; also a reload of the same master reloads them (they may have changed with it). */
  function setMaster(id) {
    master = id ?? null;
    return load();
  }

  // Rows saved or deleted elsewhere (a detail opened from here, an inline
  // edit in the "Show all" grid, an action): this table's rows, or those of
  // another table of the same model, or anything (an action: table null).
  const onChange = async (e) => {
    if (!element.isConnected) {
      if (seen) stopListening();
      return;
    }
    const table = e.detail?.table ?? null;
    if (table !== null && table !== name) {
      const [a, b] = await Promise.all([getTable(table), getTable(name)].map((p) => p.catch(() => null)));
      if (!a?.model || a.model !== b?.model) return;
    }
    later();
  };
  const stopListening = () => {
    document.removeEventListener('rowsaved', onChange);
    document.removeEventListener('rowdeleted', onChange);
  };
  if (follow) {
    document.addEventListener('rowsaved', onChange);
    document.addEventListener('rowdeleted', onChange);
  }

  return summary;
}
