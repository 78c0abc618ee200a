// Time of day "HH:MM"; accepts 8, 815, 8:15, 8.15, 8h15.
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { errorSetter, inputAttrs, mount } from './common.js';

/** Parses typed text into "HH:MM", null when empty; throws with a translated message. */
export function parseTime(text) {
  const s = (text ?? '').trim().toLowerCase();
  if (!s) return null;
  let m = /^(\d{1,2})(?:[:.h](\d{2}))?(?::\d{2})?$/.exec(s);
  if (!m && /^\d{3,4}$/.test(s)) m = [s, s.slice(0, -2), s.slice(-2)];
  if (!m) throw new Error(t('Invalid time: use hh:mm.'));
  const hh = Number(m[1]);
  const mm = Number(m[2] ?? 0);
  if (hh > 23 || mm > 59) throw new Error(t('Invalid time: use hh:mm.'));
  return `${String(hh).padStart(2, '0')}:${String(mm).padStart(2, '0')}`;
}

export function timeWidget(container, field, value, opts = {}) {
  const input = h('input', { ...inputAttrs(field, opts), type: 'text', class: 'input time', autocomplete: 'off', placeholder: 'hh:mm', size: 6 });
  let current = value ?? null;
  const setError = errorSetter([input], opts.errorEl);
  const validate = () => {
    try { parseTime(input.value); return null; } catch (e) { return e.message; }
  };
  input.addEventListener('blur', () => {
    if (opts.readOnly) return;
    const msg = validate();
    setError(msg);
    if (!msg) input.value = parseTime(input.value) ?? '';
  });
  input.addEventListener('change', () => opts.onChange?.());
  const w = {
    element: input, input,
    getValue() {
      if (opts.readOnly) return current;
      try { return parseTime(input.value); } catch { return current; }
    },
    setValue(v) {
      current = v ?? null;
      input.value = v ? String(v).slice(0, 5) : '';
    },
    setError, validate,
    focus: () => input.focus(),
  };
  w.setValue(value);
  return mount(container, w);
}
