// Reversing a business document from a list: the confirm dialog's state, focus on its button, the
// call into the core, and the outcome — shared by the sale, delivery, operation and payment lists.
import { nextTick, ref, type Ref } from 'vue'
import { ElMessage } from 'element-plus'
import { api, type DocumentKind } from './api'
import { errText } from './store'

export function useReverse<T extends { id: number }>(
  kind: DocumentKind,
  confirmTestId: string,
  success: (row: T) => string,
  listError: Ref<string>,
  done: () => void,
) {
  const revRow = ref<T | null>(null) as Ref<T | null>
  const revOpen = ref(false)
  const revBusy = ref(false)
  function askReverse(r: T) {
    revRow.value = r
    revOpen.value = true
    nextTick(() => setTimeout(() => document.querySelector<HTMLElement>(`[data-testid="${confirmTestId}"]`)?.focus(), 80))
  }
  async function doReverse() {
    const r = revRow.value
    if (!r || revBusy.value) return
    revBusy.value = true
    listError.value = ''
    try {
      await api.reverseDocument(kind, r.id)
      ElMessage({ type: 'success', message: success(r), duration: 2500 })
      done()
    } catch (e) {
      listError.value = errText(e)
    } finally {
      revBusy.value = false
      revOpen.value = false
    }
  }
  return { revRow, revOpen, revBusy, askReverse, doReverse }
}
