// The first-run setup wizard: its steps, which step each field the core may name belongs to, the
// checks made before the core is asked, and the payload. Pure (no Vue, no IPC), so unit tested.
import type { Setup } from '../../bindings'
import { passwordProblem } from '../users/users'
import { dirName, sepOf } from '../../shared/util'

export const STEPS = ['coop', 'charter', 'collective', 'admin', 'backup', 'confirm'] as const
export type Step = (typeof STEPS)[number]

/** The charter's legal defaults (the core takes the same when a rate is left out). */
export const CHARTER_DEFAULTS = { reserve: '0.10', patronage: '0.60', collective: '0.30', memberCap: '0.20', allowLabour: true } as const

/** The name of the folder beside the book where backups go unless another is chosen. */
export const DEFAULT_BACKUP_FOLDER = '备份'

export interface SetupForm {
  name: string
  uscc: string
  village: string
  township: string
  county: string
  path: string
  reserve: string
  patronage: string
  collective: string
  memberCap: string
  allowLabour: boolean
  /** Whether the village collective is entered now (it may be entered later under 成员). */
  withCollective: boolean
  collectiveName: string
  collectiveUscc: string
  collectiveJoined: string
  password: string
  password2: string
  /** Whether the automatic backups go to a folder of the user's choosing. */
  customBackup: boolean
  backupDir: string
}

export function emptyForm(): SetupForm {
  return {
    name: '',
    uscc: '',
    village: '',
    township: '',
    county: '',
    path: '',
    reserve: CHARTER_DEFAULTS.reserve,
    patronage: CHARTER_DEFAULTS.patronage,
    collective: CHARTER_DEFAULTS.collective,
    memberCap: CHARTER_DEFAULTS.memberCap,
    allowLabour: CHARTER_DEFAULTS.allowLabour,
    withCollective: true,
    collectiveName: '',
    collectiveUscc: '',
    collectiveJoined: '',
    password: '',
    password2: '',
    customBackup: false,
    backupDir: '',
  }
}

/** The step a field the core names is entered on (`collective.name` → the collective's step). */
export function stepOfField(field: string): Step {
  if (field.startsWith('collective.')) return 'collective'
  if (['reserve_rate', 'patronage_rate', 'collective_min_share', 'member_cap', 'allow_labour'].includes(field)) return 'charter'
  if (field === 'password' || field === 'password2') return 'admin'
  if (field === 'backup_dir') return 'backup'
  return 'coop'
}

/** The first step (in the wizard's order) that has one of these fields. */
export function firstStepOf(fields: readonly string[]): Step | null {
  const steps = new Set(fields.map(stepOfField))
  return STEPS.find((s) => steps.has(s)) ?? null
}

/** A problem found before the core is asked: the field and the locale key of its message. */
export interface Local {
  field: string
  key: string
}

const blank = (s: string) => s.trim() === ''

/** What keeps a step from going on: fields left empty, the passwords. Everything else the core checks. */
export function stepProblems(step: Step, f: SetupForm): Local[] {
  const out: Local[] = []
  const need = (field: string, v: string) => blank(v) && out.push({ field, key: 'setup.required' })
  if (step === 'coop') {
    need('name', f.name)
    need('uscc', f.uscc)
    need('village', f.village)
    need('township', f.township)
    need('county', f.county)
    need('path', f.path)
  } else if (step === 'charter') {
    need('reserve_rate', f.reserve)
    need('patronage_rate', f.patronage)
    need('collective_min_share', f.collective)
    need('member_cap', f.memberCap)
  } else if (step === 'collective' && f.withCollective) {
    need('collective.name', f.collectiveName)
    need('collective.id_card', f.collectiveUscc)
  } else if (step === 'admin') {
    const p = passwordProblem(f.password, f.password2)
    if (p) out.push(p)
  } else if (step === 'backup' && f.customBackup) {
    need('backup_dir', f.backupDir)
  }
  return out
}

/** A rate as the user typed it (`0.1`, `10%`) shown as a percentage, or '' when it is not one. */
export function percent(rate: string): string {
  const t = rate.trim()
  const m = /^(\d+(?:\.\d+)?)(%?)$/.exec(t)
  if (!m) return ''
  if (m[2] === '%') return `${Number(m[1])}%`
  // exact: move the point two places (no floating point)
  const [int, frac = ''] = m[1].split('.')
  const digits = (int + frac.padEnd(2, '0')).replace(/^0+(?=\d)/, '')
  const cut = digits.length - (frac.length > 2 ? frac.length - 2 : 0)
  const whole = digits.slice(0, cut) || '0'
  const rest = digits.slice(cut).replace(/0+$/, '')
  return `${whole}${rest ? '.' + rest : ''}%`
}

/** Where the automatic backups will go: the chosen folder, or 备份 beside the book. */
export function backupTarget(f: SetupForm): string {
  if (f.customBackup && !blank(f.backupDir)) return f.backupDir.trim()
  const dir = dirName(f.path.trim())
  return dir ? `${dir}${sepOf(f.path)}${DEFAULT_BACKUP_FOLDER}` : DEFAULT_BACKUP_FOLDER
}

const orNull = (s: string) => (blank(s) ? null : s.trim())

/** The core's `Setup` for the form. */
export function setupPayload(f: SetupForm): { path: string; setup: Setup } {
  return {
    path: f.path.trim(),
    setup: {
      coop: {
        name: f.name,
        uscc: f.uscc,
        village: f.village,
        township: f.township,
        county: f.county,
        reserve_rate: orNull(f.reserve),
        patronage_rate: orNull(f.patronage),
        collective_min_share: orNull(f.collective),
      },
      allow_labour: f.allowLabour,
      member_cap: orNull(f.memberCap),
      collective: f.withCollective
        ? { name: f.collectiveName, id_card: f.collectiveUscc, kind: 'collective', phone: null, joined: orNull(f.collectiveJoined) }
        : null,
      admin_password: f.password,
      backup_dir: f.customBackup ? orNull(f.backupDir) : null,
    },
  }
}
