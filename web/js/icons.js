// Small line icons (16x16, drawn with currentColor) so toolbars look the
// same whatever fonts the workstation has.
const NS = 'http://www.w3.org/2000/svg';

const PATHS = {
  plus: 'M8 3v10M3 8h10',
  cross: 'M4 4l8 8M12 4l-8 8',
  detail: 'M3 2.5h10v11H3zM5.5 5.5h5M5.5 8h5M5.5 10.5h3',
  refresh: 'M13 8a5 5 0 1 1-1.6-3.7M13.2 2.3v3h-3',
  columns: 'M2.5 3h11v10h-11zM6.2 3v10M9.8 3v10',
  filter: 'M2.5 3h11l-4.2 5v4.5l-2.6-1.4V8z',
  download: 'M8 2.5v7.5M4.8 7l3.2 3.2L11.2 7M3 13.3h10',
  first: 'M4 3.5v9M12 3.5L7.5 8l4.5 4.5',
  prev: 'M10 3.5L5.5 8l4.5 4.5',
  next: 'M6 3.5L10.5 8 6 12.5',
  last: 'M12 3.5v9M4 3.5L8.5 8 4 12.5',
  calendar: 'M2.5 3.5h11v10h-11zM2.5 6.5h11M5.2 2v3M10.8 2v3',
  caret: 'M4.5 6.5L8 10l3.5-3.5',
  maximize: 'M3 3.5h10v9H3zM3 5.5h10',
  restore: 'M5.5 2.5h8v7M2.5 5.5h8v8h-8zM2.5 7.5h8',
  copy: 'M5.5 5.5h8v8h-8zM2.5 10.5v-8h8',
};

/** An inline SVG icon (aria-hidden; the button carries the label). */
export function icon(name) {
  const svg = document.createElementNS(NS, 'svg');
  svg.setAttribute('viewBox', '0 0 16 16');
  svg.setAttribute('width', '16');
  svg.setAttribute('height', '16');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  svg.classList.add('icon');
  const path = document.createElementNS(NS, 'path');
  path.setAttribute('d', PATHS[name] ?? PATHS.detail);
  svg.append(path);
  return svg;
}
