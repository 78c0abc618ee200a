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
  const choices = new Map();
  const body = h('div', { class: 'conflict' },
    h('p', { text: t('Someone else changed this record after you opened it. Choose per field which value to keep.') }),
    groupsOf(meta, conflicts, mine).map(({ key, names }) => {
      const group = uid('conflict');
      const legendId = `${group}-legend`;
      const keep = h('input', { type: 'radio', name: group, value: 'mine', checked: true, dataset: { choice: 'mine' } });
      const take = h('input', { type: 'radio', name: group, value: 'theirs', dataset: { choice: 'theirs' } });
      for (const name of names) choices.set(name, keep);
      const field = (name) => meta.fields?.[name] ?? { label: name };
      // theirs: as stored now (also for a field of the group nobody else changed)
      const theirs = (name) => (conflicts[name] ? conflicts[name].theirs : current[name] ?? null);
      const yours = (name) => mine?.[name] ?? conflicts[name]?.yours;
      const c = conflicts[names.find((n) => conflicts[n])];
      const values = names.length === 1
        ? h('dl', { class: 'conflict-values' },
          h('dt', { text: t('Their value') }),
          h('dd', { dataset: { role: 'theirs' }, text: shown(field(names[0]), theirs(names[0])) }),
          h('dt', { text: t('Your value') }),
          h('dd', { dataset: { role: 'yours' }, text: shown(field(names[0]), yours(names[0])) }))
        // a place with the zip code (and country) it comes with: one decision, side by side
        : h('table', { class: 'conflict-table' },
          h('thead', {}, h('tr', {}, h('td', {}), names.map((n) => h('th', { scope: 'col', text: field(n).label ?? n })))),
          h('tbody', {},
            h('tr', {}, h('th', { scope: 'row', text: t('Their value') }),
              names.map((n) => h('td', { dataset: { role: 'theirs', field: n }, text: shown(field(n), theirs(n)) }))),
            h('tr', {}, h('th', { scope: 'row', text: t('Your value') }),
              names.map((n) => h('td', { dataset: { role: 'yours', field: n }, text: shown(field(n), yours(n)) })))));
      return h('fieldset', {
        class: 'conflict-field', dataset: { field: key, fields: names.join(' ') }, 'aria-labelledby': legendId,
      },
      h('legend', { id: legendId, text: names.map((n) => field(n).label ?? n).join(', ') }),
      h('p', { class: 'conflict-who', dataset: { role: 'changed-by' }, text: changedText(c) }),
      values,
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

// The fields as the form shows them: the detail layout's order (tabs,
// panels, rows), then the other fields of the table.
function fieldOrder(meta) {
  const out = [];
  const walk = (node) => {
    if (!node) return;
    if (node.type === 'field' && !out.includes(node.name)) out.push(node.name);
    (node.children ?? []).forEach(walk);
    for (const row of node.rows ?? []) row.forEach(walk);
  };
  walk(meta.detail);
  walk(meta.insert);
  for (const name of Object.keys(meta.fields ?? {})) if (!out.includes(name)) out.push(name);
  return out;
}

// The conflicting fields in the form's order, each as a group of names: a
// combo and the fields its entry fills (a place, its country and zip code)
// are decided together when one of them conflicts, so that the place of
// one user never ends up with the zip code of the other. Returns
// [{key, names}]: `key` is the combo (or the single field), `names` in
// the form's order.
function groupsOf(meta, conflicts, mine) {
  const order = fieldOrder(meta);
  const rank = (name) => (order.includes(name) ? order.indexOf(name) : order.length);
  const inGroup = new Map(); // field -> its group
  for (const name of order) {
    const fills = meta.fields?.[name]?.fills;
    if (!fills?.length || !(name in (mine ?? {}))) continue;
    const members = [name, ...fills.filter((f) => f in mine && !inGroup.has(f))];
    if (members.length < 2 || !members.some((m) => conflicts[m])) continue;
    const group = { key: name, names: members.sort((a, b) => rank(a) - rank(b)) };
    for (const m of members) inGroup.set(m, group);
  }
  const out = [];
  for (const name of Object.keys(conflicts).sort((a, b) => rank(a) - rank(b))) {
    const g = inGroup.get(name);
    if (!g) out.push({ key: name, names: [name] });
    else if (!out.includes(g)) out.push(g);
  }
  return out;
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
