// Running table actions (custom ones, duplicate, workflow transitions) and
// following what the server answers: a message, a refresh, a record to open.
import { api, tablePath } from './api.js';
import { h } from './dom.js';
import { t } from './i18n.js';
import { modal, notify, showError } from './dialog.js';
import { createField } from './widgets/index.js';

// Asks the parameters of an action that declares `params: {fields}`
// (an extension of API.md); resolves null when cancelled.
async function askParams(meta, action) {
  const widgets = {};
  const body = h('div', { class: 'action-params' });
  for (const [name, field] of Object.entries(action.params.fields ?? {})) {
    const { element, widget } = createField(field, name, field.default ?? null, { table: meta.name, idPrefix: 'ap' });
    widgets[name] = widget;
    body.append(element);
  }
  let values = null;
  const ok = await modal({
    title: action.label, body, role: 'dialog', cancelValue: false,
    buttons: [
      { label: t('OK'), value: true, action: 'confirm-yes', primary: true },
      { label: t('Cancel'), value: false, action: 'confirm-no' },
    ],
    onButton: () => {
      values = {};
      let valid = true;
      for (const [name, w] of Object.entries(widgets)) {
        const msg = w.validate();
        w.setError(msg);
        if (msg) valid = false;
        values[name] = w.getValue();
      }
      return valid;
    },
  });
  return ok ? values : null;
}

/**
 * Runs `action` of table `meta` on `ids`. `refresh()` reloads what shows the
 * rows. Resolves with the answer, or null when cancelled or failed.
 */
export async function runAction(meta, action, ids, { refresh } = {}) {
  let params = {};
  if (action.params) {
    params = await askParams(meta, action);
    if (!params) return null;
  }
  try {
    const res = await api.post(tablePath(meta.name, 'actions', action.name), { ids, params });
    if (res.message) notify(res.message);
    if (res.refresh) await refresh?.();
    if (res.open?.table) {
      const { openDetail } = await import('./form.js');
      await openDetail(res.open.table, res.open.id, {});
    }
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
