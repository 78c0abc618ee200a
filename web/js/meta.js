// Session-wide state: the /api/site answer and the table metadata cache.
import { api, tablePath } from './api.js';
import { isoDay } from './i18n.js';

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

/**
 * The value a field (or a parameter) starts with: its `default`, or what its
 * `defaultFrom` takes from the session, which the metadata shared by all
 * users of a type cannot carry: `currentUser` (a foreign key to users: the
 * user logged in, or worked as) as {id, text}, `today` as an ISO date.
 */
export function fieldDefault(field) {
  switch (field?.defaultFrom) {
    case 'currentUser': {
      const u = session.user;
      return u ? { id: u.id, text: u.fullName || u.username } : null;
    }
    case 'today': {
      const d = new Date();
      return isoDay(d.getFullYear(), d.getMonth() + 1, d.getDate());
    }
    default: return field?.default ?? null;
  }
}

/** Whether the server gives a parameter a value when the query does not name it. */
export const hasDefault = (field) => Boolean(field?.defaultFrom) || (field?.default !== null && field?.default !== undefined);
