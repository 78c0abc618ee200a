// Picks the widget for a field type.
import { h, uid } from '../dom.js';
import { textWidget } from './text.js';
import { textareaWidget } from './textarea.js';
import { richtextWidget } from './richtext.js';
import { numberWidget } from './number.js';
import { dateWidget } from './date.js';
import { timeWidget } from './time.js';
import { checkboxWidget } from './checkbox.js';
import { choiceWidget } from './choice.js';
import { comboWidget } from './combo.js';
import { babelWidget } from './babel.js';
import { imageWidget } from './image.js';
import { fileWidget } from './file.js';

const BY_TYPE = {
  text: textareaWidget,
  richtext: richtextWidget,
  int: numberWidget,
  decimal: numberWidget,
  date: dateWidget,
  time: timeWidget,
  bool: checkboxWidget,
  choice: choiceWidget,
  fk: comboWidget,
  babel: babelWidget,
  image: imageWidget,
  file: fileWidget,
};

/** Creates the widget of `field` in `container` (see widgets/*.js for opts). */
export function createWidget(container, field, value, opts = {}) {
  const make = BY_TYPE[field.type] ?? textWidget;
  return make(container, field, value, opts);
}

/**
 * A labelled field: <label for>, the widget, and an error element
 * (data-error-for) that the widget's setError fills. Returns {element, widget}.
 */
export function createField(field, name, value, opts = {}) {
  const id = uid(`f-${name}`);
  const labelId = `${id}-label`;
  const errorEl = h('div', { class: 'field-error', id: `${id}-error`, dataset: { errorFor: name }, hidden: true, 'aria-live': 'polite' });
  const label = h('label', { for: id, id: labelId, class: 'field-label' }, field.label ?? name,
    field.required && !opts.readOnly ? h('span', { class: 'req', 'aria-hidden': 'true', text: ' *' }) : null);
  const element = h('div', { class: `field type-${field.type}`, dataset: { field: name } });
  const widget = createWidget(null, field, value, { ...opts, id, name, labelId, errorEl });
  if (field.type === 'bool') element.append(h('span', { class: 'check-wrap' }, widget.element, label), errorEl);
  else element.append(label, widget.element, errorEl);
  const chars = opts.width ?? DEFAULT_WIDTH[field.type] ?? 20;
  const basis = Math.round(chars * 7 + 16);
  element.style.flex = field.type === 'bool' ? '0 0 auto' : `${chars} 1 ${basis}px`;
  // short values (numbers, dates, times, choices) stop growing early
  if (SHORT.has(field.type)) element.style.maxWidth = `${Math.max(basis * 1.5, 90)}px`;
  return { element, widget, label };
}

const SHORT = new Set(['int', 'decimal', 'date', 'time', 'choice']);
const DEFAULT_WIDTH = { image: 14, file: 40, date: 13, time: 6, int: 8, decimal: 10, bool: 0, choice: 14, fk: 24, babel: 40, text: 40, richtext: 60 };
