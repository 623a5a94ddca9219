-- Schema 4: a document (delivery, sale, contribution) is reversed by reversing its voucher; the
-- reversal's voucher is kept on the document, which then no longer counts in reports or stock.

ALTER TABLE deliveries ADD COLUMN reversal_voucher_id INTEGER REFERENCES vouchers(id);
ALTER TABLE sales ADD COLUMN reversal_voucher_id INTEGER REFERENCES vouchers(id);
ALTER TABLE contributions ADD COLUMN reversal_voucher_id INTEGER REFERENCES vouchers(id);
