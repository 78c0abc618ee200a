// The fields of a form that depend on each other: a chosen entry of a combo
// fills other fields (a place its country and zip code), and a changed field
// clears the fields that depend on it (a new country, no place of the old one).
import { toWire, sameValue } from './values.js';

/**
 * `widgets` is the form's map of field name -> widget (with its `meta`),
 * `editable(field)` whether the user may change a field, `updateDirty()` is
 * called after every change. Returns {applyFills, fieldChanged, noteValue,
 * rememberFills, typed}.
 */
export function formFills({ widgets, editable, updateDirty }) {
  const lastValues = new Map(); // per field: the value its dependants were checked against
  // per field: the value a combo's entry put there ({source, value}), as long
  // as the user did not type into it since (a place's zip code)
  const filled = new Map();

  // A chosen entry of `source` fills other fields (a place its country and
  // zip code). A field its fills leave out keeps nothing of the previous
  // entry: a place without zip code clears the zip code that came with
  // the place before, not one the user typed.
  const applyFills = (source, fills) => {
    const targets = new Set([...(widgets.get(source)?.meta.fills ?? []), ...Object.keys(fills ?? {})]);
    for (const name of targets) {
      const w = widgets.get(name);
      if (!w || !editable(w.meta)) continue;
      const v = fills?.[name] ?? null;
      if (v === null) {
        dropFill(source, name);
        continue;
      }
      const before = w.getValue();
      w.setValue(v);
      w.setError(null);
      // a value the user had typed already stays theirs
      if (!sameValue(before, w.getValue())) filled.set(name, { source, value: w.getValue() });
      fieldChanged(name);
    }
  };
  // clears `name` when it still holds what `source`'s entry put there
  function dropFill(source, name) {
    const f = filled.get(name);
    if (!f || f.source !== source) return;
    filled.delete(name);
    const w = widgets.get(name);
    if (!w || !sameValue(w.getValue(), f.value)) return;
    w.setValue(null);
    fieldChanged(name);
  }
  // The entry of `source` was cleared or replaced by a new (pending) one:
  // what it filled goes, except the fields it depends on (the country of a
  // place stays: it is the user's context, not the place's data).
  function dropFills(source) {
    const deps = widgets.get(source)?.meta.dependsOn ?? [];
    for (const [name, f] of [...filled]) if (f.source === source && !deps.includes(name)) dropFill(source, name);
  }
  // the values of a loaded row came together: a zip code stored with the place is the place's
  function rememberFills() {
    filled.clear();
    for (const [name, w] of widgets) {
      if (!w.meta.fills || w.getValue() === null) continue;
      for (const target of w.meta.fills) {
        const tw = widgets.get(target);
        if (tw && tw.getValue() !== null && !(w.meta.dependsOn ?? []).includes(target)) filled.set(target, { source: name, value: tw.getValue() });
      }
    }
  }

  // A changed field clears the fields that depend on it (a new country, no
  // place of the old one), except a dependant whose own entry gave this
  // value (the place that filled the country); the dependant may clear its
  // own dependants. A combo cleared or given a new entry drops what its
  // previous entry filled.
  function fieldChanged(name) {
    const w = widgets.get(name);
    if (w) {
      const v = w.getValue();
      if (!lastValues.has(name) || !sameValue(lastValues.get(name), v)) {
        lastValues.set(name, v);
        if (w.meta.fills && (v === null || typeof v === 'object')) dropFills(name);
        for (const [other, ow] of widgets) {
          if (other === name || !(ow.meta.dependsOn ?? []).includes(name) || !editable(ow.meta)) continue;
          ow.setError(null); // its message ("choose the country first") is about the old context
          if (ow.getValue() === null) continue;
          const own = ow.getSelected?.()?.fills;
          if (own && name in own && sameValue(toWire(w.meta, own[name]), v)) continue;
          ow.setValue(null);
          fieldChanged(other);
        }
      }
    }
    updateDirty();
  }

  return {
    applyFills, fieldChanged, rememberFills,
    /** The value `name` holds now is the one its dependants were checked against (a row was loaded). */
    noteValue: (name) => lastValues.set(name, widgets.get(name).getValue()),
    /** Typed by the user: no longer a value that came with a place. */
    typed: (name) => filled.delete(name),
  };
}
