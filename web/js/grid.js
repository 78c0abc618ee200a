// The grid: one page of rows of a table, built from its metadata. Sorting
// (shift-click for more keys), resizing, reordering and hiding columns,
// quick search, column filters, parameter panel (and what of them is
// active, even with the filter row hidden), paging, keyboard navigation,
// selecting several rows (Ctrl/Shift), inline editing, and the table's actions.
import { api, tablePath } from './api.js';
import { h, queryString } from './dom.js';
import { t, formatNumber } from './i18n.js';
import { getTable, fieldDefault, hasDefault } from './meta.js';
import { openWindow } from './window.js';
import { showError, confirm } from './dialog.js';
import { displayText, isAlert, isNumeric, sameValue, toWire } from './values.js';
import { filterControl, filterJSON, paramPanel, columnChooser, queryState } from './grid-filters.js';
import { runAction, actionEnabled } from './actions.js';
import { openDetail, openInsert } from './open.js';
import { icon } from './icons.js';
import { enableColumnDrag, defaultCols, fitColumns, headerCell } from './grid-columns.js';
import { inlineEditor } from './grid-edit.js';
import { selectRow, deleteRows } from './grid-select.js';
import { wireGridHeader, wireGridKeys } from './grid-keys.js';

function parseSort(list) {
  return (list ?? []).map((s) => (s.startsWith('-') ? { field: s.slice(1), desc: true } : { field: s, desc: false }));
}

// the colours a row's `_colour` may name (row-green...): a class name is built only from these
const ROW_COLOURS = new Set(['green', 'yellow', 'red', 'grey']);

// false and '' count as "not set" like null: a checkbox ticked and unticked again filters nothing
const unset = (v) => (v === '' || v === false || v === undefined ? null : v);

/**
 * Opens (or brings forward) the grid window of a table; the options are
 * open.js openGrid's. The rows of one master, or of a query, get a window
 * of their own: the table's plain window keeps what the user set there.
 */
export async function openGridWindow(name, { mk = null, query = null, masterTitle = null } = {}) {
  const meta = await getTable(name);
  const titleOf = (m) => (masterTitle ? `${m.label} » ${masterTitle}` : m.label);
  const key = `grid:${name}${mk === null ? '' : `:mk=${mk}`}${queryString(query ?? {})}`;
  const win = openWindow({ title: titleOf(meta), table: name, kind: 'grid', key, width: 4000, height: 4000 });
  if (win.grid) return win;
  const mountGrid = (m, state, focus) => {
    const grid = createGrid(m, { win, state, mk });
    // detail windows keep a reference to the grid: after a rebuild it answers with the new one
    if (win.grid) Object.assign(win.grid, grid);
    else win.grid = grid;
    win.body.replaceChildren(win.grid.element);
    win.grid.fitColumns();
    win.setTitle(titleOf(m));
    win.grid.load().then(() => { if (focus) win.grid.focus(); });
  };
  mountGrid(meta, query ? queryState(meta, query) : undefined, true);
  win.focusDefault = () => win.grid.focus();
  // an inline edit not saved (a cancelled conflict) counts like a dirty form
  win.isDirty = () => win.grid.hasUnsaved();
  win.onBeforeClose = async () => !win.grid.hasUnsaved()
    || confirm(t('Discard the unsaved changes?'), { title: t('Unsaved changes'), danger: true, yes: t('Discard') });
  win.rebuild = async () => mountGrid(await getTable(name), win.grid.getState());
  return win;
}

/**
 * Creates a grid for `meta`. opts: `compact` (a slave table inside a form),
 * `mk` (the master id), `state` (from getState(), to rebuild after a
 * language switch), `height` (rows shown, compact mode).
 * Returns {element, load(), refresh(), focus(), getState(), navQuery(),
 * setMaster(id), selectRecord(id)}.
 */
