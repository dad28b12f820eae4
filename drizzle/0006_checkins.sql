CREATE TABLE `checkin_answers` (
	`schedule_id` text NOT NULL,
	`day` text NOT NULL,
	`user_id` text NOT NULL,
	`answers` text NOT NULL,
	`updated_at` integer NOT NULL,
	`submitted_at` integer,
	PRIMARY KEY(`schedule_id`, `day`, `user_id`),
	FOREIGN KEY (`schedule_id`) REFERENCES `checkin_schedules`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `checkin_answers_user_idx` ON `checkin_answers` (`user_id`);--> statement-breakpoint
CREATE TABLE `checkin_schedules` (
	`id` text PRIMARY KEY NOT NULL,
	`space_id` text NOT NULL,
	`counselor_id` text,
	`template` text NOT NULL,
	`cadence` text NOT NULL,
	`start_date` text NOT NULL,
	`time` text NOT NULL,
	`weekday` integer,
	`paused_from` text,
	`client_id` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`space_id`) REFERENCES `spaces`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`counselor_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `checkin_schedules_client_idx` ON `checkin_schedules` (`space_id`,`client_id`);--> statement-breakpoint
CREATE INDEX `checkin_schedules_space_idx` ON `checkin_schedules` (`space_id`);--> statement-breakpoint
CREATE TABLE `checkin_templates` (
	`id` text PRIMARY KEY NOT NULL,
	`counselor_id` text NOT NULL,
	`title` text NOT NULL,
	`questions` text NOT NULL,
	`client_id` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`counselor_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `checkin_templates_client_idx` ON `checkin_templates` (`counselor_id`,`client_id`);--> statement-breakpoint
CREATE TABLE `counselor_notes` (
	`id` text PRIMARY KEY NOT NULL,
	`space_id` text NOT NULL,
	`counselor_id` text NOT NULL,
	`body` text NOT NULL,
	`client_id` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`space_id`) REFERENCES `spaces`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`counselor_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `counselor_notes_client_idx` ON `counselor_notes` (`counselor_id`,`client_id`);--> statement-breakpoint
CREATE INDEX `counselor_notes_space_idx` ON `counselor_notes` (`space_id`,`counselor_id`);