// Fixed assets (固定资产): the live monthly depreciation shown while an asset is entered, exactly as
// the core computes it (src/business/assets.rs `monthly`): (cost − residual) / life months, rounded once to
// the 分, half away from zero. BigInt only.
import { fenToString, toFen } from '../../shared/money'

export type MonthlyCheck =
  | { ok: true; fen: bigint; amount: string }
  | { ok: false; field: 'cost' | 'residual' | 'life_months'; code: 'empty' | 'invalid' | 'not-positive' | 'residual-invalid' | 'life-invalid' }

/** The monthly straight-line depreciation of an asset being entered; an empty residual is zero. */
export function monthlyDepreciation(cost: string, residual: string, life: string): MonthlyCheck {
  if (!cost.trim()) return { ok: false, field: 'cost', code: 'empty' }
  const c = toFen(cost)
  if (c === null) return { ok: false, field: 'cost', code: 'invalid' }
  if (c <= 0n) return { ok: false, field: 'cost', code: 'not-positive' }
  const r = residual.trim() ? toFen(residual) : 0n
  if (r === null) return { ok: false, field: 'residual', code: 'invalid' }
  if (r < 0n || r >= c) return { ok: false, field: 'residual', code: 'residual-invalid' }
  if (!life.trim()) return { ok: false, field: 'life_months', code: 'empty' }
  if (!/^\d+$/.test(life.trim())) return { ok: false, field: 'life_months', code: 'life-invalid' }
  const n = BigInt(life.trim())
  if (n < 1n || n > 1200n) return { ok: false, field: 'life_months', code: 'life-invalid' }
  const base = c - r
  // half away from zero; base > 0
  const fen = (base * 2n + n) / (2n * n)
  return { ok: true, fen, amount: fenToString(fen) }
}

/** The month before `date`'s (`YYYY-MM-DD` or `YYYY-MM`) as `YYYY-MM`. */
export function previousMonth(date: string): string {
  const y = Number(date.slice(0, 4))
  const m = Number(date.slice(5, 7))
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`
}
