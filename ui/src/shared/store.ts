// The app's shared state: which book is open, who acts, which screen shows, cached accounts and
// members for the pickers. A plain reactive object; no state library.
import { reactive } from 'vue'
import type { Account, Buyer, ErrorBody, Member, Product } from '../bindings'
import { api, hooks, toErrorBody, type AppInfo } from './api'
import { i18n, normalizeLocale, type Locale } from './i18n'
import { newDeliveryMemory, newSaleMemory } from '../features/trade/trade'
import { today, yearsOf } from './util'
import { allowed, gate, rolesFor } from '../features/users/users'

/** The screens in the order of their shortcuts: Alt+1 … Alt+9, then Alt+0 (see `shortcutDigit`). */
export const SCREENS = ['dashboard', 'members', 'vouchers', 'accounts', 'reports', 'settings', 'equity', 'trade', 'operations', 'distribution'] as const
/**
 * Screens without a shortcut (the ten digits are taken): the township station's summary, which
 * works on its own database, not on the book, and is also reachable from the welcome screen.
 */
export const EXTRA_SCREENS = ['audit', 'township'] as const
export type Screen = (typeof SCREENS)[number] | (typeof EXTRA_SCREENS)[number]
/**
 * The sidebar's order: equity sits beside members (its shortcut stays Alt+7), trade after it
 * (Alt+8), then assets and other business (Alt+9) and the year-end distribution (Alt+0). The
 * township summary comes last, set apart: it is another database.
 */
export const NAV_ORDER: readonly Screen[] = ['dashboard', 'members', 'equity', 'trade', 'operations', 'distribution', 'vouchers', 'accounts', 'reports', 'settings', 'audit', 'township']

export const store = reactive({
  ready: false,
  bootError: null as ErrorBody | null,
  info: null as AppInfo | null,
  /** The welcome screen is shown (no book, or "switch book"). */
  welcome: true,
  /** The township summary is shown on its own, from the welcome screen (with or without a book). */
  townshipAlone: false,
  screen: 'dashboard' as Screen,
  locale: 'zh-CN' as Locale,
  /** The year the dashboard shows; the reports' default range. */
  year: new Date().getFullYear(),
  /** Years that have vouchers, newest first. */
  years: [] as number[],
  accounts: [] as Account[],
  members: [] as Member[],
  /** Trade: products and buyers for the pickers (loaded by the trade screen). */
  products: [] as Product[],
  buyers: [] as Buyer[],
  /** What the sales and delivery rows remember between entries. */
  saleMemory: newSaleMemory(today()),
  deliveryMemory: newDeliveryMemory(today()),
  /** The voucher shown in the read-only detail dialog. */
  detailId: null as number | null,
  /** Bumped after every change to the book, so that screens reload what they show. */
  version: 0,
  /** The settings screen's tab. */
  settingsTab: 'book' as 'book' | 'users' | 'backups',
  /** The new book's admin is told to add the other users (shown on the users tab once). */
  usersNote: false,
})

/** An error's text in the current language. */
export function errText(e: unknown): string {
  const b = toErrorBody(e)
  return (store.locale === 'en' ? b.en : b.zh) || b.message
}

/** The message of an error at a field: shown under the first field the core named. */
export function fieldError(e: ErrorBody | null, field: string): string {
  return e && e.field === field ? errText(e) : ''
}

/** Whether the core named the field among those with a problem (it gets a red outline). */
export function fieldBad(e: ErrorBody | null, field: string): boolean {
  return !!e && (e.field === field || (e.fields ?? []).includes(field))
}

export function applyLocale(l: Locale) {
  store.locale = l
  i18n.global.locale.value = l
  document.documentElement.lang = l
}

export async function setLocale(l: Locale) {
  applyLocale(l)
  try {
    await api.setLocale(l)
  } catch {
    // remembering the choice is best effort; the UI has switched anyway
  }
}

export async function loadInfo() {
  const info = await api.appInfo()
  store.info = info
  applyLocale(normalizeLocale(info.locale))
  store.welcome = !info.book
  return info
}

/** Whether the acting user may do `perm` (the core refuses anyway; this greys out buttons). */
export function can(perm: string): boolean {
  return allowed(store.info?.me, perm)
}

/** Why an action is greyed out: 需要“会计”或“理事长”角色; empty when the user may do it. */
export function needText(perm: string): string {
  if (can(perm)) return ''
  const t = i18n.global.t
  const roles = rolesFor(perm).map((r) => t('users.quoted', { role: t(`role.${r}`) }))
  return t('users.needs', { roles: roles.join(t('users.or')) })
}

/** What the open book asks for before its screens: its first admin, a login, or nothing. */
export function bookGate() {
  return gate(store.info)
}

// The core refused because nobody is logged in (a restore logged the user out): show the login.
hooks.loginRequired = () => {
  loadInfo().catch(() => {})
}

export async function loadAccounts() {
  store.accounts = await api.accounts()
}

export async function loadMembers() {
  store.members = await api.members(null)
}

export async function loadProducts() {
  store.products = await api.products()
}

export async function loadBuyers() {
  store.buyers = await api.buyers()
}

export async function loadYears() {
  const periods = await api.periods()
  store.years = yearsOf(periods.filter((p) => p.vouchers > 0 || p.closed).map((p) => p.month))
  return store.years
}

/**
 * After a book is opened or created: fresh info, then — once someone is logged in — the caches
 * and the dashboard of its latest year. A book with users and nobody logged in shows the login.
 */
export async function afterOpen() {
  await loadInfo()
  store.welcome = false
  store.townshipAlone = false
  store.screen = 'dashboard'
  // what the trade screen kept belongs to the previous book
  store.saleMemory = newSaleMemory(today())
  store.deliveryMemory = newDeliveryMemory(today())
  store.products = []
  store.buyers = []
  if (!bookGate()) await enterBook()
}

/** The caches and the first screen, for whoever just logged in. */
export async function enterBook(screen: Screen = 'dashboard') {
  store.screen = screen
  if (screen !== 'settings') store.settingsTab = 'book'
  const [years] = await Promise.all([loadYears(), loadAccounts(), loadMembers()])
  store.year = years[0] ?? new Date().getFullYear()
  store.version++
}

/** After a login or a claim: fresh info (who, what they may do) and the book's screens. */
export async function afterLogin(screen: Screen = 'dashboard') {
  await loadInfo()
  store.welcome = false
  if (!bookGate()) await enterBook(screen)
}

/** 退出登录: back to the login screen of the same book. */
export async function logout() {
  try {
    await api.logout()
  } finally {
    store.detailId = null
    store.usersNote = false
    await loadInfo()
  }
}

export async function boot() {
  try {
    const info = await loadInfo()
    if (info.book) await afterOpen()
  } catch (e) {
    store.bootError = toErrorBody(e)
  } finally {
    store.ready = true
  }
}

/** Something in the book changed: screens reload. */
export function changed() {
  store.version++
}

export function go(s: Screen) {
  store.screen = s
}

export function showVoucher(id: number) {
  store.detailId = id
}
