CREATE TABLE `binding_scans` (
	`id` text PRIMARY KEY NOT NULL,
	`token_id` text NOT NULL,
	`member_id` text,
	`line_user_id` text NOT NULL,
	`store_id` text,
	`staff_id` text,
	`source` text NOT NULL,
	`result` text NOT NULL,
	`scanned_at` integer NOT NULL,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`store_id`) REFERENCES `stores`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`staff_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `binding_scans_member_idx` ON `binding_scans` (`member_id`);--> statement-breakpoint
CREATE INDEX `binding_scans_store_idx` ON `binding_scans` (`store_id`,`scanned_at`);--> statement-breakpoint
CREATE TABLE `members` (
	`id` text PRIMARY KEY NOT NULL,
	`line_user_id` text NOT NULL,
	`member_code` text NOT NULL,
	`status` text DEFAULT 'guest' NOT NULL,
	`friendship` text DEFAULT 'unknown' NOT NULL,
	`display_name` text,
	`picture_url` text,
	`language` text,
	`home_store_id` text,
	`referrer_staff_id` text,
	`source` text NOT NULL,
	`bound_at` integer,
	`registered_at` integer,
	`blocked_at` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`home_store_id`) REFERENCES `stores`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`referrer_staff_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `members_line_user_uq` ON `members` (`line_user_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `members_code_uq` ON `members` (`member_code`);--> statement-breakpoint
CREATE INDEX `members_store_idx` ON `members` (`home_store_id`);--> statement-breakpoint
CREATE INDEX `members_referrer_idx` ON `members` (`referrer_staff_id`);--> statement-breakpoint
CREATE TABLE `revoked_binding_tokens` (
	`token_id` text PRIMARY KEY NOT NULL,
	`revoked_at` integer NOT NULL
);
