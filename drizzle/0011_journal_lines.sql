DROP INDEX `notes_space_author_idx`;--> statement-breakpoint
ALTER TABLE `notes` ADD `excerpt` text;--> statement-breakpoint
ALTER TABLE `notes` ADD `prompt_id` text;--> statement-breakpoint
CREATE INDEX `notes_space_author_idx` ON `notes` (`space_id`,`author_id`,`created_at`,`id`,`kind`,`excerpt`,`prompt_id`);