// Opening windows: the one place that knows which module builds which kind
// of window. Grids open details and details hold slave grids; going through
// here instead of importing each other keeps grid.js and form.js free of an
// import cycle, and keeps both out of the first load (they load on first use).

/**
 * Opens (or brings forward) the grid window of table `name`. Options:
 * `mk` (the master's id: the rows of a slave table for one record),
 * `query` (`{"p.X": value, q}` as in a rows URL: the parameters it starts with),
 * `masterTitle` (the master's text, for the window title).
 */
export async function openGrid(name, options) {
  const { openGridWindow } = await import('./grid.js');
  return openGridWindow(name, options);
}

/** Opens the detail window of record `id` (options: see form.js openDetail). */
export async function openDetail(name, id, options) {
  const form = await import('./form.js');
  return form.openDetail(name, id, options);
}

/** Opens the insert window of a table (options: see form.js openInsert). */
export async function openInsert(name, options) {
  const form = await import('./form.js');
  return form.openInsert(name, options);
}
