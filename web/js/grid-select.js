// The selected rows of a grid: how a click or a key changes the selection
// (Ctrl toggles a row, Shift takes a range), and deleting the selected rows
// after one question.
import { api, tablePath } from './api.js';
import { t, formatNumber } from './i18n.js';
import { confirm, alert, showError, notify, progress } from './dialog.js';

/**
 * Changes `st.sel` (ids) for the row at index `r` of the page: 'single'
 * (only this row), 'toggle' (Ctrl+click, Ctrl+Space), 'range' (Shift: from
 * `st.anchor` to here), 'keep' (Ctrl+arrow: the focus moves alone).
 */
export function selectRow(st, r, how) {
  const id = st.rows[r].id;
  if (how === 'single') st.sel = new Set([id]);
  else if (how === 'toggle' && st.sel.has(id)) st.sel.delete(id);
  else if (how === 'toggle') st.sel.add(id);
  else if (how === 'range') {
    const [a, b] = [Math.min(st.anchor, r), Math.max(st.anchor, r)];
    st.sel = new Set(st.rows.slice(a, b + 1).map((x) => x.id));
  }
  if (how === 'single' || how === 'toggle') st.anchor = r;
}

/**
 * Deletes `rows` of table `meta` after one question naming them (or their
 * count). The server deletes one row per request: row by row; what it
 * refuses (a veto, no right) is reported after `reload()` showed what is
 * left. Resolves with the number of rows deleted.
 */
export async function deleteRows(meta, rows, reload) {
  const titleOf = (row) => row._title ?? String(row.id);
  const one = rows.length === 1;
  const count = formatNumber(rows.length);
  const question = one ? t('Delete “{title}”?', { title: titleOf(rows[0]) }) : t('Delete {count} rows?', { count });
  if (!(await confirm(question, { title: t('Delete'), yes: t('Delete'), no: t('Cancel'), danger: true }))) return 0;
  const refused = [];
  let deleted = 0;
  const done = rows.length > 3 ? progress(t('Deleting {count} rows…', { count })) : () => {};
  try {
    for (const row of rows) {
      try {
        await api.del(tablePath(meta.name, 'rows', row.id));
        deleted += 1;
      } catch (e) {
        if (e.status === 401) break; // the login form is shown
        if (one && e.status !== 409 && e.status !== 403) throw e;
        refused.push(one ? e.message : `${titleOf(row)}: ${e.message}`);
        if (e.status === 0) break; // the server is gone: the other rows would fail the same way
      }
    }
  } catch (e) {
    showError(e);
  } finally {
    done();
  }
  if (deleted) {
    notify(one ? t('“{title}” was deleted.', { title: titleOf(rows[0]) }) : t('{count} rows were deleted.', { count: formatNumber(deleted) }));
    await reload();
  }
  if (refused.length) {
    const title = one ? t('Cannot delete') : t('{count} rows were not deleted', { count: formatNumber(refused.length) });
    await alert(refused.join('\n'), { title });
  }
  return deleted;
}
