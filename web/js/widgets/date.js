// A date typed as dd.mm.yyyy (d.m.yy, ddmmyyyy... too) with a calendar
// popup. Unparsable text is reported at the field and never sent.
import { h } from '../dom.js';
import { t, currentLanguage, dateFormat, formatDate, parseDate } from '../i18n.js';
import { errorSetter, inputAttrs, mount } from './common.js';
import { placePopup } from '../dom.js';
import { icon } from '../icons.js';

const iso = (d) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;

/** Opens a month calendar below `anchor`; `onPick(isoDate)` runs on a choice. */
export function openCalendar(anchor, selectedIso, onPick) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(selectedIso ?? '');
  const selected = m && m[2] !== '00' && m[3] !== '00' ? new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : null;
  let cursor = selected ?? new Date();
  const lang = currentLanguage();
  const monthFmt = new Intl.DateTimeFormat(lang, { month: 'long', year: 'numeric' });
  const dayFmt = new Intl.DateTimeFormat(lang, { weekday: 'short' });
  const longFmt = new Intl.DateTimeFormat(lang, { dateStyle: 'full' });
  const title = h('span', { class: 'cal-title', 'aria-live': 'polite' });
  const table = h('table', { class: 'cal-grid', role: 'grid' });
  const nav = (delta) => () => {
    cursor = new Date(cursor.getFullYear(), cursor.getMonth() + delta, Math.min(cursor.getDate(), 28));
    render(true);
  };
  const popup = h('div', { class: 'popup calendar', role: 'dialog', 'aria-label': t('Choose a date') },
    h('div', { class: 'cal-head' },
      h('button', { type: 'button', class: 'cal-nav', 'aria-label': t('Previous month'), onclick: nav(-1) }, icon('prev')),
      title,
      h('button', { type: 'button', class: 'cal-nav', 'aria-label': t('Next month'), onclick: nav(1) }, icon('next'))),
    table,
    h('div', { class: 'cal-foot' },
      h('button', { type: 'button', class: 'btn small', text: t('Today'), onclick: () => pick(new Date()) })));

  function close() {
    popup.remove();
    document.removeEventListener('pointerdown', outside, true);
    anchor.focus();
  }
  function pick(d) {
    close();
    onPick(iso(d));
  }
  function outside(e) {
    if (!popup.contains(e.target) && e.target !== anchor) {
      popup.remove();
      document.removeEventListener('pointerdown', outside, true);
    }
  }

  function render(focus) {
    title.textContent = monthFmt.format(cursor);
    const first = new Date(cursor.getFullYear(), cursor.getMonth(), 1);
    const start = new Date(first);
    start.setDate(1 - ((first.getDay() + 6) % 7)); // weeks start on Monday
    const head = h('tr', { role: 'row' });
    for (let i = 0; i < 7; i += 1) {
      const d = new Date(2024, 0, 1 + i); // 1 Jan 2024 was a Monday
      head.append(h('th', { role: 'columnheader', scope: 'col', text: dayFmt.format(d).slice(0, 2) }));
    }
    const rows = [head];
    const today = iso(new Date());
    let focusCell = null;
    for (let w = 0; w < 6; w += 1) {
      const tr = h('tr', { role: 'row' });
      for (let i = 0; i < 7; i += 1) {
        const d = new Date(start.getFullYear(), start.getMonth(), start.getDate() + w * 7 + i);
        const key = iso(d);
        const isCursor = key === iso(cursor);
        const td = h('td', {
          role: 'gridcell', tabindex: isCursor ? '0' : '-1', text: String(d.getDate()),
          'aria-label': longFmt.format(d), 'aria-selected': selected && key === iso(selected) ? 'true' : null,
          class: [d.getMonth() !== cursor.getMonth() ? 'other' : '', key === today ? 'today' : '',
            selected && key === iso(selected) ? 'selected' : ''].join(' ').trim() || null,
        });
        td.addEventListener('click', () => pick(d));
        if (isCursor) focusCell = td;
        tr.append(td);
      }
      rows.push(tr);
    }
    table.replaceChildren(...rows);
    if (focus) focusCell?.focus();
  }

  popup.addEventListener('keydown', (e) => {
    const moves = { ArrowLeft: -1, ArrowRight: 1, ArrowUp: -7, ArrowDown: 7 };
    if (e.key in moves && e.target.closest('td')) {
      cursor = new Date(cursor.getFullYear(), cursor.getMonth(), cursor.getDate() + moves[e.key]);
    } else if (e.key === 'PageUp' || e.key === 'PageDown') {
      const dm = (e.key === 'PageUp' ? -1 : 1) * (e.shiftKey ? 12 : 1);
      cursor = new Date(cursor.getFullYear(), cursor.getMonth() + dm, Math.min(cursor.getDate(), 28));
    } else if ((e.key === 'Enter' || e.key === ' ') && e.target.closest('td')) {
      e.preventDefault();
      pick(cursor);
      return;
    } else if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      close();
      return;
    } else return;
    e.preventDefault();
    render(true);
  });
  document.body.append(popup);
  render(false);
  placePopup(popup, anchor);
  table.querySelector('td[tabindex="0"]')?.focus();
  document.addEventListener('pointerdown', outside, true);
  return popup;
}

export function dateWidget(container, field, value, opts = {}) {
  const input = h('input', {
    ...inputAttrs(field, opts), type: 'text', class: 'input date', autocomplete: 'off',
    placeholder: dateFormat(), size: 10,
  });
  const button = h('button', {
    type: 'button', class: 'date-btn', tabindex: '-1', 'aria-label': t('Choose a date'), title: t('Choose a date'),
    hidden: opts.readOnly || null,
  }, icon('calendar'));
  const element = h('span', { class: 'date-field' }, input, button);
  let current = value ?? null;
  const setError = errorSetter([input], opts.errorEl);
  const parse = () => parseDate(input.value, Boolean(field.incomplete));
  const validate = () => {
    try { parse(); return null; } catch (e) { return e.message; }
  };
  const commit = () => {
    const msg = validate();
    setError(msg);
    if (!msg) input.value = formatDate(parse() ?? '');
  };
  input.addEventListener('blur', () => { if (!opts.readOnly) commit(); });
  input.addEventListener('change', () => opts.onChange?.());
  const openPicker = () => {
    if (opts.readOnly) return;
    let sel = null;
    try { sel = parse(); } catch { sel = null; }
    openCalendar(input, sel, (d) => {
      input.value = formatDate(d);
      setError(null);
      input.dispatchEvent(new Event('input', { bubbles: true }));
      opts.onChange?.();
    });
  };
  button.addEventListener('click', openPicker);
  input.addEventListener('keydown', (e) => {
    if ((e.altKey && e.key === 'ArrowDown') || (e.key === 'F4')) {
      e.preventDefault();
      openPicker();
    }
  });
  const w = {
    element, input,
    getValue() {
      if (opts.readOnly) return current;
      try { return parse(); } catch { return current; }
    },
    setValue(v) {
      current = v ?? null;
      input.value = formatDate(v ?? '');
    },
    setError, validate,
    focus: () => input.focus(),
  };
  w.setValue(value);
  return mount(container, w);
}
