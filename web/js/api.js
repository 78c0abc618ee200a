// The fetch wrapper: JSON in and out, same-origin cookie session, CSRF header
// on state-changing requests, errors as ApiError.
import { t } from './i18n.js';

let csrfToken = '';
let authRequired = null;
let pending = 0;
let busyTimer = null;

/** An error answer of the API (`status` 0 means the server could not be reached). */
export class ApiError extends Error {
  constructor(status, code, message, fields = {}, current = null) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.fields = fields;
    this.current = current;
  }
}

export function setCsrfToken(token) {
  csrfToken = token || '';
}

/** Registers what to do when a request answers 401 (show the login form). */
export function onAuthRequired(fn) {
  authRequired = fn;
}

function setBusy(delta) {
  pending += delta;
  clearTimeout(busyTimer);
  if (pending > 0) {
    busyTimer = setTimeout(() => document.body.classList.add('busy'), 400);
  } else {
    document.body.classList.remove('busy');
  }
}

/**
 * Sends one request. `path` is relative to the site root ("api/site").
 * `file` (a File or Blob) is sent as the raw body instead of JSON: its type
 * as Content-Type, its name URI-encoded in X-File-Name (a header carries
 * no "é" as such).
 * Resolves with the parsed JSON body; rejects with ApiError (or AbortError).
 */
export async function request(method, path, body, { signal, file = null } = {}) {
  const headers = { Accept: 'application/json' };
  if (file) {
    headers['Content-Type'] = file.type || 'application/octet-stream';
    headers['X-File-Name'] = encodeURIComponent(file.name ?? '');
  } else if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  let res;
  let text;
  setBusy(1);
  try {
    res = await fetch(path, {
      method, headers, signal, credentials: 'same-origin',
      body: file ?? (body === undefined ? undefined : JSON.stringify(body)),
    });
    text = await res.text();
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new ApiError(0, 'network', t('The server cannot be reached. Please try again.'));
  } finally {
    setBusy(-1);
  }
  let data = null;
  if (text) {
    try { data = JSON.parse(text); } catch { data = null; }
  }
  if (res.ok) {
    if (method === 'DELETE') announceDeleted(path);
    else if (method !== 'GET') announceSaved(path, data);
    return data ?? {};
  }
  // {"error": {code, message}} (docs/API.md); a bare {"error": code, "message": text} is read the same way
  const err = typeof data?.error === 'string' ? { code: data.error, message: data.message } : data?.error ?? {};
  const e = new ApiError(
    res.status,
    err.code ?? `http_${res.status}`,
    err.message ?? t('The server answered with an error ({status}).', { status: res.status }),
    err.fields ?? {},
    err.current ?? data?.current ?? null,
  );
  e.conflicts = err.conflicts ?? null; // 409 conflict: {field: {yours, theirs, changedBy, changedAt}}
  if (res.status === 401 && authRequired && !path.startsWith('auth/')) authRequired(e);
  throw e;
}

// A deleted row, whoever deleted it (a grid, a detail, a slave grid): the
// windows that show it react (window.js listens). After a tick, so that the
// window that deleted it has closed itself first.
function announceDeleted(path) {
  const m = /^api\/tables\/([^/?]+)\/rows\/([^/?]+)$/.exec(path);
  if (!m) return;
  const detail = { table: decodeURIComponent(m[1]), id: decodeURIComponent(m[2]) };
  setTimeout(() => document.dispatchEvent(new CustomEvent('rowdeleted', { detail })), 0);
}

// A write that went through (a record saved or created, an action or a
// service run), whoever made it: what shows summaries of rows refreshes
// (summary.js, dashboard.js listen). `table` and `id` name the record when
// the request did; an action or a service may change any rows: both null.
// An answer asking for confirmation changed nothing yet.
function announceSaved(path, data) {
  if (data?.confirm) return;
  const rows = /^api\/tables\/([^/?]+)\/rows(?:\/([^/?]+))?(?:\?|$)/.exec(path);
  if (!rows && !/^api\/(tables|services)\//.test(path)) return;
  const detail = rows
    ? { table: decodeURIComponent(rows[1]), id: rows[2] !== undefined ? decodeURIComponent(rows[2]) : data?.row?.id ?? null }
    : { table: null, id: null };
  setTimeout(() => document.dispatchEvent(new CustomEvent('rowsaved', { detail })), 0);
}

export const api = {
  get: (path, opts) => request('GET', path, undefined, opts),
  post: (path, body = {}, opts) => request('POST', path, body, opts),
  put: (path, body = {}, opts) => request('PUT', path, body, opts),
  del: (path, opts) => request('DELETE', path, undefined, opts),
  /** POSTs the bytes of `file` (uploads: `api.upload('api/files', file)`). */
  upload: (path, file, opts) => request('POST', path, undefined, { ...opts, file }),
};

/** URL path of a table resource: tablePath('contacts.Persons', 'rows', 12). */
export function tablePath(name, ...rest) {
  return ['api/tables', encodeURIComponent(name), ...rest.map((p) => encodeURIComponent(p))].join('/');
}
