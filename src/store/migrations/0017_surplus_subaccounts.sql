-- 332 盈余分配 gets the sub-accounts 财会〔2021〕37号 prescribes for it: 33201 各项分配 and
-- 33202 未分配盈余 (a book made today seeds them with the chart). Lines already on 332 stay
-- there — posted vouchers are never rewritten — and read as 未分配盈余; new entries go to the
-- sub-accounts. A book not yet initialised (no 332) gets them from the seed instead.
INSERT OR IGNORE INTO accounts (code, name, parent_id, class, direction, member_ledger, system)
SELECT '33201', '各项分配', id, class, direction, member_ledger, 1 FROM accounts WHERE code = '332';
INSERT OR IGNORE INTO accounts (code, name, parent_id, class, direction, member_ledger, system)
SELECT '33202', '未分配盈余', id, class, direction, member_ledger, 1 FROM accounts WHERE code = '332';
