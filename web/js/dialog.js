// Modal dialogs (confirm, alert, small forms) and transient notices.
import { h, uid, focusables } from './dom.js';
import { t } from './i18n.js';

let openCount = 0;
export const modalOpen = () => openCount > 0;

/**
 * Shows a modal dialog and resolves with the `value` of the button pressed
 * (Escape resolves with `cancelValue`). `body` is a string or an element.
 * `onButton(value)` may return false to keep the dialog open. `kind` becomes
 * the dialog's `data-kind` (a hook for tests and CSS). A button `{focus: true}`
 * takes the focus first (else the primary one); `{danger: true}` looks destructive.
 */
export function modal({ title, body, buttons, cancelValue = null, onButton, role = 'alertdialog', kind = null }) {
  return new Promise((resolve) => {
    const before = document.activeElement;
    const titleId = uid('dlg-title');
    const bodyId = uid('dlg-body');
    const close = async (value) => {
      if (onButton && value !== cancelValue && (await onButton(value)) === false) return;
      backdrop.remove();
      openCount -= 1;
      if (before && document.contains(before)) before.focus();
      resolve(value);
    };
    const buttonEls = buttons.map((b) => h('button', {
      type: 'button', class: ['btn', b.primary && 'primary', b.danger && 'danger'].filter(Boolean).join(' '), dataset: { action: b.action },
      onclick: () => close(b.value),
    }, b.label));
    const dialog = h('div', {
      class: 'modal', role, 'aria-modal': 'true', 'aria-labelledby': titleId, 'aria-describedby': bodyId,
      dataset: kind ? { kind } : null,
    },
    h('div', { class: 'modal-title', id: titleId }, title ?? document.title),
    h('div', { class: 'modal-body', id: bodyId }, typeof body === 'string' ? h('p', { text: body }) : body),
    h('div', { class: 'modal-buttons' }, buttonEls));
    const backdrop = h('div', { class: 'modal-backdrop' }, dialog);
    backdrop.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') {
        e.preventDefault();
        e.stopPropagation();
        close(cancelValue);
      } else if (e.key === 'Enter' && role === 'dialog' && e.target.matches?.('.modal-body input:not([role=combobox])')) {
        // Enter in a form dialog's text field answers like its primary button (OK).
        const i = buttons.findIndex((b) => b.primary);
        if (i >= 0) { e.preventDefault(); close(buttons[i].value); }
      } else if (e.key === 'Tab') {
        const list = focusables(dialog);
        if (!list.length) return;
        const i = list.indexOf(document.activeElement);
        if (e.shiftKey && i <= 0) { e.preventDefault(); list.at(-1).focus(); }
        else if (!e.shiftKey && i === list.length - 1) { e.preventDefault(); list[0].focus(); }
      }
    });
    openCount += 1;
    document.body.append(backdrop);
    const first = dialog.querySelector('.modal-body input, .modal-body select, .modal-body textarea')
      ?? buttonEls.find((b, i) => buttons[i].focus) ?? buttonEls.find((b, i) => buttons[i].primary) ?? buttonEls[0];
    first?.focus();
  });
}

/**
 * Asks a yes/no question; resolves true for yes. For a destructive question
 * pass `danger: true` and an explicit `yes` ("Delete"): the yes button then
 * looks dangerous and No has the focus, so a stray Enter answers No.
 * `safe: true` only moves the focus to No (a question whose yes is not
 * destructive but should never be the default, like creating a record).
 */
export function confirm(message, { title = t('Please confirm'), yes = t('Yes'), no = t('No'), danger = false, safe = false } = {}) {
  const careful = danger || safe;
  return modal({
    title, body: message, cancelValue: false, kind: careful ? 'careful-confirm' : null,
    buttons: [
      { label: yes, value: true, action: 'confirm-yes', primary: !careful, danger },
      { label: no, value: false, action: 'confirm-no', focus: careful, primary: careful },
    ],
  });
}

/** Shows a message with an OK button. */
export function alert(message, { title = t('Message') } = {}) {
  return modal({ title, body: message, buttons: [{ label: t('OK'), value: true, action: 'ok', primary: true }] });
}

/** Shows an error unless it needs no words (aborted request, login form shown). */
export function showError(e) {
  if (!e || e.name === 'AbortError' || e.status === 401) return;
  console.warn(e);
  alert(e.message || String(e), { title: t('Error') });
}

let noticeBox = null;
function notices() {
  if (!noticeBox || !document.contains(noticeBox)) {
    noticeBox = h('div', { class: 'notices', role: 'status', 'aria-live': 'polite' });
    document.body.append(noticeBox);
  }
  return noticeBox;
}

/** A transient notice at the bottom right (role=status, announced politely). */
export function notify(message) {
  if (!message) return;
  const n = h('div', { class: 'notice', text: message });
  notices().append(n);
  setTimeout(() => n.remove(), 5000);
}

/**
 * A notice that stays until the returned function is called: for slow work
 * the API's busy indicator does not see (a local device, several requests).
 */
export function progress(message) {
  const n = h('div', { class: 'notice progress', dataset: { role: 'progress' }, text: message });
  notices().append(n);
  return () => n.remove();
}
