import { describe, expect, it } from 'vitest'
import { createI18n } from 'vue-i18n'
import zh from '../../shared/locales/zh-CN.json'
import en from '../../shared/locales/en.json'
import { IMPORTS, columnsText, testid, word } from './imports'

const i18n = createI18n({ legacy: false, locale: 'zh-CN', messages: { 'zh-CN': zh, en } })
const tz = (k: string, n?: Record<string, unknown>) => i18n.global.t(k, n ?? {}, { locale: 'zh-CN' })
const te = (k: string, n?: Record<string, unknown>) => i18n.global.t(k, n ?? {}, { locale: 'en' })

describe('the import wizard, generalised', () => {
  it('keeps the member roll wizard exactly as it was', () => {
    expect(columnsText('members', tz)).toBe('表头应有 姓名、身份证号、成员类型，可选 联系电话、入社日期；CSV（UTF-8 或 GBK 编码）或 XLSX 文件（读第一个工作表）。')
    expect(testid('members', 'path')).toBe('import-path')
    expect(testid('members', 'error-0')).toBe('import-error-0')
    expect(IMPORTS.members.command).toBe('import_members')
    expect(word('members', tz, 'title')).toBe('导入花名册')
    expect(word('members', tz, 'run', { n: 3 })).toBe('导入 3 名成员')
  })
  it('describes the sales file: its columns in the core order, required first', () => {
    const text = columnsText('sales', tz)
    expect(text.startsWith('表头应有 日期、产品、数量、单价、客户，可选 单位、渠道、收款方式、协议；')).toBe(true)
    expect(text).toContain('赊销')
    for (const c of ['日期', '产品', '数量', '单位', '单价', '客户', '渠道', '收款方式', '协议']) expect(text).toContain(c)
    expect(columnsText('sales', te)).toMatch(/^Columns: 日期 \(date\), 产品 \(product\), 数量 \(quantity\), 单价 \(price\), 客户 \(buyer\), optional 单位 \(unit\)/)
    expect(testid('sales', 'path')).toBe('sales-import-path')
    expect(testid('sales', 'error-2')).toBe('sales-import-error-2')
    expect(IMPORTS.sales.command).toBe('import_sales')
    expect(word('sales', tz, 'run', { n: 4 })).toBe('导入 4 笔销售')
  })
  it('describes the opening balance file: code, name, both balances, the member where kept per member', () => {
    const text = columnsText('opening', tz)
    expect(text.startsWith('表头应有 科目编码、科目名称、借方余额、贷方余额，可选 成员编号；')).toBe(true)
    expect(text).toContain('522 管理费用 → 523')
    expect(columnsText('opening', te)).toMatch(/^Columns: 科目编码 \(code\), 科目名称 \(name\), 借方余额 \(debit\), 贷方余额 \(credit\), optional 成员编号 \(member\)/)
    expect(testid('opening', 'path')).toBe('opening-import-path')
    expect(IMPORTS.opening.command).toBe('opening_preview')
    expect(word('opening', tz, 'title')).toBe('导入期初余额（旧账）')
    expect(word('opening', tz, 'run', { n: 14 })).toBe('写入期初余额（14 行）')
  })
  it('describes the voucher file: one voucher line a row, in the core order (src/io/voucher_import.rs VOUCHERS)', () => {
    expect(columnsText('vouchers', tz)).toMatch(/^表头应有 日期、凭证号、摘要、科目编码、借方金额、贷方金额，可选 成员编号、附件数、制单人、审核人；/)
    expect(columnsText('vouchers', tz)).toContain('同一个月里相邻、凭证号相同的行是一张凭证')
    expect(columnsText('vouchers', te)).toMatch(/^Columns: 日期 \(date\), 凭证号 \(voucher no\.\), 摘要 \(summary\), 科目编码 \(code\), 借方金额 \(debit\), 贷方金额 \(credit\), optional 成员编号 \(member\)/)
    expect(testid('vouchers', 'path')).toBe('voucher-import-path')
    expect(IMPORTS.vouchers.command).toBe('import_vouchers')
    expect(word('vouchers', tz, 'run', { n: 164405 })).toBe('导入并记账（164405 行分录）')
    expect(word('vouchers', tz, 'summary', { vouchers: 3, lines: 6, total: '1,330.50', from: '2025-01-10', to: '2025-02-03' })).toBe('3 张凭证、6 行分录，借贷各 1,330.50 元（2025-01-10 — 2025-02-03）')
  })
  it('has every word of every kind in both languages', () => {
    for (const kind of ['members', 'sales', 'opening', 'vouchers'] as const) {
      for (const k of ['title', 'file', 'run', 'nothing', 'done', 'newNumbers']) {
        for (const t of [tz, te]) {
          const key = `${IMPORTS[kind].words}.${k}`
          expect(t(key, { n: 1 }), key).not.toBe(key)
        }
      }
      for (const c of [...IMPORTS[kind].required, ...IMPORTS[kind].optional]) expect(tz(`imp.col.${c}`)).not.toBe(`imp.col.${c}`)
    }
  })
})
