// A foreign-key combo box with remote search (WAI-ARIA combobox + listbox).
// Tab and Enter accept the highlighted entry (the server ranks entries that
// start with the typed text first). "Learning" fields offer to create a
// record from typed text; the new record is only a pending value
// ({create: text}) that the server creates when the form is saved.
import { api, tablePath } from '../api.js';
import { h, uid, debounce, queryString, placePopup } from '../dom.js';
import { t } from '../i18n.js';
import { confirm, showError } from '../dialog.js';
import { errorSetter, inputAttrs, mount } from './common.js';
import { icon } from '../icons.js';

/**
 * opts: `table` (whose choices endpoint to ask), `fieldName` (defaults to
 * opts.name), `getContext()` -> {field: wireValue} of the form (sent as
 * ctx.X for field.dependsOn and field.fills), `getContextText(field)` -> the
 * text of a dependsOn field (named in the create question), `getLabel(field)`
 * -> the label of a dependsOn field, `onFills(fills)` -> sets the form's
 * fields from a chosen row's `fills` (called with {} for a row without).
 */
// "Place" -> "place" in a sentence; "eID card" and German nouns stay (the
// translations use {Label} where a language capitalises nouns)
const lowerLabel = (label) => (/^.[A-Z]/.test(label) ? label : label.charAt(0).toLowerCase() + label.slice(1));

