// The login form, shown at start without a session and whenever the API
// answers 401. Before anyone logged in, the public `auth/site` gives the
// site's name and languages and the form's texts in the browser's language
// (its Accept-Language); a select offers the other languages. After the
// login the user's own language setting decides, as always.
import { api, setCsrfToken } from './api.js';
import { h, uid } from './dom.js';
import { t } from './i18n.js';
import { session } from './meta.js';

// every text the login screen may show (auth/site translates at most 50)
const IDS = ['Log in', 'Username', 'Password', 'Language', 'Please enter your username and password.',
  'Wrong username or password.', 'Your session has ended. Please log in again.',
  'The server cannot be reached. Please try again.'];

let current = null;

/** The login screen's site and texts in `lang` (or the browser's language); null when the server cannot say. */
async function loginSite(lang) {
  try {
    // %20, not URLSearchParams' "+", for the spaces: the ids are read as they are
    const ids = IDS.map(encodeURIComponent).join(',');
    return await api.get(`auth/site?ids=${ids}${lang ? `&lang=${encodeURIComponent(lang)}` : ''}`);
  } catch {
    return null; // an older server, or none: English texts and the page's title
  }
}

/**
 * Shows the login form over everything; `onSuccess({user, csrfToken})` runs
 * after a good login. `message` is an English msgid shown above the buttons
 * (translated with the form).
 */
export async function showLogin({ onSuccess, message = '' }) {
  if (current) return;
  const over = document.querySelector('.desk');
  current = 'pending';
  // over the desktop of an ended session: the user's language; at start: the browser's
  const info = over && session.site
    ? { siteName: session.site.siteName, language: session.site.language, languages: session.site.languages ?? [], strings: null }
    : await loginSite();
  let strings = info?.strings ?? null;
  let language = info?.language ?? document.documentElement.lang ?? 'en';
  const tt = (id) => strings?.[id] ?? t(id);
  const siteName = info?.siteName || document.title || 'Lino';
  if (!over) {
    document.title = siteName;
    document.documentElement.lang = language;
  }

  const uId = uid('login-user');
  const pId = uid('login-pass');
  const lId = uid('login-lang');
  let errorId = message; // the msgid shown, to translate it again on a language change
  const errorBox = h('div', { class: 'login-error', role: 'alert', text: message ? tt(message) : '', hidden: !message });
  const user = h('input', { id: uId, name: 'username', autocomplete: 'username', required: true, autocapitalize: 'off', spellcheck: 'false' });
  const pass = h('input', { id: pId, name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const button = h('button', { type: 'submit', class: 'btn primary', dataset: { action: 'login' } });
  const userLabel = h('label', { for: uId });
  const passLabel = h('label', { for: pId });
  const langLabel = h('label', { for: lId, class: 'login-lang-label' });
  const languages = info?.languages ?? [];
  const select = languages.length > 1 ? h('select', { id: lId, class: 'language', dataset: { role: 'login-language' } },
    languages.map((l) => h('option', { value: l.code, selected: l.code === language, lang: l.code, text: l.name ?? l.code }))) : null;
  const form = h('form', { class: 'login-form', 'aria-labelledby': 'login-title', novalidate: true, lang: language },
    h('h1', { id: 'login-title', text: siteName }),
    h('div', { class: 'login-row' }, userLabel, user),
    h('div', { class: 'login-row' }, passLabel, pass),
    errorBox,
    h('div', { class: 'login-buttons' }, select ? h('span', { class: 'login-lang' }, langLabel, select) : null, button));

  function renderTexts() {
    button.textContent = tt('Log in');
    userLabel.textContent = tt('Username');
    passLabel.textContent = tt('Password');
    langLabel.textContent = tt('Language');
    if (errorId) errorBox.textContent = tt(errorId);
  }
  renderTexts();

  select?.addEventListener('change', async () => {
    const chosen = select.value;
    const answer = await loginSite(chosen);
    if (!answer || select.value !== chosen) return;
    strings = answer.strings ?? {};
    language = answer.language ?? chosen;
    form.lang = language;
    if (!over) document.documentElement.lang = language;
    renderTexts();
  });

  // the page's main landmark at start; over the desktop of an ended session a modal dialog (the desktop is inert behind it)
  const screen = h(over ? 'div' : 'main', {
    class: 'login-screen', role: over ? 'dialog' : null, 'aria-modal': over ? 'true' : null, 'aria-labelledby': over ? 'login-title' : null,
  }, form);
  current = screen;

  const showErr = (text, id = null) => {
    errorId = id;
    errorBox.textContent = text;
    errorBox.hidden = !text;
  };
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (!user.value.trim() || !pass.value) {
      showErr(tt('Please enter your username and password.'), 'Please enter your username and password.');
      (user.value.trim() ? pass : user).focus();
      return;
    }
    button.disabled = true;
    showErr('');
    try {
      // `language`: the server's messages in the language of this form
      const data = await api.post('auth/login', { username: user.value.trim(), password: pass.value, language });
      setCsrfToken(data.csrfToken);
      screen.remove();
      current = null;
      onSuccess(data);
    } catch (err) {
      if (err.status === 401) showErr(err.message || tt('Wrong username or password.'), err.message ? null : 'Wrong username or password.');
      else if (err.status === 0) showErr(tt('The server cannot be reached. Please try again.'), 'The server cannot be reached. Please try again.');
      else showErr(err.message);
      pass.select();
      pass.focus();
    } finally {
      button.disabled = false;
    }
  });
  document.body.append(screen);
  user.focus();
}
