// The edit-conflict dialog: someone else saved the record after it was
// loaded and changed some of the fields this user changed too. Per field
// the user keeps their value or takes the stored one; the caller saves
// again with what this returns. Used by the detail form and the grid's
// inline edit.
import { h, uid } from './dom.js';
import { t, formatDateTime } from './i18n.js';
import { modal } from './dialog.js';
import { displayText, toWire } from './values.js';

/**
 * Asks how to resolve the 409 `error` (an ApiError with `current`, the
 * stored row, and `conflicts`, see the server's conflict answer) of a save
 * of `mine` ({field: value} as sent; an fk may be given as {id, text} to
 * show its text, a new learning entry as {create: text}).
 *
 * Resolves with what to PUT next, `{version, values, base}`: the kept
 * values of the conflicting fields, the other fields of `mine` unchanged,
 * `base` taken from the current row; or null when the user cancels
 * (nothing decided; the caller keeps the typed values).
 */
export async function resolveConflict({ meta, error, mine }) {
  const current = error.current ?? {};
  const conflicts = conflictsOf(meta, error, mine);
  const names = Object.keys(conflicts);
  const choices = new Map();
  const body = h('div', { class: 'conflict' },
    h('p', { text: t('Someone else changed this record after you opened it. Choose per field which value to keep.') }),
    names.map((name) => {
      const field = meta.fields?.[name] ?? { label: name };
      const c = conflicts[name];
      const group = uid('conflict');
      const legendId = `${group}-legend`;
      const keep = h('input', { type: 'radio', name: group, value: 'mine', checked: true, dataset: { choice: 'mine' } });
      const take = h('input', { type: 'radio', name: group, value: 'theirs', dataset: { choice: 'theirs' } });
      choices.set(name, keep);
      return h('fieldset', { class: 'conflict-field', dataset: { field: name }, 'aria-labelledby': legendId },
        h('legend', { id: legendId, text: field.label ?? name }),
        h('p', { class: 'conflict-who', dataset: { role: 'changed-by' }, text: changedText(c) }),
        h('dl', { class: 'conflict-values' },
          h('dt', { text: t('Their value') }),
          h('dd', { dataset: { role: 'theirs' }, text: shown(field, c.theirs) }),
          h('dt', { text: t('Your value') }),
          h('dd', { dataset: { role: 'yours' }, text: shown(field, mine?.[name] ?? c.yours) })),
        h('div', { class: 'conflict-choice', role: 'radiogroup', 'aria-labelledby': legendId },
          h('label', {}, keep, ' ', t('Keep mine')),
          h('label', {}, take, ' ', t('Take theirs'))));
    }));
  const ok = await modal({
    title: t('Edit conflict'), body, role: 'dialog', kind: 'conflict', cancelValue: false,
    buttons: [
      { label: t('OK'), value: true, action: 'conflict-ok', primary: true },
      { label: t('Cancel'), value: false, action: 'conflict-cancel' },
    ],
  });
  if (!ok) return null;
  const values = {};
  const base = {};
  for (const [name, v] of Object.entries(mine ?? {})) {
    if (choices.has(name) && !choices.get(name).checked) continue; // theirs: already stored
    values[name] = wire(meta.fields?.[name], v);
    base[name] = toWire(meta.fields?.[name], current[name]) ?? null;
  }
  return { version: current.version, values, base };
}

// The server names the conflicting fields; an answer without them (an old
// server, a save without base) counts every field of `mine` that differs.
function conflictsOf(meta, error, mine) {
  if (error.conflicts && Object.keys(error.conflicts).length) return error.conflicts;
  const current = error.current ?? {};
  const out = {};
  for (const [name, v] of Object.entries(mine ?? {})) {
    const field = meta.fields?.[name];
    if (JSON.stringify(wire(field, v) ?? null) === JSON.stringify(toWire(field, current[name]) ?? null)) continue;
    out[name] = { yours: wire(field, v), theirs: current[name] ?? null, changedBy: null, changedAt: null };
  }
  return out;
}

function wire(field, v) {
  if (v && typeof v === 'object' && 'create' in v) return { create: v.create };
  return toWire(field, v);
}

function changedText({ changedBy, changedAt }) {
  const when = changedAt ? formatDateTime(changedAt) : '';
  if (changedBy && when) return t('Changed by {user} on {when}.', { user: changedBy, when });
  if (changedBy) return t('Changed by {user}.', { user: changedBy });
  if (when) return t('Changed by another user on {when}.', { when });
  return t('Changed by another user.');
}

function shown(field, v) {
  if (v === null || v === undefined || v === '') return t('(empty)');
  if (typeof v === 'object' && 'create' in v) return t('{text} (new)', { text: v.create });
  if (field?.type === 'choice' && typeof v !== 'object') {
    return field.choices?.find((c) => String(c.id) === String(v))?.text ?? String(v);
  }
  return displayText(field, v) || String(v?.id ?? v);
}
