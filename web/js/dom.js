// Tiny DOM helpers. Data always goes in as text (textContent / attributes),
// never as markup.

const PROPS = new Set(['value', 'checked', 'selected', 'indeterminate']);

/**
 * Creates an element. `props`: `class`, `text`, `dataset`, `style`, `on<event>`
 * handlers, properties listed in PROPS, anything else as an attribute
 * (`true` -> empty attribute, `null`/`false`/`undefined` -> omitted).
 */
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, v] of Object.entries(props)) {
    if (v === null || v === undefined || v === false) continue;
    if (key === 'class') el.className = v;
    else if (key === 'text') el.textContent = v;
    else if (key === 'dataset') Object.assign(el.dataset, v);
    else if (key === 'style') Object.assign(el.style, v);
    else if (key.startsWith('on') && typeof v === 'function') el.addEventListener(key.slice(2), v);
    else if (PROPS.has(key)) el[key] = v;
    else el.setAttribute(key, v === true ? '' : String(v));
  }
  append(el, children);
  return el;
}

/** Appends children (elements, strings as text nodes, nested arrays; skips null). */
export function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(typeof c === 'string' || typeof c === 'number' ? String(c) : c);
  }
  return el;
}

let counter = 0;
/** A document-unique id with the given prefix. */
export function uid(prefix = 'id') {
  counter += 1;
  return `${prefix}-${counter}`;
}

/** Returns a function that calls `fn` once `ms` milliseconds after the last call. */
export function debounce(fn, ms) {
  let timer = null;
  const d = (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
  d.cancel = () => clearTimeout(timer);
  return d;
}

/**
 * Builds a query string from an object, skipping empty values, except a
 * parameter (`p.X`) given as '': it says "none", where a parameter left out
 * takes its default on the server (the clients coached by the user).
 */
export function queryString(params) {
  const sp = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === null || v === undefined || (v === '' && !k.startsWith('p.'))) continue;
    sp.append(k, String(v));
  }
  const s = sp.toString();
  return s ? `?${s}` : '';
}

/** Places a fixed-position popup below (or above) an anchor element, inside the viewport. */
export function placePopup(popup, anchor) {
  const r = anchor.getBoundingClientRect();
  popup.style.position = 'fixed';
  popup.style.minWidth = `${Math.max(r.width, 120)}px`;
  const ph = popup.offsetHeight;
  const pw = popup.offsetWidth;
  const below = r.bottom + ph + 4 <= window.innerHeight;
  popup.style.top = `${below ? r.bottom + 1 : Math.max(0, r.top - ph - 1)}px`;
  popup.style.left = `${Math.max(0, Math.min(r.left, window.innerWidth - pw - 2))}px`;
}

/** Elements that can take keyboard focus inside `root`. */
export function focusables(root) {
  return [...root.querySelectorAll(
    'button:not([disabled]), [href], input:not([disabled]):not([type=hidden]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"]), [contenteditable=true]',
  )].filter((e) => e.offsetParent !== null || e === document.activeElement);
}

/**
 * Opens a popup under `anchor`, closed by Escape (returning focus to the
 * anchor) or a click outside. Returns a close function.
 */
export function openPopup(anchor, content, { onClose, label } = {}) {
  const popup = h('div', { class: 'popup menu-popup', role: 'dialog', 'aria-label': label ?? null }, content);
  const close = (refocus = true) => {
    if (!popup.isConnected) return;
    popup.remove();
    document.removeEventListener('pointerdown', outside, true);
    onClose?.();
    if (refocus) anchor.focus();
  };
  const outside = (e) => {
    if (!popup.contains(e.target) && !anchor.contains(e.target)) close(false);
  };
  popup.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      close();
    }
  });
  document.body.append(popup);
  placePopup(popup, anchor);
  document.addEventListener('pointerdown', outside, true);
  (popup.querySelector('input, button, select') ?? popup).focus();
  return close;
}
