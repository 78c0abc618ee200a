// The one dialog of "Read eID card": the server's verdict, what the card says
// (photo and fields), what would change, and the buttons that fit. Every value
// goes in as text; the photo only as a data: image.
import { h } from './dom.js';
import { t } from './i18n.js';
import { modal } from './dialog.js';

const cancel = () => ({ label: t('Cancel'), value: false, action: 'eid-cancel' });
const BUTTONS = {
  create: () => [{ label: t('Create person'), value: true, action: 'eid-create', primary: true }, cancel()],
  update: () => [{ label: t('Apply changes'), value: true, action: 'eid-apply', primary: true }, cancel()],
  // a person read on Clients who is not a client yet
  extend: () => [{ label: t('Make a client'), value: true, action: 'eid-extend', primary: true }, cancel()],
};
const okOnly = () => [{ label: t('OK'), value: true, action: 'eid-ok', primary: true }];

function photo(src) {
  // the card's JPEG as sent by the server; anything else is not shown
  if (typeof src !== 'string' || !/^data:image\/(jpeg|png);base64,/.test(src)) return null;
  return h('img', { class: 'eid-photo', src, alt: t('Photo on the card'), dataset: { role: 'eid-photo' } });
}

function fieldsTable(fields) {
  return h('table', { class: 'eid-fields', dataset: { role: 'eid-fields' }, 'aria-label': t('On the card') },
    h('tbody', {}, fields.map((f) => h('tr', { dataset: { field: f.name } },
      h('th', { scope: 'row', text: f.label }),
      h('td', { text: String(f.value ?? '') })))));
}

function differencesTable(differences) {
  return h('table', { class: 'eid-diffs', dataset: { role: 'eid-differences' } },
    h('caption', { text: t('Changes to apply') }),
    h('thead', {}, h('tr', {}, [t('Field'), t('Current value'), t('On the card')].map((text) => h('th', { scope: 'col', text })))),
    h('tbody', {}, differences.map((d) => h('tr', { dataset: { field: d.field } },
      h('th', { scope: 'row', text: d.label }),
      h('td', { class: 'old', text: String(d.old ?? '') }),
      h('td', { class: 'new', text: String(d.new ?? '') })))));
}

/**
 * Shows the answer of POST /api/services/beid/preview. Resolves true when the
 * user confirms (Create person, Apply changes, Make a client, or OK when up to date).
 */
export function confirmCard(preview) {
  const card = preview.card ?? {};
  const differences = preview.differences ?? [];
  const body = h('div', { class: 'eid-preview' },
    h('p', { class: 'eid-lead', text: preview.message ?? '' }),
    preview.warning ? h('p', { class: 'eid-warning', dataset: { role: 'eid-warning' }, text: preview.warning }) : null,
    h('div', { class: 'eid-card' }, photo(card.photo), fieldsTable(card.fields ?? [])),
    differences.length ? differencesTable(differences) : null);
  return modal({
    title: t('eID card'), body, role: 'dialog', kind: 'eid-dialog', cancelValue: false,
    buttons: (BUTTONS[preview.action] ?? okOnly)(),
  });
}
