// Wire values <-> what a person reads, per field type (see API.md "Rows").
import { currentLanguage, formatDate, formatDateTime, formatDecimal, t } from './i18n.js';

/** The text of a babel value in the user's language, falling back to English. */
export function babelText(value) {
  if (!value || typeof value !== 'object') return value ?? '';
  return value[currentLanguage()] || value.en || Object.values(value).find((v) => v) || '';
}

/** Plain text of sanitised rich-text HTML, parsed inertly (no scripts, no loads). */
export function htmlToText(html) {
  if (!html) return '';
  return new DOMParser().parseFromString(html, 'text/html').body.textContent.replace(/\s+/g, ' ').trim();
}

/**
 * Whether a value is an alert: a computed field's warning sent as
 * `{"text": "Must read eID card!", "alert": true}`, shown in red.
 */
export const isAlert = (value) => Boolean(value && typeof value === 'object' && value.alert === true);

/** The display text of a wire value. */
export function displayText(field, value) {
  if (value === null || value === undefined) return '';
  if (isAlert(value)) return String(value.text ?? '');
  switch (field?.type) {
    case 'decimal': return formatDecimal(value, field.scale);
    case 'date': return formatDate(value);
    case 'datetime': return formatDateTime(value);
    case 'bool': return value ? t('Yes') : t('No');
    case 'fk':
    case 'choice': return typeof value === 'object' ? (value.text ?? '') : String(value);
    case 'babel': return babelText(value);
    case 'richtext': return htmlToText(value);
    case 'file': return typeof value === 'object' ? (value.name ?? '') : ''; // a stored file by its name
    default: return typeof value === 'object' ? JSON.stringify(value) : String(value);
  }
}

/** The value as it is sent back (fk and choice as bare id). */
export function toWire(field, value) {
  if (value === undefined) return null;
  if ((field?.type === 'fk' || field?.type === 'choice') && value && typeof value === 'object') return value.id;
  return value;
}

/** True when two wire values are the same. */
export function sameValue(a, b) {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

export const isNumeric = (field) => field?.type === 'int' || field?.type === 'decimal';
