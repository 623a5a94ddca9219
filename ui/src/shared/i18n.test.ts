import { describe, expect, it } from 'vitest'
import { readFileSync, readdirSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import zh from './locales/zh-CN.json'
import en from './locales/en.json'

type Tree = { [k: string]: Tree | string }

function keys(t: Tree, prefix = ''): string[] {
  return Object.entries(t).flatMap(([k, v]) => (typeof v === 'string' ? [prefix + k] : keys(v, `${prefix}${k}.`)))
}

function files(dir: string, ext: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f)
    return statSync(p).isDirectory() ? files(p, ext) : p.endsWith(ext) ? [p] : []
  })
}

const src = join(__dirname, '..')
const CJK = /[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff01-\uff5e]/

describe('locale files', () => {
  it('have exactly the same keys', () => {
    const a = keys(zh as Tree).sort()
    const b = keys(en as Tree).sort()
    expect(a.filter((k) => !b.includes(k)), 'missing in en.json').toEqual([])
    expect(b.filter((k) => !a.includes(k)), 'missing in zh-CN.json').toEqual([])
    expect(a.length).toBeGreaterThan(100)
  })
  it('have no empty messages and no characters that the message syntax would read (@ |)', () => {
    for (const [name, t] of [['zh-CN', zh], ['en', en]] as const) {
      for (const k of keys(t as Tree)) {
        const v = k.split('.').reduce<Tree | string>((o, p) => (o as Tree)[p], t as Tree) as string
        expect(v.trim(), `${name} ${k}`).not.toBe('')
        expect(/[@|]/.test(v), `${name} ${k}: ${v}`).toBe(false)
      }
    }
  })
  it('every key used in the code exists', () => {
    const all = new Set(keys(zh as Tree))
    const used = new Set<string>()
    for (const f of [...files(src, '.vue'), ...files(src, '.ts')]) {
      const text = readFileSync(f, 'utf8')
      for (const m of text.matchAll(/\bt\(\s*'([a-zA-Z0-9_.]+)'/g)) used.add(m[1])
    }
    const missing = [...used].filter((k) => !all.has(k))
    expect(missing).toEqual([])
    expect(used.size).toBeGreaterThan(100)
  })
  it('dynamic keys (status, kind, class, nav) are all present', () => {
    const all = new Set(keys(zh as Tree))
    for (const s of ['draft', 'reviewed', 'posted']) expect(all.has(`status.${s}`)).toBe(true)
    for (const k of ['collective', 'party', 'cadre', 'farmer', 'entity']) expect(all.has(`kind.${k}`)).toBe(true)
    for (const c of ['asset', 'liability', 'equity', 'cost', 'pnl']) expect(all.has(`class.${c}`)).toBe(true)
    for (const n of ['dashboard', 'members', 'vouchers', 'accounts', 'reports', 'settings']) expect(all.has(`nav.${n}`)).toBe(true)
    for (const d of ['review', 'unreview', 'post', 'delete', 'reverse']) expect(all.has(`vlist.done.${d}`)).toBe(true)
  })
})

describe('components', () => {
  const vue = files(src, '.vue')
  it('exist', () => {
    expect(vue.length).toBeGreaterThanOrEqual(10)
  })
  it('carry no CJK text: every user-visible string lives in the locale files', () => {
    const offenders: string[] = []
    for (const f of vue) {
      const lines = readFileSync(f, 'utf8').split('\n')
      lines.forEach((l, i) => {
        if (CJK.test(l)) offenders.push(`${relative(src, f)}:${i + 1}: ${l.trim()}`)
      })
    }
    expect(offenders).toEqual([])
  })
  it('templates have no bare English words outside of interpolations either', () => {
    // text nodes between tags must be {{ … }} or symbols/punctuation only
    const offenders: string[] = []
    for (const f of vue) {
      const text = readFileSync(f, 'utf8')
      const m = /<template>([\s\S]*)<\/template>\s*$/.exec(text)
      if (!m) continue
      const tpl = m[1].replace(/\{\{[\s\S]*?\}\}/g, '')
      for (const t of tpl.matchAll(/>([^<>]+)</g)) {
        const s = t[1].trim()
        if (/[A-Za-z]{2,}/.test(s)) offenders.push(`${relative(src, f)}: ${s}`)
      }
    }
    expect(offenders).toEqual([])
  })
})
