CREATE TABLE `assessments` (
	`space_id` text NOT NULL,
	`user_id` text NOT NULL,
	`answers` text NOT NULL,
	`updated_at` integer NOT NULL,
	`submitted_at` integer,
	PRIMARY KEY(`space_id`, `user_id`),
	FOREIGN KEY (`space_id`) REFERENCES `spaces`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `journey_events` (
	`id` text PRIMARY KEY NOT NULL,
	`space_id` text NOT NULL,
	`kind` text NOT NULL,
	`from_stage` integer NOT NULL,
	`to_stage` integer NOT NULL,
	`actor_id` text,
	`outcome` text,
	`at` integer NOT NULL,
	FOREIGN KEY (`space_id`) REFERENCES `spaces`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`actor_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `journey_events_space_idx` ON `journey_events` (`space_id`,`at`);--> statement-breakpoint
CREATE TABLE `stage_choices` (
	`id` text PRIMARY KEY NOT NULL,
	`space_id` text NOT NULL,
	`user_id` text NOT NULL,
	`round` integer NOT NULL,
	`choice` text NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	`chosen_at` integer NOT NULL,
	`revealed_at` integer,
	FOREIGN KEY (`space_id`) REFERENCES `spaces`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `stage_choices_round_idx` ON `stage_choices` (`space_id`,`round`,`user_id`);--> statement-breakpoint
CREATE TABLE `stage_readiness` (
	`space_id` text NOT NULL,
	`user_id` text NOT NULL,
	`stage` integer NOT NULL,
	`ready_at` integer NOT NULL,
	PRIMARY KEY(`space_id`, `user_id`),
	FOREIGN KEY (`space_id`) REFERENCES `spaces`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
ALTER TABLE `memberships` ADD `shows_activity` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `notes` ADD `stage` integer DEFAULT 1 NOT NULL;