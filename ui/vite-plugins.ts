import type { Plugin } from 'vite'

/**
 * The Tauri window runs with `freezePrototype: true`: `Object.prototype` is frozen, so assigning
 * `obj.constructor = …` on a plain object throws in strict code. ECharts' scheduler copies every
 * enumerable name of a class prototype, `constructor` included, onto plain objects at load time
 * (`mockMethods`), which would stop the app from starting. This patches that one loop to skip
 * `constructor`. The build fails if the pattern is no longer there, so an ECharts upgrade is
 * checked again rather than silently broken.
 */
export function freezeSafeEcharts(): Plugin {
  const file = /node_modules[\\/]echarts[\\/]lib[\\/]core[\\/]Scheduler\.js$/
  const from = 'target[name_1] = noop;'
  const to = "if (name_1 !== 'constructor') target[name_1] = noop;"
  return {
    name: 'coopbook-freeze-safe-echarts',
    enforce: 'pre',
    transform(code, id) {
      if (!file.test(id.split('?')[0])) return null
      if (!code.includes(from)) {
        throw new Error(`echarts Scheduler.js changed: cannot make mockMethods freeze-safe (${id})`)
      }
      return { code: code.replace(from, to), map: null }
    },
  }
}
