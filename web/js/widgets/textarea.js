// Multi-line plain text.
import { h } from '../dom.js';
import { displayText, isAlert } from '../values.js';
import { errorSetter, inputAttrs, lengthError, mount, watchLength } from './common.js';

export function textareaWidget(container, field, value, opts = {}) {
  const input = h('textarea', { ...inputAttrs(field, opts), class: 'input', rows: opts.rows ?? 4 });
  let current = value ?? null;
  // a text longer than allowed is kept and said to be too long (no maxlength cuts it)
  const setError = errorSetter([input], opts.errorEl);
  if (!opts.readOnly) watchLength([input], field, setError);
  input.addEventListener('change', () => opts.onChange?.());
  const w = {
    element: input, input,
    getValue: () => (input.value === '' && current === null ? null : input.value),
    setValue(v) {
      current = v ?? null;
      const alert = isAlert(v); // a computed warning, in red
      input.value = alert ? displayText(field, v) : (v ?? '');
      input.classList.toggle('value-alert', alert);
    },
    setError,
    validate: () => (opts.readOnly ? null : lengthError(field, input.value)),
    focus: () => input.focus(),
  };
  w.setValue(value);
  return mount(container, w);
}
