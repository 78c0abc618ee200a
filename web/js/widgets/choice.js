// A choice from a short fixed list (meta.choices); an empty option unless required.
import { h, append } from '../dom.js';
import { errorSetter, mount } from './common.js';

export function choiceWidget(container, field, value, opts = {}) {
  const choices = field.choices ?? [];
  const select = h('select', {
    id: opts.id, name: opts.name, class: 'input', disabled: opts.readOnly || null,
    'aria-required': field.required ? 'true' : null, 'aria-label': opts.label ?? null,
  });
  const withEmpty = !field.required || opts.allowEmpty;
  const fill = (selectedId) => {
    select.replaceChildren();
    append(select, [
      withEmpty || selectedId === null ? h('option', { value: '', text: '' }) : null,
      choices.map((c) => h('option', { value: String(c.id), text: c.text })),
    ]);
  };
  select.addEventListener('change', () => opts.onChange?.());
  const w = {
    element: select, input: select,
    getValue() {
      const c = choices.find((x) => String(x.id) === select.value);
      return c ? c.id : null;
    },
    setValue(v) {
      const id = v && typeof v === 'object' ? v.id : (v ?? null);
      fill(id);
      select.value = choices.some((c) => String(c.id) === String(id)) ? String(id) : '';
    },
    setError: errorSetter([select], opts.errorEl),
    validate: () => null,
    focus: () => select.focus(),
  };
  w.setValue(value);
  return mount(container, w);
}
