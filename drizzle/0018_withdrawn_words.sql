-- A withdrawn shared item keeps only its dates: its words may now be null, and those of items
-- withdrawn before are erased here. SQLite cannot relax NOT NULL in place, and the usual rebuild
-- (copy, drop, rename) would, inside the migration's transaction, drop the table with foreign
-- keys still on and so delete every "I read this" and "opened" row with it. The column is
-- replaced instead; the table itself is never dropped.
ALTER TABLE `shared_items` ADD `content_kept` text;--> statement-breakpoint
UPDATE `shared_items` SET `content_kept` = `content` WHERE `withdrawn_at` IS NULL;--> statement-breakpoint
ALTER TABLE `shared_items` DROP COLUMN `content`;--> statement-breakpoint
ALTER TABLE `shared_items` RENAME COLUMN `content_kept` TO `content`;
