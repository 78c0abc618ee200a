// A date typed as dd.mm.yyyy (d.m.yy, ddmmyyyy... too) with a calendar
// popup. Unparsable text is reported at the field and never sent; so is a
// future date where the metadata says `past` (birth dates).
import { h, focusables, placePopup } from '../dom.js';
import { t, currentLanguage, datePlaceholder, formatDate, parseDate, isoDay } from '../i18n.js';
import { errorSetter, inputAttrs, mount } from './common.js';
import { icon } from '../icons.js';

const p2 = (n) => String(n).padStart(2, '0');
const iso = (d) => isoDay(d.getFullYear(), d.getMonth() + 1, d.getDate());
const clampYear = (y) => Math.min(9999, Math.max(1, y));
const lastDay = (y, m) => makeDate(y, m + 1, 0).getDate();

/** A local date; unlike `new Date(y, m, d)` years below 100 stay what they are. Month 0-based, overflow allowed. */
function makeDate(y, m, d) {
  const x = new Date(2000, 0, 1);
  x.setFullYear(y, m, d);
  return x;
}

/** Moves `d` by `months`, keeping the day when the target month has it (else its last day). */
function addMonths(d, months) {
  const target = makeDate(d.getFullYear(), d.getMonth() + months, 1);
  const y = clampYear(target.getFullYear());
  return makeDate(y, target.getMonth(), Math.min(d.getDate(), lastDay(y, target.getMonth())));
}

// The views of the popup, from the month shown as days up to a century of
// decades. Each view: its page (`step` months for the arrow buttons and
// PageUp/PageDown), the months of one of its cells, the view a cell opens.
const VIEWS = {
  days: { step: 1, prev: 'Previous month', next: 'Next month' },
  months: { step: 12, cell: 1, down: 'days', prev: 'Previous year', next: 'Next year' },
  years: { step: 120, cell: 12, down: 'months', prev: 'Previous decade', next: 'Next decade' },
  decades: { step: 1200, cell: 120, down: 'years', prev: 'Previous century', next: 'Next century' },
};
const COLUMNS = 3; // the 12-cell views are 3 wide, 4 high

/**
 * Opens a calendar below `anchor`; `onPick(isoDate)` runs on a choice.
 * Returns {element, close, isOpen}.
 * Days, then (by the title buttons) the months of a year, 12 years, 12
 * decades, for birth dates decades away. Keyboard as the WAI-ARIA date
 * picker dialog: arrows, Home/End, PageUp/PageDown (month; with Shift
 * year), Enter or Space picks (in the upper views: opens the lower one),
 * Escape goes back to the days and then closes; Tab stays in the popup.
 */
