// Dev-only preview: the app against a fake core in a plain browser. Not part of `npm run build`.
import { mockIPC } from '@tauri-apps/api/mocks'
import { handle, openDemoNow } from './fake-core'

const params = new URLSearchParams(location.search)
if (params.get('book') === '1') openDemoNow()
mockIPC((cmd, args) => handle(cmd, (args ?? {}) as Record<string, unknown>))

// like Tauri's `freezePrototype: true`, before any app code runs
Object.freeze(Object.prototype)

await import('../src/main')

// ?screen=members etc. for screenshots
const screen = params.get('screen')
if (screen) {
  const { store, go } = await import('../src/store')
  const wait = () => new Promise((r) => setTimeout(r, 100))
  for (let i = 0; i < 50 && store.welcome; i++) await wait()
  go(screen as never)
  if (params.get('lang') === 'en') (await import('../src/store')).setLocale('en')
  if (params.get('detail')) store.detailId = Number(params.get('detail'))
}
