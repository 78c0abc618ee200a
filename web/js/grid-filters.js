// The grid's column filters (API.md "filter=" JSON), its parameter panel
// ("p.NAME=") and the column chooser.
import { h, debounce, openPopup } from './dom.js';
import { t, parseDate, parseDecimal, parseInteger, formatDate, formatDecimal } from './i18n.js';
import { createField, createWidget } from './widgets/index.js';
import { renderLayout } from './layout.js';
import { fieldDefault } from './meta.js';

function parseBound(field, text) {
  if (field.type === 'date') return parseDate(text, { past: Boolean(field.past), allowFuture: true }); // born after 1.1.30: 1930
  if (field.type === 'int') return parseInteger(text);
  return parseDecimal(text, field.scale);
}

function showBound(field, v) {
  if (v === null || v === undefined) return '';
  if (field.type === 'date') return formatDate(v);
  if (field.type === 'decimal') return formatDecimal(v, field.scale);
  return String(v);
}

/**
 * The filter control of one column. `current` is the column's filter object
 * (or undefined); `onChange(filter|null)` is called with the new one.
 */
export function filterControl(kind, name, field, current, onChange, { table }) {
  const label = t('Filter {label}', { label: field.label ?? name });
  switch (kind) {
    case 'text': {
      const input = h('input', {
        type: 'search', class: 'filter-input', dataset: { filter: name }, 'aria-label': label,
        value: current?.value ?? '', // no autocomplete="off" on type=search (axe-core 3); unnamed, nothing is remembered
      });
      const fire = debounce(() => onChange(input.value.trim() ? { field: name, op: 'contains', value: input.value.trim() } : null), 250);
      input.addEventListener('input', fire);
      input.addEventListener('keydown', (e) => {
        if (e.key !== 'Escape' || !input.value) return;
        e.preventDefault(); // Escape empties the filter (and goes no further: see grid.js)
        input.value = '';
        fire();
      });
      return input;
    }
    case 'bool': {
      const select = h('select', { class: 'filter-input', dataset: { filter: name }, 'aria-label': label },
        h('option', { value: '', text: t('(any)') }),
        h('option', { value: 'true', text: t('Yes') }),
        h('option', { value: 'false', text: t('No') }));
      select.value = current ? String(current.value) : '';
      select.addEventListener('change', () => onChange(select.value === '' ? null : { field: name, op: 'eq', value: select.value === 'true' }));
      return select;
    }
    case 'range': {
      const mk = (bound, ph) => h('input', {
        type: 'text', class: 'filter-input', dataset: { filter: name, bound }, placeholder: ph, autocomplete: 'off',
        'aria-label': `${label}: ${ph}`, value: showBound(field, current?.[bound]),
      });
      const from = mk('from', t('from'));
      const to = mk('to', t('to'));
      const fire = () => {
        const f = { field: name, op: 'range' };
        let ok = true;
        for (const [input, bound] of [[from, 'from'], [to, 'to']]) {
          try {
            const v = parseBound(field, input.value);
            input.removeAttribute('aria-invalid');
            input.title = '';
            if (v !== null) f[bound] = v;
            input.value = showBound(field, v);
          } catch (e) {
            ok = false;
            input.setAttribute('aria-invalid', 'true');
            input.title = e.message;
          }
        }
        if (ok) onChange('from' in f || 'to' in f ? f : null);
      };
      for (const input of [from, to]) {
        input.addEventListener('change', fire);
        input.addEventListener('keydown', (e) => {
          if (e.key === 'Enter' || (e.key === 'Escape' && input.value)) {
            e.preventDefault();
            if (e.key === 'Escape') input.value = '';
            fire();
          }
        });
      }
      return h('span', { class: field.type === 'date' ? 'filter-range date' : 'filter-range' }, from, to);
    }
    case 'choice': {
      const chosen = new Set((current?.values ?? []).map(String));
      const button = h('button', {
        type: 'button', class: 'filter-input filter-choice', dataset: { filter: name }, 'aria-haspopup': 'dialog', 'aria-label': label,
      });
      const summary = () => {
        const texts = (field.choices ?? []).filter((c) => chosen.has(String(c.id))).map((c) => c.text);
        button.textContent = texts.length ? texts.join(', ') : t('(any)');
      };
      summary();
      button.addEventListener('click', () => {
        const boxes = (field.choices ?? []).map((c) => {
          const cb = h('input', { type: 'checkbox', value: String(c.id), checked: chosen.has(String(c.id)) });
          cb.addEventListener('change', () => {
            if (cb.checked) chosen.add(String(c.id)); else chosen.delete(String(c.id));
            summary();
            const values = (field.choices ?? []).filter((x) => chosen.has(String(x.id))).map((x) => x.id);
            onChange(values.length ? { field: name, op: 'in', values } : null);
          });
          return h('label', { class: 'check-line' }, cb, ` ${c.text}`);
        });
        openPopup(button, h('div', { class: 'check-list' }, boxes), { label });
      });
      return button;
    }
    case 'fk': {
      const w = createWidget(null, { ...field, required: false, learning: false }, current ? { id: current.value, text: current.text ?? String(current.value) } : null, {
        table, fieldName: name, label,
        onChange: () => {
          const sel = w.getSelected();
          onChange(sel ? { field: name, op: 'eq', value: sel.id, text: sel.text } : null);
        },
      });
      w.input.dataset.filter = name;
      w.element.classList.add('filter-combo');
      return w.element;
    }
    default:
      return null;
  }
}

