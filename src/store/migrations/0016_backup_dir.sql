-- The folder the automatic backups go to, chosen at the first-run setup or in Settings (a second
-- disk, a USB stick); NULL keeps them in 备份 beside the book.
ALTER TABLE coop ADD COLUMN backup_dir TEXT;
