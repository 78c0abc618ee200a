// UI strings and Belgian-style formats from /api/site. Numbers of type
// decimal stay strings end to end, so nothing is ever rounded by a float.

let strings = {};
let language = 'en';
let formats = { date: 'dd.mm.yyyy', decimalSeparator: '.', thousandsSeparator: ' ' };

/** Installs the catalogue and formats of a /api/site answer. */
export function setLocale(site) {
  strings = site.strings ?? {};
  language = site.language ?? 'en';
  formats = { ...formats, ...(site.formats ?? {}) };
  formats.date = formats.date.toLowerCase();
}

export const currentLanguage = () => language;
export const dateFormat = () => formats.date;

/** Translates an English msgid; `{name}` placeholders are filled from `params`. */
export function t(msgid, params) {
  let s = strings[msgid] || msgid;
  if (params) s = s.replace(/\{(\w+)\}/g, (m, k) => (k in params ? String(params[k]) : m));
  return s;
}

// ---- dates ---------------------------------------------------------------

const dateOrder = () => formats.date.match(/d+|m+|y+/g)?.map((p) => p[0]) ?? ['d', 'm', 'y'];

/** "1985-07-30" -> "30.07.1985" (incomplete parts stay "00"). */
export function formatDate(iso) {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso ?? '');
  if (!m) return iso ?? '';
  return formats.date.replace('yyyy', m[1]).replace('mm', m[2]).replace('dd', m[3]);
}

/** The ISO text of a day: isoDay(1960, 3, 5) -> "1960-03-05" (months from 1). */
export function isoDay(y, m, d) {
  const p2 = (n) => String(n).padStart(2, '0');
  return `${String(y).padStart(4, '0')}-${p2(m)}-${p2(d)}`;
}

