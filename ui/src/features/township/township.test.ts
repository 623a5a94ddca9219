import { describe, expect, it } from 'vitest'
import type { TownshipReport, Verdict, VillageFigures } from '../../bindings'
import { i18n } from '../../shared/i18n'
import {
  COLLECTIVE_INCOME_MARK_YUAN,
  FLAG_KEYS,
  addPaths,
  axisYuan,
  collectiveIncomeOption,
  flagLabel,
  parsePaths,
  reachedMark,
  salesSurplusOption,
  shareText,
  townshipYears,
  verdictCounts,
  verdictStatus,
  verdictView,
  villageLabel,
} from './township'

const verdict = (status: string, more: Partial<Verdict> = {}): Verdict => ({
  file: '/u/青山村-同步包第1号.coopsync',
  status,
  uscc: '91350100M000100Y43',
  name: '青山村十方田农产品专业合作社',
  seq: 1,
  error: null,
  message: '已导入 青山村十方田农产品专业合作社 第 1 号同步包：凭证 5 张',
  ...more,
})

describe('verdicts', () => {
  it('imported is green, duplicate grey, refused red with the core words and code', () => {
    expect(verdictView(verdict('imported'), 'zh-CN')).toEqual({
      status: 'imported',
      tag: 'success',
      key: 'twp.verdict.imported',
      detail: '已导入 青山村十方田农产品专业合作社 第 1 号同步包：凭证 5 张',
      code: null,
    })
    const dup = verdictView(verdict('duplicate', { message: '青山村十方田农产品专业合作社 第 1 号同步包已导入过，未作改动' }), 'zh-CN')
    expect(dup).toMatchObject({ status: 'duplicate', tag: 'info', key: 'twp.verdict.duplicate', code: null })
    const error = { code: 'bundle-gap', message: 'x', zh: '青山村十方田农产品专业合作社 的同步包不连续：缺少第 2 号，请先导入', en: "the bundles have a gap: number 2 missing", field: null, fields: [] }
    const refused = verdict('refused', { seq: 3, error, message: `${error.zh} / ${error.en} [bundle-gap]` })
    expect(verdictView(refused, 'zh-CN')).toEqual({ status: 'refused', tag: 'danger', key: 'twp.verdict.refused', detail: error.zh, code: 'bundle-gap' })
    expect(verdictView(refused, 'en').detail).toBe(error.en)
  })
  it('a file that could not be read has no co-op, still its refusal', () => {
    const error = { code: 'bundle-signature', message: 'm', zh: '签名无效', en: 'bad signature', field: null, fields: [] }
    const v = verdictView(verdict('refused', { uscc: null, name: null, seq: null, error }), 'zh-CN')
    expect(v).toMatchObject({ status: 'refused', detail: '签名无效', code: 'bundle-signature' })
  })
  it('an unknown status is never shown as imported', () => {
    expect(verdictStatus('weird')).toBe('refused')
    expect(verdictView(verdict('weird'), 'zh-CN').tag).toBe('danger')
  })
  it('the words of each status, in both languages', () => {
    const zh = (k: string) => i18n.global.t(k, {}, { locale: 'zh-CN' })
    expect(zh('twp.verdict.imported')).toBe('已导入')
    expect(zh('twp.verdict.duplicate')).toBe('已导入过（未改动）')
    expect(zh('twp.verdict.refused')).toBe('拒绝')
    for (const s of ['imported', 'duplicate', 'refused']) expect(i18n.global.te(`twp.verdict.${s}`, 'en')).toBe(true)
  })
  it('counts', () => {
    expect(verdictCounts([verdict('imported'), verdict('imported'), verdict('duplicate'), verdict('refused'), verdict('?')])).toEqual({ imported: 2, duplicate: 1, refused: 2 })
    expect(i18n.global.t('twp.imp.counts', { imported: 2, duplicate: 0, refused: 1 }, { locale: 'zh-CN' })).toBe('已导入 2 个，已导入过 0 个，拒绝 1 个')
  })
})

describe('the paths typed or picked', () => {
  it('one per line, trimmed, quotes dropped, blanks skipped, each once', () => {
    expect(parsePaths('  /a/b2.coopsync \n\n"C:\\\\村\\\\b1.coopsync"\r\n/a/b2.coopsync\n\'/x y/z.coopsync\'\n')).toEqual(['/a/b2.coopsync', 'C:\\\\村\\\\b1.coopsync', '/x y/z.coopsync'])
    expect(parsePaths('')).toEqual([])
    expect(parsePaths('"')).toEqual(['"'])
  })
  it('picked files are added after the typed ones, not twice', () => {
    expect(addPaths('/a/1.coopsync\n', ['/a/2.coopsync', '/a/1.coopsync'])).toBe('/a/1.coopsync\n/a/2.coopsync')
    expect(addPaths('', ['/a/2.coopsync'])).toBe('/a/2.coopsync')
  })
})