export function comboWidget(container, field, value, opts = {}) {
  const labelParams = () => ({ Label: field.label ?? '', label: lowerLabel(field.label ?? '') });
  const listId = uid('combo-list');
  const input = h('input', {
    ...inputAttrs(field, opts), type: 'text', class: 'input', role: 'combobox', autocomplete: 'off',
    'aria-autocomplete': 'list', 'aria-expanded': 'false', // aria-controls/-owns only while the list is in the DOM
    placeholder: opts.readOnly ? null : (opts.placeholder ?? ''),
  });
  const button = h('button', {
    type: 'button', class: 'combo-btn', tabindex: '-1', 'aria-label': t('Show choices'), title: t('Show choices'),
    hidden: opts.readOnly || null,
  }, icon('caret'));
  // a pending new entry: marked visibly and described to screen readers
  const newId = uid('combo-new');
  const mark = h('span', { class: 'combo-new', 'aria-hidden': 'true', hidden: true, text: t('new') });
  const newDesc = h('span', { id: newId, hidden: true, text: t('New entry: created when you save.') }); // read via aria-describedby
  const element = h('span', { class: 'combo' }, input, mark, button, newDesc);
  const list = h('ul', { class: 'popup combo-list', role: 'listbox', id: listId, 'aria-label': field.label });
  const setError = errorSetter([input], opts.errorEl);
  const fieldName = opts.fieldName ?? opts.name;
  const canCreate = () => Boolean(field.learning) && !opts.readOnly;
  // the dependsOn fields still empty (a new place needs its country)
  const missingDeps = () => {
    const ctx = opts.getContext?.() ?? {};
    return (field.dependsOn ?? []).filter((dep) => ctx[dep] === null || ctx[dep] === undefined || ctx[dep] === '');
  };
  // "Choose the country first to create a new place."
  const depsHint = (deps) => {
    const labels = deps.map((dep) => opts.getLabel?.(dep) ?? dep);
    return t('Choose the {fields} first to create a new {label}.', {
      ...labelParams(), Fields: labels.join(', '), fields: labels.map(lowerLabel).join(', '),
    });
  };

  let selected = null; // {id, text, fills?}, or {create, text} for a pending new entry
  let options = [];
  let optionsFor = null; // the text the options were searched for
  let active = -1;
  let moved = false; // the user moved in the list with the arrow keys
  let seq = 0;
  let resolving = null;
  let asking = false;

  const isOpen = () => list.isConnected;
  const context = () => {
    const ctx = opts.getContext?.() ?? {};
    const out = {};
    for (const dep of [...(field.dependsOn ?? []), ...(field.fills ?? [])]) {
      const v = ctx[dep];
      if (v !== null && v !== undefined && v !== '' && typeof v !== 'object') out[`ctx.${dep}`] = v;
    }
    return out;
  };

  async function fetchChoices(q) {
    const path = tablePath(opts.table, 'choices', fieldName) + queryString({ q, offset: 0, limit: 20, ...context() });
    const data = await api.get(path);
    return data.rows ?? [];
  }

  function close() {
    if (!isOpen()) return;
    list.remove();
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-controls');
    input.removeAttribute('aria-owns');
    input.removeAttribute('aria-activedescendant');
    active = -1;
  }

  function render() {
    list.replaceChildren(...options.map((o, i) => (o.hint ? h('li', {
      class: 'hint', role: 'option', 'aria-disabled': 'true', id: `${listId}-${i}`, dataset: { role: 'create-hint' }, text: o.hint,
    }) : h('li', {
      role: 'option', id: `${listId}-${i}`, 'aria-selected': i === active ? 'true' : 'false',
      class: [i === active && 'active', o.create && 'create'].filter(Boolean).join(' ') || null,
      text: o.create ? t('Create “{text}”…', { text: o.create }) : o.text,
      dataset: o.create ? { create: 'true' } : { id: String(o.id) },
    }))));
    if (!options.some((o) => !o.create && !o.hint)) {
      list.prepend(h('li', { class: 'empty', role: 'option', 'aria-disabled': 'true', text: t('No matches') }));
    }
    if (!isOpen()) {
      document.body.append(list);
      input.setAttribute('aria-expanded', 'true');
      // aria-controls (ARIA 1.2) and aria-owns (ARIA 1.0, what axe-core 3 checks) name the open list
      input.setAttribute('aria-controls', listId);
      input.setAttribute('aria-owns', listId);
    }
    placePopup(list, element);
    if (active >= 0) {
      input.setAttribute('aria-activedescendant', `${listId}-${active}`);
      list.querySelector(`#${CSS.escape(`${listId}-${active}`)}`)?.scrollIntoView({ block: 'nearest' });
    } else input.removeAttribute('aria-activedescendant');
  }

  // the hint, when there is one, is the last entry and cannot be chosen
  const choosable = () => options.filter((o) => !o.hint).length;
  const exactIn = (rows, text) => rows.find((r) => r.text.toLowerCase() === text.toLowerCase());

  async function search(q) {
    const my = ++seq;
    try {
      const rows = await fetchChoices(q);
      if (my !== seq || document.activeElement !== input) return;
      // a learning combo offers a new entry for typed text that is not an entry yet,
      // once the fields it depends on are given (else it says which ones first)
      const offer = q && canCreate() && !exactIn(rows, q);
      const missing = offer ? missingDeps() : [];
      options = offer ? [...rows, missing.length ? { hint: depsHint(missing) } : { create: q }] : rows;
      optionsFor = q;
      active = rows.length ? 0 : -1;
      moved = false;
      render();
    } catch (e) {
      showError(e);
    }
  }
  const searchLater = debounce(search, 200);

  function renderPending() {
    const pending = Boolean(selected?.create) && input.value.trim() === selected.text;
    mark.hidden = !pending;
    element.classList.toggle('pending', pending);
    const ids = (input.getAttribute('aria-describedby') ?? '').split(' ').filter((x) => x && x !== newId);
    if (pending) ids.push(newId);
    if (ids.length) input.setAttribute('aria-describedby', ids.join(' '));
    else input.removeAttribute('aria-describedby');
  }

  function choose(opt) {
    if (opt?.create) {
      // the question takes the focus: the blur that follows must not ask again
      if (!resolving) resolving = askCreate(opt.create).finally(() => { resolving = null; });
      return resolving;
    }
    const before = selected;
    // the entry's fills stay known: a form does not clear the place because
    // its own fill set the country
    selected = opt ? { id: opt.id, text: opt.text, fills: opt.fills ?? {} } : null;
    input.value = selected?.text ?? '';
    close();
    setError(null);
    renderPending();
    // also an entry without fills: the previous entry's zip code must not stay
    if (opt) opts.onFills?.(opt.fills ?? {});
    if (before?.id !== selected?.id || before?.create !== selected?.create) {
      input.dispatchEvent(new Event('input', { bubbles: true }));
      opts.onChange?.();
    }
    return Promise.resolve();
  }

  // Never the default answer: No has the focus, and the question says in
  // which context (the country of a place) the entry would be created.
  async function askCreate(text) {
    asking = true; // before the dialog takes the focus (the input's blur)
    try {
      await askCreateNow(text);
    } finally {
      asking = false;
    }
  }

  async function askCreateNow(text) {
    close();
    const where = (field.dependsOn ?? []).map((dep) => opts.getContextText?.(dep)).filter(Boolean).join(', ');
    const params = { text, context: where, ...labelParams() };
    const yes = await confirm(
      where ? t('Create the {label} “{text}” in {context}?', params) : t('Create the {label} “{text}”?', params),
      { title: t('New entry'), yes: t('Create'), no: t('No'), safe: true },
    );
    if (!yes) {
      input.value = selected?.text ?? '';
      renderPending();
      return;
    }
    selected = { create: text, text };
    input.value = text;
    setError(null);
    renderPending();
    input.dispatchEvent(new Event('input', { bubbles: true }));
    opts.onChange?.();
  }

  // Turns typed text into a selection: the exact match or the first entry
  // (what the list highlights), a new entry of a learning combo when nothing
  // matches (after asking), or back to the old value.
  function resolveTyped() {
    if (resolving) return resolving;
    const text = input.value.trim();
    if (!text) {
      if (selected) choose(null);
      return Promise.resolve();
    }
    if (selected && text === selected.text) return Promise.resolve();
    resolving = (async () => {
      try {
        searchLater.cancel();
        seq += 1;
        const rows = await fetchChoices(text);
        const found = exactIn(rows, text) ?? rows[0];
        const missing = canCreate() ? missingDeps() : [];
        if (found) await choose(found);
        else if (canCreate() && !missing.length) await askCreate(text);
        else {
          input.value = selected?.text ?? '';
          renderPending();
          // nothing created without its country: say so next to the field
          if (missing.length) setError(depsHint(missing));
        }
      } catch (e) {
        input.value = selected?.text ?? '';
        renderPending();
        showError(e);
      } finally {
        resolving = null;
      }
    })();
    return resolving;
  }

  if (!opts.readOnly) {
    input.addEventListener('input', (e) => {
      if (!e.isTrusted) return; // our own dirty-tracking event
      renderPending();
      searchLater(input.value.trim());
    });
    input.addEventListener('keydown', (e) => {
      const text = input.value.trim();
      const typed = text !== (selected?.text ?? '');
      // the list shows the entries of what is typed now (not of a search still to come)
      const current = isOpen() && active >= 0 && (!typed || optionsFor === text);
      switch (e.key) {
        case 'ArrowDown':
          e.preventDefault();
          if (!isOpen()) search(typed ? text : '');
          else if (choosable()) { active = Math.min(active + 1, choosable() - 1); moved = true; render(); }
          break;
        case 'ArrowUp':
          if (isOpen() && choosable()) {
            e.preventDefault();
            active = Math.max(active - 1, 0);
            moved = true;
            render();
          }
          break;
        case 'Enter':
          if (current) {
            e.preventDefault();
            e.stopPropagation();
            choose(options[active]);
          } else if (typed) {
            e.preventDefault();
            e.stopPropagation();
            close();
            resolveTyped();
          }
          break;
        case 'Escape':
          if (isOpen()) {
            e.preventDefault();
            e.stopPropagation();
            close();
          }
          break;
        case 'Tab':
          // a stale list is resolved on blur by the same rule (exact match or first entry)
          if (current && (typed || moved)) choose(options[active]);
          break;
        default:
      }
    });
    input.addEventListener('blur', () => {
      searchLater.cancel();
      close();
      if (!asking) resolveTyped();
    });
    button.addEventListener('click', () => {
      if (isOpen()) close();
      else {
        input.focus();
        search('');
      }
    });
    list.addEventListener('mousedown', (e) => e.preventDefault()); // keep focus in the input
    list.addEventListener('click', (e) => {
      const li = e.target.closest('li[data-id], li[data-create]');
      if (li) choose(options[Number(li.id.slice(listId.length + 1))]);
    });
  }

  const w = {
    element, input,
    /** The id, `{create: text}` for a pending new entry, or null. */
    getValue() {
      if (input.value.trim() === '' || !selected) return null;
      return selected.create ? { create: selected.create } : (selected.id ?? null);
    },
    getSelected: () => (input.value.trim() === '' ? null : selected),
    /** Accepts an id, {id, text} (row shape) or {create: text}; its fills are not known. */
    setValue(v) {
      if (v === null || v === undefined) selected = null;
      else if (typeof v === 'object' && v.create) selected = { create: v.create, text: v.create };
      else selected = typeof v === 'object' ? { id: v.id, text: v.text ?? String(v.id) } : { id: v, text: String(v) };
      input.value = selected?.text ?? '';
      renderPending();
    },
    setError,
    validate: () => null,
    // typed text not yet resolved (Ctrl+S in the combo) is resolved before a save
    settle: () => resolving ?? (!opts.readOnly && input.value.trim() !== (selected?.text ?? '') ? resolveTyped() : Promise.resolve()),
    focus: () => input.focus(),
  };
  w.setValue(value);
  return mount(container, w);
}
