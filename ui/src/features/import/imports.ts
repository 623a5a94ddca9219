// The import wizard's kinds (成员花名册, 销售明细, 期初余额): which command each runs, the prefix of
// its test ids, the locale keys of its words and the columns the file must or may have (in the
// core's order, src/io/import/members.rs `MEMBERS`, sales.rs `SALES`, src/io/voucher_import.rs `VOUCHERS`, src/io/opening/ `OPENING`). Pure, tested in
// imports.test.ts (beside it).
export type ImportKind = 'members' | 'sales' | 'opening' | 'vouchers'

export interface ImportSpec {
  /** The core's command: `import_members`, `import_sales` or (previewed first) `opening_preview`. */
  command: 'import_members' | 'import_sales' | 'import_vouchers' | 'opening_preview'
  /** The prefix of every data-testid in the wizard (`import-path`, `sales-import-path`). */
  testid: string
  /** The locale section with the kind's own words (title, run, done, …). */
  words: string
  /** Locale keys (under `imp.col`) of the required and optional columns. */
  required: readonly string[]
  optional: readonly string[]
}

export const IMPORTS: Record<ImportKind, ImportSpec> = {
  members: {
    command: 'import_members',
    testid: 'import',
    words: 'imp.members',
    required: ['name', 'idCard', 'kind'],
    optional: ['phone', 'joined'],
  },
  sales: {
    command: 'import_sales',
    testid: 'sales-import',
    words: 'imp.sales',
    required: ['date', 'product', 'quantity', 'price', 'buyer'],
    optional: ['unit', 'channel', 'paid', 'contract'],
  },
  vouchers: {
    command: 'import_vouchers',
    testid: 'voucher-import',
    words: 'imp.vouchers',
    required: ['date', 'voucherNo', 'summary', 'code', 'lineDebit', 'lineCredit'],
    optional: ['member', 'attachments', 'preparedBy', 'reviewedBy'],
  },
  opening: {
    command: 'opening_preview',
    testid: 'opening-import',
    words: 'imp.opening',
    required: ['code', 'accountName', 'debit', 'credit'],
    optional: ['member'],
  },
}

/** The words a kind adds after its columns (what the values may be). */
const VALUES: Partial<Record<ImportKind, string>> = { sales: 'imp.salesValues', opening: 'imp.openingValues', vouchers: 'imp.vouchersValues' }

type T = (key: string, named?: Record<string, unknown>) => string

/** The hint that says which columns the file needs, in the current language. */
export function columnsText(kind: ImportKind, t: T): string {
  const s = IMPORTS[kind]
  const sep = t('imp.sep')
  const names = (keys: readonly string[]) => keys.map((k) => t(`imp.col.${k}`)).join(sep)
  const values = VALUES[kind]
  return t('imp.columns', { required: names(s.required), optional: names(s.optional) }) + (values ? t(values) : '')
}

/** A kind's own word (`title`, `file`, `run`, …). */
export function word(kind: ImportKind, t: T, key: string, named?: Record<string, unknown>): string {
  return t(`${IMPORTS[kind].words}.${key}`, named)
}

/** A data-testid of the wizard of `kind`: `import-path`, `sales-import-path`. */
export function testid(kind: ImportKind, part: string): string {
  return `${IMPORTS[kind].testid}-${part}`
}
