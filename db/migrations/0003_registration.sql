ALTER TABLE `members` ADD `name` text;--> statement-breakpoint
ALTER TABLE `members` ADD `phone` text;--> statement-breakpoint
ALTER TABLE `members` ADD `birthday` text;--> statement-breakpoint
ALTER TABLE `members` ADD `email` text;--> statement-breakpoint
ALTER TABLE `members` ADD `consent_version` text;--> statement-breakpoint
ALTER TABLE `members` ADD `consent_at` integer;--> statement-breakpoint
ALTER TABLE `members` ADD `marketing_opt_out_at` integer;--> statement-breakpoint
ALTER TABLE `members` ADD `deleted_at` integer;--> statement-breakpoint
CREATE INDEX `members_phone_idx` ON `members` (`phone`);