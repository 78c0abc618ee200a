// A file field (a client's residence permit): a drop zone with a "Choose
// file…" button. A chosen file goes to POST /api/files at once, so that a
// refused one (too large, a type the server does not take) is said at the
// field before the save; the value is then {token}, which the record's save
// stores. A stored file has View and Download links to its authorised route.
import { api } from '../api.js';
import { h, uid } from '../dom.js';
import { t, formatNumber, formatDecimal } from '../i18n.js';
import { errorSetter, mount } from './common.js';

/** A size as the file managers people know show it (1 KB = 1024 bytes): "12 KB", "1,5 MB". */
function formatSize(bytes) {
  if (bytes < 1024) return t('{n} bytes', { n: formatNumber(bytes) });
  if (bytes < 1024 * 1024) return t('{n} KB', { n: formatNumber(Math.round(bytes / 1024)) });
  return t('{n} MB', { n: formatDecimal((bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, '')) });
}

// only the server's own routes: the session cookie goes with them, and a
// value naming another site must not become a link
const storedUrl = (v) => (typeof v?.url === 'string' && v.url.startsWith('/api/') ? v.url : null);
const downloadUrl = (url) => `${url}${url.includes('?') ? '&' : '?'}download=1`;
const hasFiles = (e) => [...(e.dataTransfer?.types ?? [])].includes('Files');

// A file dropped beside a drop zone would make the browser open it in place
// of the shell, unsaved typing and all: outside the zones a drop does nothing.
document.addEventListener('dragover', (e) => {
  if (!hasFiles(e) || e.target.closest?.('.file-drop')) return;
  e.preventDefault();
  e.dataTransfer.dropEffect = 'none';
});
document.addEventListener('drop', (e) => {
  if (hasFiles(e)) e.preventDefault();
});

