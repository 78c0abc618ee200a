// A yes/no field.
import { h } from '../dom.js';
import { errorSetter, mount } from './common.js';

export function checkboxWidget(container, field, value, opts = {}) {
  const input = h('input', {
    type: 'checkbox', id: opts.id, name: opts.name, class: 'checkbox',
    disabled: opts.readOnly || null, 'aria-label': opts.label ?? null,
  });
  input.addEventListener('change', () => opts.onChange?.());
  const w = {
    element: input, input,
    getValue: () => input.checked,
    setValue(v) { input.checked = Boolean(v); },
    setError: errorSetter([input], opts.errorEl),
    validate: () => null,
    focus: () => input.focus(),
  };
  w.setValue(value);
  return mount(container, w);
}
