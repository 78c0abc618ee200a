// "Read eID card": asks the eID helper on the clerk's PC for the files of the
// card in its reader, lets the server check them and say what they would
// change, shows that in one dialog and, once confirmed, lets the server create
// or update the person. The shell passes the card on without reading it: the
// server verifies its signatures, so only the server's answer is shown.
import { api } from './api.js';
import { t } from './i18n.js';
import { session } from './meta.js';
import { notify, progress } from './dialog.js';
import { confirmCard } from './eid-dialog.js';
import { openDetail } from './open.js';

// Reading the files and the photo takes a few seconds; past this the helper hangs.
const HELPER_TIMEOUT_MS = 15000;

// The helper's own messages are English only; its codes get ours.
const HELPER_ERRORS = {
  no_service: () => t('The smart card service (pcscd) is not running on this computer.'),
  no_reader: () => t('No card reader is connected.'),
  no_card: () => t('Please insert an eID card into the reader.'),
  removed: () => t('The card was removed during the read. Please insert it again.'),
  unreadable: () => t('The card could not be read. Is it a Belgian eID card?'),
  busy: () => t('Another card read is still running. Please wait.'),
  // only readable when the helper adds its CORS header to this refusal too
  origin: () => t('The eID helper on this computer is not set up for this site.'),
};

let running = false;

/**
 * Reads the card in the reader and, when the user confirms, creates or
 * updates its person. `personId` is the person shown (detail window) or null
 * (grid). `refresh()` reloads what shows the persons. Resolves with the
 * server's apply answer, or null when nothing was applied (cancelled, up to
 * date, already reading); rejects with an Error whose message is for the user.
 */
export async function readEidCard(meta, { refresh, personId = null } = {}) {
  // one read at a time: a double click must not start a second one
  if (running) return null;
  running = true;
  try {
    return await readAndApply(meta, { refresh, personId });
  } finally {
    running = false;
  }
}

async function readAndApply(meta, { refresh, personId }) {
  const helper = session.site?.eid?.helper;
  if (!helper) throw new Error(t('This site is not set up to read eID cards.'));
  const done = progress(t('Reading the eID card…'));
  let card;
  let preview;
  try {
    card = await readCard(helper);
    preview = await api.post('api/services/beid/preview', { card, person: personId, table: meta.name });
  } finally {
    done();
  }
  const confirmed = await confirmCard(preview);
  if (!confirmed) return null;
  if (!['create', 'update', 'extend'].includes(preview.action)) {
    // up to date: the clerk read the card to find the person, so show it
    if (preview.person && preview.person.id !== personId) await openDetail(meta.name, preview.person.id, {});
    return null;
  }
  const res = await api.post('api/services/beid/apply', {
    card, action: preview.action, person: preview.person?.id ?? null, version: preview.person?.version ?? null, table: meta.name,
  });
  notify(res.message);
  await refresh?.();
  // the detail window that asked already shows its person after refresh()
  if (res.id !== personId) await openDetail(res.table ?? meta.name, res.id, {});
  return res;
}

/** GET <helper>/card: the card's files as the helper sends them (base64). */
async function readCard(helper) {
  const url = new URL('card', helper.endsWith('/') ? helper : `${helper}/`).href;
  const ctrl = new AbortController();
  const timer = setTimeout(() => ctrl.abort(), HELPER_TIMEOUT_MS);
  let res;
  let data = null;
  try {
    // no custom header and no cookie: a "simple" cross-origin request, so the
    // helper needs no preflight and never sees the session
    res = await fetch(url, { method: 'GET', mode: 'cors', credentials: 'omit', headers: {}, signal: ctrl.signal });
    const text = await res.text();
    try { data = JSON.parse(text); } catch { data = null; }
  } catch {
    throw new Error(t('The eID helper does not answer on this computer ({url}). Is it installed and running?', { url: helper }));
  } finally {
    clearTimeout(timer);
  }
  if (res.ok) {
    if (data && typeof data === 'object') return data;
    throw new Error(t('The eID helper gave an answer that cannot be read.'));
  }
  const known = HELPER_ERRORS[data?.error];
  if (known) throw new Error(known());
  throw new Error(data?.message || t('The eID helper answered with an error ({status}).', { status: res.status }));
}
