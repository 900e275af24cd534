CREATE TABLE `phone_verification_codes` (
	`id` text PRIMARY KEY NOT NULL,
	`member_id` text NOT NULL,
	`phone_hash` text NOT NULL,
	`code_hash` text NOT NULL,
	`state` text DEFAULT 'sending' NOT NULL,
	`provider_message_id` text,
	`attempts` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`used_at` integer,
	`confirm_id` text,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `phone_codes_member_idx` ON `phone_verification_codes` (`member_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `phone_codes_phone_idx` ON `phone_verification_codes` (`phone_hash`,`created_at`);--> statement-breakpoint
ALTER TABLE `members` ADD `phone_verified_at` integer;--> statement-breakpoint
CREATE UNIQUE INDEX `members_verified_phone_uq` ON `members` (`phone`) WHERE phone_verified_at IS NOT NULL;