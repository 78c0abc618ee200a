// Column headers you can drag: the right edge resizes a column, the rest
// moves it to another place. A drag suppresses the click that would sort.

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
