import { describe, expect, it } from 'vitest'
import { readFileSync, existsSync } from 'node:fs'
import { join } from 'node:path'
import { SCREEN_SECTIONS, SETTINGS_TAB_SECTIONS, headingAnchors, mappedSections, sectionFor, type HelpContext } from './help'
import { EXTRA_SCREENS, SCREENS } from '../../shared/store'

const docs = join(__dirname, '..', '..', '..', '..', 'docs')
const manuals = {
  'zh-CN': readFileSync(join(docs, 'manual.zh-CN.md'), 'utf8'),
  en: readFileSync(join(docs, 'manual.en.md'), 'utf8'),
}
const base: HelpContext = { welcome: false, townshipAlone: false, gate: null, screen: 'dashboard', settingsTab: 'book' }

describe('help: screen → section', () => {
  it('every screen has a section', () => {
    for (const s of [...SCREENS, ...EXTRA_SCREENS]) expect(SCREEN_SECTIONS[s], s).toBeTruthy()
  })
  it('follows what the app shows', () => {
    expect(sectionFor({ ...base, welcome: true })).toBe('first-run')
    expect(sectionFor({ ...base, welcome: true, setupStep: 'charter' })).toBe('charter')
    expect(sectionFor({ ...base, welcome: true, setupStep: 'collective' })).toBe('collective')
    expect(sectionFor({ ...base, welcome: true, setupStep: 'backup' })).toBe('backup-place')
    expect(sectionFor({ ...base, welcome: false, setupStep: 'backup' })).toBe('screens')
    expect(sectionFor({ ...base, welcome: true, townshipAlone: true })).toBe('township')
    expect(sectionFor({ ...base, gate: 'claim' })).toBe('admin-password')
    expect(sectionFor({ ...base, gate: 'login', screen: 'trade' })).toBe('screens')
    expect(sectionFor({ ...base, screen: 'trade' })).toBe('daily-entry')
    expect(sectionFor({ ...base, screen: 'distribution' })).toBe('distribution')
    expect(sectionFor({ ...base, screen: 'accounts' })).toBe('accounts')
    expect(sectionFor({ ...base, screen: 'township' })).toBe('township')
  })
  it('the settings screen goes by its tab', () => {
    expect(sectionFor({ ...base, screen: 'settings', settingsTab: 'book' })).toBe('month-close')
    expect(sectionFor({ ...base, screen: 'settings', settingsTab: 'users' })).toBe('users')
    expect(sectionFor({ ...base, screen: 'settings', settingsTab: 'backups' })).toBe('backup')
    // the tab only matters on the settings screen
    expect(sectionFor({ ...base, screen: 'members', settingsTab: 'users' })).toBe('members')
  })
})

describe('help: the manuals', () => {
  it('reads heading anchors', () => {
    expect(headingAnchors('# T\n## <a id="install"></a>1. 安装\ntext <a id="no"></a>\n### <a id="a-b"></a>2.1 x\n')).toEqual(['install', 'a-b'])
  })
  for (const [name, md] of Object.entries(manuals)) {
    it(`${name} has every anchor the mapping uses`, () => {
      const anchors = new Set(headingAnchors(md))
      const missing = mappedSections().filter((a) => !anchors.has(a))
      expect(missing).toEqual([])
      for (const a of Object.values(SETTINGS_TAB_SECTIONS)) expect(anchors.has(a), a).toBe(true)
    })
    it(`${name}: anchors are unique and in-page links resolve`, () => {
      const list = headingAnchors(md)
      expect(new Set(list).size).toBe(list.length)
      for (const m of md.matchAll(/\]\(#([A-Za-z0-9_-]+)\)/g)) expect(list, m[1]).toContain(m[1])
    })
    it(`${name}: every picture it shows is in docs/manual/img`, () => {
      const pics = [...md.matchAll(/\]\((manual\/img\/[^)]+\.png)\)/g)].map((m) => m[1])
      expect(pics.length).toBeGreaterThan(0)
      for (const p of pics) expect(existsSync(join(docs, p)), p).toBe(true)
    })
  }
  it('both manuals have the same sections in the same order', () => {
    expect(headingAnchors(manuals.en)).toEqual(headingAnchors(manuals['zh-CN']))
  })
  it('the error table covers at least 40 codes, the same in both', () => {
    const codes = (md: string) => {
      const from = md.indexOf('<a id="errors"></a>')
      return [...md.slice(from).matchAll(/^\| `([a-z0-9-]+)`/gm)].map((m) => m[1])
    }
    expect(codes(manuals['zh-CN']).length).toBeGreaterThanOrEqual(40)
    expect(codes(manuals.en)).toEqual(codes(manuals['zh-CN']))
  })
})
