// Whole numbers and exact decimals, typed and shown with the site's
// separators. Decimals stay strings ("1200.50") on the wire.
import { h } from '../dom.js';
import { formatDecimal, parseDecimal, parseInteger } from '../i18n.js';
import { errorSetter, inputAttrs, mount } from './common.js';

export function numberWidget(container, field, value, opts = {}) {
  const isInt = field.type === 'int';
  const input = h('input', {
    ...inputAttrs(field, opts), type: 'text', class: 'input num', autocomplete: 'off',
    inputmode: isInt ? 'numeric' : 'decimal',
  });
  let current = value ?? null;
  const setError = errorSetter([input], opts.errorEl);
  const parse = (text) => (isInt ? parseInteger(text) : parseDecimal(text, field.scale));
  const show = (v) => (v === null || v === undefined ? '' : (isInt ? String(v) : formatDecimal(v, field.scale)));

  const validate = () => {
    try {
      parse(input.value);
      return null;
    } catch (e) {
      return e.message;
    }
  };
  input.addEventListener('blur', () => {
    if (opts.readOnly) return;
    const msg = validate();
    setError(msg);
    if (!msg) input.value = show(parse(input.value));
  });
  input.addEventListener('change', () => opts.onChange?.());

  const w = {
    element: input, input,
    getValue() {
      if (opts.readOnly) return current;
      try { return parse(input.value); } catch { return current; }
    },
    setValue(v) {
      current = v ?? null;
      input.value = show(v);
    },
    setError, validate,
    focus: () => input.focus(),
  };
  w.setValue(value);
  return mount(container, w);
}
