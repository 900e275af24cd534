CREATE TABLE `coupon_templates` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`value` integer NOT NULL,
	`min_spend` integer DEFAULT 0 NOT NULL,
	`channel` text DEFAULT 'both' NOT NULL,
	`valid_from` integer,
	`valid_until` integer,
	`valid_days` integer,
	`per_member_limit` integer DEFAULT 1 NOT NULL,
	`total_quantity` integer,
	`issued_count` integer DEFAULT 0 NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `coupons` (
	`id` text PRIMARY KEY NOT NULL,
	`template_id` text NOT NULL,
	`member_id` text NOT NULL,
	`code` text NOT NULL,
	`status` text DEFAULT 'issued' NOT NULL,
	`issue_key` text NOT NULL,
	`issued_at` integer NOT NULL,
	`valid_from` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`redeemed_at` integer,
	`redeemed_by` text,
	`redeemed_reference` text,
	FOREIGN KEY (`template_id`) REFERENCES `coupon_templates`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `coupons_code_uq` ON `coupons` (`code`);--> statement-breakpoint
CREATE UNIQUE INDEX `coupons_issue_key_uq` ON `coupons` (`issue_key`);--> statement-breakpoint
CREATE INDEX `coupons_member_idx` ON `coupons` (`member_id`,`status`);--> statement-breakpoint
CREATE INDEX `coupons_template_member_idx` ON `coupons` (`template_id`,`member_id`);--> statement-breakpoint
CREATE TABLE `point_entries` (
	`id` text PRIMARY KEY NOT NULL,
	`member_id` text NOT NULL,
	`kind` text NOT NULL,
	`points` integer NOT NULL,
	`idempotency_key` text NOT NULL,
	`reason` text NOT NULL,
	`actor` text NOT NULL,
	`lot_id` text,
	`reference` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `point_entries_idem_uq` ON `point_entries` (`idempotency_key`);--> statement-breakpoint
CREATE INDEX `point_entries_member_idx` ON `point_entries` (`member_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `point_lots` (
	`id` text PRIMARY KEY NOT NULL,
	`member_id` text NOT NULL,
	`earned` integer NOT NULL,
	`remaining` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `point_lots_member_idx` ON `point_lots` (`member_id`,`expires_at`);--> statement-breakpoint
CREATE TABLE `purchases` (
	`id` text PRIMARY KEY NOT NULL,
	`source` text NOT NULL,
	`external_id` text NOT NULL,
	`member_id` text,
	`channel` text NOT NULL,
	`store_id` text,
	`staff_id` text,
	`attributed_staff_id` text,
	`amount` integer NOT NULL,
	`coupon_id` text,
	`coupon_discount` integer DEFAULT 0 NOT NULL,
	`points_used` integer DEFAULT 0 NOT NULL,
	`paid` integer NOT NULL,
	`currency` text DEFAULT 'TWD' NOT NULL,
	`points_earned` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `purchases_source_ext_uq` ON `purchases` (`source`,`external_id`);--> statement-breakpoint
CREATE INDEX `purchases_member_idx` ON `purchases` (`member_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `purchases_store_idx` ON `purchases` (`store_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `used_staff_invites` (
	`invite_id` text PRIMARY KEY NOT NULL,
	`staff_id` text NOT NULL,
	`line_user_id` text NOT NULL,
	`used_at` integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE `members` ADD `points_balance` integer DEFAULT 0 NOT NULL;