export function createGrid(meta, opts = {}) {
  const compact = Boolean(opts.compact);
  const init = opts.state ?? {};
  const withFilterRow = !compact && Object.keys(meta.filters ?? {}).length > 0;
  const autoCols = defaultCols(meta, { filterRow: withFilterRow });
  const st = {
    offset: init.offset ?? 0,
    // a compact grid fetches what it shows (at least 10 rows, as before)
    limit: compact ? Math.min(meta.pageSize || 10, Math.max(10, opts.height ?? 0)) : (meta.pageSize || 25),
    sort: init.sort ?? parseSort(meta.defaultSort),
    q: init.q ?? '',
    filters: init.filters ?? {},
    params: init.params ?? {},
    // after a language switch the columns nobody resized get widths for the new labels
    cols: init.cols?.map((c) => (c.resized ? c : { ...c, width: autoCols.find((a) => a.name === c.name)?.width ?? c.width })) ?? autoCols,
    rows: [],
    total: 0,
    fr: 0, // focused row (index in page)
    fc: 0, // focused column (index among visible columns)
    mk: opts.mk ?? null,
    showFilters: init.showFilters ?? withFilterRow,
    sel: new Set(), // ids of the selected rows (of this page)
    anchor: 0, // where a Shift selection starts (index in page)
    allTotal: null, // the total without quick search, filters and parameters
    loaded: false, // the first answer came
  };
  let ctrl = null;
  const flags = { suppressClick: false };
  const grid = {};
  const visible = () => st.cols.filter((c) => !c.hidden);
  const headRows = () => (st.showFilters ? 2 : 1);

  // ---- query -------------------------------------------------------------

  function navQuery() {
    const q = {
      sort: st.sort.map((s) => (s.desc ? `-${s.field}` : s.field)).join(','),
      q: st.q, filter: filterJSON(st.filters), mk: st.mk,
    };
    for (const [k, v] of Object.entries(st.params)) {
      if (v !== null && v !== undefined && v !== '') q[`p.${k}`] = typeof v === 'object' ? JSON.stringify(v) : v;
      // left out, a parameter takes its default on the server: one the user emptied is sent empty ("none")
      else if (v !== undefined && hasDefault(meta.params?.fields?.[k])) q[`p.${k}`] = '';
    }
    return q;
  }

  // ---- DOM skeleton ------------------------------------------------------

  const button = (action, label, onClick, { glyph, title } = {}) => h('button', {
    type: 'button', class: glyph ? 'tb-btn glyph' : 'tb-btn', dataset: { action },
    title: title ?? label, 'aria-label': glyph ? label : null, onclick: onClick,
  }, glyph ? icon(glyph) : label);
  const sep = () => h('span', { class: 'tb-sep', 'aria-hidden': 'true' });

  const quick = meta.quickSearch !== false && !compact ? h('input', {
    type: 'search', class: 'quick-search', dataset: { role: 'quick-search' }, value: st.q,
    // no autocomplete="off": axe-core 3 calls it wrong on type=search; without a name nothing is remembered anyway
    placeholder: t('Search…'), 'aria-label': t('Quick search'),
  }) : null;
  const btnInsert = meta.canInsert ? button('insert', t('Insert'), () => insert(), { glyph: 'plus', title: t('Insert (Ins)') }) : null;
  const btnDelete = meta.canDelete ? button('delete', t('Delete'), () => deleteSelected(), { glyph: 'cross', title: t('Delete (Del)') }) : null;
  const btnDetail = meta.detail ? button('detail', t('Detail'), (e) => openSelected(e.shiftKey), { glyph: 'detail', title: t('Detail (Enter)') }) : null;
  const exportLink = compact ? null : h('a', {
    class: 'tb-btn', dataset: { action: 'export' }, download: `${meta.name}.csv`, title: t('Export CSV'),
  }, icon('download'), t('CSV'));
  const btnRefresh = button('refresh', t('Refresh'), () => grid.refresh(), { glyph: 'refresh' });
  const btnColumns = button('columns', t('Columns'), (e) => columnChooser(e.currentTarget, meta, st.cols, {
    onToggle: (name, on) => { st.cols.find((c) => c.name === name).hidden = !on; renderAll(); },
    onReset: () => { st.cols = defaultCols(meta); renderAll(); },
  }), { glyph: 'columns' });
  const filterCount = h('span', { class: 'tb-badge', dataset: { role: 'filter-count' }, 'aria-hidden': 'true', hidden: true });
  const btnFilters = withFilterRow ? button('filters', t('Filters'), () => {
    st.showFilters = !st.showFilters;
    btnFilters.setAttribute('aria-pressed', String(st.showFilters));
    renderAll();
  }, { glyph: 'filter' }) : null;
  btnFilters?.setAttribute('aria-pressed', String(st.showFilters));
  btnFilters?.append(filterCount);
  const btnClear = compact ? null : h('button', {
    type: 'button', class: 'tb-btn clear-filters', dataset: { action: 'clear-filters' }, hidden: true,
    title: t('Clear all filters'), onclick: () => clearFilters(),
  }, icon('cross'), t('Clear all filters'));
  const actionButtons = (meta.actions ?? []).map((a) => {
    const b = button(a.name, a.label, () => runAction(meta, a, selectedIds(), { refresh: () => grid.refresh() }));
    b._action = a;
    return b;
  });
  const workflowButtons = (meta.workflow?.transitions ?? []).map((tr) => {
    const b = button(tr.name, tr.label, () => runAction(meta, tr, selectedIds(), { refresh: () => grid.refresh() }));
    b.classList.add('workflow');
    b._transition = tr;
    return b;
  });

  const pageInput = h('input', { type: 'text', class: 'page-input', dataset: { role: 'page' }, size: 3, 'aria-label': t('Page'), inputmode: 'numeric' });
  const pageOf = h('span', { class: 'page-of' });
  const pagerText = h('span', { class: 'pager-text', dataset: { role: 'pager-text' }, 'aria-live': 'polite' });
  const filterNote = h('span', { class: 'filter-note', dataset: { role: 'filter-note' }, hidden: true });
  const pgFirst = button('first', t('First page'), () => goPage(0), { glyph: 'first' });
  const pgPrev = button('prev', t('Previous page'), () => goPage(page() - 1), { glyph: 'prev' });
  const pgNext = button('next', t('Next page'), () => goPage(page() + 1), { glyph: 'next' });
  const pgLast = button('last', t('Last page'), () => goPage(pages() - 1), { glyph: 'last' });
  const pager = h('span', { class: 'pager' }, pgFirst, pgPrev,
    compact ? null : h('span', { class: 'page-label', text: t('Page') }), pageInput, pageOf, pgNext, pgLast);

  const toolbar = h('div', { class: 'toolbar', role: 'toolbar', 'aria-label': t('Table tools') },
    quick, quick ? sep() : null,
    btnInsert, btnDelete, btnDetail,
    actionButtons.length || workflowButtons.length ? sep() : null, actionButtons, workflowButtons,
    sep(), exportLink, btnRefresh, btnColumns, btnFilters, btnClear,
    sep(), pager, h('span', { class: 'tb-fill' }), h('span', { class: 'pager-info' }, pagerText, filterNote));

  const colgroup = h('colgroup');
  const thead = h('thead', { role: 'rowgroup' });
  const tbody = h('tbody', { role: 'rowgroup' });
  const table = h('table', {
    class: 'grid-table', role: 'grid', 'aria-label': meta.label, 'aria-multiselectable': 'true',
  }, colgroup, thead, tbody);
  const marker = h('div', { class: 'drop-marker', hidden: true });
  const scroller = h('div', { class: 'grid-scroll' }, table, marker);
  const status = h('div', { class: 'grid-status', role: 'alert', hidden: true });
  const makeParams = () => paramPanel(meta, st.params, (name, value) => {
    st.params[name] = value;
    st.offset = 0;
    load();
  }, () => {
    // the rows on screen no longer answer what the panel shows: say so, grey them
    ctrl?.abort();
    status.textContent = t('Correct the parameter: the rows shown are not filtered by it.');
    status.hidden = false;
    scroller.classList.add('stale');
  });
  let params = meta.params && !compact ? makeParams() : null;
  const element = h('div', { class: `grid${compact ? ' compact' : ''}`, dataset: { table: meta.name } },
    params?.element, toolbar, status, scroller);
  if (compact && opts.height) scroller.style.height = `${opts.height * 22 + 26}px`;

  // ---- rendering ---------------------------------------------------------

  function headerRow() {
    return h('tr', { role: 'row', 'aria-rowindex': '1' }, visible().map((c, i) => headerCell(meta, c, i, st.sort)),
      h('th', { class: 'filler', 'aria-hidden': 'true' }));
  }

  function renderHead() {
    const cols = visible();
    colgroup.replaceChildren(...cols.map((c) => h('col', { style: { width: `${c.width}px` } })), h('col', { class: 'filler' }));
    table.style.minWidth = `${cols.reduce((a, c) => a + c.width, 0)}px`;
    const rows = [headerRow()];
    if (st.showFilters) {
      const fr = h('tr', { role: 'row', class: 'filter-row', 'aria-rowindex': '2' });
      for (const c of cols) {
        const kind = meta.filters?.[c.name];
        const field = meta.fields[c.name] ?? {};
        const control = kind ? filterControl(kind, c.name, field, st.filters[c.name], (f) => {
          st.filters[c.name] = f ?? undefined;
          if (!f) delete st.filters[c.name];
          st.offset = 0;
          load();
        }, { table: meta.name }) : null;
        fr.append(h('td', { role: 'gridcell', dataset: { field: c.name } }, control));
      }
      fr.append(h('td', { class: 'filler', 'aria-hidden': 'true' }));
      rows.push(fr);
    }
    thead.replaceChildren(...rows);
    table.setAttribute('aria-colcount', String(cols.length));
  }

  function rowElement(row, r) {
    const cols = visible();
    const tr = h('tr', {
      role: 'row', dataset: { id: String(row.id) }, 'aria-rowindex': String(st.offset + r + 1 + headRows()),
      'aria-selected': String(st.sel.has(row.id)),
      class: [r % 2 ? 'alt' : '', ROW_COLOURS.has(row._colour) ? `row-${row._colour}` : ''].join(' ').trim() || null,
    });
    cols.forEach((c, ci) => {
      const field = meta.fields[c.name] ?? {};
      const v = row[c.name];
      const text = displayText(field, v);
      const td = h('td', {
        role: 'gridcell', tabindex: '-1', dataset: { field: c.name }, 'aria-colindex': ci + 1,
        class: [isNumeric(field) ? 'num' : '', field.type === 'bool' ? 'bool' : '', isAlert(v) ? 'value-alert' : ''].join(' ').trim() || null,
      });
      if (field.type === 'bool') {
        td.textContent = v ? '✔' : '';
        td.setAttribute('aria-label', text);
      } else {
        td.textContent = text;
        if (text.length > 12) td.title = text;
      }
      tr.append(td);
    });
    tr.append(h('td', { class: 'filler', 'aria-hidden': 'true' }));
    editor.decorate(tr, row); // values typed here and not saved (a cancelled conflict)
    return tr;
  }

  function renderBody() {
    const had = tbody.contains(document.activeElement);
    if (!st.loaded) {
      tbody.replaceChildren(); // no "No data" before the first answer
    } else if (!st.rows.length) {
      tbody.replaceChildren(h('tr', { role: 'row', class: 'empty' },
        h('td', { role: 'gridcell', colspan: String(visible().length + 1), text: t('No data to display') })));
    } else {
      tbody.replaceChildren(...st.rows.map(rowElement));
    }
    table.setAttribute('aria-rowcount', String(st.total + headRows()));
    focusCell(st.fr, st.fc, had);
  }

  function renderAll() {
    const had = element.contains(document.activeElement) && scroller.contains(document.activeElement);
    st.fc = Math.min(st.fc, visible().length - 1);
    renderHead();
    renderBody();
    if (had) focusCell(st.fr, st.fc, true);
  }

  const page = () => Math.floor(st.offset / st.limit);
  const pages = () => Math.max(1, Math.ceil(st.total / st.limit));

  function renderPager() {
    const from = st.total ? st.offset + 1 : 0;
    const to = Math.min(st.offset + st.limit, st.total);
    if (!st.loaded) pagerText.textContent = '';
    else if (st.total) pagerText.textContent = t('Rows {from}-{to} of {total}', { from: formatNumber(from), to: formatNumber(to), total: formatNumber(st.total) });
    else pagerText.textContent = t('No rows');
    pageInput.value = String(page() + 1);
    pageOf.textContent = t('of {pages}', { pages: formatNumber(pages()) });
    pgFirst.disabled = pgPrev.disabled = page() === 0;
    pgNext.disabled = pgLast.disabled = page() >= pages() - 1;
    if (exportLink) exportLink.href = tablePath(meta.name, 'export.csv') + queryString(navQuery());
    renderFilterState();
  }

  // ---- what filters the rows -----------------------------------------------

  // a parameter at its default is not active; not set at all (undefined) it is at its default
  const paramActive = (k, v) => {
    const field = meta.params?.fields?.[k];
    if (v === undefined) return false;
    const dflt = toWire(field, fieldDefault(field));
    // emptied, one that defaults to the user or today means "none": unlike its default
    if (field?.defaultFrom) return !sameValue(v === '' ? null : v, dflt);
    return !sameValue(unset(v), unset(dflt));
  };
  const activeParams = () => Object.entries(st.params).filter(([k, v]) => paramActive(k, v)).length;
  const activeFilters = () => (st.q ? 1 : 0) + Object.keys(st.filters).length + activeParams();

  // Filters hidden with the filter row (or a parameter panel scrolled away)
  // still apply: the filter button counts them and the pager says how many
  // rows there are without them.
  function renderFilterState() {
    const n = activeFilters();
    filterCount.textContent = n ? formatNumber(n) : '';
    filterCount.hidden = !n;
    if (btnFilters) {
      btnFilters.classList.toggle('has-filters', n > 0);
      const label = n ? t('Filters ({count} active)', { count: formatNumber(n) }) : t('Filters');
      btnFilters.title = label;
      btnFilters.setAttribute('aria-label', label);
    }
    if (btnClear) btnClear.hidden = !n;
    // parameters can also widen what their defaults show (the clients of all coaches): no "in all" below the rows shown
    filterNote.hidden = !n || st.allTotal === null || st.allTotal < st.total;
    if (n && st.allTotal !== null) filterNote.textContent = t('filtered, {all} in all', { all: formatNumber(st.allTotal) });
  }

  let allCtrl = null;
  async function loadAllTotal() {
    if (compact || !activeFilters() || st.allTotal !== null) return;
    allCtrl?.abort();
    const my = new AbortController();
    allCtrl = my;
    try {
      const data = await api.get(tablePath(meta.name, 'rows') + queryString({ mk: st.mk, limit: 1 }), { signal: my.signal });
      if (allCtrl !== my) return;
      st.allTotal = data.total ?? null;
      renderFilterState();
    } catch {
      // only a hint: the rows themselves are shown
    }
  }

  function clearFilters() {
    st.q = '';
    if (quick) quick.value = '';
    st.filters = {};
    if (params) {
      st.params = {};
      const fresh = makeParams();
      params.element.replaceWith(fresh.element);
      params = fresh;
    }
    st.offset = 0;
    st.fr = 0;
    renderHead();
    load().then(() => focusCell(st.fr, st.fc));
  }

  function updateButtons() {
    const row = selectedRow();
    const n = st.sel.size;
    if (btnDelete) btnDelete.disabled = !n;
    if (btnDetail) btnDetail.disabled = !row;
    for (const b of actionButtons) b.disabled = !actionEnabled(b._action, n);
    // a transition is offered for one row at a time, as the server allows it for that row
    for (const b of workflowButtons) b.disabled = n !== 1 || !(selectedRows()[0]._actions ?? []).includes(b._transition.name);
  }

  // ---- loading -----------------------------------------------------------

  async function load() {
    if (compact && st.mk === null) {
      st.rows = [];
      st.total = 0;
      st.loaded = true;
      renderBody();
      renderPager();
      return;
    }
    ctrl?.abort();
    ctrl = new AbortController();
    const my = ctrl;
    try {
      const data = await api.get(tablePath(meta.name, 'rows') + queryString({ ...navQuery(), offset: st.offset, limit: st.limit }), { signal: my.signal });
      if (my !== ctrl) return;
      st.rows = data.rows ?? [];
      st.loaded = true;
      st.total = data.total ?? st.rows.length;
      status.hidden = true;
      scroller.classList.remove('stale');
      if (!st.rows.length && st.offset > 0 && st.total > 0) {
        st.offset = (pages() - 1) * st.limit;
        await load();
        return;
      }
      st.fr = Math.min(st.fr, Math.max(0, st.rows.length - 1));
      // a refresh keeps the selected rows that are still there
      st.sel = new Set(st.rows.filter((r) => st.sel.has(r.id)).map((r) => r.id));
      if (!st.sel.size && st.rows.length) st.sel.add(st.rows[st.fr].id);
      if (!activeFilters()) st.allTotal = null;
      renderBody();
      renderPager();
      updateButtons();
      loadAllTotal();
    } catch (e) {
      if (e.name === 'AbortError') return;
      if (e.status === 401) return;
      status.textContent = e.message;
      status.hidden = false;
    }
  }

  function goPage(p, rowIndex) {
    const target = Math.max(0, Math.min(p, pages() - 1));
    if (target === page()) {
      if (rowIndex !== undefined) focusCell(rowIndex === -1 ? st.rows.length - 1 : rowIndex, st.fc);
      return Promise.resolve();
    }
    st.offset = target * st.limit;
    if (rowIndex !== undefined) st.fr = rowIndex === -1 ? st.limit - 1 : rowIndex;
    const had = element.contains(document.activeElement);
    return load().then(() => { if (had || rowIndex !== undefined) focusCell(st.fr, st.fc); });
  }

  // ---- focus and selection -------------------------------------------------

  // The focused row is what Enter opens; the selected rows (aria-selected,
  // several with Ctrl or Shift) are what Delete and the actions act on.
  const cellAt = (r, c) => tbody.rows[r]?.cells[c] ?? null;
  const selectedRow = () => st.rows[st.fr] ?? null;
  const selectedRows = () => st.rows.filter((r) => st.sel.has(r.id));
  const selectedIds = () => selectedRows().map((r) => r.id);

  /** Moves the focus to a cell; `how` changes the selection (see selectRow). */
  function focusCell(r, c, focus = true, how = 'single') {
    if (!st.rows.length) return;
    r = Math.max(0, Math.min(r, st.rows.length - 1));
    c = Math.max(0, Math.min(c, visible().length - 1));
    for (const el of tbody.querySelectorAll('[tabindex="0"]')) el.tabIndex = -1;
    st.fr = r;
    st.fc = c;
    selectRow(st, r, how);
    st.rows.forEach((row, i) => tbody.rows[i]?.setAttribute('aria-selected', String(st.sel.has(row.id))));
    const cell = cellAt(r, c);
    if (!cell) return;
    cell.tabIndex = 0;
    if (focus) cell.focus();
    updateButtons();
  }

  // the sticky header must not cover the row
  function scrollToRow(r) {
    const tr = tbody.rows[r];
    if (!tr) return;
    const head = thead.offsetHeight;
    if (tr.offsetTop - head < scroller.scrollTop) scroller.scrollTop = tr.offsetTop - head;
    else if (tr.offsetTop + tr.offsetHeight > scroller.scrollTop + scroller.clientHeight) {
      scroller.scrollTop = tr.offsetTop + tr.offsetHeight - scroller.clientHeight;
    }
  }

  // ---- sorting, resizing, reordering ---------------------------------------

  function sortBy(name, add) {
    const col = st.cols.find((c) => c.name === name);
    if (!col?.sortable) return;
    const i = st.sort.findIndex((s) => s.field === name);
    if (add) {
      if (i >= 0) st.sort[i].desc = !st.sort[i].desc;
      else st.sort.push({ field: name, desc: false });
    } else if (i === 0 && st.sort.length === 1) {
      st.sort[0].desc = !st.sort[0].desc;
    } else {
      st.sort = [{ field: name, desc: i >= 0 ? !st.sort[i].desc : false }];
    }
    st.offset = 0;
    thead.rows[0].replaceWith(headerRow());
    load().then(() => thead.querySelector(`th[data-field="${CSS.escape(name)}"]`)?.focus());
  }

  wireGridHeader({ thead, flags, sortBy, openColumns: () => btnColumns.click() });

  enableColumnDrag({ thead, colgroup, table, scroller, marker, st, visible, renderAll, flags });

  // ---- mouse and keyboard on rows, quick search, page input ------------------

  wireGridKeys({
    st, thead, tbody, element, quick, pageInput, compact, visible, sortBy, focusCell, goPage, page, pages,
    openSelected, insert, deleteSelected, renderPager, load,
    isEditing: (td) => editor.isEditing(td), startEdit: (r, c) => editor.start(r, c),
  });

  // ---- inline editing ----------------------------------------------------------

  const editor = inlineEditor({ meta, st, tbody, element, visible, cellAt, rowElement, focusCell });

  // ---- commands ------------------------------------------------------------------

  function openSelected(newWindow = false) {
    const row = selectedRow();
    if (!row || !meta.detail) return;
    openDetail(meta.name, row.id, { query: navQuery(), grid, newWindow }).catch(showError);
  }

  function insert() {
    if (!meta.canInsert || (compact && st.mk === null)) return;
    openInsert(meta.name, { mk: st.mk, grid, openAfter: !compact }).catch(showError);
  }

  async function deleteSelected() {
    const rows = selectedRows();
    if (!rows.length || !meta.canDelete) return;
    await deleteRows(meta, rows, load);
    focusCell(st.fr, st.fc);
  }

  // ---- the grid object ------------------------------------------------------------------

  Object.assign(grid, {
    element, meta, load,
    refresh: () => {
      st.allTotal = null;
      return load();
    },
    navQuery,
    hasUnsaved: () => editor.hasUnsaved(),
    /** Narrows the default columns to the grid's width (once it is on screen). */
    fitColumns() {
      if (scroller.clientWidth && fitColumns(st.cols, scroller.clientWidth - 18)) renderAll();
    },
    focus() {
      if (st.rows.length) focusCell(st.fr, st.fc);
      else (quick ?? btnInsert ?? btnRefresh).focus();
    },
    getState: () => ({
      offset: st.offset, sort: st.sort, q: st.q, filters: st.filters, params: st.params,
      cols: st.cols, showFilters: st.showFilters,
    }),
    setMaster(mk) {
      if (st.mk === mk) return Promise.resolve();
      st.mk = mk;
      st.offset = 0;
      st.fr = 0;
      st.allTotal = null;
      return load();
    },
    /** Selects the row `id` (the detail window went to it), loading its page when needed; keeps the focus where it is. */
    async selectRecord(id) {
      let r = st.rows.findIndex((row) => row.id === id);
      if (r < 0 && !compact && !editor.isEditing()) {
        try {
          const data = await api.get(tablePath(meta.name, 'rows', id) + queryString(navQuery()));
          const index = data.navigation?.index; // 1-based position in the grid's order
          if (!index) return;
          st.offset = Math.floor((index - 1) / st.limit) * st.limit;
          await load();
        } catch {
          return; // the grid just keeps its selection
        }
        r = st.rows.findIndex((row) => row.id === id);
      }
      if (r < 0 || editor.isEditing()) return;
      focusCell(r, st.fc, false);
      scrollToRow(r);
    },
  });
  renderAll();
  renderPager();
  updateButtons();
  return grid;
}
