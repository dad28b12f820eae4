CREATE TABLE `conversation_events` (
	`conversation_id` text NOT NULL,
	`seq` integer NOT NULL,
	`kind` text NOT NULL,
	`actor_id` text,
	`data` text NOT NULL,
	`client_id` text NOT NULL,
	`at` integer NOT NULL,
	PRIMARY KEY(`conversation_id`, `seq`),
	FOREIGN KEY (`conversation_id`) REFERENCES `conversations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`actor_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `conversation_events_client_idx` ON `conversation_events` (`conversation_id`,`client_id`);--> statement-breakpoint
CREATE TABLE `conversations` (
	`id` text PRIMARY KEY NOT NULL,
	`space_id` text NOT NULL,
	`topic` text NOT NULL,
	`agenda` text NOT NULL,
	`format` text NOT NULL,
	`turn_seconds` integer,
	`scheduled_for` integer,
	`stage` integer NOT NULL,
	`created_by` text,
	`created_at` integer NOT NULL,
	`client_id` text NOT NULL,
	`state` text NOT NULL,
	FOREIGN KEY (`space_id`) REFERENCES `spaces`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `conversations_client_idx` ON `conversations` (`space_id`,`client_id`);--> statement-breakpoint
CREATE INDEX `conversations_space_idx` ON `conversations` (`space_id`,`created_at`);