export function openCalendar(anchor, selectedIso, onPick) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(selectedIso ?? '');
  const selected = m && m[2] !== '00' && m[3] !== '00' ? makeDate(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : null;
  // an incomplete date (1985-00-00) still opens on its year
  let cursor = selected ?? (m && m[1] !== '0000' ? makeDate(Number(m[1]), Math.max(Number(m[2]), 1) - 1, 1) : new Date());
  let view = 'days';
  /** The cursor's day in another month (its last day when the month is shorter). */
  const withYearMonth = (y, mo) => makeDate(clampYear(y), mo, Math.min(cursor.getDate(), lastDay(clampYear(y), mo)));
  const lang = currentLanguage();
  const fmt = (o) => new Intl.DateTimeFormat(lang, o);
  const monthLong = fmt({ month: 'long' });
  const monthShort = fmt({ month: 'short' });
  const monthYear = fmt({ month: 'long', year: 'numeric' });
  const dayFmt = fmt({ weekday: 'short' });
  const longFmt = fmt({ dateStyle: 'full' });
  const today = new Date();

  const prevBtn = h('button', { type: 'button', class: 'cal-nav', dataset: { role: 'cal-prev' }, onclick: () => page(-1) }, icon('prev'));
  const nextBtn = h('button', { type: 'button', class: 'cal-nav', dataset: { role: 'cal-next' }, onclick: () => page(1) }, icon('next'));
  const title = h('div', { class: 'cal-title', 'aria-live': 'polite' });
  const table = h('table', { class: 'cal-grid', role: 'grid' });
  const popup = h('div', { class: 'popup calendar', role: 'dialog', 'aria-modal': 'true', 'aria-label': t('Choose a date'), dataset: { view } },
    h('div', { class: 'cal-head' }, prevBtn, title, nextBtn),
    table,
    h('div', { class: 'cal-foot' },
      h('button', { type: 'button', class: 'btn small', dataset: { role: 'cal-today' }, text: t('Today'), onclick: () => pick(new Date()) })));

  function close(refocus = true) {
    if (!popup.isConnected) return;
    popup.remove();
    document.removeEventListener('pointerdown', outside, true);
    if (refocus) anchor.focus();
  }
  function pick(d) {
    close();
    onPick(iso(d));
  }
  function outside(e) { // the field and its button are no outside: the button toggles
    if (!popup.contains(e.target) && !anchor.parentElement.contains(e.target)) close(false);
  }
  function page(sign) {
    cursor = addMonths(cursor, sign * VIEWS[view].step);
    render(false);
  }
  function show(v) {
    view = v;
    render(true);
  }

  function titleButton(text, target, hint, role) {
    return h('button', { type: 'button', class: 'cal-title-btn', title: t(hint), dataset: { role }, text, onclick: () => show(target) });
  }

  /** The 12 cells of the months, years or decades view around the cursor. */
  function cells() {
    const y = cursor.getFullYear();
    if (view === 'months') {
      return Array.from({ length: 12 }, (_, i) => {
        const d = withYearMonth(y, i);
        return { d, text: monthShort.format(d), label: monthYear.format(d), key: `${y}-${p2(i + 1)}`, in: true,
          now: y === today.getFullYear() && i === today.getMonth(),
          sel: selected && selected.getFullYear() === y && selected.getMonth() === i };
      });
    }
    const span = view === 'years' ? 1 : 10;
    const first = Math.floor(y / (span * 10)) * span * 10 - span;
    const at = (v) => Math.floor(v / span) * span;
    return Array.from({ length: 12 }, (_, i) => {
      const start = first + i * span;
      const text = span === 1 ? String(start) : `${start}–${String(start + 9).slice(-2)}`;
      const label = span === 1 ? text : `${start}–${start + 9}`;
      return { d: withYearMonth(start + (span === 1 ? 0 : y % 10), cursor.getMonth()), text, label,
        key: String(start), in: i > 0 && i < 11, now: at(today.getFullYear()) === start,
        sel: selected && at(selected.getFullYear()) === start, cur: at(y) === start };
    });
  }

  function renderTitle() {
    const y = cursor.getFullYear();
    if (view === 'days') {
      title.replaceChildren(titleButton(monthLong.format(cursor), 'months', 'Choose the month', 'cal-month'),
        titleButton(String(y), 'years', 'Choose the year', 'cal-year'));
    } else if (view === 'months') {
      title.replaceChildren(titleButton(String(y), 'years', 'Choose the year', 'cal-year'));
    } else if (view === 'years') {
      const first = Math.floor(y / 10) * 10;
      title.replaceChildren(titleButton(`${first}–${first + 9}`, 'decades', 'Choose the decade', 'cal-decade'));
    } else {
      const first = Math.floor(y / 100) * 100;
      title.replaceChildren(h('span', { class: 'cal-title-text', text: `${first}–${first + 99}` }));
    }
  }

  function renderDays() {
    const first = makeDate(cursor.getFullYear(), cursor.getMonth(), 1);
    const start = makeDate(first.getFullYear(), first.getMonth(), 1 - ((first.getDay() + 6) % 7)); // weeks start on Monday
    const head = h('tr', { role: 'row' });
    for (let i = 0; i < 7; i += 1) {
      const d = new Date(2024, 0, 1 + i); // 1 Jan 2024 was a Monday
      head.append(h('th', { role: 'columnheader', scope: 'col', abbr: fmt({ weekday: 'long' }).format(d), text: dayFmt.format(d).slice(0, 2) }));
    }
    const rows = [head];
    const todayKey = iso(today);
    const cursorKey = iso(cursor);
    const selKey = selected ? iso(selected) : null;
    for (let w = 0; w < 6; w += 1) {
      const tr = h('tr', { role: 'row' });
      for (let i = 0; i < 7; i += 1) {
        const d = makeDate(start.getFullYear(), start.getMonth(), start.getDate() + w * 7 + i);
        const key = iso(d);
        const td = h('td', {
          role: 'gridcell', tabindex: key === cursorKey ? '0' : '-1', text: String(d.getDate()), dataset: { date: key },
          'aria-label': longFmt.format(d), 'aria-selected': key === selKey ? 'true' : null,
          'aria-current': key === todayKey ? 'date' : null,
          class: [d.getMonth() !== cursor.getMonth() ? 'other' : '', key === todayKey ? 'today' : '',
            key === selKey ? 'selected' : ''].join(' ').trim() || null,
        });
        td.addEventListener('click', () => pick(d));
        tr.append(td);
      }
      rows.push(tr);
    }
    return rows;
  }

  function renderCells() {
    const list = cells();
    const rows = [];
    for (let r = 0; r < list.length / COLUMNS; r += 1) {
      const tr = h('tr', { role: 'row' });
      for (const c of list.slice(r * COLUMNS, (r + 1) * COLUMNS)) {
        const isCursor = view === 'months' ? c.d.getMonth() === cursor.getMonth() : c.cur;
        const td = h('td', {
          role: 'gridcell', tabindex: isCursor ? '0' : '-1', text: c.text, 'aria-label': c.label, dataset: { value: c.key },
          'aria-selected': c.sel ? 'true' : null,
          class: [c.in ? '' : 'other', c.now ? 'today' : '', c.sel ? 'selected' : ''].join(' ').trim() || null,
        });
        td.addEventListener('click', () => { cursor = c.d; show(VIEWS[view].down); });
        tr.append(td);
      }
      rows.push(tr);
    }
    return rows;
  }

  function render(focus) {
    popup.dataset.view = view;
    prevBtn.setAttribute('aria-label', t(VIEWS[view].prev));
    prevBtn.title = t(VIEWS[view].prev);
    nextBtn.setAttribute('aria-label', t(VIEWS[view].next));
    nextBtn.title = t(VIEWS[view].next);
    renderTitle();
    table.className = view === 'days' ? 'cal-grid' : 'cal-grid cal-wide';
    table.setAttribute('aria-label', view === 'days' ? monthYear.format(cursor) : title.textContent);
    table.replaceChildren(...(view === 'days' ? renderDays() : renderCells()));
    if (focus) table.querySelector('td[tabindex="0"]')?.focus();
  }

  /** The cursor after a key in the grid of the current view, or null when the key is no move. */
  function moved(e) {
    const y = cursor.getFullYear();
    const mo = cursor.getMonth();
    if (e.key === 'PageUp' || e.key === 'PageDown') {
      const by = view === 'days' ? (e.shiftKey ? 12 : 1) : VIEWS[view].step * (e.shiftKey ? 10 : 1);
      return addMonths(cursor, e.key === 'PageUp' ? -by : by);
    }
    if (view === 'days') {
      const days = { ArrowLeft: -1, ArrowRight: 1, ArrowUp: -7, ArrowDown: 7 }[e.key];
      const wd = (cursor.getDay() + 6) % 7;
      const by = days ?? { Home: -wd, End: 6 - wd }[e.key];
      return by === undefined ? null : makeDate(y, mo, cursor.getDate() + by);
    }
    const cellsBy = { ArrowLeft: -1, ArrowRight: 1, ArrowUp: -COLUMNS, ArrowDown: COLUMNS }[e.key];
    if (cellsBy) return addMonths(cursor, cellsBy * VIEWS[view].cell);
    if (e.key !== 'Home' && e.key !== 'End') return null;
    const end = e.key === 'End';
    if (view === 'months') return withYearMonth(y, end ? 11 : 0);
    if (view === 'years') return withYearMonth(Math.floor(y / 10) * 10 + (end ? 9 : 0), mo);
    return withYearMonth(Math.floor(y / 100) * 100 + (end ? 90 : 0) + (y % 10), mo);
  }

  popup.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      if (view === 'days') close();
      else show('days');
      return;
    }
    if (e.key === 'Tab') { // a modal dialog: Tab cycles through its buttons and the grid
      const list = focusables(popup);
      const i = list.indexOf(document.activeElement);
      const next = list[(i + (e.shiftKey ? -1 : 1) + list.length) % list.length];
      e.preventDefault();
      next?.focus();
      return;
    }
    if (!e.target.closest('td')) return;
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      if (view === 'days') pick(cursor);
      else show(VIEWS[view].down);
      return;
    }
    const next = moved(e);
    if (!next) return;
    e.preventDefault();
    cursor = makeDate(clampYear(next.getFullYear()), next.getMonth(), next.getDate());
    render(true);
  });
  document.body.append(popup);
  render(false);
  placePopup(popup, anchor);
  table.querySelector('td[tabindex="0"]')?.focus();
  document.addEventListener('pointerdown', outside, true);
  return { element: popup, close, isOpen: () => popup.isConnected };
}

export function dateWidget(container, field, value, opts = {}) {
  const input = h('input', {
    ...inputAttrs(field, opts), type: 'text', class: 'input date', autocomplete: 'off',
    placeholder: datePlaceholder(), size: 10,
  });
  const button = h('button', {
    type: 'button', class: 'date-btn', tabindex: '-1', 'aria-label': t('Choose a date'), title: t('Choose a date'),
    hidden: opts.readOnly || null, 'aria-haspopup': 'dialog',
  }, icon('calendar'));
  const element = h('span', { class: 'date-field' }, input, button);
  let current = value ?? null;
  const setError = errorSetter([input], opts.errorEl);
  // birth dates (`past`): a two-digit year is in the past, a future date is refused
  const parse = () => parseDate(input.value, { incomplete: Boolean(field.incomplete), past: Boolean(field.past), name: opts.name });
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
  let calendar = null;
  const openPicker = () => {
    if (opts.readOnly) return;
    if (calendar?.isOpen()) {
      calendar.close();
      return;
    }
    let sel = null;
    try { sel = parse(); } catch { sel = null; }
    calendar = openCalendar(input, sel, (d) => {
      input.value = formatDate(d);
      setError(validate()); // a future day for a birth date
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
