import { describe, expect, it } from 'vitest'
import { EXTRA_SCREENS, NAV_ORDER, SCREENS } from './store'
import { screenIndexOfDigit, shortcutDigit } from './util'
import zh from './locales/zh-CN.json'

describe('screens and their shortcuts', () => {
  it('the sidebar lists every screen once', () => {
    expect([...NAV_ORDER].sort()).toEqual([...SCREENS, ...EXTRA_SCREENS].sort())
    expect(new Set(NAV_ORDER).size).toBe(NAV_ORDER.length)
  })
  it('the township summary has no shortcut and comes last', () => {
    expect((SCREENS as readonly string[]).includes('township')).toBe(false)
    expect(NAV_ORDER[NAV_ORDER.length - 1]).toBe('township')
  })
  it('the distribution comes after trade and assets in the sidebar', () => {
    expect(NAV_ORDER.indexOf('distribution')).toBe(NAV_ORDER.indexOf('operations') + 1)
    expect(NAV_ORDER.indexOf('trade')).toBeLessThan(NAV_ORDER.indexOf('distribution'))
  })
  it('Alt+1…9 keep their screens; the tenth is Alt+0', () => {
    expect(SCREENS.slice(0, 9)).toEqual(['dashboard', 'members', 'vouchers', 'accounts', 'reports', 'settings', 'equity', 'trade', 'operations'])
    expect(SCREENS.map((_, i) => shortcutDigit(i))).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '0'])
    expect(SCREENS[screenIndexOfDigit('0')!]).toBe('distribution')
    expect(SCREENS[screenIndexOfDigit('8')!]).toBe('trade')
    expect(shortcutDigit(10)).toBeNull()
    expect(screenIndexOfDigit('x')).toBeNull()
  })
  it('every screen has its name', () => {
    for (const s of NAV_ORDER) expect((zh.nav as Record<string, string>)[s], s).toBeTruthy()
  })
})
