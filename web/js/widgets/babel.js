// A multilingual designation: one input per site language.
import { h } from '../dom.js';
import { currentLanguage } from '../i18n.js';
import { babelText } from '../values.js';
import { errorSetter, lengthError, mount, watchLength } from './common.js';

/** Grid cells show a babel value in the user's language, falling back to English. */
export const babelCellText = babelText;

export function babelWidget(container, field, value, opts = {}) {
  const langs = field.languages?.length ? field.languages : [currentLanguage()];
  const inputs = langs.map((lang, i) => h('input', {
    type: 'text', class: 'input', name: opts.name, id: i === 0 ? opts.id : null,
    dataset: { lang }, lang, readonly: opts.readOnly || null, autocomplete: 'off',
    'aria-label': `${opts.label ?? field.label} (${lang})`,
    'aria-required': field.required && lang === 'en' ? 'true' : null,
  }));
  const element = h('span', { class: 'babel' }, langs.map((lang, i) => h('span', { class: 'babel-item' },
    h('span', { class: 'babel-lang', 'aria-hidden': 'true', text: lang }), inputs[i])));
  let current = value ?? null;
  const setError = errorSetter(inputs, opts.errorEl);
  if (!opts.readOnly) watchLength(inputs, field, setError);
  for (const input of inputs) input.addEventListener('change', () => opts.onChange?.());
  const w = {
    element, input: inputs[0], inputs,
    getValue() {
      if (opts.readOnly) return current;
      const out = { ...(current ?? {}) };
      langs.forEach((lang, i) => { out[lang] = inputs[i].value; });
      if (current === null && Object.values(out).every((v) => v === '')) return null;
      return out;
    },
    setValue(v) {
      current = v ?? null;
      langs.forEach((lang, i) => { inputs[i].value = v?.[lang] ?? ''; });
    },
    setError,
    // a name longer than allowed is kept and said to be too long (no maxlength cuts it)
    validate: () => (opts.readOnly ? null : inputs.map((i) => lengthError(field, i.value)).find(Boolean) ?? null),
    focus: () => (inputs.find((i) => i.dataset.lang === currentLanguage()) ?? inputs[0]).focus(),
  };
  w.setValue(value);
  return mount(container, w);
}
