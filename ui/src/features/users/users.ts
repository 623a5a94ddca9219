// Users, roles and the audit log: the pure parts (no Vue, no IPC), so that they are unit tested.
import type { AppInfo, JsonValue, Me } from '../../bindings'

export const ROLES = ['admin', 'accountant', 'cashier', 'chairman', 'supervisor'] as const
export type Role = (typeof ROLES)[number]

/**
 * Who may do what: the core's table (`PERMISSIONS` in src/store/access.rs), for telling the user which
 * role an action needs. The core decides; this only words the hint on a disabled button.
 */
export const PERM_ROLES: Record<string, readonly Role[]> = {
  read: ['admin', 'accountant', 'cashier', 'chairman', 'supervisor'],
  enter: ['accountant'],
  review: ['accountant', 'chairman'],
  post: ['accountant', 'chairman'],
  reverse: ['accountant'],
  pay: ['accountant', 'cashier'],
  'close-period': ['accountant'],
  'reopen-period': ['chairman'],
  'close-year': ['chairman'],
  distribute: ['accountant'],
  approve: ['chairman'],
  import: ['accountant'],
  export: ['accountant', 'chairman'],
  settings: ['admin', 'accountant'],
  backup: ['admin', 'accountant', 'chairman'],
  restore: ['admin'],
  users: ['admin'],
}

/** Whether the acting user may do `perm`. No book open (no `me`): nothing to refuse. */
export function allowed(me: Me | null | undefined, perm: string): boolean {
  if (!me) return true
  return me.permissions.includes(perm)
}

/** The roles that have `perm` (empty for an unknown permission). */
export function rolesFor(perm: string): readonly Role[] {
  return PERM_ROLES[perm] ?? []
}

/** Which form the open book needs before its screens: `claim` (no users yet), `login`, or none. */
export function gate(info: AppInfo | null | undefined): 'claim' | 'login' | null {
  if (!info?.book || !info.me) return null
  if (!info.me.claimed) return 'claim'
  return info.me.role ? null : 'login'
}

export const MIN_PASSWORD = 8

/** A new password typed twice: the locale key of its problem, or null when it will do. */
export function passwordProblem(password: string, again: string): { field: 'password' | 'password2'; key: string } | null {
  if ([...password].length < MIN_PASSWORD) return { field: 'password', key: 'users.tooShort' }
  if (password !== again) return { field: 'password2', key: 'users.mismatch' }
  return null
}

/** The locale key of an audit action's name (`voucher.post` → `auditAction.voucher_post`). */
export function actionKey(action: string): string {
  return `auditAction.${action.replace(/[.-]/g, '_')}`
}

/** The label of an action: its name where the locale has one, then the code; else the code. */
export function actionLabel(action: string, has: (key: string) => boolean, t: (key: string) => string): string {
  const k = actionKey(action)
  return has(k) ? `${t(k)} ${action}` : action
}

/** A value of a payload as text: strings as they are, nothing as empty, the rest as JSON. */
export function valueText(v: JsonValue | undefined): string {
  if (v === undefined || v === null) return ''
  if (typeof v === 'string') return v
  if (typeof v === 'number' || typeof v === 'boolean') return String(v)
  return JSON.stringify(v)
}

export type DiffRow = { key: string; before: string; after: string; changed: boolean }
export type KeyValue = { key: string; value: string }

const isObject = (v: JsonValue | undefined): v is { [key in string]?: JsonValue } => !!v && typeof v === 'object' && !Array.isArray(v)

/**
 * A payload with `before` and `after` objects as a two-column table, field by field (the fields
 * of `before` in their order, then those only in `after`); null for any other payload.
 */
export function diffRows(payload: JsonValue): DiffRow[] | null {
  if (!isObject(payload) || !('before' in payload) || !('after' in payload)) return null
  const before = payload.before
  const after = payload.after
  if (!isObject(before) && !isObject(after)) {
    const b = valueText(before)
    const a = valueText(after)
    return [{ key: '', before: b, after: a, changed: b !== a }]
  }
  const bo = isObject(before) ? before : {}
  const ao = isObject(after) ? after : {}
  const keys = [...Object.keys(bo), ...Object.keys(ao).filter((k) => !(k in bo))]
  return keys.map((key) => {
    const b = valueText(bo[key])
    const a = valueText(ao[key])
    return { key, before: b, after: a, changed: b !== a || key in bo !== key in ao }
  })
}

/**
 * The rest of a payload as key and value rows (`before` and `after` left out when `diffRows` shows
 * them); null when the payload is not an object (show it as pretty JSON instead).
 */
export function payloadRows(payload: JsonValue): KeyValue[] | null {
  if (!isObject(payload)) return null
  const diff = diffRows(payload) !== null
  return Object.entries(payload)
    .filter(([k]) => !(diff && (k === 'before' || k === 'after')))
    .map(([key, v]) => ({ key, value: valueText(v) }))
}

/** A payload as indented JSON (the fallback view). */
export function prettyJson(payload: JsonValue): string {
  return JSON.stringify(payload, null, 2)
}

/** The reasons the core writes backups for; others are shown as their code. */
export const BACKUP_REASONS = ['manual', 'migration', 'month-close', 'year-close', 'import', 'restore', 'daily'] as const

/** A file size for people: bytes, KB or MB with one decimal. */
export function sizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`
}

/** The audit table's row after `i` when a key moves the selection (clamped to the page). */
export function moveSelection(i: number, key: string, count: number): number {
  if (count === 0) return -1
  switch (key) {
    case 'ArrowDown':
      return Math.min(i + 1, count - 1)
    case 'ArrowUp':
      return Math.max(i - 1, 0)
    case 'Home':
      return 0
    case 'End':
      return count - 1
    default:
      return i
  }
}

/** `2025-03-01T08:09:10.123Z` or `2025-03-01 08:09:10` as `2025-03-01 08:09:10`. */
export function timeText(at: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}:\d{2})/.exec(at)
  return m ? `${m[1]} ${m[2]}` : at
}

/** A UTC time (`2025-03-01T08:09:10Z`) as the local `2025-03-01 16:09` (`offsetMinutes` east of UTC). */
export function localTime(utc: string, offsetMinutes = -new Date(utc).getTimezoneOffset()): string {
  const ms = Date.parse(utc)
  if (Number.isNaN(ms)) return utc
  const d = new Date(ms + offsetMinutes * 60000)
  const p = (n: number) => String(n).padStart(2, '0')
  return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}`
}

/** The demo book's users (one per role), shown on its login screen with the demo password. */
export const DEMO_USERS: readonly { name: string; role: Role }[] = [
  { name: '会计', role: 'accountant' },
  { name: '出纳', role: 'cashier' },
  { name: '理事长', role: 'chairman' },
  { name: '监事', role: 'supervisor' },
  { name: 'admin', role: 'admin' },
]

/** A payload field's name where the locale has one (`auditField.date` → 日期), else its code. */
export function fieldLabel(key: string, has: (key: string) => boolean, t: (key: string) => string): string {
  const k = `auditField.${key}`
  return key && has(k) ? t(k) : key
}