describe('shares and flags', () => {
  it('a fraction as a percentage, a dash when none', () => {
    expect(shareText('0.6000')).toBe('60.00%')
    expect(shareText('0.2999')).toBe('29.99%')
    expect(shareText('1.0000')).toBe('100.00%')
    expect(shareText('0.12345')).toBe('12.35%')
    expect(shareText(null)).toBe('\u2014')
    expect(shareText('junk')).toBe('\u2014')
  })
  it('flags in Chinese and English; an unknown code shown as it is', () => {
    const zh = (k: string) => i18n.global.t(k, {}, { locale: 'zh-CN' })
    const en = (k: string) => i18n.global.t(k, {}, { locale: 'en' })
    expect(flagLabel('collective-below-30', zh)).toBe('村集体占股低于 30%')
    expect(flagLabel('patronage-below-60', zh)).toBe('按交易额返还低于 60%')
    expect(flagLabel('collective-below-30', en)).toBe('Collective share below 30%')
    expect(flagLabel('something-new', zh)).toBe('something-new')
    for (const k of Object.values(FLAG_KEYS)) for (const l of ['zh-CN', 'en'] as const) expect(i18n.global.te(k, l), `${l} ${k}`).toBe(true)
  })
  it('the 500,000 yuan mark is reached exactly at 500,000.00', () => {
    expect(reachedMark({ collective_income: '500000.00' })).toBe(true)
    expect(reachedMark({ collective_income: '499999.99' })).toBe(false)
    expect(reachedMark({ collective_income: '1234567.89' })).toBe(true)
    expect(reachedMark({ collective_income: 'junk' })).toBe(false)
  })
  it('village labels and years', () => {
    expect(villageLabel({ village: '青山村', name: '青山村十方田农产品专业合作社' })).toBe('青山村')
    expect(villageLabel({ village: ' ', name: '某合作社' })).toBe('某合作社')
    expect(townshipYears(2026, 2026)).toEqual([2026, 2025, 2024, 2023, 2022])
    expect(townshipYears(2026, 2019)).toEqual([2026, 2025, 2024, 2023, 2022, 2019])
  })
})

function village(over: Partial<VillageFigures>): VillageFigures {
  return {
    uscc: '91350100M000100Y43', name: '青山村十方田农产品专业合作社', village: '青山村', last_seq: 2, members: 3, kinds: { farmer: 2, collective: 1 },
    collective_share: '0.6000', contributions: '100000.00', contributions_by_kind: {}, sales: '1500.00', sales_by_channel: {}, sales_by_month: {},
    surplus: '2000.01', reserve: '0.00', patronage: '0.00', residual: '0.00', distributed: '0.00', patronage_share: null, collective_income: '0.00',
    per_member: '0.00', flags: [], ...over,
  }
}

const report: TownshipReport = {
  year: 2025,
  villages: [
    village({}),
    village({ uscc: '93350125MA2YH0E50P', name: '白云村香菇专业合作社', village: '白云村', sales: '2345678.91', surplus: '-1234.56', collective_income: '512345.67' }),
  ],
  totals: { coops: 2, members: 6, contributions: '200000.00', sales: '2347178.91', surplus: '765.45', distributed: '0.00', collective_income: '512345.67', villages_500k: 1, villages_500k_share: '0.5000', flagged: 0 },
}
const labels = { sales: '销售', surplus: '本年盈余', collectiveIncome: '村集体收入', mark: '50 万元' }

describe('chart options from a township report', () => {
  it('sales and surplus: one category a village, two series of numbers for drawing', () => {
    const o = salesSurplusOption(report, labels)
    expect(o.xAxis.data).toEqual(['青山村', '白云村'])
    expect(o.series.map((s) => s.name)).toEqual(['销售', '本年盈余'])
    expect(o.series[0].data).toEqual([1500, 2345678.91])
    expect(o.series[1].data).toEqual([2000.01, -1234.56])
    expect(o.legend.data).toEqual(['销售', '本年盈余'])
  })
  it('the tooltip shows the exact amounts, not the drawn numbers', () => {
    const o = salesSurplusOption(report, labels)
    const html = o.tooltip.formatter([
      { dataIndex: 1, seriesIndex: 0, marker: '' },
      { dataIndex: 1, seriesIndex: 1, marker: '' },
    ])
    expect(html).toBe('白云村香菇专业合作社<br/>销售: 2,345,678.91<br/>本年盈余: -1,234.56')
    expect(o.tooltip.formatter([])).toBe('')
  })
  it('collective income: the marker line at 500,000 and the villages that reached it set apart', () => {
    const o = collectiveIncomeOption(report, labels)
    const s = o.series[0]
    expect(s.data.map((d) => d.value)).toEqual([0, 512345.67])
    expect(s.markLine.data).toEqual([{ yAxis: COLLECTIVE_INCOME_MARK_YUAN, name: '50 万元' }])
    expect(s.markLine.label.formatter).toBe('50 万元')
    expect(s.data[0].itemStyle.color).not.toBe(s.data[1].itemStyle.color)
    // the top bar is near the mark: the axis reaches 600,000 so that the line is not at its edge
    expect(o.yAxis.max).toBe(600000)
    expect(o.tooltip.formatter([{ dataIndex: 1, seriesIndex: 0 }])).toBe('白云村香菇专业合作社<br/>村集体收入: 512,345.67')
  })
  it('when every village is far below the mark, the axis still shows the line', () => {
    const low = { ...report, villages: [village({ collective_income: '12000.00' })] }
    expect(collectiveIncomeOption(low, labels).yAxis.max).toBe(600000)
  })
  it('well above the mark, the axis is left to ECharts', () => {
    const high = { ...report, villages: [village({ collective_income: '1234567.89' })] }
    expect('max' in collectiveIncomeOption(high, labels).yAxis).toBe(false)
  })
  it('an empty report draws empty charts', () => {
    const empty = { ...report, villages: [] }
    expect(salesSurplusOption(empty, labels).series[0].data).toEqual([])
    expect(collectiveIncomeOption(empty, labels).series[0].data).toEqual([])
  })
  it('axis labels', () => {
    expect(axisYuan(500000)).toBe('500,000')
    expect(axisYuan(-1234.4)).toBe('-1,234')
    expect(axisYuan(NaN)).toBe('')
  })
})
