import { describe, expect, it } from 'vitest'
import { kb, printedParams } from './print'
import { i18n } from './i18n'

describe('printing messages', () => {
  it('kb: whole KB, rounded, at least 1', () => {
    expect(kb(0)).toBe('0')
    expect(kb(300)).toBe('1')
    expect(kb(1024)).toBe('1')
    expect(kb(1535)).toBe('1')
    expect(kb(1536)).toBe('2')
    expect(kb(2_621_440)).toBe('2560')
  })
  it('the message names the path, pages and size', () => {
    const p = { path: '/home/kuaiji/文档/2025年度盈余分配通知单.pdf', pages: 834, bytes: 7_864_320, items: 2500 }
    expect(printedParams(p)).toEqual({ path: p.path, pages: 834, kb: '7680', items: 2500 })
    expect(i18n.global.t('print.done', printedParams(p), { locale: 'zh-CN' })).toBe('已生成 PDF：/home/kuaiji/文档/2025年度盈余分配通知单.pdf（834 页，7680 KB），已在系统查看器中打开')
  })
})
