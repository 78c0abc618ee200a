// Single-line text inputs: char, email, url (and read-only datetime).
import { h } from '../dom.js';
import { displayText, isAlert } from '../values.js';
import { errorSetter, inputAttrs, lengthError, mount, watchLength } from './common.js';

// E-mail and URL are type=text with an inputmode: the server validates them,
// and autocomplete="off" (someone else's address, not the user's own) is then
// valid for axe-core 3 too, which refuses it on type=email/url.
const INPUT_TYPES = { secret: 'password' };
const INPUT_MODES = { email: 'email', url: 'url' };

export function textWidget(container, field, value, opts = {}) {
  const readOnly = opts.readOnly || field.type === 'datetime';
  const input = h('input', {
    ...inputAttrs(field, { ...opts, readOnly }),
    type: INPUT_TYPES[field.type] ?? 'text', inputmode: INPUT_MODES[field.type] ?? null, class: 'input',
    autocomplete: field.type === 'secret' ? 'new-password' : 'off', spellcheck: field.type === 'char' ? null : 'false',
  });
  let current = value ?? null;
  const setError = errorSetter([input], opts.errorEl);
  if (!readOnly) watchLength([input], field, setError);
  input.addEventListener('change', () => opts.onChange?.());
  const w = {
    element: input, input,
    getValue() {
      if (readOnly) return current;
      // an emptied field stays null when it was null, so that it does not look changed
      return input.value === '' && current === null ? null : input.value;
    },
    setValue(v) {
      current = v ?? null;
      const alert = isAlert(v); // a computed warning ("Must read eID card!"), in red
      input.value = field.type === 'datetime' || alert ? displayText(field, v) : (v ?? '');
      input.classList.toggle('value-alert', alert);
    },
    setError,
    validate: () => (readOnly ? null : lengthError(field, input.value)),
    focus: () => input.focus(),
  };
  w.setValue(value);
  return mount(container, w);
}
