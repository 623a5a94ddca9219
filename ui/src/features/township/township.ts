// The township station's screen (乡镇汇总, Township.vue): the import's verdicts as people read
// them, the bundle paths typed or picked, the report's shares and flags, and the two charts'
// ECharts options built from a TownshipReport. Pure functions, tested in township.test.ts (beside it).
// Amounts stay exact strings everywhere; only the chart option builders below turn them into
// numbers, and only for drawing.
import type { ErrorBody, TownshipReport, Verdict, VillageFigures } from '../../bindings'
import { formatAmount, fractionToPercent, toFen } from '../../shared/money'

// ---- the import --------------------------------------------------------------------------------

export type VerdictStatus = 'imported' | 'duplicate' | 'refused'

/** How a verdict is shown: its status, the tag's colour, the locale key of its word, the detail. */
export interface VerdictView {
  status: VerdictStatus
  /** Element Plus tag type: green imported, grey already there, red refused. */
  tag: 'success' | 'info' | 'danger'
  /** `twp.verdict.imported` 已导入, `twp.verdict.duplicate` 已导入过（未改动）, `twp.verdict.refused` 拒绝. */
  key: string
  /** The refusal in the language shown (the core's zh or en), else the core's message. */
  detail: string
  /** The refusal's code, e.g. `bundle-gap`; null unless refused. */
  code: string | null
}

/** An unknown status is treated as a refusal: nothing claims a file went in unless the core said so. */
export function verdictStatus(status: string): VerdictStatus {
  return status === 'imported' || status === 'duplicate' ? status : 'refused'
}

const TAGS: Record<VerdictStatus, VerdictView['tag']> = { imported: 'success', duplicate: 'info', refused: 'danger' }

export function verdictView(v: Pick<Verdict, 'status' | 'message' | 'error'>, locale: string): VerdictView {
  const status = verdictStatus(v.status)
  const e: ErrorBody | null = v.error
  let detail = v.message
  if (status === 'refused' && e) detail = (locale === 'en' ? e.en : e.zh) || e.message || v.message
  return { status, tag: TAGS[status], key: `twp.verdict.${status}`, detail, code: status === 'refused' ? (e?.code ?? null) : null }
}

/** How many files went in, were there already, were refused. */
export function verdictCounts(vs: readonly Pick<Verdict, 'status'>[]): Record<VerdictStatus, number> {
  const c: Record<VerdictStatus, number> = { imported: 0, duplicate: 0, refused: 0 }
  for (const v of vs) c[verdictStatus(v.status)]++
  return c
}

/**
 * The bundle files typed or pasted, one per line: trimmed, quotes around a path dropped (Windows'
 * "Copy as path" adds them), blank lines skipped, each file once in the order given.
 */
export function parsePaths(text: string): string[] {
  const out: string[] = []
  for (const raw of text.split(/\r?\n/)) {
    let p = raw.trim()
    if (p.length >= 2 && ((p.startsWith('"') && p.endsWith('"')) || (p.startsWith("'") && p.endsWith("'")))) p = p.slice(1, -1).trim()
    if (p && !out.includes(p)) out.push(p)
  }
  return out
}

/** The textarea after files were picked: what was typed, then the picked files not already there. */
export function addPaths(text: string, picked: readonly string[]): string {
  const have = parsePaths(text)
  for (const p of picked) if (p.trim() && !have.includes(p.trim())) have.push(p.trim())
  return have.join('\n')
}

// ---- the report ---------------------------------------------------------------------------------

/** A fraction of the core ("0.6000") as a percentage ("60.00%"); '—' when there is none. */
export function shareText(fraction: string | null | undefined): string {
  return (fraction == null ? null : fractionToPercent(fraction, 2)) ?? '\u2014'
}

/** The flags the core raises, with their locale keys (村集体占股低于 30%, 按交易额返还低于 60%). */
export const FLAG_KEYS: Readonly<Record<string, string>> = {
  'collective-below-30': 'twp.flag.collectiveBelow30',
  'patronage-below-60': 'twp.flag.patronageBelow60',
}

/** A flag's label: its text through `t` when known, else the code as the core sent it. */
export function flagLabel(code: string, t: (key: string) => string): string {
  const k = FLAG_KEYS[code]
  return k ? t(k) : code
}

/** 500,000 元 in 分: the collective income the county counts villages against (the core's mark). */
export const COLLECTIVE_INCOME_MARK_FEN = 50_000_000n
/** The same mark in yuan, for the chart's line only. */
export const COLLECTIVE_INCOME_MARK_YUAN = 500_000

/** Whether a village's collective income reached the 500,000 元 mark (exactly, in 分). */
export function reachedMark(v: Pick<VillageFigures, 'collective_income'>): boolean {
  const f = toFen(v.collective_income)
  return f !== null && f >= COLLECTIVE_INCOME_MARK_FEN
}

/** A village's short name on the charts' axis: its village, else the co-op's name. */
export function villageLabel(v: Pick<VillageFigures, 'village' | 'name'>): string {
  return v.village.trim() || v.name
}

