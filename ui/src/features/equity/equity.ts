// Member equity helpers: pure functions, tested in equity.test.ts (beside it).
import type { ShareRow } from '../../bindings'
import { fenToString, toFen } from '../../shared/money'

export const CONTRIBUTION_KINDS = ['cash', 'land', 'labour', 'asset', 'subsidy'] as const
export type ContributionKind = (typeof CONTRIBUTION_KINDS)[number]

export interface PieSlice {
  /** The member's number, or null for the grouped small holders. */
  no: number | null
  name: string
  /** Exact amount, yuan with two decimals. */
  amount: string
  fen: bigint
  /** How many members the slice holds (1, or the size of the group). */
  members: number
}

/**
 * The share pie's slices: every member with a positive share capital, largest first; members
 * holding less than `minPercent` % of the total are grouped into one slice named `otherLabel`
 * (kept last). Exact: the comparison is done on 分, never on floats. A group of a single member
 * is shown as that member.
 */
export function pieSlices(rows: Pick<ShareRow, 'no' | 'name' | 'total'>[], otherLabel: string, minPercent = 2): PieSlice[] {
  const held = rows
    .map((r) => ({ no: r.no, name: r.name, fen: toFen(r.total) ?? 0n }))
    .filter((r) => r.fen > 0n)
  const whole = held.reduce((s, r) => s + r.fen, 0n)
  if (whole === 0n) return []
  const big: PieSlice[] = []
  const small: PieSlice[] = []
  for (const r of held) {
    const slice = { no: r.no, name: r.name, fen: r.fen, amount: fenToString(r.fen), members: 1 }
    // r / whole < minPercent / 100  ⇔  r × 100 < whole × minPercent
    if (r.fen * 100n < whole * BigInt(minPercent)) small.push(slice)
    else big.push(slice)
  }
  big.sort((a, b) => (b.fen > a.fen ? 1 : b.fen < a.fen ? -1 : a.no! - b.no!))
  if (small.length === 1) big.push(small[0])
  else if (small.length > 1) {
    const fen = small.reduce((s, r) => s + r.fen, 0n)
    big.push({ no: null, name: otherLabel, fen, amount: fenToString(fen), members: small.length })
  }
  return big
}

