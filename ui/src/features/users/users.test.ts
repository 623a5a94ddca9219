import { describe, expect, it } from 'vitest'
import type { AppInfo, Me } from '../../bindings'
import {
  BACKUP_REASONS,
  PERM_ROLES,
  ROLES,
  actionKey,
  actionLabel,
  allowed,
  diffRows,
  gate,
  localTime,
  moveSelection,
  passwordProblem,
  payloadRows,
  prettyJson,
  rolesFor,
  sizeText,
  timeText,
  valueText,
} from './users'
import zh from '../../shared/locales/zh-CN.json'
import en from '../../shared/locales/en.json'

const me = (role: string, permissions: string[], claimed = true): Me => ({ name: 'x', role, role_zh: '', claimed, permissions })
const info = (book: string | null, m: Me | null) => ({ book, me: m }) as unknown as AppInfo

describe('permissions', () => {
  it('follow the acting user', () => {
    const accountant = me('accountant', ['read', 'enter', 'post'])
    expect(allowed(accountant, 'post')).toBe(true)
    expect(allowed(accountant, 'approve')).toBe(false)
    expect(allowed(me('', []), 'read')).toBe(false)
    // no book open: nothing to refuse
    expect(allowed(null, 'users')).toBe(true)
    expect(allowed(undefined, 'users')).toBe(true)
  })
  it('name the roles an action needs, as the core\'s table has them', () => {
    expect(rolesFor('post')).toEqual(['accountant', 'chairman'])
    expect(rolesFor('approve')).toEqual(['chairman'])
    expect(rolesFor('close-year')).toEqual(['chairman'])
    expect(rolesFor('reopen-period')).toEqual(['chairman'])
    expect(rolesFor('pay')).toEqual(['accountant', 'cashier'])
    expect(rolesFor('restore')).toEqual(['admin'])
    expect(rolesFor('settings')).toEqual(['admin', 'accountant'])
    expect(rolesFor('read')).toEqual([...ROLES])
    expect(rolesFor('fly')).toEqual([])
    expect(Object.keys(PERM_ROLES)).toEqual([
      'read', 'enter', 'review', 'post', 'reverse', 'pay', 'close-period', 'reopen-period', 'close-year',
      'distribute', 'approve', 'import', 'export', 'settings', 'backup', 'restore', 'users',
    ])
    // the supervisor only reads
    expect(Object.entries(PERM_ROLES).filter(([, r]) => r.includes('supervisor')).map(([p]) => p)).toEqual(['read'])
  })
  it('every role has its name in both languages', () => {
    for (const r of ROLES) {
      expect((zh.role as Record<string, string>)[r], r).toBeTruthy()
      expect((en.role as Record<string, string>)[r], r).toBeTruthy()
    }
    expect(zh.role.accountant).toBe('会计')
    expect(zh.role.supervisor).toBe('监事')
  })
})

describe('the login gate', () => {
  it('asks for the admin of a book without users, a login when nobody is logged in, else nothing', () => {
    expect(gate(null)).toBeNull()
    expect(gate(info(null, null))).toBeNull()
    expect(gate(info('/b.coopbook', me('', ['read'], false)))).toBe('claim')
    expect(gate(info('/b.coopbook', me('', [])))).toBe('login')
    expect(gate(info('/b.coopbook', me('chairman', ['read'])))).toBeNull()
  })
  it('checks a new password typed twice', () => {
    expect(passwordProblem('short', 'short')).toEqual({ field: 'password', key: 'users.tooShort' })
    expect(passwordProblem('1234567', '1234567')).toEqual({ field: 'password', key: 'users.tooShort' })
    expect(passwordProblem('12345678', '12345679')).toEqual({ field: 'password2', key: 'users.mismatch' })
    expect(passwordProblem('12345678', '12345678')).toBeNull()
    // characters, not bytes: eight Chinese characters will do
    expect(passwordProblem('合作社账本密码好', '合作社账本密码好')).toBeNull()
  })
})

