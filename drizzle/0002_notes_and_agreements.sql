CREATE TABLE `note_drafts` (
	`author_id` text NOT NULL,
	`space_id` text NOT NULL,
	`key` text NOT NULL,
	`fields` text NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`author_id`, `space_id`, `key`),
	FOREIGN KEY (`author_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`space_id`) REFERENCES `spaces`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `notes` (
	`id` text PRIMARY KEY NOT NULL,
	`space_id` text NOT NULL,
	`author_id` text NOT NULL,
	`kind` text NOT NULL,
	`content` text NOT NULL,
	`client_id` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`space_id`) REFERENCES `spaces`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`author_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `notes_author_client_idx` ON `notes` (`author_id`,`client_id`);--> statement-breakpoint
CREATE INDEX `notes_space_author_idx` ON `notes` (`space_id`,`author_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `shared_acks` (
	`item_id` text NOT NULL,
	`user_id` text NOT NULL,
	`acked_at` integer NOT NULL,
	PRIMARY KEY(`item_id`, `user_id`),
	FOREIGN KEY (`item_id`) REFERENCES `shared_items`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `shared_items` (
	`id` text PRIMARY KEY NOT NULL,
	`space_id` text NOT NULL,
	`author_id` text NOT NULL,
	`note_id` text,
	`kind` text NOT NULL,
	`content` text NOT NULL,
	`audience` text NOT NULL,
	`client_id` text NOT NULL,
	`shared_at` integer NOT NULL,
	`withdrawn_at` integer,
	FOREIGN KEY (`space_id`) REFERENCES `spaces`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`author_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`note_id`) REFERENCES `notes`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `shared_items_author_client_idx` ON `shared_items` (`author_id`,`client_id`);--> statement-breakpoint
CREATE INDEX `shared_items_space_idx` ON `shared_items` (`space_id`,`shared_at`);--> statement-breakpoint
CREATE TABLE `agreement_versions` (
	`agreement_id` text NOT NULL,
	`number` integer NOT NULL,
	`title` text NOT NULL,
	`details` text NOT NULL,
	`applies_to` text NOT NULL,
	`review_on` text,
	`state` text NOT NULL,
	`proposed_by` text NOT NULL,
	`proposed_at` integer NOT NULL,
	`decided_by` text,
	`decided_at` integer,
	`decline_note` text,
	`based_on` integer,
	FOREIGN KEY (`agreement_id`) REFERENCES `agreements`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `agreement_versions_idx` ON `agreement_versions` (`agreement_id`,`number`);--> statement-breakpoint
CREATE TABLE `agreements` (
	`id` text PRIMARY KEY NOT NULL,
	`space_id` text NOT NULL,
	`created_by` text,
	`created_at` integer NOT NULL,
	`client_id` text NOT NULL,
	`retire_requested_by` text,
	`retire_requested_at` integer,
	`retired_by` text,
	`retired_at` integer,
	FOREIGN KEY (`space_id`) REFERENCES `spaces`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`retire_requested_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`retired_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `agreements_space_idx` ON `agreements` (`space_id`,`created_at`);--> statement-breakpoint
CREATE UNIQUE INDEX `agreements_client_idx` ON `agreements` (`space_id`,`client_id`);--> statement-breakpoint
CREATE TABLE `keeping_logs` (
	`id` text PRIMARY KEY NOT NULL,
	`agreement_id` text NOT NULL,
	`space_id` text NOT NULL,
	`author_id` text NOT NULL,
	`version` integer NOT NULL,
	`outcome` text NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	`note_shared` integer DEFAULT false NOT NULL,
	`client_id` text NOT NULL,
	`logged_at` integer NOT NULL,
	FOREIGN KEY (`agreement_id`) REFERENCES `agreements`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`space_id`) REFERENCES `spaces`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`author_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `keeping_logs_client_idx` ON `keeping_logs` (`author_id`,`client_id`);--> statement-breakpoint
CREATE INDEX `keeping_logs_agreement_idx` ON `keeping_logs` (`agreement_id`,`logged_at`);--> statement-breakpoint
CREATE INDEX `keeping_logs_space_idx` ON `keeping_logs` (`space_id`,`logged_at`);