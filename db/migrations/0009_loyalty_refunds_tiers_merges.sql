CREATE TABLE `refunds` (
	`id` text PRIMARY KEY NOT NULL,
	`purchase_id` text NOT NULL,
	`source` text NOT NULL,
	`store_id` text NOT NULL,
	`external_id` text NOT NULL,
	`staff_id` text,
	`member_id` text,
	`amount` integer NOT NULL,
	`points_due` integer NOT NULL,
	`points_reversed` integer,
	`reason` text DEFAULT '' NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`purchase_id`) REFERENCES `purchases`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `refunds_source_store_ext_uq` ON `refunds` (`source`,`store_id`,`external_id`);--> statement-breakpoint
CREATE INDEX `refunds_purchase_idx` ON `refunds` (`purchase_id`);--> statement-breakpoint
CREATE TABLE `tier_changes` (
	`id` text PRIMARY KEY NOT NULL,
	`member_id` text NOT NULL,
	`from_tier` text NOT NULL,
	`to_tier` text NOT NULL,
	`reason` text NOT NULL,
	`spend` integer NOT NULL,
	`at` integer NOT NULL,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `tier_changes_member_idx` ON `tier_changes` (`member_id`,`at`);--> statement-breakpoint
CREATE TABLE `customer_merges` (
	`id` text PRIMARY KEY NOT NULL,
	`idempotency_key` text NOT NULL,
	`member_id` text NOT NULL,
	`phone` text,
	`proof` text NOT NULL,
	`store_id` text NOT NULL,
	`staff_id` text,
	`code_id` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `customer_merges_idem_uq` ON `customer_merges` (`idempotency_key`);--> statement-breakpoint
CREATE INDEX `customer_merges_member_idx` ON `customer_merges` (`member_id`);--> statement-breakpoint
CREATE TABLE `merge_attempts` (
	`id` text PRIMARY KEY NOT NULL,
	`member_id` text NOT NULL,
	`phone` text NOT NULL,
	`ok` integer DEFAULT false NOT NULL,
	`at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `merge_attempts_phone_idx` ON `merge_attempts` (`phone`,`at`);--> statement-breakpoint
CREATE TABLE `merge_codes` (
	`id` text PRIMARY KEY NOT NULL,
	`store_id` text NOT NULL,
	`phone` text NOT NULL,
	`code` text NOT NULL,
	`expires_at` integer NOT NULL,
	`used_at` integer,
	`used_by` text,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `merge_codes_phone_idx` ON `merge_codes` (`phone`,`code`);--> statement-breakpoint
DROP INDEX `purchases_source_ext_uq`;--> statement-breakpoint
ALTER TABLE `purchases` ADD `refunded_amount` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `purchases` ADD `customer_phone` text;--> statement-breakpoint
ALTER TABLE `purchases` ADD `merge_id` text;--> statement-breakpoint
CREATE UNIQUE INDEX `purchases_source_store_ext_uq` ON `purchases` (`source`,`store_id`,`external_id`);--> statement-breakpoint
CREATE INDEX `purchases_phone_idx` ON `purchases` (`customer_phone`);--> statement-breakpoint
ALTER TABLE `point_lots` ADD `reminded_at` integer;--> statement-breakpoint
CREATE INDEX `point_lots_expiry_idx` ON `point_lots` (`expires_at`);--> statement-breakpoint
ALTER TABLE `members` ADD `tier` text DEFAULT 'regular' NOT NULL;--> statement-breakpoint
UPDATE `members` SET `tier` = (SELECT CASE WHEN coalesce(sum(`paid`), 0) >= 30000 THEN 'platinum' WHEN coalesce(sum(`paid`), 0) >= 10000 THEN 'gold' ELSE 'regular' END FROM `purchases` WHERE `purchases`.`member_id` = `members`.`id` AND `purchases`.`created_at` >= (unixepoch('now') - 365 * 86400) * 1000);
