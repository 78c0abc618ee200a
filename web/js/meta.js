// Session-wide state: the /api/site answer and the table metadata cache.
import { api, tablePath } from './api.js';

export const session = { site: null, user: null };

const tables = new Map();
let owner = ''; // whose metadata the cache holds: user, user type, language

/**
 * The metadata of one table, fetched once per user and language (the server
 * adds an ETag that differs per user type and language). A cache filled for
 * someone else (another user, or the same one in another language or working
 * as someone else) is dropped first.
 */
export function getTable(name) {
  const who = `${session.user?.id ?? ''}|${session.user?.userType?.id ?? ''}|${session.site?.language ?? ''}`;
  if (who !== owner) {
    tables.clear();
    owner = who;
  }
  if (!tables.has(name)) {
    const p = api.get(tablePath(name)).catch((e) => {
      if (tables.get(name) === p) tables.delete(name);
      throw e;
    });
    tables.set(name, p);
  }
  return tables.get(name);
}

export function clearTableCache() {
  tables.clear();
}
