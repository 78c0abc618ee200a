// Session-wide state: the /api/site answer and the table metadata cache.
import { api, tablePath } from './api.js';

export const session = { site: null, user: null };

const tables = new Map();

/** The metadata of one table, fetched once per language (the server adds an ETag). */
export function getTable(name) {
  if (!tables.has(name)) {
    const p = api.get(tablePath(name)).catch((e) => {
      tables.delete(name);
      throw e;
    });
    tables.set(name, p);
  }
  return tables.get(name);
}

export function clearTableCache() {
  tables.clear();
}
