// The browser preview's stand-in for the core: it answers the app's IPC calls from answers
// recorded from the REAL core (recorded.json, made by scripts/record-preview.sh with the
// `coopbook` command line on its demo book). It computes nothing: a call is looked up by its
// command and arguments; what changes the book is refused (预览模式：只读), and what was not
// recorded says so. Only the session is kept here: which book is open, who is logged in, the
// language. Dev-only: never imported by the app.
import type { ErrorBody, Me } from '../src/bindings'
import recorded from './recorded.json'

type Answer = { cmd: string; args: Record<string, unknown>; ok?: unknown; err?: ErrorBody }
type Recording = { version: string; today: string; book: string; township: string; answers: Answer[] }
export const recording = recorded as unknown as Recording

/** JSON with the object keys sorted, so that `{ a, b }` and `{ b, a }` are one key. */
export function stableKey(cmd: string, args: unknown): string {
  const norm = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(norm)
    if (v && typeof v === 'object') {
      return Object.fromEntries(
        Object.entries(v as Record<string, unknown>)
          .filter(([, x]) => x !== undefined)
          .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
          .map(([k, x]) => [k, norm(x)]),
      )
    }
    return v
  }
  return `${cmd} ${JSON.stringify(norm(args ?? {}))}`
}

const table = new Map(recording.answers.map((a) => [stableKey(a.cmd, a.args), a]))

const error = (code: string, zh: string, en: string): ErrorBody => ({ code, message: `${zh} / ${en} [${code}]`, zh, en, field: null, fields: [] })
export const readOnly = (cmd: string) =>
  error('preview-read-only', `预览模式：只读，不能修改账本（${cmd}）`, `read-only in preview: the book is not changed (${cmd})`)
export const notRecorded = (cmd: string, args: Record<string, unknown>) =>
  error('preview-not-recorded', `预览模式：没有录制这个回答（${cmd}）`, `not recorded for the preview: ${stableKey(cmd, args)}`)

/** The app's commands that change the book, the township database or a file. */
export const WRITES = new Set([
  'setup_book', 'claim_book', 'add_user', 'set_user_role', 'set_user_active', 'unlock_user', 'reset_password', 'change_password',
  'backup_now', 'set_backup_dir', 'restore_backup', 'set_charter', 'add_member', 'update_member', 'exit_member',
  'import_members', 'import_sales', 'import_vouchers', 'opening_apply', 'contribute', 'move_shares', 'add_account',
  'add_voucher', 'review_voucher', 'unreview_voucher', 'post_voucher', 'reverse_voucher', 'delete_voucher',
  'close_period', 'reopen_period', 'add_product', 'add_buyer', 'deliver', 'sell', 'reverse_document', 'return_sale', 'correct_delivery', 'buy_inputs', 'add_contract',
  'record_operation', 'harvest', 'add_asset', 'depreciate', 'dispose_asset', 'distribution_plan', 'approve_branch',
  'approve_meeting', 'post_distribution', 'pay_distribution', 'pay_member', 'print_slips', 'print_statement',
  'print_notice', 'print_member_account', 'print_vouchers', 'print_report', 'export_statement', 'set_note', 'close_year', 'export_bundle',
  'township_import', 'township_export_report',
])

const NOBODY: Me = { name: '', role: '', role_zh: '', claimed: true, permissions: [] }

const session = {
  book: null as string | null,
  me: null as Me | null,
  lastUser: null as string | null,
  locale: 'zh-CN',
  township: null as string | null,
}

/** The recorded answer, or undefined when there is none. */
function lookup(cmd: string, args: Record<string, unknown>): Answer | undefined {
  return table.get(stableKey(cmd, args))
}
function answer(a: Answer): unknown {
  if (a.err) throw a.err
  return a.ok ?? null
}
const coop = () => answer(lookup('coop', {})!)

/** `?book=1`: the demo book open, the accountant (会计) logged in. */
export function openDemoNow() {
  session.book = recording.book
  session.me = answer(lookup('login', { user: '会计', password: 'coopbook' })!) as Me
  session.lastUser = '会计'
}

export async function handle(cmd: string, args: Record<string, unknown>): Promise<unknown> {
  switch (cmd) {
    case 'app_info':
      return {
        version: recording.version,
        book: session.book,
        coop: session.book ? coop() : null,
        user: session.me?.name ?? '',
        locale: session.locale,
        start_error: null,
        startup_ms: 0,
        demo_path: recording.book,
        me: session.book ? (session.me ?? NOBODY) : null,
        last_user: session.lastUser,
        demo_password: session.book ? 'coopbook' : null,
      }
    case 'set_locale':
      session.locale = String(args.locale)
      return null
    case 'open_demo':
      session.book = recording.book
      session.me = null
      return coop()
    case 'open_book':
      if (args.path !== recording.book) throw error('preview-demo-only', '预览模式：只有示范账本', 'only the demo book in preview')
      session.book = recording.book
      session.me = null
      return coop()
    case 'close_book':
      session.book = null
      session.me = null
      return null
    case 'login': {
      const a = lookup('login', { user: String(args.user), password: String(args.password) }) ?? lookup('login', { user: '会计', password: '' })!
      const me = answer(a) as Me
      session.me = me
      session.lastUser = me.name
      return me
    }
    case 'logout':
      session.me = null
      return NOBODY
    case 'pick_book_file':
      return recording.book
    case 'pick_township_path':
      return recording.township
    case 'township_info':
      return session.township ? answer(lookup('township_open', { path: session.township })!) : null
    case 'township_open': {
      const a = lookup('township_open', args)
      if (!a) throw error('preview-township-only', '预览模式：只有录制的乡镇汇总库', 'only the recorded township database in preview')
      session.township = String(args.path)
      return answer(a)
    }
  }
  const a = lookup(cmd, args)
  if (a) return answer(a)
  // a file dialog the preview has no answer for: as if cancelled
  if (cmd.startsWith('pick_')) return cmd === 'pick_bundle_files' ? [] : null
  throw WRITES.has(cmd) ? readOnly(cmd) : notRecorded(cmd, args)
}
