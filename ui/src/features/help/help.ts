// In-app help: which section of the manual (docs/manual.*.md) belongs to the screen in front of
// the user, and whether the help drawer is open. Pure functions here; the markdown is rendered
// in manual.ts and shown by HelpDrawer.vue. F1 or the top bar's "?" opens it, Esc closes it.
import { reactive } from 'vue'
import type { Screen } from '../../shared/store'

/** The manual's section (its heading anchor) for each screen of the sidebar. */
export const SCREEN_SECTIONS: Record<Screen, string> = {
  dashboard: 'screens',
  members: 'members',
  equity: 'members',
  trade: 'daily-entry',
  operations: 'operations',
  distribution: 'distribution',
  vouchers: 'vouchers',
  accounts: 'accounts',
  reports: 'reports',
  settings: 'month-close',
  audit: 'audit',
  township: 'township',
}

/** The settings screen's tabs each have their own section. */
export const SETTINGS_TAB_SECTIONS: Record<'book' | 'users' | 'backups', string> = {
  book: 'month-close',
  users: 'users',
  backups: 'backup',
}

/** The first-run setup's steps each have their own subsection of "first run". */
export const SETUP_SECTIONS: Record<'coop' | 'charter' | 'collective' | 'admin' | 'backup' | 'confirm', string> = {
  coop: 'create-book',
  charter: 'charter',
  collective: 'collective',
  admin: 'admin-password',
  backup: 'backup-place',
  confirm: 'create-book',
}

/** What decides the section: the same things App.vue uses to choose what to show. */
export interface HelpContext {
  welcome: boolean
  /** The step of the first-run setup on screen, if it is. */
  setupStep?: keyof typeof SETUP_SECTIONS | null
  townshipAlone: boolean
  /** The open book asks for its first admin (`claim`) or a login first. */
  gate: 'claim' | 'login' | null
  screen: Screen
  settingsTab: 'book' | 'users' | 'backups'
}

export function sectionFor(c: HelpContext): string {
  if (c.townshipAlone) return 'township'
  if (c.welcome) return c.setupStep ? SETUP_SECTIONS[c.setupStep] : 'first-run'
  if (c.gate === 'claim') return 'admin-password'
  if (c.gate === 'login') return 'screens'
  if (c.screen === 'settings') return SETTINGS_TAB_SECTIONS[c.settingsTab] ?? SCREEN_SECTIONS.settings
  return SCREEN_SECTIONS[c.screen] ?? 'screens'
}

/** Every section the mapping can answer (each must be a heading anchor in both manuals). */
export function mappedSections(): string[] {
  return [...new Set(['township', 'first-run', 'admin-password', 'screens', ...Object.values(SCREEN_SECTIONS), ...Object.values(SETTINGS_TAB_SECTIONS), ...Object.values(SETUP_SECTIONS)])]
}

/** The anchors of a manual's headings: `## <a id="install"></a>1. 安装` gives `install`. */
export function headingAnchors(markdown: string): string[] {
  const out: string[] = []
  for (const line of markdown.split(/\r?\n/)) {
    const m = /^#{1,6}\s+<a id="([A-Za-z0-9_-]+)"><\/a>/.exec(line)
    if (m) out.push(m[1])
  }
  return out
}

/** The help drawer: open or not, and the section to show; the setup wizard's step while it is shown. */
export const help = reactive({ open: false, anchor: '', setupStep: null as HelpContext['setupStep'] })

export function openHelp(anchor: string) {
  help.anchor = anchor
  help.open = true
}
