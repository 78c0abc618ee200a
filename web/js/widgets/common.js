// Shared pieces of the field widgets.
import { t, formatNumber } from '../i18n.js';

/**
 * Returns a setError(msg) that marks `inputs` invalid and writes the message
 * into `errorEl` (linked with aria-describedby), or clears both.
 */
export function errorSetter(inputs, errorEl) {
  return (msg) => {
    for (const input of inputs) {
      if (msg) input.setAttribute('aria-invalid', 'true');
      else input.removeAttribute('aria-invalid');
      // other descriptions (a combo's "new entry") stay
      if (errorEl?.id) {
        const ids = (input.getAttribute('aria-describedby') ?? '').split(' ').filter((x) => x && x !== errorEl.id);
        if (msg) ids.unshift(errorEl.id);
        if (ids.length) input.setAttribute('aria-describedby', ids.join(' '));
        else input.removeAttribute('aria-describedby');
      }
    }
    if (errorEl) {
      errorEl.textContent = msg || '';
      errorEl.hidden = !msg;
      if (msg) requestAnimationFrame(() => keepInForm(errorEl));
    }
  };
}

/**
 * A form's message lies under its field, from its left edge (the last field
 * of a row: from its right edge, app.css). A short field near the other
 * edge of the form (a date) would put the start or the end of a long message
 * out of sight: it then turns to the side with the room.
 */
function keepInForm(errorEl) {
  const form = errorEl.closest('.form-content');
  const field = errorEl.parentElement;
  if (!form || !field || errorEl.hidden) return;
  errorEl.style.left = '';
  errorEl.style.right = '';
  const box = form.getBoundingClientRect();
  const f = field.getBoundingClientRect();
  const width = Math.min(errorEl.scrollWidth, Math.max(440, f.width)); // its whole text, as when its field has the focus
  const fromLeft = box.left + form.clientWidth - f.left; // the room when it starts at the field's left edge
  const fromRight = f.right - box.left; // ... when it ends at the field's right edge
  const atRight = field.matches('.layout-row > .field:last-child:not(:first-child)'); // as app.css places it
  if (atRight && width > fromRight && fromLeft > fromRight) errorEl.style.right = 'auto';
  else if (!atRight && width > fromLeft && fromRight > fromLeft) errorEl.style.left = 'auto';
  else return;
  errorEl.style[atRight ? 'left' : 'right'] = '0';
}

/** Common attributes of the main input of a widget. */
export function inputAttrs(field, opts) {
  return {
    id: opts.id, name: opts.name,
    'aria-required': field.required ? 'true' : null,
    readonly: opts.readOnly || null,
    tabindex: opts.readOnly ? '-1' : null, // Tab skips what cannot be changed
    'aria-label': opts.label ?? null,
  };
}

/** Finishes a widget: appends it to the container and returns it. */
export function mount(container, widget) {
  container?.append(widget.element);
  return widget;
}

/**
 * A text longer than the field allows is kept (no maxlength cuts it) and
 * said to be too long, like the server says it. Returns the message or null.
 */
export function lengthError(field, text) {
  const max = field.maxLength;
  if (!max || !text || [...text.trim()].length <= max) return null;
  return t('At most {n} characters.', { n: formatNumber(max) });
}

/**
 * Checks the length of `inputs` while the user types and on leaving them:
 * the message shows at once and goes when the text is short enough again
 * (other messages, the server's, are left alone).
 */
export function watchLength(inputs, field, setError) {
  if (!field.maxLength) return;
  let shown = false;
  const check = () => {
    const msg = inputs.map((i) => lengthError(field, i.value)).find(Boolean) ?? null;
    if (msg) setError(msg);
    else if (shown) setError(null);
    shown = Boolean(msg);
  };
  for (const input of inputs) {
    input.addEventListener('input', check);
    input.addEventListener('blur', check);
  }
}
