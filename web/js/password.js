// "Change password": asks the current password and the new one twice.
import { api, ApiError } from './api.js';
import { h, uid } from './dom.js';
import { t } from './i18n.js';
import { modal, notify } from './dialog.js';

function passwordField(name, label) {
  const id = uid('pw');
  const input = h('input', { type: 'password', id, name, autocomplete: name === 'current' ? 'current-password' : 'new-password' });
  const error = h('div', { class: 'field-error', dataset: { errorFor: name }, 'aria-live': 'polite' });
  input.setAttribute('aria-describedby', error.id = uid('err'));
  return { input, error, row: h('div', { class: 'field' }, h('label', { for: id, text: label }), input, error) };
}

export function changePassword() {
  const fields = {
    current: passwordField('current', t('Current password')),
    new: passwordField('new', t('New password')),
    repeat: passwordField('repeat', t('Repeat the new password')),
  };
  const body = h('div', { class: 'password-form' }, ...Object.values(fields).map((f) => f.row));
  const show = (name, message) => {
    fields[name].error.textContent = message ?? '';
    fields[name].input.setAttribute('aria-invalid', message ? 'true' : 'false');
  };
  return modal({
    title: t('Change password'), body, role: 'dialog', cancelValue: 'cancel',
    buttons: [
      { label: t('Change password'), value: 'ok', primary: true, action: 'save' },
      { label: t('Cancel'), value: 'cancel', action: 'cancel' },
    ],
    onButton: async () => {
      Object.keys(fields).forEach((n) => show(n));
      if (fields.new.input.value !== fields.repeat.input.value) {
        show('repeat', t('The two new passwords differ.'));
        return false;
      }
      try {
        const answer = await api.post('api/me/password', { current: fields.current.input.value, new: fields.new.input.value });
        notify(answer.message ?? t('Your password has been changed.'));
        return true;
      } catch (e) {
        if (!(e instanceof ApiError) || !e.fields) throw e;
        for (const [name, message] of Object.entries(e.fields)) if (fields[name]) show(name, message);
        return false;
      }
    },
  });
}
