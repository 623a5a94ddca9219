// Printing: the core writes the PDF and opens it in the system viewer, which can take seconds for
// thousands of members. `usePrint` keeps which print runs (its button shows a spinner, the others
// wait), the last PDF written (shown by PrintResult.vue) and the error, shared by the distribution
// screen and the member account.
import { ref } from 'vue'
import { ElMessage } from './el'
import type { Printed } from './api'
import { i18n } from './i18n'
import { errText } from './store'

/** A PDF's size in KB for people: whole KB, rounded, at least 1. */
export function kb(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes <= 0) return '0'
  return String(Math.max(1, Math.round(bytes / 1024)))
}

/** The message's parameters: path, pages, KB, items. */
export function printedParams(p: Printed): { path: string; pages: number; kb: string; items: number } {
  return { path: p.path, pages: p.pages, kb: kb(p.bytes), items: p.items }
}

/** "已生成 PDF：<path>（<pages> 页，<KB> KB），已在系统查看器中打开". */
export function printedText(p: Printed): string {
  return i18n.global.t('print.done', printedParams(p))
}

/** An Excel export's message: "已导出 Excel：<path>（<KB> KB），已打开". */
export function exportedText(p: Printed): string {
  return i18n.global.t('print.exported', printedParams(p))
}

export function usePrint() {
  /** The key of the print that runs (e.g. `notice`, `slips`, `slip-12`), null when none. */
  const busy = ref<string | null>(null)
  const last = ref<Printed | null>(null)
  const error = ref('')

  /**
   * Runs one print at a time; the outcome shows as a message (`text`, the PDF's by default), the
   * error in `error` (as the core says it).
   */
  async function run(key: string, job: () => Promise<Printed>, text: (p: Printed) => string = printedText): Promise<Printed | null> {
    if (busy.value) return null
    busy.value = key
    error.value = ''
    try {
      const p = await job()
      last.value = p
      ElMessage({ type: 'success', message: text(p), duration: 5000, showClose: true })
      return p
    } catch (e) {
      error.value = errText(e)
      return null
    } finally {
      busy.value = null
    }
  }

  function reset() {
    last.value = null
    error.value = ''
  }

  return { busy, last, error, run, reset }
}