/** The years offered by the year picker: this year and the four before it, and the one chosen. */
export function townshipYears(current: number, chosen: number | null): number[] {
  const ys = new Set<number>()
  for (let i = 0; i < 5; i++) ys.add(current - i)
  if (chosen !== null && Number.isInteger(chosen)) ys.add(chosen)
  return [...ys].sort((a, b) => b - a)
}

// ---- the charts -----------------------------------------------------------------------------------

/** The words the charts show, in the language of the screen. */
export interface ChartLabels {
  sales: string
  surplus: string
  collectiveIncome: string
  /** The marker line's label, e.g. "50 万元". */
  mark: string
}

/** An integer number of yuan with thousands separators, for the axis only: 500000 → "500,000". */
export function axisYuan(v: number): string {
  if (!Number.isFinite(v)) return ''
  const neg = v < 0
  const digits = String(Math.round(Math.abs(v))).replace(/\B(?=(\d{3})+(?!\d))/g, ',')
  return neg ? `-${digits}` : digits
}

// The only place amounts become JS numbers: the bar heights. ECharts draws numbers, and a bar a
// fraction of a fen off is invisible; every figure a person reads (tooltips, tables, cards) is the
// exact string formatted by money.ts.
function drawn(amount: string): number {
  const n = Number(amount)
  return Number.isFinite(n) ? n : 0
}

type Tip = { dataIndex: number; seriesIndex: number; marker?: string }

function tooltipFor(r: TownshipReport, series: Array<{ name: string; field: 'sales' | 'surplus' | 'collective_income' }>) {
  return (ps: Tip | Tip[]) => {
    const list = Array.isArray(ps) ? ps : [ps]
    if (!list.length) return ''
    const v = r.villages[list[0].dataIndex]
    if (!v) return ''
    const rows = list.map((p) => {
      const s = series[p.seriesIndex]
      return s ? `${p.marker ?? ''}${s.name}: ${formatAmount(v[s.field])}` : ''
    })
    return [v.name, ...rows].filter(Boolean).join('<br/>')
  }
}

const AXIS = {
  axisTick: { show: false },
  axisLine: { lineStyle: { color: '#c9d1d9' } },
  axisLabel: { color: '#57606a' },
}

function categoryAxis(r: TownshipReport) {
  return { type: 'category', data: r.villages.map(villageLabel), ...AXIS, axisLabel: { color: '#57606a', interval: 0, hideOverlap: true } }
}

function valueAxis(max?: number) {
  return {
    type: 'value',
    ...(max !== undefined ? { max } : {}),
    splitLine: { lineStyle: { color: '#eef1f4' } },
    axisLabel: { color: '#57606a', formatter: axisYuan },
  }
}

/** The bar chart of every village's sales and surplus for the year, side by side. */
export function salesSurplusOption(r: TownshipReport, labels: ChartLabels) {
  const series = [
    { name: labels.sales, field: 'sales' as const, color: '#2f7d6d' },
    { name: labels.surplus, field: 'surplus' as const, color: '#d08c2f' },
  ]
  return {
    animation: false,
    grid: { left: 80, right: 16, top: 36, bottom: 36 },
    legend: { top: 0, data: series.map((s) => s.name) },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, formatter: tooltipFor(r, series) },
    xAxis: categoryAxis(r),
    yAxis: valueAxis(),
    series: series.map((s) => ({
      type: 'bar',
      name: s.name,
      barMaxWidth: 28,
      itemStyle: { color: s.color, borderRadius: [3, 3, 0, 0] },
      data: r.villages.map((v) => drawn(v[s.field])),
    })),
  }
}

/**
 * The bar chart of every village's collective income with a dashed line at 500,000 元; bars that
 * reached it are darker. When no village comes near the mark the axis still reaches past it, so
 * the line is always in sight.
 */
export function collectiveIncomeOption(r: TownshipReport, labels: ChartLabels) {
  const values = r.villages.map((v) => drawn(v.collective_income))
  const top = values.reduce((m, x) => Math.max(m, x), 0)
  const max = top < COLLECTIVE_INCOME_MARK_YUAN * 1.1 ? COLLECTIVE_INCOME_MARK_YUAN * 1.2 : undefined
  const series = [{ name: labels.collectiveIncome, field: 'collective_income' as const }]
  return {
    animation: false,
    grid: { left: 80, right: 16, top: 36, bottom: 36 },
    legend: { top: 0, data: [labels.collectiveIncome] },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, formatter: tooltipFor(r, series) },
    xAxis: categoryAxis(r),
    yAxis: valueAxis(max),
    series: [
      {
        type: 'bar',
        name: labels.collectiveIncome,
        barMaxWidth: 28,
        itemStyle: { color: '#7fb3a6' },
        data: r.villages.map((v, i) => ({
          value: values[i],
          itemStyle: { color: reachedMark(v) ? '#1f5f52' : '#7fb3a6', borderRadius: [3, 3, 0, 0] },
        })),
        markLine: {
          silent: true,
          symbol: 'none',
          lineStyle: { color: '#c0392b', type: 'dashed', width: 1.5 },
          label: { formatter: labels.mark, position: 'insideEndTop', color: '#c0392b' },
          data: [{ yAxis: COLLECTIVE_INCOME_MARK_YUAN, name: labels.mark }],
        },
      },
    ],
  }
}