/** "2026-11-29T08:15:00Z" -> "29.11.2026 09:15" in the browser's time zone. */
export function formatDateTime(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = (n) => String(n).padStart(2, '0');
  return `${formatDate(isoDay(d.getFullYear(), d.getMonth() + 1, d.getDate()))} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

export function daysInMonth(y, m) {
  return new Date(Date.UTC(y || 2000, m, 0)).getUTCDate();
}

// A two-digit year: within the next ten years or the 90 before them, or
// (`past`, birth dates) the latest year that puts the date not after today.
function expandYear(yy, past, mo, d) {
  const today = new Date();
  const now = today.getFullYear();
  const century = Math.floor(now / 100) * 100;
  if (past) {
    const y = century + yy;
    return isFuture(y, mo, d, today) ? y - 100 : y;
  }
  const pivot = (now + 10) % 100;
  return yy <= pivot ? century + yy : century - 100 + yy;
}

/** Whether y-mo-d is after `today`; a part 0 (incomplete date) is unknown, so not after. */
function isFuture(y, mo, d, today = new Date()) {
  const parts = [[y, today.getFullYear()], [mo, today.getMonth() + 1], [d, today.getDate()]];
  for (const [v, now] of parts) {
    if (v === 0 || v < now) return false;
    if (v > now) return true;
  }
  return false;
}

/** The date pattern in the user's language ("jj.mm.aaaa", "TT.MM.JJJJ"): placeholder and hint. */
export const datePlaceholder = () => t(formats.date);

/** The name of month `m` (1-12) in the user's language: "February", "février", "Februar". */
export function monthName(m) {
  return new Intl.DateTimeFormat(language, { month: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(2000, m - 1, 1)));
}

const isLeapYear = (y) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

/**
 * Parses what a user typed into an ISO date. Accepts the site format and
 * d.m.yy, dd/mm/yyyy, dd-mm-yyyy, ddmmyyyy, ddmmyy, yyyy-mm-dd. Options
 * (or `true` for `incomplete`): `incomplete` also accepts a day 00, a day and
 * month 00 and a bare year; `past` (birth dates) reads a two-digit year as
 * the latest one not after today and refuses a date in the future, unless
 * `allowFuture` (a filter); `name`, the field's, picks the message. Returns
 * null for empty text, throws an Error with a translated message otherwise:
 * the format hint only for text that is not a date at all, else what is
 * wrong ("31.02.1990 does not exist (February has 28 or 29 days).",
 * "Month 13 does not exist.", "A birth date cannot be in the future.").
 */
export function parseDate(text, options = false) {
  const { incomplete = false, past = false, allowFuture = false, name = '' } = typeof options === 'object' ? options : { incomplete: options };
  const s = (text ?? '').trim();
  if (!s) return null;
  const fail = () => { throw new Error(t('Invalid date: use {format}.', { format: datePlaceholder() })); };
  const order = dateOrder();
  let parts = null;
  let m;
  if ((m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(s))) {
    parts = { y: m[1], m: m[2], d: m[3] };
  } else if (incomplete && /^\d{4}$/.test(s)) {
    parts = { y: s, m: '0', d: '0' };
  } else if (/^\d{6}$|^\d{8}$/.test(s)) {
    parts = {};
    let pos = 0;
    for (const k of order) {
      const len = k === 'y' ? s.length - 4 : 2;
      parts[k] = s.slice(pos, pos + len);
      pos += len;
    }
  } else {
    const bits = s.split(/\s*[./\-\s]\s*/);
    if (bits.length !== 3 || !bits.every((b) => /^\d{1,4}$/.test(b))) fail();
    parts = {};
    order.forEach((k, i) => { parts[k] = bits[i]; });
  }
  let y = Number(parts.y);
  const mo = Number(parts.m);
  const d = Number(parts.d);
  if (parts.y.length === 2) y = expandYear(y, past, mo, d);
  else if (parts.y.length !== 4) fail();
  if (parts.m.length > 2 || parts.d.length > 2) fail();
  const iso = isoDay(y, mo, d);
  const wrong = (msgid, params) => { throw new Error(t(msgid, { date: formatDate(iso), ...params })); };
  if (mo > 12 || (mo === 0 && !incomplete)) wrong('Month {month} does not exist.', { month: mo });
  if (y === 0) wrong('Year 0 does not exist.');
  if (d === 0 && !incomplete) wrong('Day 0 does not exist.');
  if (mo === 0 && d > 31) wrong('Day {day} does not exist.', { day: d });
  if (mo === 0 && d !== 0) wrong('{date} has a day but no month.'); // 15.00.1960: as the server refuses it
  if (mo !== 0 && d > daysInMonth(y, mo)) {
    if (mo !== 2) wrong('{date} does not exist ({month} has {days} days).', { month: monthName(mo), days: daysInMonth(y, mo) });
    if (d === 29 && y !== 0 && !isLeapYear(y)) wrong('{date} does not exist ({year} is not a leap year).', { year: y });
    wrong('{date} does not exist ({month} has 28 or 29 days).', { month: monthName(mo) });
  }
  if (past && !allowFuture && isFuture(y, mo, d)) {
    wrong(/(^|_)birth_date$/.test(name) ? 'A birth date cannot be in the future.' : '{date} is in the future.');
  }
  return iso;
}

// ---- numbers -------------------------------------------------------------

function group(digits) {
  const sep = formats.thousandsSeparator;
  if (!sep) return digits;
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, sep);
}

/** Formats an integer with the site's thousands separator: 10412 -> "10 412". */
export function formatNumber(n) {
  if (n === null || n === undefined || n === '') return '';
  const s = String(n);
  return s.startsWith('-') ? `-${group(s.slice(1))}` : group(s);
}

/** "1200.5" (wire) -> "1 200,50" with scale 2. Works on the string, never a float. */
export function formatDecimal(wire, scale) {
  if (wire === null || wire === undefined || wire === '') return '';
  let s = String(wire);
  const neg = s.startsWith('-');
  if (neg) s = s.slice(1);
  let [int, frac = ''] = s.split('.');
  if (scale !== undefined && scale !== null && frac.length < scale) frac = frac.padEnd(scale, '0');
  return `${neg ? '-' : ''}${group(int || '0')}${frac ? formats.decimalSeparator + frac : ''}`;
}

/**
 * Parses typed text into a wire decimal string ("1200.50"), or null when
 * empty. Accepts the site's separators and a plain "." as decimal point when
 * "." is not the thousands separator. Throws an Error with a translated message.
 */
export function parseDecimal(text, scale) {
  let s = (text ?? '').trim().replace(/[\s\u00a0\u202f']/g, '');
  if (!s) return null;
  const dec = formats.decimalSeparator;
  const th = formats.thousandsSeparator.trim();
  if (th && th !== dec) s = s.split(th).join('');
  if (dec !== '.') {
    if (s.includes(dec)) s = s.replace(dec, '.');
  }
  if (!/^[-+]?\d+(\.\d+)?$/.test(s) && !/^[-+]?\.\d+$/.test(s)) throw new Error(t('Invalid number.'));
  s = s.replace(/^\+/, '');
  let [int, frac = ''] = s.split('.');
  const neg = int.startsWith('-');
  int = int.replace('-', '').replace(/^0+(?=\d)/, '') || '0';
  if (scale !== undefined && scale !== null) {
    if (frac.length > scale) {
      if (/^0*$/.test(frac.slice(scale))) frac = frac.slice(0, scale);
      else throw new Error(t('At most {n} decimals.', { n: scale }));
    }
    frac = frac.padEnd(scale, '0');
  }
  return `${neg ? '-' : ''}${int}${frac ? `.${frac}` : ''}`;
}

/** Parses an integer; null when empty; throws an Error with a translated message. */
export function parseInteger(text) {
  let s = (text ?? '').trim().replace(/[\s\u00a0\u202f']/g, '');
  const th = formats.thousandsSeparator.trim();
  if (th && th !== formats.decimalSeparator) s = s.split(th).join('');
  if (!s) return null;
  if (!/^[-+]?\d+$/.test(s)) throw new Error(t('Invalid whole number.'));
  const n = Number(s);
  if (!Number.isSafeInteger(n)) throw new Error(t('Invalid whole number.'));
  return n;
}
