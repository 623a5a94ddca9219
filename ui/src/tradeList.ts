// The sales and delivery lists of the trade screen, read from the core (`trade_rows`) for a date
// range, by default the month of the entry row's date; reversed documents are listed too, marked
// by their `reversal_voucher_id`. Reloaded after every change to the book.
import { onMounted, ref, watch } from 'vue'
import { api, toErrorBody } from './api'
import type { ErrorBody, TradeRow } from './bindings'
import { i18n } from './i18n'
import { store } from './store'
import { inRange, monthRange } from './trade'
import { DATE_RE, today } from './util'

export function useTradeList(kind: 'sale' | 'delivery', entryDate: () => string) {
  const start = monthRange(entryDate()) ?? monthRange(today())!
  const from = ref(start.from)
  const to = ref(start.to)
  /** Newest first. */
  const rows = ref<TradeRow[]>([])
  const loading = ref(false)
  const error = ref<ErrorBody | null>(null)
  let seq = 0

  async function load() {
    const f = from.value.trim()
    const t = to.value.trim()
    if (!DATE_RE.test(f) || !DATE_RE.test(t)) {
      const field = DATE_RE.test(f) ? 'to' : 'from'
      const bad = field === 'from' ? f : t
      const zh = i18n.global.t('trade.rangeInvalid', { d: bad }, { locale: 'zh-CN' })
      const en = i18n.global.t('trade.rangeInvalid', { d: bad }, { locale: 'en' })
      error.value = { code: 'date-invalid', message: zh, zh, en, field, fields: [field] }
      return
    }
    const n = ++seq
    loading.value = true
    try {
      const r = await api.tradeRows(kind, f, t)
      if (n === seq) {
        rows.value = r.slice().reverse()
        error.value = null
      }
    } catch (e) {
      if (n === seq) error.value = toErrorBody(e)
    } finally {
      if (n === seq) loading.value = false
    }
  }

  /** Moves the range to the month of `date` when the date is outside it (a document just saved). */
  function show(date: string) {
    if (inRange(date, { from: from.value, to: to.value })) return
    const r = monthRange(date)
    if (r) {
      from.value = r.from
      to.value = r.to
    }
  }

  /** Back to the month of the entry row's date. */
  function entryMonth() {
    const r = monthRange(entryDate()) ?? monthRange(today())!
    from.value = r.from
    to.value = r.to
    load()
  }

  watch(() => store.version, load)
  onMounted(load)
  return { from, to, rows, loading, error, load, show, entryMonth }
}
