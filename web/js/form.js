// Detail and insert windows, built from the table's layout tree: tabs,
// panels, labelled fields, slave tables; a toolbar with record navigation,
// Save (Ctrl+S), Cancel, Delete and the table's actions; dirty tracking;
// validation errors next to each field; conflict handling.
import { api, tablePath } from './api.js';
import { h, append, queryString } from './dom.js';
import { t, formatNumber } from './i18n.js';
import { getTable, fieldDefault } from './meta.js';
import { openWindow, findWindow } from './window.js';
import { confirm, alert, showError, notify } from './dialog.js';
import { toWire, sameValue, displayText } from './values.js';
import { createField } from './widgets/index.js';
import { renderLayout } from './layout.js';
import { runAction, postAsking } from './actions.js';
import { createGrid } from './grid.js';
import { createSummary } from './summary.js';
import { icon } from './icons.js';
import { formFills } from './form-fills.js';

/**
 * Opens the detail window of record `id` of table `name`. `query` is the
 * grid's sort/filter/q/p/mk so that navigation follows the grid; `grid` is
 * refreshed after changes. One detail window per table: opening another
 * record of the same table navigates it, unless `newWindow` asks for a
 * second window beside it (Shift+Enter in the grid).
 */
export async function openDetail(name, id, { query, grid, newWindow = false } = {}) {
  const meta = await getTable(name);
  let key = `detail:${name}`;
  if (newWindow && findWindow(key)) key = `${key}:${id}:${Date.now()}`;
  const open = findWindow(key);
  if (open) {
    open.focus();
    await open.form?.goTo(id, query, grid);
    return open;
  }
  const win = openWindow({ title: meta.label, table: name, kind: 'detail', key, width: 1000, height: 620 });
  const mount = async (m, rowId) => {
    const form = createForm(m, { mode: 'detail', win, query: query ?? {}, grid: grid ?? null });
    win.form = form;
    win.body.replaceChildren(form.element);
    await form.goTo(rowId, undefined, undefined, true);
    form.fitWindow();
    form.focusFirst();
  };
  win.isDirty = () => win.form?.isDirty();
  win.onBeforeClose = () => win.form?.confirmDiscard() ?? true;
  win.rebuild = async () => {
    ({ query, grid } = win.form.links());
    await mount(await getTable(name), win.form.id);
  };
  try {
    await mount(meta, id);
  } catch (e) {
    win.close(true);
    throw e;
  }
  return win;
}

/**
 * Opens the insert window of a table. `mk` is the master id of a slave
 * table; `grid` is refreshed after the insert; with `openAfter` the new
 * record's detail opens.
 */
export async function openInsert(name, { mk = null, grid = null, openAfter = false, values = {} } = {}) {
  const meta = await getTable(name);
  const win = openWindow({
    title: t('Insert into {table}', { table: meta.label }), table: name, kind: 'insert', key: `insert:${name}`, width: 760, height: 460,
  });
  if (win.form) return win;
  const mount = (m) => {
    const form = createForm(m, { mode: 'insert', win, mk, grid, openAfter });
    win.form = form;
    win.body.replaceChildren(form.element);
    form.setRow({ ...values });
    form.fitWindow();
    form.focusFirst();
  };
  win.isDirty = () => win.form?.isDirty();
  win.onBeforeClose = () => win.form?.confirmDiscard() ?? true;
  win.rebuild = async () => {
    const m = await getTable(name);
    win.setTitle(t('Insert into {table}', { table: m.label }));
    mount(m);
  };
  mount(meta);
  return win;
}

