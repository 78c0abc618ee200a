// Inline editing of one grid cell (F2): the field's widget in the cell,
// Enter or leaving the cell saves with PUT {version, values, base}, Escape
// cancels, Tab saves and moves to the next editable cell. When someone else
// saved the row meanwhile, a change of another field merges on the server;
// one of this field opens the conflict dialog (conflict.js, loaded then).
import { api, tablePath } from './api.js';
import { h, uid } from './dom.js';
import { t } from './i18n.js';
import { showError } from './dialog.js';
import { toWire, sameValue } from './values.js';
import { createWidget } from './widgets/index.js';

/** Creates the inline editor of a grid; returns {start(r, c), isEditing(td?)}. */
export function inlineEditor({ meta, st, tbody, element, visible, cellAt, rowElement, focusCell }) {
  let editing = null;

  function startEdit(r, c) {
    const row = st.rows[r];
    const col = visible()[c];
    const field = col && meta.fields[col.name];
    if (!row || !field || !meta.inlineEdit || !meta.canUpdate || field.editable === false) return;
    const td = cellAt(r, c);
    const errorEl = h('div', { class: 'cell-error', id: uid('cell-error'), role: 'alert', hidden: true, dataset: { errorFor: col.name } });
    td.classList.add('editing');
    td.replaceChildren();
    const ctx = () => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, toWire(meta.fields[k], v)]));
    const widget = createWidget(td, field, row[col.name], {
      name: col.name, label: field.label, table: meta.name, errorEl, getContext: ctx, compact: true,
    });
    td.append(errorEl);
    editing = { r, c, row, field, name: col.name, td, widget, saving: false };
    widget.focus();
    widget.input?.select?.();
    td.addEventListener('keydown', onEditKey);
    td.addEventListener('focusout', onEditBlur);
  }

  function endEdit() {
    if (!editing) return;
    const { r, c, td } = editing;
    td.removeEventListener('keydown', onEditKey);
    td.removeEventListener('focusout', onEditBlur);
    editing = null;
    const tr = tbody.rows[r];
    if (tr && st.rows[r]) tr.replaceWith(rowElement(st.rows[r], r));
    focusCell(r, c, element.contains(document.activeElement) || document.activeElement === document.body);
  }

  async function commitEdit() {
    const ed = editing;
    if (!ed || ed.saving) return false;
    ed.saving = true;
    try {
      await ed.widget.settle?.();
      if (editing !== ed) return false;
      const msg = ed.widget.validate();
      ed.widget.setError(msg);
      if (msg) return false;
      const value = ed.widget.getValue();
      if (sameValue(value, toWire(ed.field, ed.row[ed.name]))) {
        endEdit();
        return true;
      }
      const row = await save(ed, value);
      if (!row) {
        // the conflict dialog was cancelled: the typed value stays, unsaved, until Escape drops it
        ed.widget.setError(t('Not saved: someone else changed this field. Enter saves your value again, Escape drops it.'));
        return false;
      }
      st.rows[ed.r] = row;
      if (editing === ed) endEdit();
      return true;
    } catch (e) {
      if (e.status === 422) ed.widget.setError(e.fields?.[ed.name] ?? e.message);
      else showError(e);
      return false;
    } finally {
      ed.saving = false;
    }
  }

  // PUT with the loaded value as base; a 409 asks the user (keep mine / take
  // theirs) and saves again. Resolves with the stored row, or null when the
  // user cancelled the dialog (then the rows show the current values once
  // the edit is left).
  async function save(ed, value) {
    const path = tablePath(meta.name, 'rows', ed.row.id);
    const selected = ed.field.type === 'fk' && value !== null && typeof value !== 'object' ? ed.widget.getSelected?.() : null;
    let body = { version: ed.row.version, values: { [ed.name]: value }, base: { [ed.name]: toWire(ed.field, ed.row[ed.name]) ?? null } };
    let mine = { [ed.name]: selected ?? value }; // an fk with its text, for the dialog
    for (;;) {
      try {
        return (await api.put(path, body)).row;
      } catch (e) {
        if (e.status !== 409 || e.code !== 'conflict') throw e;
        if (e.current) st.rows[ed.r] = e.current;
        const { resolveConflict } = await import('./conflict.js');
        const next = await resolveConflict({ meta, error: e, mine });
        if (!next) return null;
        if (!Object.keys(next.values).length) return e.current; // theirs taken: nothing to save
        body = next;
        mine = next.values;
      }
    }
  }

  function onEditKey(e) {
    if (e.key === 'Enter' && !e.shiftKey) {
      e.preventDefault();
      e.stopPropagation();
      commitEdit();
    } else if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      endEdit();
    } else if (e.key === 'Tab') {
      e.preventDefault();
      e.stopPropagation();
      const { r, c } = editing;
      commitEdit().then((ok) => {
        if (!ok) return;
        const cols = visible();
        const step = e.shiftKey ? -1 : 1;
        for (let i = c + step; i >= 0 && i < cols.length; i += step) {
          if (meta.fields[cols[i].name]?.editable !== false) {
            startEdit(r, i);
            return;
          }
        }
      });
    }
    e.stopPropagation();
  }

  function onEditBlur() {
    const ed = editing;
    setTimeout(() => {
      const a = document.activeElement;
      if (editing !== ed || ed.td.contains(a) || a?.closest('.popup, .modal-backdrop')) return;
      commitEdit();
    }, 0);
  }

  return {
    start: startEdit,
    isEditing: (td) => (td ? editing?.td === td : editing !== null),
  };
}
