// Shared pieces of the field widgets.

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
    }
  };
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
