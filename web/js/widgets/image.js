// A read-only image (the photo of an eID card). The value is the URL of an
// authorised route; the browser sends the session cookie with it.
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { errorSetter, mount } from './common.js';

export function imageWidget(container, field, value, opts = {}) {
  const img = h('img', { id: opts.id, class: 'image-field', alt: field.label ?? '', hidden: true });
  const none = h('span', { class: 'image-none', text: t('No photo') });
  const element = h('div', { class: 'image-box', role: 'img', 'aria-labelledby': opts.labelId ?? null }, img, none);
  let current = null;
  const w = {
    element, input: img,
    getValue: () => current,
    setValue(v) {
      current = typeof v === 'string' && v.startsWith('/api/') ? v : null;
      img.hidden = !current;
      none.hidden = Boolean(current);
      if (current) img.src = current; else img.removeAttribute('src');
    },
    setError: errorSetter([], opts.errorEl),
    validate: () => null,
    focus: () => element.focus(),
  };
  w.setValue(value);
  return mount(container, w);
}
