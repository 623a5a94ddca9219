// Dev-only preview: the app in a plain browser, answered from the real core's recorded answers
// (replay.ts, recorded.json). Not part of `npm run build`.
import { mockIPC } from '@tauri-apps/api/mocks'
import { handle, openDemoNow, recording } from './replay'

const params = new URLSearchParams(location.search)

// The clock stands at the recorded day (the demo year's last day) and runs on from there, so
// that the screens ask for the dates that were recorded (this month, this year, today).
{
  const RealDate = Date
  const offset = new RealDate(`${recording.today}T10:00:00`).getTime() - RealDate.now()
  class PreviewDate extends RealDate {
    constructor(...a: unknown[]) {
      if (a.length === 0) super(RealDate.now() + offset)
      else super(...(a as [string]))
    }
    static now() {
      return RealDate.now() + offset
    }
  }
  globalThis.Date = PreviewDate as DateConstructor
}
if (params.get('book') === '1') openDemoNow()
mockIPC((cmd, args) => handle(cmd, (args ?? {}) as Record<string, unknown>))

// ?still=1: no transitions or animations, so that headless screenshots catch dialogs fully shown
if (params.get('still') === '1') {
  const style = document.createElement('style')
  style.textContent = '*, *::before, *::after { transition: none !important; animation: none !important; }'
  document.head.appendChild(style)
}

// like Tauri's `freezePrototype: true`, before any app code runs
Object.freeze(Object.prototype)

await import('../src/main')

// ?screen=members etc. for screenshots
const screen = params.get('screen')
if (screen) {
  const { store, go } = await import('../src/shared/store')
  const wait = () => new Promise((r) => setTimeout(r, 100))
  for (let i = 0; i < 50 && (store.welcome || store.version === 0); i++) await wait()
  go(screen as never)
  if (params.get('lang') === 'en') (await import('../src/shared/store')).setLocale('en')
  if (params.get('detail')) store.detailId = Number(params.get('detail'))
}

// ?act=click:member-import,type:import-path=/tmp/bad.csv,click:import-check — drives a screen for
// a screenshot (dev-only): each step waits for its element; scroll:<testid> brings one to the top.
const act = params.get('act')
if (act) {
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
  const find = async (id: string) => {
    for (let i = 0; i < 100; i++) {
      const el = document.querySelector<HTMLElement>(`[data-testid="${id}"]`)
      if (el) return el
      await sleep(100)
    }
    throw new Error(`no ${id}`)
  }
  await sleep(600)
  for (const step of act.split(',')) {
    const [what, rest] = [step.slice(0, step.indexOf(':')), step.slice(step.indexOf(':') + 1)]
    if (what === 'click') (await find(rest)).click()
    else if (what === 'type') {
      const [id, value] = rest.split('=')
      const el = await find(id)
      const input = (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' ? el : el.querySelector('input, textarea')) as HTMLInputElement
      input.value = value
      input.dispatchEvent(new Event('input', { bubbles: true }))
      input.dispatchEvent(new Event('change', { bubbles: true }))
    } else if (what === 'scroll') (await find(rest)).scrollIntoView({ block: 'start' })
    else if (what === 'wait') await sleep(Number(rest))
    await sleep(300)
  }
}
