ALTER TABLE `spaces` ADD `client_id` text;--> statement-breakpoint
CREATE UNIQUE INDEX `spaces_creator_client_idx` ON `spaces` (`created_by`,`client_id`);