DROP INDEX `notes_space_author_idx`;--> statement-breakpoint
CREATE INDEX `notes_space_author_idx` ON `notes` (`space_id`,`author_id`,`created_at`,`id`);