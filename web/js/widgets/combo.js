// A foreign-key combo box with remote search (WAI-ARIA combobox + listbox).
// "Learning" fields offer to create a record from text that matches nothing.
import { api, tablePath } from '../api.js';
import { h, uid, debounce, queryString, placePopup } from '../dom.js';
import { t } from '../i18n.js';
import { confirm, showError } from '../dialog.js';
import { errorSetter, inputAttrs, mount } from './common.js';
import { icon } from '../icons.js';

/**
 * opts: `table` (whose choices endpoint to ask), `fieldName` (defaults to
 * opts.name), `getContext()` -> {dep: wireValue} for field.dependsOn.
 */
export function comboWidget(container, field, value, opts = {}) {
  const listId = uid('combo-list');
  const input = h('input', {
    ...inputAttrs(field, opts), type: 'text', class: 'input', role: 'combobox', autocomplete: 'off',
    'aria-autocomplete': 'list', 'aria-expanded': 'false', 'aria-controls': listId,
    placeholder: opts.readOnly ? null : (opts.placeholder ?? ''),
  });
  const button = h('button', {
    type: 'button', class: 'combo-btn', tabindex: '-1', 'aria-label': t('Show choices'), title: t('Show choices'),
    hidden: opts.readOnly || null,
  }, icon('caret'));
  const element = h('span', { class: 'combo' }, input, button);
  const list = h('ul', { class: 'popup combo-list', role: 'listbox', id: listId, 'aria-label': field.label });
  const setError = errorSetter([input], opts.errorEl);
  const fieldName = opts.fieldName ?? opts.name;

  let selected = null;
  let options = [];
  let active = -1;
  let seq = 0;
  let resolving = null;

  const isOpen = () => list.isConnected;
  const context = () => {
    const ctx = opts.getContext?.() ?? {};
    const out = {};
    for (const dep of field.dependsOn ?? []) {
      const v = ctx[dep];
      if (v !== null && v !== undefined && v !== '') out[`ctx.${dep}`] = v;
    }
    return out;
  };
  const rawContext = () => {
    const out = {};
    for (const [k, v] of Object.entries(context())) out[k.slice(4)] = v;
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
    input.removeAttribute('aria-activedescendant');
    active = -1;
  }

  function render() {
    list.replaceChildren(...(options.length ? options.map((o, i) => h('li', {
      role: 'option', id: `${listId}-${i}`, 'aria-selected': i === active ? 'true' : 'false',
      class: i === active ? 'active' : null, text: o.text, dataset: { id: String(o.id) },
    })) : [h('li', { class: 'empty', role: 'option', 'aria-disabled': 'true', text: t('No matches') })]));
    if (!isOpen()) {
      document.body.append(list);
      input.setAttribute('aria-expanded', 'true');
    }
    placePopup(list, element);
    if (active >= 0) {
      input.setAttribute('aria-activedescendant', `${listId}-${active}`);
      list.children[active]?.scrollIntoView({ block: 'nearest' });
    } else input.removeAttribute('aria-activedescendant');
  }

  async function search(q) {
    const my = ++seq;
    try {
      const rows = await fetchChoices(q);
      if (my !== seq || document.activeElement !== input) return;
      options = rows;
      active = rows.length ? 0 : -1;
      render();
    } catch (e) {
      showError(e);
    }
  }
  const searchLater = debounce(search, 200);

  function choose(opt) {
    selected = opt ? { id: opt.id, text: opt.text } : null;
    input.value = selected?.text ?? '';
    close();
    setError(null);
    input.dispatchEvent(new Event('input', { bubbles: true }));
    opts.onChange?.();
  }

  // Turns typed text into a selection: exact match, the single match of a
  // plain combo, a new record of a learning one, or back to the old value.
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
        const exact = rows.find((r) => r.text.toLowerCase() === text.toLowerCase())
          ?? (!field.learning && rows.length === 1 ? rows[0] : null);
        if (exact) choose(exact);
        else if (field.learning && !opts.readOnly) {
          const yes = await confirm(t('Create new {label} «{text}»?', { label: field.label, text }));
          if (yes) {
            const created = await api.post(tablePath(opts.table, 'choices', fieldName), { text, ctx: rawContext() });
            choose(created);
          } else input.value = selected?.text ?? '';
        } else {
          input.value = selected?.text ?? '';
        }
      } catch (e) {
        input.value = selected?.text ?? '';
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
      searchLater(input.value.trim());
    });
    input.addEventListener('keydown', (e) => {
      const typed = input.value.trim() !== (selected?.text ?? '');
      switch (e.key) {
        case 'ArrowDown':
          e.preventDefault();
          if (!isOpen()) search(typed ? input.value.trim() : '');
          else if (options.length) { active = Math.min(active + 1, options.length - 1); render(); }
          break;
        case 'ArrowUp':
          if (isOpen() && options.length) {
            e.preventDefault();
            active = Math.max(active - 1, 0);
            render();
          }
          break;
        case 'Enter':
          if (isOpen() && active >= 0) {
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
          if (isOpen() && active >= 0 && typed) choose(options[active]);
          break;
        default:
      }
    });
    input.addEventListener('blur', () => {
      searchLater.cancel();
      close();
      resolveTyped();
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
      const li = e.target.closest('li[data-id]');
      if (li) choose(options[[...list.children].indexOf(li)]);
    });
  }

  const w = {
    element, input,
    getValue: () => (input.value.trim() === '' ? null : (selected?.id ?? null)),
    getSelected: () => (input.value.trim() === '' ? null : selected),
    setValue(v) {
      if (v === null || v === undefined) selected = null;
      else selected = typeof v === 'object' ? { id: v.id, text: v.text ?? String(v.id) } : { id: v, text: String(v) };
      input.value = selected?.text ?? '';
    },
    setError,
    validate: () => null,
    settle: () => resolving ?? Promise.resolve(),
    focus: () => input.focus(),
  };
  w.setValue(value);
  return mount(container, w);
}
