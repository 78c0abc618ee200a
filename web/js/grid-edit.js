// Inline editing of one grid cell (F2): the field's widget in the cell,
// Enter or leaving the cell saves with PUT {version, values, base}, Escape
// cancels, Tab saves and moves to the next editable cell. When someone else
// saved the row meanwhile, a change of another field merges on the server;
// one of this field opens the conflict dialog (conflict.js, loaded then).
// When the user cancels that dialog, the typed value stays unsaved: only
// Enter saves it again (the dialog then comes back); leaving the cell keeps
// it in the cell, marked as not saved, until F2 and Enter save it or Escape
// drops it.
import { api, tablePath } from './api.js';
import { h, uid } from './dom.js';
import { t } from './i18n.js';
import { showError } from './dialog.js';
import { toWire, sameValue, displayText } from './values.js';
import { createWidget } from './widgets/index.js';

/**
 * Creates the inline editor of a grid; returns {start(r, c), isEditing(td?),
 * decorate(tr, row), hasUnsaved()}.
 */
export function inlineEditor({ meta, st, tbody, element, visible, cellAt, rowElement, focusCell }) {
  let editing = null;
  // values not saved after a cancelled conflict: "id|field" -> {value, shown, base (the row they were typed on)}
  const pending = new Map();
  const keyOf = (id, name) => `${id}|${name}`;

  function startEdit(r, c) {
    const current = st.rows[r];
    const col = visible()[c];
    const field = col && meta.fields[col.name];
    if (!current || !field || !meta.inlineEdit || !meta.canUpdate || field.editable === false) return;
    // a row the user may see but not change (the server would answer 403);
    // a file is chosen in the detail form, not in a cell
    if (current._editable === false || field.type === 'file') return;
    const unsaved = pending.get(keyOf(current.id, col.name));
    const row = unsaved?.base ?? current; // an unsaved value is saved against what it was typed on
    const td = cellAt(r, c);
    const errorEl = h('div', { class: 'cell-error', id: uid('cell-error'), role: 'alert', hidden: true, dataset: { errorFor: col.name } });
    td.classList.add('editing', `edit-${field.type}`);
    td.replaceChildren();
    const ctx = () => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, toWire(meta.fields[k], v)]));
    const widget = createWidget(td, field, unsaved ? unsaved.shown : row[col.name], {
      name: col.name, label: field.label, table: meta.name, errorEl, getContext: ctx, compact: true,
    });
    td.append(errorEl);
    growLeftward(td, widget.element);
    editing = { r, c, row, field, name: col.name, td, widget, saving: false, conflicted: Boolean(unsaved) };
    if (unsaved) widget.setError(t('Not saved: someone else changed this field. Enter saves your value again, Escape drops it.'));
    widget.focus();
    widget.input?.select?.();
    td.addEventListener('keydown', onEditKey);
    td.addEventListener('focusout', onEditBlur);
  }

  // An editor wider than its column (a whole date and its calendar button,
  // app.css) lies over the next cells; at the grid's right edge it grows to
  // the left instead, so that all of it stays in sight.
  function growLeftward(td, editor) {
    const scroller = td.closest('.grid-scroll');
    if (!scroller || editor.offsetWidth <= td.clientWidth) return;
    const edge = scroller.getBoundingClientRect().left + scroller.clientWidth;
    if (editor.getBoundingClientRect().right > edge) td.classList.add('grow-left');
  }

  // Ends the edit and shows the row again. The focus goes back to the cell
  // when it was in it (Enter, Escape) or is lost; a click on another cell
  // keeps it there (a cell of the same row, rebuilt, gets it back).
  function endEdit() {
    if (!editing) return;
    const { r, c, td } = editing;
    td.removeEventListener('keydown', onEditKey);
    td.removeEventListener('focusout', onEditBlur);
    editing = null;
    const a = document.activeElement;
    const tr = tbody.rows[r];
    const inRow = tr?.contains(a) && !td.contains(a) ? a.closest('td')?.cellIndex : undefined;
    if (tr && st.rows[r]) tr.replaceWith(rowElement(st.rows[r], r));
    if (inRow !== undefined) focusCell(r, inRow);
    else if (!a || a === document.body || td.contains(a) || !element.contains(a)) {
      focusCell(r, c, td.contains(a) || !a || a === document.body);
    }
  }

  /** Leaves the edit of a value the server did not take: it stays in the cell, marked. */
  function keepUnsaved(ed) {
    const key = keyOf(ed.row.id, ed.name);
    if (!ed.widget.validate()) { // else text that is no value yet: what was kept before stays
      const value = ed.widget.getValue();
      if (sameValue(value, toWire(ed.field, ed.row[ed.name]))) pending.delete(key);
      else pending.set(key, { value, shown: ed.field.type === 'fk' ? (ed.widget.getSelected?.() ?? value) : value, base: ed.row });
    }
    endEdit();
  }

  /** Marks the cells of `tr` whose value is not saved (after endEdit, a refresh, a page change). */
  function decorate(tr, row) {
    if (!pending.size) return;
    for (const td of tr.querySelectorAll('td[data-field]')) {
      const p = pending.get(keyOf(row.id, td.dataset.field));
      if (!p) continue;
      const field = meta.fields[td.dataset.field];
      td.textContent = shownText(field, p.shown);
      td.classList.add('unsaved');
      td.dataset.unsaved = 'true';
      td.title = t('Not saved: someone else changed this field. F2 and Enter save your value again, Escape drops it.');
    }
  }

  function shownText(field, v) {
    if (v && typeof v === 'object' && 'create' in v) return v.create;
    if (field?.type === 'choice' && v !== null && typeof v !== 'object') return field.choices?.find((c) => String(c.id) === String(v))?.text ?? String(v);
    return displayText(field, v);
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
      const key = keyOf(ed.row.id, ed.name);
      if (sameValue(value, toWire(ed.field, ed.row[ed.name]))) {
        pending.delete(key);
        endEdit();
        return true;
      }
      const row = await save(ed, value);
      if (!row) {
        // the conflict dialog was cancelled: the typed value stays, unsaved; Enter saves it again, Escape drops it
        ed.conflicted = true;
        ed.widget.setError(t('Not saved: someone else changed this field. Enter saves your value again, Escape drops it.'));
        return false;
      }
      pending.delete(key);
      st.rows[ed.r] = row;
      if (editing === ed) endEdit();
      return true;
    } catch (e) {
      if (e.status === 422) ed.widget.setError(cellError(e, ed.name));
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

  // A 422 may name other fields than the one edited (a place's "Part of"
  // that does not belong to the new country): the cell shows them all, with
  // their labels, since those fields have no editor to show theirs.
  function cellError(e, name) {
    const own = e.fields?.[name];
    const others = Object.entries(e.fields ?? {}).filter(([k]) => k !== name)
      .map(([k, msg]) => t('{field}: {message}', { field: meta.fields[k]?.label ?? k, message: msg }));
    if (!own && !others.length) return e.message;
    return [own, ...others].filter(Boolean).join('\n');
  }

  function onEditKey(e) {
    if (e.key === 'Enter' && !e.shiftKey) {
      e.preventDefault();
      e.stopPropagation();
      commitEdit();
    } else if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      pending.delete(keyOf(editing.row.id, editing.name)); // "Escape drops it"
      endEdit();
    } else if (e.key === 'Tab') {
      e.preventDefault();
      e.stopPropagation();
      const ed = editing;
      const { r, c } = ed;
      // after a cancelled conflict Tab leaves the value unsaved (only Enter saves it again)
      let done;
      if (ed.conflicted) {
        keepUnsaved(ed);
        done = Promise.resolve(true);
      } else done = commitEdit();
      done.then((ok) => {
        if (!ok) return;
        const cols = visible();
        const step = e.shiftKey ? -1 : 1;
        for (let i = c + step; i >= 0 && i < cols.length; i += step) {
          const next = meta.fields[cols[i].name];
          if (next?.editable !== false && next?.type !== 'file') {
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
      if (ed.conflicted) {
        if (!ed.saving) keepUnsaved(ed); // leaving is no "save again": no second dialog
        return;
      }
      commitEdit();
    }, 0);
  }

  return {
    start: startEdit,
    isEditing: (td) => (td ? editing?.td === td : editing !== null),
    decorate,
    /** Whether a value typed here is not saved (an open edit with a change, or one kept after a conflict). */
    hasUnsaved() {
      if (pending.size) return true;
      if (!editing) return false;
      try { return !sameValue(editing.widget.getValue(), toWire(editing.field, editing.row[editing.name])); } catch { return false; }
    },
  };
}
