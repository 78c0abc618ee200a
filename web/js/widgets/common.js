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
      if (errorEl?.id) {
        if (msg) input.setAttribute('aria-describedby', errorEl.id);
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
    'aria-label': opts.label ?? null,
  };
}

/** Finishes a widget: appends it to the container and returns it. */
export function mount(container, widget) {
  container?.append(widget.element);
  return widget;
}
