// The keyboard and the mouse on a grid: sorting from the header, focus and
// selection on the rows (arrows, paging, Ctrl/Shift), Enter, F2, Insert,
// Delete, Escape, the quick search and the page input.
import { debounce } from './dom.js';

/** Click on a header sorts (Shift adds a key), its context menu opens the column chooser. */
export function wireGridHeader(g) {
  const { thead, flags, sortBy, openColumns } = g;
  thead.addEventListener('click', (e) => {
    const th = e.target.closest('th[data-field]');
    if (!th || flags.suppressClick || e.target.closest('.col-resizer')) return;
    sortBy(th.dataset.field, e.shiftKey);
  });
  thead.addEventListener('contextmenu', (e) => {
    if (!e.target.closest('tr:first-child th')) return;
    e.preventDefault();
    openColumns();
  });
}

/**
 * Wires the keys and the mouse of grid `g`: its elements (thead, tbody,
 * element, quick, pageInput), its state `st`, `compact`, and what it does
 * (visible, sortBy, focusCell, goPage, page, pages, openSelected, insert,
 * deleteSelected, renderPager, load, isEditing, startEdit).
 */
export function wireGridKeys(g) {
  const {
    st, thead, tbody, element, quick, pageInput, compact, visible, sortBy, focusCell, goPage, page, pages,
    openSelected, insert, deleteSelected, renderPager, load, isEditing, startEdit,
  } = g;

  thead.addEventListener('keydown', (e) => {
    const th = e.target.closest('th[data-field]');
    if (!th) return;
    const cells = [...thead.rows[0].cells].filter((c) => c.dataset.field);
    const i = cells.indexOf(th);
    if (e.key === 'Enter' || e.key === ' ') sortBy(th.dataset.field, e.shiftKey);
    else if (e.key === 'ArrowRight') cells[i + 1]?.focus();
    else if (e.key === 'ArrowLeft') cells[i - 1]?.focus();
    else if (e.key === 'ArrowDown') focusCell(st.fr, i);
    else return;
    e.preventDefault();
  });

  // ---- mouse and keyboard on rows --------------------------------------------

  tbody.addEventListener('mousedown', (e) => {
    if (e.shiftKey && !isEditing()) e.preventDefault(); // a Shift selection of rows, not of text
  });
  tbody.addEventListener('click', (e) => {
    const td = e.target.closest('td[role=gridcell]');
    if (!td || isEditing(td) || td.closest('tr.empty')) return;
    const how = e.shiftKey ? 'range' : e.ctrlKey || e.metaKey ? 'toggle' : 'single';
    focusCell(td.parentElement.sectionRowIndex, td.cellIndex, true, how);
  });
  tbody.addEventListener('dblclick', (e) => {
    const td = e.target.closest('td[role=gridcell]');
    if (!td || isEditing() || td.closest('tr.empty')) return;
    openSelected(e.shiftKey); // Shift+double-click: a second detail window
  });

  tbody.addEventListener('keydown', (e) => {
    if (isEditing()) return;
    const last = visible().length - 1;
    const key = e.key;
    // Shift+arrow extends the selection, Ctrl+arrow moves the focus alone (Ctrl+Space then toggles)
    const how = e.shiftKey ? 'range' : e.ctrlKey || e.metaKey ? 'keep' : 'single';
    let handled = true;
    if (key === 'ArrowDown') {
      if (st.fr < st.rows.length - 1) focusCell(st.fr + 1, st.fc, true, how);
      else if (page() < pages() - 1 && how === 'single') goPage(page() + 1, 0);
    } else if (key === 'ArrowUp') {
      if (st.fr > 0) focusCell(st.fr - 1, st.fc, true, how);
      else if (page() > 0 && how === 'single') goPage(page() - 1, -1);
      else if (how === 'single') thead.rows[0].cells[st.fc]?.focus();
    } else if (key === ' ' && (e.ctrlKey || e.metaKey)) focusCell(st.fr, st.fc, true, 'toggle');
    else if (key === 'a' && (e.ctrlKey || e.metaKey)) {
      st.anchor = 0;
      focusCell(st.rows.length - 1, st.fc, true, 'range');
    } else if (key === 'Escape' && st.sel.size > 1) focusCell(st.fr, st.fc);
    else if (key === 'ArrowRight') focusCell(st.fr, st.fc + 1, true, 'keep');
    else if (key === 'ArrowLeft') focusCell(st.fr, st.fc - 1, true, 'keep');
    else if (key === 'PageDown') goPage(page() + 1, st.fr);
    else if (key === 'PageUp') goPage(page() - 1, st.fr);
    else if (key === 'Home' && e.ctrlKey) goPage(0, 0);
    else if (key === 'End' && e.ctrlKey) goPage(pages() - 1, -1);
    else if (key === 'Home') focusCell(st.fr, 0, true, 'keep');
    else if (key === 'End') focusCell(st.fr, last, true, 'keep');
    else if (key === 'Enter') openSelected(e.shiftKey); // Shift+Enter: a second detail window
    else if (key === 'F2') startEdit(st.fr, st.fc);
    else if (key === 'Insert') insert();
    else if (key === 'Delete') deleteSelected();
    else handled = false;
    if (handled) e.preventDefault();
  });

  // Escape leaves what the grid handles (an edit, a selection, the search)
  // and never reaches the window: a grid window is closed by its button only.
  if (!compact) {
    element.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') e.stopPropagation();
    });
  }

  // ---- quick search ------------------------------------------------------------------

  if (quick) {
    const searchNow = debounce(() => {
      st.q = quick.value.trim();
      st.offset = 0;
      st.fr = 0;
      load();
    }, 250);
    quick.addEventListener('input', searchNow);
    quick.addEventListener('keydown', (e) => {
      if (e.key === 'ArrowDown' || (e.key === 'Enter' && st.rows.length)) {
        e.preventDefault();
        focusCell(0, st.fc);
      } else if (e.key === 'Escape') {
        // the first Escape clears the search, the next one goes to the rows
        e.preventDefault();
        e.stopPropagation();
        if (quick.value) {
          quick.value = '';
          searchNow();
        } else if (st.rows.length) focusCell(st.fr, st.fc);
      }
    });
  }
  pageInput.addEventListener('keydown', (e) => {
    if (e.key !== 'Enter') return;
    e.preventDefault();
    const n = Number.parseInt(pageInput.value, 10);
    if (Number.isFinite(n)) goPage(n - 1);
    else renderPager();
  });
}
