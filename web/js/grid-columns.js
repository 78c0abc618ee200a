// Columns of the grid: their default widths (measured, so that a German
// header or a date is not cut), the header cells (label on up to two lines,
// sort indicator always visible), and headers you can drag: the right edge
// resizes a column, the rest moves it to another place. A drag suppresses
// the click that would sort.
import { h } from './dom.js';
import { isNumeric } from './values.js';

const CHAR_PX = 7; // per character of the metadata's column width
const CELL_PAD = 12; // cell padding and border
const SORT_PX = 18; // room kept for the sort indicator ("▲2") of a sortable column
const HEAD_MAX = 150; // a longer header wraps inside a word instead

let measure = null;
/** The width in px of `text` in the grid's font (`px`: the font size). */
export function textWidth(text, px = 13) {
  measure ??= document.createElement('canvas').getContext('2d');
  const cs = getComputedStyle(document.body);
  measure.font = `${px}px ${cs.fontFamily}`;
  return Math.ceil(measure.measureText(text).width);
}

// The narrowest width that shows `label` on at most two lines (broken between words).
function twoLineWidth(label) {
  const words = String(label).split(/\s+/).filter(Boolean);
  let best = textWidth(words.join(' '));
  for (let i = 1; i < words.length; i += 1) {
    best = Math.min(best, Math.max(textWidth(words.slice(0, i).join(' ')), textWidth(words.slice(i).join(' '))));
  }
  return best;
}

/**
 * The default width of each column: what the metadata asks for, at least a
 * whole date for date columns, the header on two lines at most beside the
 * sort indicator, and two dates side by side for a date range filter.
 */
export function defaultCols(meta, { filterRow = false } = {}) {
  const date = textWidth('00.00.0000') + CELL_PAD;
  // two inputs of 9ch + 8px each (app.css .filter-range.date), the gap and the cell's padding
  const dateFilter = 2 * (textWidth('000000000', 12) + 8) + 8;
  return meta.columns.map((c) => {
    const field = meta.fields[c.name] ?? {};
    const sortable = c.sortable !== false;
    const head = Math.min(HEAD_MAX, twoLineWidth(field.label ?? c.name)) + CELL_PAD + (sortable ? SORT_PX : 0);
    let min = head;
    if (field.type === 'date') min = Math.max(min, date);
    if (filterRow && field.type === 'date' && meta.filters?.[c.name] === 'range') min = Math.max(min, dateFilter);
    const width = Math.max(36, Math.round((c.width || 12) * CHAR_PX + 14), min);
    return { name: c.name, width, min, hidden: Boolean(c.hidden), sortable };
  });
}

/**
 * Narrows the wide columns nobody resized (never below their minimum nor
 * 110px) so that the columns fit into `available` px when they can.
 */
export function fitColumns(cols, available) {
  const shown = cols.filter((c) => !c.hidden);
  const excess = shown.reduce((a, c) => a + c.width, 0) - available;
  const floor = (c) => Math.max(c.min ?? 0, 110);
  const wide = shown.filter((c) => !c.resized && c.width > floor(c));
  const slack = wide.reduce((a, c) => a + c.width - floor(c), 0);
  if (excess <= 0 || !slack) return false;
  const k = Math.min(1, excess / slack);
  for (const c of wide) c.width = Math.floor(c.width - (c.width - floor(c)) * k);
  return true;
}

/**
 * The header cell of a column: the full label in its title, the sort
 * direction (with the key's position when several keys sort) in aria-sort
 * and in an indicator that never gets cut.
 */
export function headerCell(meta, col, i, sort) {
  const field = meta.fields[col.name] ?? { label: col.name };
  const si = sort.findIndex((s) => s.field === col.name);
  const s = sort[si];
  return h('th', {
    role: 'columnheader', scope: 'col', tabindex: '-1', dataset: { field: col.name },
    'aria-sort': s ? (s.desc ? 'descending' : 'ascending') : null, 'aria-colindex': i + 1,
    class: [col.sortable ? 'sortable' : '', isNumeric(field) ? 'num' : ''].join(' ').trim() || null,
    title: field.label,
  },
  h('span', { class: 'th-box' },
    h('span', { class: 'th-label', text: field.label }),
    s ? h('span', { class: 'sort-ind', 'aria-hidden': 'true', text: (s.desc ? '▼' : '▲') + (sort.length > 1 ? String(si + 1) : '') }) : null),
  h('span', { class: 'col-resizer', 'aria-hidden': 'true' }));
}

/**
 * Wires resizing and reordering on the grid's header row. `st.cols` is the
 * column state ({name, width, hidden}); `renderAll()` redraws after a move;
 * `flags.suppressClick` is set while a drag ends.
 */
export function enableColumnDrag({ thead, colgroup, table, scroller, marker, st, visible, renderAll, flags }) {
  thead.addEventListener('pointerdown', (e) => {
    const th = e.target.closest('tr:first-child th[data-field]');
    if (!th || e.button !== 0) return;
    const col = st.cols.find((c) => c.name === th.dataset.field);
    const colEl = colgroup.children[visible().indexOf(col)];
    const x0 = e.clientX;
    th.setPointerCapture(e.pointerId);
    let onMove;
    let onUp;
    if (e.target.closest('.col-resizer')) {
      const w0 = col.width;
      onMove = (ev) => {
        col.width = Math.max(36, w0 + ev.clientX - x0);
        col.resized = true;
        colEl.style.width = `${col.width}px`;
        table.style.minWidth = `${visible().reduce((a, c) => a + c.width, 0)}px`;
      };
      onUp = () => {};
      flags.suppressClick = true;
    } else {
      let dragging = false;
      let to = 0;
      const cells = [...thead.rows[0].cells].filter((c) => c.dataset.field);
      const from = cells.indexOf(th);
      onMove = (ev) => {
        if (!dragging && Math.abs(ev.clientX - x0) < 6) return;
        dragging = true;
        th.classList.add('dragging');
        to = cells.length;
        for (let i = cells.length - 1; i >= 0; i -= 1) {
          const r = cells[i].getBoundingClientRect();
          if (ev.clientX < r.left + r.width / 2) to = i;
        }
        const ref = cells[to] ?? cells.at(-1);
        const rr = ref.getBoundingClientRect();
        const x = (to < cells.length ? rr.left : rr.right) - scroller.getBoundingClientRect().left + scroller.scrollLeft;
        marker.style.left = `${x - 1}px`;
        marker.style.height = `${th.offsetHeight}px`;
        marker.hidden = false;
      };
      onUp = () => {
        marker.hidden = true;
        th.classList.remove('dragging');
        if (!dragging) return;
        flags.suppressClick = true;
        const vis = visible();
        const moved = vis[from];
        const before = vis[to] ?? null; // insert before this one (null: at the end)
        if (before === moved || vis[to - 1] === moved) return;
        st.cols.splice(st.cols.indexOf(moved), 1);
        const at = before ? st.cols.indexOf(before) : st.cols.indexOf(vis.at(-1)) + 1;
        st.cols.splice(at, 0, moved);
        if (st.fc === from) st.fc = visible().indexOf(moved);
        renderAll();
      };
    }
    const up = () => {
      th.removeEventListener('pointermove', onMove);
      th.removeEventListener('pointerup', up);
      th.removeEventListener('pointercancel', up);
      onUp();
      setTimeout(() => { flags.suppressClick = false; }, 0);
    };
    th.addEventListener('pointermove', onMove);
    th.addEventListener('pointerup', up);
    th.addEventListener('pointercancel', up);
  });
}