function createForm(meta, { mode, win, query = {}, grid = null, mk = null, openAfter = false }) {
  const isInsert = mode === 'insert';
  const widgets = new Map();
  const fieldEls = new Map();
  const slaves = [];
  let row = {};
  let nav = null;
  let navQuery = query;
  let ownerGrid = grid;

  let rowLocked = false; // the row shown says `_editable: false`: seen, not changed
  const editable = (field) => !rowLocked && field.editable !== false && (isInsert ? meta.canInsert !== false : meta.canUpdate !== false);
  const readOnlyDetail = !isInsert && meta.canUpdate === false;
  const getContext = () => {
    const ctx = {};
    for (const [k, v] of Object.entries(row)) ctx[k] = toWire(meta.fields[k], v);
    for (const [k, w] of widgets) ctx[k] = w.getValue();
    return ctx;
  };
  // the text of a field as shown (a combo's "Belgium"), for questions that name it
  const getContextText = (name) => {
    const w = widgets.get(name);
    if (!w) return displayText(meta.fields[name], row[name]);
    return w.getSelected?.()?.text ?? displayText(w.meta, w.getValue());
  };
  const getLabel = (name) => meta.fields[name]?.label ?? name;
  // Fields the server refused at the last save (their messages are on screen).
  const refused = new Set();
  const { applyFills, fieldChanged, noteValue, rememberFills, typed } = formFills({ widgets, editable, updateDirty: () => updateDirty() });

  // ---- layout --------------------------------------------------------------

  const renderer = {
    field(node) {
      if (isInsert && mk !== null && node.name === meta.masterKey) return null; // the server fills it
      const field = meta.fields[node.name] ?? { label: node.name, type: 'char', editable: false };
      const { element, widget } = createField(field, node.name, null, {
        table: meta.name, width: node.width, readOnly: !editable(field), getContext, getContextText, getLabel,
        onChange: () => fieldChanged(node.name), onFills: (fills) => applyFills(node.name, fills), idPrefix: isInsert ? 'ins' : 'det',
      });
      widget.meta = field;
      widgets.set(node.name, widget);
      fieldEls.set(node.name, element);
      // Tab goes from one field that can be changed to the next
      if (!editable(field)) for (const el of element.querySelectorAll('input, textarea, select, button, [contenteditable]')) el.tabIndex = -1;
      return element;
    },
    slave(node) {
      const body = h('div', { class: 'slave-body' });
      const label = h('div', { class: 'slave-label', text: node.label ?? '' });
      const box = h('div', { class: 'slave', dataset: { slave: node.table, display: node.display ?? 'grid' } }, label, body);
      if (isInsert) body.append(h('p', { class: 'muted', text: t('Available after saving.') }));
      else slaves.push({ node, box, body, label, grid: null, active: false });
      return box;
    },
  };
  const layout = (isInsert ? meta.insert : null) ?? meta.detail
    ?? { type: 'panel', rows: Object.keys(meta.fields).map((name) => [{ type: 'field', name }]) };
  const content = h('div', { class: 'form-content' }, renderLayout(layout, renderer));

  // Resolves when the slave grids shown are on screen (their size is then
  // known: the window fits around them), before their rows arrive; a
  // summary's height comes with its texts, so it resolves after them.
  function activateSlaves() {
    const shown = [];
    for (const s of slaves) {
      if (s.active || s.box.closest('[hidden]')) continue;
      s.active = true;
      const summary = s.node.display === 'summary';
      const built = getTable(s.node.table).then((m) => {
        if (!s.node.label) s.label.textContent = m.label;
        s.grid = summary
          ? createSummary(m.name, { mk: row.id ?? null, masterTitle: () => row._title ?? null })
          : createGrid(m, { compact: true, mk: row.id ?? null, height: s.node.height ?? slaveRows(s.box) });
        s.body.replaceChildren(s.grid.element);
        return summary ? s.grid.load() : null;
      });
      built.then(() => (summary ? null : s.grid.load())).catch((e) => {
        s.active = false;
        s.body.replaceChildren(h('p', { class: 'muted', role: 'alert', text: e.message }));
      });
      shown.push(built.catch(() => {}));
    }
    slavesShown = Promise.all([slavesShown, ...shown]);
    return slavesShown;
  }
  let slavesShown = Promise.resolve();

  // A slave table that is the only thing on its tab gets the tab's room
  // (a client's notes, documents, tasks); beside fields it stays short.
  function slaveRows(box) {
    const panel = box.closest('.tabpanel');
    const alone = panel && panel.querySelectorAll('.slave').length === 1
      && panel.querySelectorAll('[data-field]').length === 0;
    return alone ? 15 : 5;
  }
  content.addEventListener('tabshow', activateSlaves);

  // A widget knows whether it is read-only when it is built: a row that may
  // not be changed (or the next one, that may) gets the layout built again,
  // on the tab that was shown, without Save, Cancel and Delete.
  function lockRow(on) {
    if (on === rowLocked) return;
    rowLocked = on;
    const active = document.activeElement;
    const tab = content.querySelector('[role=tab][aria-selected=true]')?.dataset.tab;
    widgets.clear();
    fieldEls.clear();
    slaves.length = 0;
    content.replaceChildren(renderLayout(layout, renderer));
    if (tab) content.querySelector(`[role=tab][data-tab="${CSS.escape(tab)}"]`)?.click();
    if (active?.isConnected) active.focus(); // the tab's click took it
    for (const b of [btnSave, btnCancel, btnDelete]) if (b) b.hidden = on;
    readOnlyNote.hidden = !on;
    element.toggleAttribute('data-readonly', on);
    activateSlaves();
  }

  // ---- toolbar and message bar ------------------------------------------------

  const button = (action, label, onClick, glyph) => h('button', {
    type: 'button', class: glyph ? 'tb-btn glyph' : 'tb-btn', dataset: { action }, title: label,
    'aria-label': glyph ? label : null, onclick: onClick,
  }, glyph ? icon(glyph) : label);
  const sep = () => h('span', { class: 'tb-sep', 'aria-hidden': 'true' });
  const go = (key) => () => nav && goTo(nav[key]).catch(showError);
  const navButtons = isInsert ? [] : [
    button('first', t('First record'), go('first'), 'first'),
    button('prev', t('Previous record'), go('prev'), 'prev'),
    button('next', t('Next record'), go('next'), 'next'),
    button('last', t('Last record'), go('last'), 'last'),
  ];
  const counter = h('span', { class: 'record-counter', dataset: { role: 'record-counter' }, 'aria-live': 'polite' });
  const btnSave = button('save', t('Save'), () => save());
  btnSave.classList.add('primary');
  btnSave.title = t('Save (Ctrl+S)');
  const btnCancel = button('cancel', t('Cancel'), () => (isInsert ? win.close() : revert()));
  // who may not change the record sees no Save and Cancel at all
  const editButtons = readOnlyDetail ? [] : [btnSave, btnCancel];
  // says why a record has no Save (`_editable: false`), where Save would be
  const readOnlyNote = h('span', { class: 'readonly-note', dataset: { role: 'readonly-note' }, hidden: true, text: t('Read-only') });
  const btnDelete = !isInsert && meta.canDelete ? button('delete', t('Delete'), () => remove()) : null;
  const btnRefresh = isInsert ? null : button('refresh', t('Refresh'), () => goTo(row.id).catch(showError), 'refresh');
  // actions without selection belong to the grid, except client ones that
  // can use the record shown (read the eID card of this person)
  const shown = (a) => a.selection !== 'none' || a.client;
  const actionButtons = isInsert ? [] : (meta.actions ?? []).filter(shown).map((a) => button(a.name, a.label, async () => {
    if (!(await confirmDiscard())) return;
    const res = await runAction(meta, a, [row.id], { refresh: () => reloadAll(), recordId: row.id });
    if (res && !res.refresh && !res.open) ownerGrid?.refresh();
  }));
  const workflowBox = h('span', { class: 'workflow-box' });
  const navSep = isInsert ? null : sep();
  const toolbar = h('div', { class: 'toolbar', role: 'toolbar', 'aria-label': t('Record tools') },
    navButtons, isInsert ? null : counter, navSep,
    editButtons, readOnlyNote, btnDelete, actionButtons, btnRefresh, workflowBox);
  const message = h('div', { class: 'form-msg', role: 'alert', hidden: true });
  const element = h('div', { class: `form ${mode}`, dataset: { table: meta.name } }, toolbar, message, content);

  // The message floats in the free end of the toolbar row, or, when it
  // does not fit there, over the bottom of the form: nothing below moves.
  function showMessage(text, { kind = 'error', actions = [] } = {}) {
    message.replaceChildren(h('span', { class: 'form-msg-text', text }), ...actions);
    message.className = `form-msg ${kind}`;
    message.hidden = !text;
    placeMessage();
  }
  function placeMessage() {
    content.style.scrollPaddingBottom = '';
    message.classList.remove('floating');
    if (message.hidden || !element.isConnected) return;
    const box = element.getBoundingClientRect();
    const last = [...toolbar.children].reverse().find((c) => c.offsetWidth > 0);
    const r = last?.getBoundingClientRect();
    const left = r ? Math.ceil(r.right - box.left) + 10 : 0;
    if (r && box.width - left - 4 >= 160) {
      message.style.left = `${left}px`;
      message.style.top = `${Math.max(0, Math.round(r.top - box.top) - 1)}px`;
      if (message.offsetHeight <= toolbar.offsetHeight + 4) return;
    }
    message.classList.add('floating');
    message.style.left = '';
    message.style.top = '';
    // fields brought into view stay above it
    content.style.scrollPaddingBottom = `${message.offsetHeight + 12}px`;
  }
  new ResizeObserver(() => placeMessage()).observe(toolbar);

  function renderNav() {
    if (isInsert) return;
    const has = Boolean(nav);
    navButtons.forEach((b) => { b.hidden = !has; });
    counter.hidden = !has;
    navSep.hidden = !has;
    if (!has) return;
    navButtons[0].disabled = navButtons[1].disabled = nav.prev === null || nav.prev === undefined;
    navButtons[2].disabled = navButtons[3].disabled = nav.next === null || nav.next === undefined;
    counter.textContent = `${formatNumber(nav.index)} / ${formatNumber(nav.total)}`;
  }

  function renderWorkflow() {
    const wf = meta.workflow;
    if (!wf || isInsert) return;
    const allowed = row._actions ?? [];
    // the transition just taken goes with its button: the focus stays in the toolbar, not lost on the page,
    // on Refresh rather than on the next transition (a second Enter must not take that one)
    const focused = workflowBox.contains(document.activeElement) ? document.activeElement.dataset.action : null;
    workflowBox.replaceChildren();
    append(workflowBox, [sep(), h('span', { class: 'wf-state', text: row[wf.field]?.text ?? '' }),
      wf.transitions.filter((tr) => allowed.includes(tr.name)).map((tr) => button(tr.name, tr.label, async () => {
        if (!(await confirmDiscard())) return;
        await runAction(meta, tr, [row.id], { refresh: () => reloadAll() });
      }))]);
    if (focused) {
      const buttons = [...workflowBox.querySelectorAll('button')];
      (buttons.find((b) => b.dataset.action === focused) ?? btnRefresh)?.focus();
    }
  }

  // ---- values and dirty state ------------------------------------------------------

  function original(name) {
    return toWire(meta.fields[name], row[name]);
  }

  function changes() {
    const values = {};
    for (const [name, w] of widgets) {
      if (!editable(w.meta)) continue;
      const v = w.getValue();
      if (isInsert ? v !== null && v !== '' : !sameValue(v, original(name))) values[name] = v;
    }
    return values;
  }

  // a new record counts as changed once it differs from what it started with (its defaults)
  const started = new Map();
  function isDirty() {
    const changed = isInsert
      ? [...widgets].some(([name, w]) => editable(w.meta) && !sameValue(w.getValue(), started.get(name)))
      : Object.keys(changes()).length > 0;
    return changed || [...widgets.values()].some((w) => w.validate());
  }

  // A message goes as soon as its field is changed, the banner with the last one,
  // and all of them when nothing is left to save.
  function dropRefusal(e) {
    const name = e.target.closest?.('[data-field]')?.dataset.field;
    if (!name || !refused.delete(name)) return;
    widgets.get(name)?.setError(null);
    if (!refused.size) showMessage('');
  }
  content.addEventListener('input', dropRefusal);
  content.addEventListener('change', dropRefusal);

  function updateDirty() {
    const dirty = isDirty();
    if (!dirty && !isInsert && refused.size) clearErrors();
    btnSave.disabled = !dirty && !isInsert;
    btnCancel.disabled = !dirty && !isInsert;
    win.element.classList.toggle('dirty', dirty);
  }
  content.addEventListener('input', updateDirty);
  // typed by the user: no longer a value that came with a place
  content.addEventListener('input', (e) => {
    if (e.isTrusted) typed(e.target.closest?.('[data-field]')?.dataset.field);
  });
  content.addEventListener('change', updateDirty);

  function clearErrors() {
    for (const w of widgets.values()) w.setError(null);
    refused.clear();
    showMessage('');
  }

  function setRow(r) {
    row = r ?? {};
    if (!isInsert) lockRow(row._editable === false);
    for (const [name, w] of widgets) {
      // a new record starts with the defaults, also those of the session (the author, today)
      w.setValue(row[name] ?? (isInsert ? fieldDefault(w.meta) : w.meta.default) ?? null);
      if (isInsert) started.set(name, w.getValue());
      noteValue(name);
    }
    rememberFills();
    clearErrors();
    if (!isInsert) {
      win.setTitle(`${meta.label} » ${row._title ?? row.id}`);
      for (const s of slaves) s.grid?.setMaster(row.id);
      renderWorkflow();
    }
    updateDirty();
  }

  async function confirmDiscard() {
    if (!isDirty()) return true;
    return confirm(t('Discard the unsaved changes?'), { title: t('Unsaved changes'), danger: true, yes: t('Discard') });
  }

  // ---- loading and navigation -------------------------------------------------------

  async function goTo(id, newQuery, newGrid, force = false) {
    if (id === null || id === undefined) return;
    if (!force && !(await confirmDiscard())) return;
    if (newQuery) navQuery = newQuery;
    if (newGrid !== undefined) ownerGrid = newGrid;
    const data = await api.get(tablePath(meta.name, 'rows', id) + queryString(navQuery));
    nav = data.navigation ?? null;
    setRow(data.row);
    renderNav();
    form.id = data.row.id;
    activateSlaves();
    ownerGrid?.selectRecord?.(data.row.id);
  }

  function refreshNavigation() {
    if (!nav) return;
    api.get(tablePath(meta.name, 'rows', row.id) + queryString(navQuery))
      .then((data) => { nav = data.navigation ?? null; renderNav(); })
      .catch(() => {}); // the counter is a convenience; the save itself succeeded
  }

  async function reloadAll() {
    await goTo(row.id, null, undefined, true).catch(showError);
    ownerGrid?.refresh();
  }

  function revert() {
    setRow(row);
  }

  // ---- saving -------------------------------------------------------------------------

  // Focus and scroll go to a field in error, also on a tab not shown (the
  // banner above the form must not hide it).
  function focusField(name) {
    const w = widgets.get(name);
    const el = fieldEls.get(name);
    if (!w || !el) return;
    for (let panel = el.closest('[role=tabpanel]'); panel; panel = panel.parentElement?.closest('[role=tabpanel]')) {
      if (panel.hidden) document.getElementById(panel.getAttribute('aria-labelledby'))?.click();
    }
    w.focus();
    el.scrollIntoView({ block: 'nearest' });
    // the message may float below the field: it must be in sight too
    el.querySelector('.field-error:not([hidden])')?.scrollIntoView({ block: 'nearest' });
  }

  function showErrors(e) {
    let unplaced = '';
    const placed = Object.keys(e.fields ?? {}).some((name) => widgets.has(name));
    for (const [name, msg] of Object.entries(e.fields ?? {})) {
      const w = widgets.get(name);
      if (w) { w.setError(msg); refused.add(name); }
      // a computed field (a person's name) fails because of fields shown with their own message
      else if (placed && meta.fields[name]?.editable === false) continue;
      else unplaced += ` ${meta.fields[name]?.label ?? name}: ${msg}`;
    }
    showMessage(`${e.message}${unplaced}`);
    const first = [...widgets.keys()].find((name) => e.fields?.[name]);
    if (first) focusField(first);
  }

  // The values as the user sees them: an fk as {id, text} (or {create}), for
  // the conflict dialog and to put them back on screen.
  function shownValues(values) {
    const out = {};
    for (const name of Object.keys(values)) {
      const w = widgets.get(name);
      out[name] = w?.meta.type === 'fk' ? (w.getSelected?.() ?? values[name]) : values[name];
    }
    return out;
  }

  function showConflict(e) {
    const reload = h('button', {
      type: 'button', class: 'btn small', dataset: { action: 'reload' }, text: t('Reload the current values'),
      onclick: async () => {
        if (isDirty() && !(await confirm(t('Discard your changes and show the values stored now?'),
          { title: t('Reload the current values'), danger: true, yes: t('Discard my changes') }))) return;
        if (e.current) setRow(e.current);
        else goTo(row.id, null, undefined, true).catch(showError);
      },
    });
    showMessage(t('Someone else changed this record after you opened it. Your changes were not saved.'), { actions: [reload] });
  }

  // PUTs the changes with the values they were based on; the server merges
  // what nobody else touched. On a conflict the user decides per field, and
  // the resolved values are saved on top of the record as stored now.
  const baseOf = (values) => Object.fromEntries(Object.keys(values).map((name) => [name, original(name) ?? null]));

  // The server's errors for the values the browser found no fault with, sent
  // with "check": nothing is stored, whatever the answer.
  async function serverErrors(marked) {
    const values = changes();
    for (const name of marked) delete values[name];
    try {
      if (isInsert) await api.post(tablePath(meta.name, 'rows') + queryString({ mk }), { values, check: true });
      else if (Object.keys(values).length) {
        await api.put(tablePath(meta.name, 'rows', row.id), { version: row.version, values, base: baseOf(values), check: true });
      }
    } catch (e) {
      if (e.status === 422) return e.fields ?? {};
    }
    return {};
  }

  async function update(values) {
    let body = { version: row.version, values, base: baseOf(values) };
    for (;;) {
      try {
        return await api.put(tablePath(meta.name, 'rows', row.id), body);
      } catch (e) {
        if (e.status !== 409 || e.code !== 'conflict' || !e.current) throw e;
        const mine = shownValues(body.values);
        const { resolveConflict } = await import('./conflict.js');
        const next = await resolveConflict({ meta, error: e, mine });
        if (!next) {
          showConflict(e);
          return null;
        }
        // on screen: the stored record with the values kept
        setRow(e.current);
        for (const name of Object.keys(next.values)) widgets.get(name)?.setValue(mine[name]);
        updateDirty();
        if (!Object.keys(next.values).length) return { row: e.current, unchanged: true };
        body = next;
      }
    }
  }

  async function save() {
    await Promise.all([...widgets.values()].map((w) => w.settle?.()));
    clearErrors();
    const bad = [...widgets.entries()].filter(([, w]) => {
      const msg = w.validate();
      w.setError(msg);
      return msg;
    });
    if (bad.length) {
      // the server checks the other values too, so that every mistake shows at once
      const marked = new Set(bad.map(([name]) => name));
      const others = await serverErrors(marked);
      for (const [name, msg] of Object.entries(others)) {
        if (marked.has(name) || !widgets.has(name)) continue;
        widgets.get(name).setError(msg);
        refused.add(name); // goes when the field is changed, like the messages of a save
      }
      showMessage(t('Please correct the marked fields.'));
      focusField([...widgets.keys()].find((name) => marked.has(name) || others[name]));
      return false;
    }
    const values = changes();
    try {
      if (isInsert) {
        // the server may ask first (a similar client exists): No keeps the window and what was typed
        const res = await postAsking(tablePath(meta.name, 'rows') + queryString({ mk }), { values },
          t('Insert into {table}', { table: meta.label }));
        if (!res) return false;
        win.element.classList.remove('dirty');
        await win.close(true);
        notify(t('“{title}” was created.', { title: res.row?._title ?? res.row?.id }));
        ownerGrid?.refresh();
        if (openAfter && meta.detail && res.row) await openDetail(meta.name, res.row.id, { query: ownerGrid?.navQuery() ?? {}, grid: ownerGrid });
        return true;
      }
      if (!Object.keys(values).length) {
        updateDirty();
        return true;
      }
      const res = await update(values);
      if (!res) return false;
      setRow(res.row);
      // the user took the stored value of every field: nothing was written
      notify(res.unchanged ? t('Nothing was saved. The stored values are shown.') : t('Saved.'));
      ownerGrid?.refresh();
      refreshNavigation(); // the saved record may have moved in the grid's order
      return true;
    } catch (e) {
      if (e.status === 422) showErrors(e);
      else if (e.status === 409 && e.code === 'conflict') {
        showConflict(e);
        message.querySelector('[data-action=reload]')?.focus();
      } else showError(e);
      return false;
    }
  }

  async function remove() {
    const what = row._title ?? String(row.id);
    if (!(await confirm(t('Delete “{title}”?', { title: what }), { title: t('Delete'), danger: true, yes: t('Delete') }))) return;
    try {
      await api.del(tablePath(meta.name, 'rows', row.id));
      notify(t('“{title}” was deleted.', { title: what }));
      ownerGrid?.refresh();
      await win.close(true);
    } catch (e) {
      if (e.status === 409) alert(e.message, { title: t('Cannot delete') });
      else showError(e);
    }
  }

  // A row of one of its slave tables written or deleted (a coaching added on
  // the Coaches tab, a primary flag changed in the grid): what the record
  // computes from them (its coaches, its primary coach) follows. A form with
  // unsaved typing keeps it and takes only the fields that cannot be typed.
  let slaveTimer = null;
  function onSlaveWrite(e) {
    if (!element.isConnected) { // the window closed, or the form was built again
      document.removeEventListener('rowsaved', onSlaveWrite);
      document.removeEventListener('rowdeleted', onSlaveWrite);
      return;
    }
    if (isInsert || row.id === undefined || !slaves.some((s) => s.node.table === e.detail?.table)) return;
    clearTimeout(slaveTimer);
    slaveTimer = setTimeout(() => refreshFromSlave(row.id), 50);
  }
  async function refreshFromSlave(id) {
    let data;
    try {
      data = await api.get(tablePath(meta.name, 'rows', id) + queryString(navQuery));
    } catch {
      return; // the record shown stays as it was; Refresh shows why
    }
    if (row.id !== id || !element.isConnected) return;
    if (!isDirty()) {
      setRow(data.row);
      return;
    }
    for (const [name, w] of widgets) {
      if (editable(w.meta)) continue;
      row[name] = data.row[name];
      w.setValue(data.row[name] ?? null);
    }
  }
  if (!isInsert) {
    document.addEventListener('rowsaved', onSlaveWrite);
    document.addEventListener('rowdeleted', onSlaveWrite);
  }

  // Ctrl+S anywhere in the window, also on its title bar's buttons (where
  // Tab goes after the last field): never the browser's "Save page as"
  win.element.addEventListener('keydown', (e) => {
    if (win.form !== form || !element.isConnected) return; // a form built again in its place has its own
    if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === 's') {
      e.preventDefault();
      e.stopPropagation();
      save();
    }
  });

  const form = {
    element, id: null, goTo, save, setRow, isDirty, confirmDiscard,
    links: () => ({ query: navQuery, grid: ownerGrid }),
    /** Shrinks the window to its content when the content is short (once its slave tables are there). */
    async fitWindow() {
      await slavesShown;
      const el = win.element;
      // tabbed layouts keep their size: another tab may need the room
      if (el.classList.contains('maximized') || content.querySelector('[role=tablist]')) return;
      const chrome = el.offsetHeight - content.clientHeight;
      const natural = [...content.children].reduce((a, c) => a + c.offsetHeight, 0) + 20;
      const wanted = Math.max(200, chrome + natural);
      if (wanted < el.offsetHeight) el.style.height = `${wanted}px`;
    },
    focusFirst() {
      const first = [...widgets.values()].find((w) => editable(w.meta) && !w.element.closest('[hidden]'));
      (first ?? (readOnlyDetail || rowLocked ? toolbar.querySelector('button:not([disabled]):not([hidden])') : btnCancel))?.focus();
    },
  };
  return form;
}
