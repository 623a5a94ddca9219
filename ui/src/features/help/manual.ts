// The manual, bundled at build time so the help works offline: the two markdown files as text
// (Vite `?raw`), their pictures as assets emitted beside the app (served from 'self', allowed by
// the CSP's img-src). Only our own files are rendered, so the HTML is trusted as written.
import { Marked } from 'marked'
import zhManual from '../../../../docs/manual.zh-CN.md?raw'
import enManual from '../../../../docs/manual.en.md?raw'

const images = import.meta.glob('../../../../docs/manual/img/*.png', { eager: true, query: '?url', import: 'default' }) as Record<string, string>
const imageUrl: Record<string, string> = Object.fromEntries(Object.entries(images).map(([p, url]) => [p.slice(p.lastIndexOf('/') + 1), url]))

const marked = new Marked({ gfm: true, async: false })
const cache: Partial<Record<'zh-CN' | 'en', string>> = {}

/** The manual in the UI's language as HTML, its pictures pointing at the bundled files. */
export function manualHtml(locale: 'zh-CN' | 'en'): string {
  const hit = cache[locale]
  if (hit !== undefined) return hit
  const html = (marked.parse(locale === 'en' ? enManual : zhManual) as string).replace(
    /src="manual\/img\/([A-Za-z0-9._-]+\.png)"/g,
    (whole, name: string) => (imageUrl[name] ? `src="${imageUrl[name]}"` : whole),
  )
  cache[locale] = html
  return html
}