describe('audit log', () => {
  it('names actions where the locale has them, else shows the code', () => {
    expect(actionKey('voucher.post')).toBe('auditAction.voucher_post')
    expect(actionKey('user.login-failed')).toBe('auditAction.user_login_failed')
    const keys = zh.auditAction as Record<string, string>
    const has = (k: string) => k.slice('auditAction.'.length) in keys
    const t = (k: string) => keys[k.slice('auditAction.'.length)]
    expect(actionLabel('voucher.post', has, t)).toBe('凭证记账 voucher.post')
    expect(actionLabel('distribution.branch', has, t)).toBe('党支部审议 distribution.branch')
    expect(actionLabel('user.login-failed', has, t)).toBe('登录失败 user.login-failed')
    expect(actionLabel('robot.dance', has, t)).toBe('robot.dance')
  })
  it('shows before and after side by side, changed fields marked', () => {
    const payload = { no: 3, before: { name: '李四', kind: 'farmer', phone: null, joined: '2025-01-01' }, after: { name: '李四', kind: 'party', phone: '13905911001', joined: '2025-01-01', note: 'x' } }
    expect(diffRows(payload)).toEqual([
      { key: 'name', before: '李四', after: '李四', changed: false },
      { key: 'kind', before: 'farmer', after: 'party', changed: true },
      { key: 'phone', before: '', after: '13905911001', changed: true },
      { key: 'joined', before: '2025-01-01', after: '2025-01-01', changed: false },
      { key: 'note', before: '', after: 'x', changed: true },
    ])
    // the rest of the payload beside the table
    expect(payloadRows(payload)).toEqual([{ key: 'no', value: '3' }])
  })
  it('compares values by their text: booleans, numbers and nested objects', () => {
    expect(diffRows({ name: '出纳', before: { active: true }, after: { active: false } })).toEqual([{ key: 'active', before: 'true', after: 'false', changed: true }])
    expect(diffRows({ before: { rates: { r: '0.10' } }, after: { rates: { r: '0.10' } } })).toEqual([{ key: 'rates', before: '{"r":"0.10"}', after: '{"r":"0.10"}', changed: false }])
    // a field that went away is a change even when it was empty
    expect(diffRows({ before: { a: null }, after: {} })).toEqual([{ key: 'a', before: '', after: '', changed: true }])
    // before and after as plain values
    expect(diffRows({ before: '0.60', after: '0.65' })).toEqual([{ key: '', before: '0.60', after: '0.65', changed: true }])
  })
  it('shows other payloads as key and value, or as JSON when not an object', () => {
    expect(diffRows({ no: '记-0001' })).toBeNull()
    expect(diffRows({ before: { a: 1 } })).toBeNull()
    expect(diffRows(['a'])).toBeNull()
    expect(diffRows(null)).toBeNull()
    expect(payloadRows({ year: 2025, date: '2025-12-26', reference: '支委会记录〔2025〕12号', lines: [1, 2], ok: true, gone: null })).toEqual([
      { key: 'year', value: '2025' },
      { key: 'date', value: '2025-12-26' },
      { key: 'reference', value: '支委会记录〔2025〕12号' },
      { key: 'lines', value: '[1,2]' },
      { key: 'ok', value: 'true' },
      { key: 'gone', value: '' },
    ])
    expect(payloadRows('text')).toBeNull()
    expect(payloadRows([1])).toBeNull()
    expect(prettyJson({ a: [1] })).toBe('{\n  "a": [\n    1\n  ]\n}')
    expect(valueText(undefined)).toBe('')
    expect(valueText(0)).toBe('0')
  })
  it('moves the selection by keyboard within the page', () => {
    expect(moveSelection(0, 'ArrowDown', 3)).toBe(1)
    expect(moveSelection(2, 'ArrowDown', 3)).toBe(2)
    expect(moveSelection(0, 'ArrowUp', 3)).toBe(0)
    expect(moveSelection(-1, 'ArrowDown', 3)).toBe(0)
    expect(moveSelection(1, 'End', 3)).toBe(2)
    expect(moveSelection(2, 'Home', 3)).toBe(0)
    expect(moveSelection(1, 'a', 3)).toBe(1)
    expect(moveSelection(1, 'ArrowDown', 0)).toBe(-1)
  })
  it('writes times plainly', () => {
    expect(timeText('2025-03-01T08:09:10.123+08:00')).toBe('2025-03-01 08:09:10')
    expect(timeText('2025-03-01 08:09:10')).toBe('2025-03-01 08:09:10')
    expect(timeText('soon')).toBe('soon')
    expect(localTime('2025-03-01T20:30:00Z', 480)).toBe('2025-03-02 04:30')
    expect(localTime('2025-03-01T00:05:00Z', 0)).toBe('2025-03-01 00:05')
    expect(localTime('never')).toBe('never')
  })
  it('has a name for every common action and every backup reason in both languages', () => {
    for (const a of ['voucher.add', 'voucher.review', 'voucher.post', 'voucher.reverse', 'distribution.branch', 'distribution.meeting', 'period.close', 'period.reopen', 'year.close', 'user.add', 'user.role', 'book.restore']) {
      const k = actionKey(a).slice('auditAction.'.length)
      expect((zh.auditAction as Record<string, string>)[k], a).toBeTruthy()
      expect((en.auditAction as Record<string, string>)[k], a).toBeTruthy()
    }
    expect(BACKUP_REASONS.map((r) => (zh.backup.reason as Record<string, string>)[r])).toEqual(['手动', '升级前', '月结前', '年结前', '导入前', '恢复前', '每日'])
    for (const r of BACKUP_REASONS) expect((en.backup.reason as Record<string, string>)[r], r).toBeTruthy()
  })
})

describe('backups', () => {
  it('sizes read as people write them', () => {
    expect(sizeText(512)).toBe('512 B')
    expect(sizeText(2048)).toBe('2.0 KB')
    expect(sizeText(1843200)).toBe('1.8 MB')
  })
})

describe('payload fields', () => {
  it('are named where the locale has a name', async () => {
    const { fieldLabel } = await import('./users')
    const names = zh.auditField as Record<string, string>
    const has = (k: string) => k.slice('auditField.'.length) in names
    const t = (k: string) => names[k.slice('auditField.'.length)]
    expect(fieldLabel('reference', has, t)).toBe('文号')
    expect(fieldLabel('patronage_rate', has, t)).toBe('返还比例')
    expect(fieldLabel('wobble', has, t)).toBe('wobble')
    expect(fieldLabel('', has, t)).toBe('')
    expect(Object.keys(en.auditField).sort()).toEqual(Object.keys(zh.auditField).sort())
  })
})
