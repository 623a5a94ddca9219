// The sales and delivery lists of the trade screen, read from the core (`trade_rows`) for a date
// range, by default the month of the entry row's date; reversed documents are listed too, marked
// by their `reversal_voucher_id`. Reloaded after every change to the book. Read a page at a time
// (`trade_page`, newest first): a range of ten years holds 358,000 deliveries; the count and amount
// of what stands are the range's, not the page's.
import { onMounted, ref, watch } from 'vue'
import { api, toErrorBody } from '../../shared/api'
import type { ErrorBody, TradeRow } from '../../bindings'
import { i18n } from '../../shared/i18n'
import { store } from '../../shared/store'
import { inRange, monthRange } from './trade'
import { DATE_RE, today } from '../../shared/util'
import { PAGE, clampPage, pageOffset } from '../../shared/paging'

export function useTradeList(kind: 'sale' | 'delivery', entryDate: () => string) {
  const start = monthRange(entryDate()) ?? monthRange(today())!
  const from = ref(start.from)
  const to = ref(start.to)
  /** Newest first. */
  const rows = ref<TradeRow[]>([])
  /** In the whole range: every row, those not reversed, and their amount. */
  const total = ref(0)
  const live = ref(0)
  const amount = ref('0.00')
  const page = ref(1)
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
      const r = await api.tradePage(kind, f, t, PAGE, pageOffset(page.value))
      if (n === seq) {
        const last = clampPage(page.value, r.total)
        if (last !== page.value) {
          page.value = last
          return
        }
        rows.value = r.rows
        total.value = r.total
        live.value = r.live
        amount.value = r.amount
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

  /** A new range starts at its newest page. */
  function reload() {
    if (page.value === 1) load()
    else page.value = 1
  }

  /** Back to the month of the entry row's date. */
  function entryMonth() {
    const r = monthRange(entryDate()) ?? monthRange(today())!
    from.value = r.from
    to.value = r.to
    reload()
  }

  watch(() => store.version, load)
  watch(page, load)
  onMounted(load)
  return { from, to, rows, total, live, amount, page, loading, error, load: reload, show, entryMonth }
}
