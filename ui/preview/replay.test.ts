import { describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { WRITES, handle, openDemoNow, recording, stableKey } from './replay'

/** Each command of src/shared/api.ts with the names of the arguments it sends. */
function apiArgs(): Map<string, string[]> {
  const text = readFileSync(join(__dirname, '..', 'src', 'shared', 'api.ts'), 'utf8')
  const m = new Map<string, string[]>()
  for (const c of text.matchAll(/call<[^>]*(?:<[^>]*>)?[^>]*>\('([a-z_]+)'(?:,\s*\{([^}]*)\})?\)/g)) {
    m.set(c[1], (c[2] ?? '').split(',').map((s) => s.trim().split(':')[0].trim()).filter(Boolean))
  }
  return m
}

describe('the recorded answers', () => {
  it('come one per command and arguments', () => {
    const keys = recording.answers.map((a) => stableKey(a.cmd, a.args))
    expect(new Set(keys).size).toBe(keys.length)
    expect(recording.answers.length).toBeGreaterThan(100)
  })
  it('are keyed by the arguments the app sends (src/shared/api.ts)', () => {
    const api = apiArgs()
    expect(api.size).toBeGreaterThan(80)
    for (const a of recording.answers) {
      expect(api.has(a.cmd), a.cmd).toBe(true)
      expect(Object.keys(a.args).sort(), a.cmd).toEqual([...(api.get(a.cmd) ?? [])].sort())
    }
  })
  it('hold no folder of the machine that recorded them', () => {
    const text = readFileSync(join(__dirname, 'recorded.json'), 'utf8')
    expect(text).not.toMatch(/\/tmp\/|\/root\/|\/work\/|coopbook-preview-/)
  })
  it('cover what the screens ask for first, on the recorded day', () => {
    const year = Number(recording.today.slice(0, 4))
    const month = recording.today.slice(0, 7)
    const has = (cmd: string, args: Record<string, unknown>) => recording.answers.some((a) => stableKey(a.cmd, a.args) === stableKey(cmd, args))
    expect(has('member_page', { query: null, limit: 100, offset: 0 })).toBe(true)
    expect(has('vouchers', { filter: { month: null, status: null, limit: 100, offset: 0 } })).toBe(true)
    for (const kind of ['sale', 'delivery']) expect(has('trade_page', { kind, from: `${month}-01`, to: recording.today, limit: 100, offset: 0 }), kind).toBe(true)
    expect(has('trial_balance', { from: `${year}-01-01`, to: `${year}-12-31` })).toBe(true)
    expect(has('statement', { kind: 'balance-sheet', year, month: 12 })).toBe(true)
    expect(has('shares', { at: recording.today })).toBe(true)
    expect(has('distribution', { year })).toBe(true)
    // the first screen, a member's account, the contribution and operation lists, the slips' codes
    expect(has('dashboard', { year })).toBe(true)
    expect(has('member_account', { no: 1, year })).toBe(true)
    expect(has('contribution_page', { member: null, limit: 100, offset: 0 })).toBe(true)
    expect(has('operations', {})).toBe(true)
    expect(has('slip_codes', { year })).toBe(true)
  })
})

describe('the replay', () => {
  it('opens the demo book and logs in with the recorded answers', async () => {
    expect(await handle('app_info', {})).toMatchObject({ book: null, me: null })
    await handle('open_demo', {})
    expect(await handle('app_info', {})).toMatchObject({ book: recording.book, me: { name: '' } })
    await expect(handle('login', { user: '会计', password: 'nope' })).rejects.toMatchObject({ code: 'bad-password' })
    expect(await handle('login', { user: '会计', password: 'coopbook' })).toMatchObject({ name: '会计', role: 'accountant' })
    expect(await handle('app_info', {})).toMatchObject({ user: '会计', me: { name: '会计' } })
  })
  it('answers a read as the core did, and never computes one', async () => {
    openDemoNow()
    const page = (await handle('member_page', { query: null, limit: 100, offset: 0 })) as { rows: unknown[]; total: number }
    expect(page.rows.length).toBe(page.total)
    await expect(handle('member_page', { query: '张', limit: 100, offset: 0 })).rejects.toMatchObject({ code: 'preview-not-recorded' })
  })
  it('refuses every change: the preview is read-only', async () => {
    openDemoNow()
    for (const cmd of ['add_member', 'add_voucher', 'sell', 'deliver', 'post_voucher', 'close_year']) {
      expect(WRITES.has(cmd)).toBe(true)
      await expect(handle(cmd, {})).rejects.toMatchObject({ code: 'preview-read-only' })
    }
    // a what-if plan is a read and was recorded; saving one is a change
    await expect(handle('distribution_plan', { year: 2025, reserveRate: null, patronageRate: null, whatIf: false })).rejects.toMatchObject({ code: 'preview-read-only' })
  })
})
