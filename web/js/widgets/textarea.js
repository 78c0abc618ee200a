// Multi-line plain text.
import { h } from '../dom.js';
import { errorSetter, inputAttrs, mount } from './common.js';

export function textareaWidget(container, field, value, opts = {}) {
  const input = h('textarea', { ...inputAttrs(field, opts), class: 'input', rows: opts.rows ?? 4, maxlength: field.maxLength ?? null });
  let current = value ?? null;
  input.addEventListener('change', () => opts.onChange?.());
  const w = {
    element: input, input,
    getValue: () => (input.value === '' && current === null ? null : input.value),
    setValue(v) {
      current = v ?? null;
      input.value = v ?? '';
    },
    setError: errorSetter([input], opts.errorEl),
    validate: () => null,
    focus: () => input.focus(),
  };
  w.setValue(value);
  return mount(container, w);
}
