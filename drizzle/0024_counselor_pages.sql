ALTER TABLE `counselor_decisions` ADD `outcome_seen_at` integer;--> statement-breakpoint
ALTER TABLE `memberships` ADD `end_notice_seen_at` integer;--> statement-breakpoint
ALTER TABLE `checkin_templates` ADD `archived_at` integer;