/** The wire filter list (drops the display-only `text` of fk filters). */
export function filterJSON(filters) {
  const list = Object.values(filters).filter(Boolean).map(({ text, ...f }) => f);
  return list.length ? JSON.stringify(list) : '';
}

/**
 * The grid state a rows query starts from (`{"p.X": "...", q}`, e.g. a
 * dashboard panel's): parameter values as the panel's widgets hold them.
 * A query's values are text; a checkbox or a number would misread it.
 */
export function queryState(meta, query) {
  const params = {};
  for (const [key, v] of Object.entries(query ?? {})) {
    if (!key.startsWith('p.')) continue;
    const name = key.slice(2);
    const type = meta.params?.fields?.[name]?.type;
    const s = String(v);
    if (type === 'bool') params[name] = s === 'true' || s === '1';
    else if ((type === 'int' || type === 'fk') && /^-?\d+$/.test(s)) params[name] = Number(s);
    else params[name] = v;
  }
  return { params, q: typeof query?.q === 'string' ? query.q : '' };
}

/**
 * The parameter panel above a grid; `onChange(name, wireValue)` on every
 * change. A parameter not in `values` shows its default (the one the server
 * takes then); one in it as null was emptied by the user and stays empty.
 * `onInvalid(name)` when a value typed cannot be taken (a bad date).
 */
export function paramPanel(meta, values, onChange, onInvalid = () => {}) {
  const widgets = {};
  const make = (name, width) => {
    const field = meta.params.fields[name] ?? { label: name, type: 'char' };
    const { element, widget } = createField(field, name, values[name] !== undefined ? values[name] : fieldDefault(field), {
      table: meta.name, width, idPrefix: 'p',
      getContext: () => Object.fromEntries(Object.entries(widgets).map(([k, w]) => [k, w.getValue()])),
      onChange: () => {
        const msg = widget.validate();
        widget.setError(msg);
        if (!msg) onChange(name, widget.getValue());
        else onInvalid(name);
      },
    });
    widgets[name] = widget;
    return element;
  };
  const layout = meta.params.layout ?? {
    type: 'panel', rows: [Object.keys(meta.params.fields).map((name) => ({ type: 'field', name }))],
  };
  const content = renderLayout(layout, { field: (n) => make(n.name, n.width), slave: () => null });
  return { element: h('div', { class: 'param-panel', role: 'search', 'aria-label': t('Parameters') }, content), widgets };
}

/** The column chooser: a checkbox per column; `onToggle(name, visible)`, `onReset()`. */
export function columnChooser(anchor, meta, cols, { onToggle, onReset }) {
  const list = cols.map((c) => {
    const cb = h('input', { type: 'checkbox', checked: !c.hidden, dataset: { column: c.name } });
    cb.addEventListener('change', () => {
      if (!cb.checked && cols.filter((x) => !x.hidden).length <= 1) {
        cb.checked = true; // keep at least one column
        return;
      }
      onToggle(c.name, cb.checked);
    });
    return h('label', { class: 'check-line' }, cb, ` ${meta.fields[c.name]?.label ?? c.name}`);
  });
  let close = null;
  const reset = h('button', {
    type: 'button', class: 'btn small', dataset: { action: 'reset-columns' }, text: t('Reset columns'),
    onclick: () => { close?.(); onReset(); },
  });
  close = openPopup(anchor, h('div', { class: 'check-list' }, list, h('div', { class: 'popup-foot' }, reset)), { label: t('Columns') });
}
