// Running table actions (custom ones, duplicate, workflow transitions) and
// following what the server answers: a message, a refresh, a record to open.
import { api, tablePath } from './api.js';
import { h } from './dom.js';
import { t } from './i18n.js';
import { confirm, modal, notify, showError } from './dialog.js';
import { createField } from './widgets/index.js';
import { openDetail } from './open.js';
import { fieldDefault } from './meta.js';

// Asks the parameters of an action that declares `params: {fields}`
// (an extension of API.md) and calls `submit(values)` while the dialog is
// open: field errors of a 422 answer are shown at the fields and the dialog
// stays for correction, as it stays when `submit` resolves null (the user
// answered No to the server's question: nothing was done, the values may be
// changed). Resolves {res} or {error} (any other failure), or null when
// cancelled.
async function askParams(meta, action, submit) {
  const widgets = {};
  const body = h('div', { class: 'action-params' });
  for (const [name, field] of Object.entries(action.params.fields ?? {})) {
    const { element, widget } = createField(field, name, fieldDefault(field), { table: meta.name, idPrefix: 'ap' });
    widgets[name] = widget;
    body.append(element);
  }
  // a message goes once its field is changed (a widget checks its own text again when left)
  const changed = (e) => widgets[e.target.closest?.('[data-field]')?.dataset.field]?.setError(null);
  body.addEventListener('input', changed);
  body.addEventListener('change', changed);
  let outcome = null;
  let pending = false;
  const ok = await modal({
    title: action.label, body, role: 'dialog', cancelValue: false,
    buttons: [
      { label: t('OK'), value: true, action: 'confirm-yes', primary: true },
      { label: t('Cancel'), value: false, action: 'confirm-no' },
    ],
    onButton: async () => {
      if (pending) return false; // OK pressed again while the server answers
      const values = {};
      let valid = true;
      for (const [name, w] of Object.entries(widgets)) {
        const msg = w.validate();
        w.setError(msg);
        if (msg) valid = false;
        values[name] = w.getValue();
      }
      if (!valid) return false;
      pending = true;
      try {
        const res = await submit(values);
        if (res === null) return false;
        outcome = { res };
      } catch (e) {
        const fields = e?.status === 422 ? e.fields ?? {} : {};
        const placed = Object.keys(fields).filter((name) => widgets[name]);
        if (!placed.length) {
          outcome = { error: e };
          return true;
        }
        for (const [name, w] of Object.entries(widgets)) w.setError(fields[name] ?? null);
        widgets[placed[0]].focus?.();
        return false;
      } finally {
        pending = false;
      }
      return true;
    },
  });
  return ok ? outcome : null;
}

// Actions the browser runs itself (`client` in the metadata), e.g. reading
// an eID card through a helper on the clerk's PC. Their modules load on first
// use so that they stay out of the first load.
const CLIENT_ACTIONS = {
  'eid.read': async (meta, { refresh, recordId }) => {
    const { readEidCard } = await import('./eid.js');
    return readEidCard(meta, { refresh, personId: recordId ?? null });
  },
};

async function runClientAction(meta, action, opts) {
  const handler = CLIENT_ACTIONS[action.client];
  try {
    // a server newer than the page in this browser may declare handlers we lack
    if (!handler) throw new Error(t('This action needs a newer version of the page. Please reload the page.'));
    return await handler(meta, opts);
  } catch (e) {
    showError(e);
    return null;
  }
}

// An action or transition may answer {"confirm": question} instead of
// running: nothing was done yet. The question defaults to No (its Yes may
// end coachings, send mail...); Yes sends the same request again, confirmed.
// Resolves the answer, or null when the user said No. Inserts ask the same
// way ("There are 2 similar clients..."): form.js posts its new rows here.
export async function postAsking(path, body, title) {
  let res = await api.post(path, body);
  while (typeof res?.confirm === 'string') {
    if (!(await confirm(res.confirm, { title, safe: true }))) return null;
    res = await api.post(path, { ...body, confirmed: true });
  }
  return res;
}

/**
 * Runs `action` of table `meta` on `ids`. `refresh()` reloads what shows the
 * rows; `recordId` is the record of the detail window that runs it (client
 * actions only; the server gets `ids`). Resolves with the answer, or null
 * when cancelled or failed.
 */
export async function runAction(meta, action, ids, { refresh, recordId = null } = {}) {
  if (action.client) return runClientAction(meta, action, { refresh, recordId });
  const post = (params) => postAsking(tablePath(meta.name, 'actions', action.name), { ids, params }, action.label);
  try {
    let res;
    if (action.params) {
      const outcome = await askParams(meta, action, post);
      if (!outcome) return null;
      if (outcome.error) throw outcome.error;
      res = outcome.res;
    } else {
      res = await post({});
      if (!res) return null;
    }
    if (res.message) notify(res.message);
    if (res.refresh) await refresh?.();
    if (res.open?.table) await openDetail(res.open.table, res.open.id, {});
    if (res.url) {
      const url = new URL(res.url, location.href);
      if (url.origin === location.origin) window.open(url.href, '_blank', 'noopener');
    }
    return res;
  } catch (e) {
    showError(e);
    return null;
  }
}

/** Whether an action can run with `count` selected rows. */
export function actionEnabled(action, count) {
  if (action.selection === 'none') return true;
  if (action.selection === 'multiple') return count >= 1;
  return count === 1;
}
