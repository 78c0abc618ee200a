// The login form, shown at start without a session and whenever the API
// answers 401.
import { api, setCsrfToken } from './api.js';
import { h, uid } from './dom.js';
import { t } from './i18n.js';

let current = null;

/** Shows the login form over everything; `onSuccess({user, csrfToken})` runs after a good login. */
export function showLogin({ onSuccess, message = '' }) {
  if (current) return;
  const uId = uid('login-user');
  const pId = uid('login-pass');
  const errorBox = h('div', { class: 'login-error', role: 'alert', text: message, hidden: !message });
  const user = h('input', { id: uId, name: 'username', autocomplete: 'username', required: true, autocapitalize: 'off', spellcheck: 'false' });
  const pass = h('input', { id: pId, name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const button = h('button', { type: 'submit', class: 'btn primary', dataset: { action: 'login' }, text: t('Log in') });
  const form = h('form', { class: 'login-form', 'aria-labelledby': 'login-title', novalidate: true },
    h('h1', { id: 'login-title', text: document.title || t('Log in') }),
    h('div', { class: 'login-row' }, h('label', { for: uId, text: t('Username') }), user),
    h('div', { class: 'login-row' }, h('label', { for: pId, text: t('Password') }), pass),
    errorBox,
    h('div', { class: 'login-buttons' }, button));
  // the page's main landmark at start; over the desktop of an ended session a modal dialog (the desktop is inert behind it)
  const over = document.querySelector('.desk');
  const screen = h(over ? 'div' : 'main', {
    class: 'login-screen', role: over ? 'dialog' : null, 'aria-modal': over ? 'true' : null, 'aria-labelledby': over ? 'login-title' : null,
  }, form);
  current = screen;

  const showErr = (text) => {
    errorBox.textContent = text;
    errorBox.hidden = !text;
  };
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (!user.value.trim() || !pass.value) {
      showErr(t('Please enter your username and password.'));
      (user.value.trim() ? pass : user).focus();
      return;
    }
    button.disabled = true;
    showErr('');
    try {
      const data = await api.post('auth/login', { username: user.value.trim(), password: pass.value });
      setCsrfToken(data.csrfToken);
      screen.remove();
      current = null;
      onSuccess(data);
    } catch (err) {
      showErr(err.status === 401 ? (err.message || t('Wrong username or password.')) : err.message);
      pass.select();
      pass.focus();
    } finally {
      button.disabled = false;
    }
  });
  document.body.append(screen);
  user.focus();
}
