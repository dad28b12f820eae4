ALTER TABLE `users` ADD `email_verified_at` integer;--> statement-breakpoint
-- Accounts made before addresses were confirmed keep working as they did.
UPDATE `users` SET `email_verified_at` = `created_at`;
