// Rich text: a contenteditable with bold, italic and list buttons. The value
// is HTML that the server sanitises on save; this is the one place where the
// shell inserts HTML.
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { errorSetter, mount } from './common.js';

const COMMANDS = [
  ['bold', 'B', 'Bold'],
  ['italic', 'I', 'Italic'],
  ['insertUnorderedList', '•', 'Bulleted list'],
  ['insertOrderedList', '1.', 'Numbered list'],
];

export function richtextWidget(container, field, value, opts = {}) {
  const editor = h('div', {
    class: 'richtext-editor input', id: opts.id, name: opts.name, role: 'textbox', 'aria-multiline': 'true',
    contenteditable: opts.readOnly ? 'false' : 'true', tabindex: '0',
    'aria-labelledby': opts.labelId ?? null, 'aria-label': opts.labelId ? null : (opts.label ?? field.label),
    'aria-readonly': opts.readOnly ? 'true' : null,
  });
  const tools = h('div', { class: 'richtext-tools', role: 'toolbar', 'aria-label': t('Formatting'), hidden: opts.readOnly || null },
    COMMANDS.map(([cmd, text, label]) => h('button', {
      type: 'button', class: `tool tool-${cmd}`, tabindex: '-1', 'aria-label': t(label), title: t(label), text,
      onmousedown: (e) => e.preventDefault(), // keep the caret in the editor
      onclick: () => {
        editor.focus();
        document.execCommand(cmd);
        editor.dispatchEvent(new Event('input', { bubbles: true }));
      },
    })));
  const element = h('div', { class: 'richtext' }, tools, editor);
  let original = value ?? null;
  editor.addEventListener('blur', () => opts.onChange?.());
  editor.addEventListener('keydown', (e) => {
    if ((e.ctrlKey || e.metaKey) && (e.key === 'b' || e.key === 'i')) {
      e.preventDefault();
      document.execCommand(e.key === 'b' ? 'bold' : 'italic');
    }
  });
  const w = {
    element, input: editor,
    getValue() {
      const html = editor.innerHTML;
      if (!editor.textContent.trim() && !editor.querySelector('img')) return original === null ? null : '';
      return html === (original ?? '') ? original : html;
    },
    setValue(v) {
      original = v ?? null;
      editor.innerHTML = v ?? ''; // server-sanitised rich text (API.md: richtext)
    },
    setError: errorSetter([editor], opts.errorEl),
    validate: () => null,
    focus: () => editor.focus(),
  };
  w.setValue(value);
  return mount(container, w);
}
