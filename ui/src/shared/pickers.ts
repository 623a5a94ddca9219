// The account and member pickers' matching: pure functions, tested in pickers.test.ts (beside it).
import { pinyin } from 'pinyin-pro'
import type { Account, Member } from '../bindings'

/** "银行存款" → "yhck": the first letter of each character's pinyin (letters/digits kept). */
export function initials(text: string): string {
  const parts = pinyin(text, { pattern: 'first', toneType: 'none', type: 'array', nonZh: 'consecutive' })
  return parts.join('').replace(/[^a-z0-9]/gi, '').toLowerCase()
}

export interface AccountOption {
  code: string
  name: string
  /** "102 银行存款", or the full path "501 经营收入:50101 香菇" for sub-accounts. */
  label: string
  memberLedger: boolean
  /** Pinyin initials of the name, and of the full path's names joined. */
  initials: string
  pathInitials: string
}

export function accountLabel(a: Account): string {
  return a.parent ? a.full_name : `${a.code} ${a.name}`
}

function pathNames(a: Account): string {
  // full_name: "501 经营收入:50101 香菇" → "经营收入香菇"
  return a.full_name
    .split(':')
    .map((p) => p.replace(/^\s*\S+\s+/, ''))
    .join('')
}

export function accountOption(a: Account): AccountOption {
  return {
    code: a.code,
    name: a.name,
    label: accountLabel(a),
    memberLedger: a.member_ledger,
    initials: initials(a.name),
    pathInitials: initials(pathNames(a)),
  }
}

/** Leaf accounts only (lines post to leaves), sorted by code, as picker options. */
export function leafAccountOptions(accounts: Account[]): AccountOption[] {
  return accounts
    .filter((a) => a.leaf)
    .sort((x, y) => (x.code < y.code ? -1 : x.code > y.code ? 1 : 0))
    .map(accountOption)
}

/**
 * Whether an option matches the typed query: a code prefix ("10" → 101, 102, 109), a substring
 * of the name or label ("银行"), or a prefix of the name's pinyin initials ("yhck", "gj").
 */
export function matchAccount(o: AccountOption, query: string): boolean {
  const q = query.trim().toLowerCase()
  if (q === '') return true
  if (/^\d+$/.test(q)) return o.code.startsWith(q)
  if (o.name.toLowerCase().includes(q) || o.label.toLowerCase().includes(q)) return true
  if (/^[a-z]+$/.test(q)) return o.initials.startsWith(q) || o.pathInitials.startsWith(q) || o.initials.includes(q)
  return false
}

/**
 * Filters and orders the options: exact code first, then code prefixes, then initials prefixes,
 * then the rest, each group in code order (so `default-first-option` picks the likeliest one).
 */
export function filterAccounts(options: AccountOption[], query: string): AccountOption[] {
  const q = query.trim().toLowerCase()
  if (q === '') return options
  const rank = (o: AccountOption): number => {
    if (o.code === q) return 0
    if (o.code.startsWith(q)) return 1
    if (o.initials === q) return 2
    if (o.initials.startsWith(q)) return 3
    if (o.name.toLowerCase().startsWith(q)) return 4
    return 5
  }
  return options
    .filter((o) => matchAccount(o, q))
    .map((o, i) => ({ o, i, r: rank(o) }))
    .sort((a, b) => a.r - b.r || a.i - b.i)
    .map((x) => x.o)
}

export interface MemberOption {
  no: number
  name: string
  label: string
  initials: string
  exited: boolean
}

export function memberOption(m: Member): MemberOption {
  return { no: m.no, name: m.name, label: `${m.no} ${m.name}`, initials: initials(m.name), exited: m.exited !== null }
}

/** Member number prefix, name substring, or pinyin initials prefix ("zs" → 张三). */
export function matchMember(o: MemberOption, query: string): boolean {
  const q = query.trim().toLowerCase()
  if (q === '') return true
  if (/^\d+$/.test(q)) return String(o.no).startsWith(q)
  if (o.name.toLowerCase().includes(q)) return true
  return /^[a-z]+$/.test(q) && o.initials.startsWith(q)
}

export function filterMembers(options: MemberOption[], query: string): MemberOption[] {
  const q = query.trim().toLowerCase()
  if (q === '') return options
  const hits = options.filter((o) => matchMember(o, q))
  if (/^\d+$/.test(q)) {
    // the exact number first
    hits.sort((a, b) => Number(String(b.no) === q) - Number(String(a.no) === q) || a.no - b.no)
  }
  return hits
}