export function fileWidget(container, field, value, opts = {}) {
  const readOnly = Boolean(opts.readOnly);
  const infoId = uid('file-info');
  const chooseId = uid('file-choose');
  const input = h('input', {
    type: 'file', name: opts.name, hidden: true, tabindex: '-1', dataset: { role: 'file-input' },
    accept: field.accept?.length ? field.accept.join(',') : null,
  });
  // its name says both what it is for and what it does: "Permit Choose file…"
  const button = readOnly ? null : h('button', {
    type: 'button', class: 'btn small file-choose', id: opts.id, dataset: { action: 'choose-file' },
    'aria-labelledby': opts.labelId ? `${opts.labelId} ${chooseId}` : null, 'aria-describedby': infoId,
    onclick: () => input.click(),
  }, h('span', { id: chooseId, text: t('Choose file…') }));
  const none = h('span', { class: 'file-none', text: t('No file') });
  const name = h('span', { class: 'file-name', dataset: { role: 'file-name' } });
  const size = h('span', { class: 'file-size', dataset: { role: 'file-size' } });
  const info = h('span', { class: 'file-info', id: infoId }, none, name, ' ', size);
  const view = h('a', {
    class: 'file-link', dataset: { action: 'view-file' }, target: '_blank', rel: 'noopener', 'aria-describedby': infoId, text: t('View'),
  });
  const download = h('a', { class: 'file-link', dataset: { action: 'download-file' }, download: true, 'aria-describedby': infoId, text: t('Download') });
  const status = h('span', { class: 'file-status', dataset: { role: 'file-status' }, role: 'status' });
  const element = h('div', {
    class: readOnly ? 'file-box' : 'file-box file-drop', role: 'group', 'aria-labelledby': opts.labelId ?? null,
    dataset: { role: 'file-drop' },
  },
  info, view, download, button,
  readOnly ? null : h('span', { class: 'file-hint', 'aria-hidden': 'true', text: t('or drop it here') }),
  status, input);
  const setError = errorSetter(button ? [button] : [], opts.errorEl);

  let stored = null; // the record's file: {name, size, type, url} or null
  let sending = null; // the file being sent: {file, ctrl, done}
  let uploaded = null; // the file the server took for this record: {token, name, size, type}
  let lastUpload = null; // the same, kept to show it again when the form puts its {token} back

  function render() {
    const shown = sending?.file ?? uploaded ?? stored;
    none.hidden = Boolean(shown);
    name.textContent = shown?.name ?? '';
    size.textContent = Number.isFinite(shown?.size) ? formatSize(shown.size) : '';
    // the links show the stored file, not one chosen instead of it
    const url = sending || uploaded ? null : storedUrl(stored);
    view.hidden = !url;
    download.hidden = !url;
    if (url) {
      view.href = url;
      download.href = downloadUrl(url);
    } else {
      view.removeAttribute('href');
      download.removeAttribute('href');
    }
    element.classList.toggle('has-new', Boolean(sending || uploaded));
    if (sending) element.setAttribute('aria-busy', 'true');
    else element.removeAttribute('aria-busy');
  }

  function stop() {
    sending?.ctrl.abort();
    sending = null;
  }

  function choose(file) {
    stop();
    uploaded = null;
    setError(null);
    status.textContent = '';
    // too large is said before sending: a server may end a request over its limit before answering
    if (field.maxSize && file.size > field.maxSize) {
      render();
      opts.onChange?.();
      setError(t('{field}: {message}', { field: file.name, message: t('The file is too large (at most {size}).', { size: formatSize(field.maxSize) }) }));
      return;
    }
    const ctrl = new AbortController();
    const mine = { file, ctrl, done: null };
    mine.done = api.upload('api/files', file, { signal: ctrl.signal }).then((res) => {
      if (sending !== mine) return;
      sending = null;
      uploaded = { token: res.token, name: res.name ?? file.name, size: res.size ?? file.size, type: res.type ?? file.type };
      lastUpload = uploaded;
      status.textContent = t('Stored when you save.');
      render();
      opts.onChange?.();
    }, (e) => {
      if (sending !== mine) return; // another file was chosen, or the record changed
      sending = null;
      status.textContent = '';
      render();
      // 413 and 415 say why in the server's words; a 401 shows the login form instead
      if (e.status !== 401) setError(t('{field}: {message}', { field: file.name, message: e.message }));
    });
    sending = mine;
    status.textContent = t('Uploading…');
    render();
    opts.onChange?.(); // a file chosen before replaces that one: the form is as it was until this one is there
  }

  input.addEventListener('change', () => {
    const file = input.files?.[0];
    input.value = ''; // the same file chosen again (after a fix) is a change again
    if (file) choose(file);
  });
  if (!readOnly) {
    let depth = 0; // dragenter/dragleave also fire for the zone's children
    const over = (on) => element.classList.toggle('drag-over', on);
    element.addEventListener('dragenter', (e) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      depth += 1;
      over(true);
    });
    element.addEventListener('dragover', (e) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      e.dataTransfer.dropEffect = 'copy';
    });
    element.addEventListener('dragleave', () => {
      depth = Math.max(0, depth - 1);
      if (!depth) over(false);
    });
    element.addEventListener('drop', (e) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      depth = 0;
      over(false);
      const files = [...e.dataTransfer.files];
      if (files.length === 1) choose(files[0]);
      else setError(t('Drop one file at a time.'));
    });
  }

  const w = {
    element, input: button,
    /** {token} of a file sent for this record, else the stored file as loaded (unchanged: not sent). */
    getValue: () => (uploaded ? { token: uploaded.token } : stored),
    setValue(v) {
      stop();
      status.textContent = '';
      if (v && typeof v === 'object' && 'token' in v) {
        uploaded = lastUpload?.token === v.token ? lastUpload : { token: v.token };
      } else {
        stored = v && typeof v === 'object' ? v : null;
        uploaded = null;
      }
      render();
    },
    setError,
    validate: () => null,
    /** Resolves once the file being sent is there (the form saves after it). */
    settle: () => sending?.done ?? Promise.resolve(),
    focus: () => (button ?? (view.hidden ? null : view))?.focus(),
  };
  w.setValue(value);
  return mount(container, w);
}
