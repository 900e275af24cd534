CREATE TABLE `live_buyers` (
	`id` text PRIMARY KEY NOT NULL,
	`platform` text NOT NULL,
	`external_user_id` text NOT NULL,
	`display_name` text DEFAULT '' NOT NULL,
	`line_user_id` text,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `live_buyers_platform_uq` ON `live_buyers` (`platform`,`external_user_id`);--> statement-breakpoint
CREATE INDEX `live_buyers_line_idx` ON `live_buyers` (`line_user_id`);--> statement-breakpoint
CREATE TABLE `live_comments` (
	`id` text PRIMARY KEY NOT NULL,
	`sale_id` text NOT NULL,
	`platform` text NOT NULL,
	`comment_id` text NOT NULL,
	`buyer_id` text NOT NULL,
	`text` text NOT NULL,
	`kind` text NOT NULL,
	`outcome` text,
	`reason` text,
	`detail` text,
	`origin` text NOT NULL,
	`chat_id` text,
	`seq` integer NOT NULL,
	`posted_at` integer NOT NULL,
	`received_at` integer NOT NULL,
	FOREIGN KEY (`sale_id`) REFERENCES `live_sales`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `live_comments_uq` ON `live_comments` (`sale_id`,`platform`,`comment_id`);--> statement-breakpoint
CREATE INDEX `live_comments_sale_idx` ON `live_comments` (`sale_id`,`seq`);--> statement-breakpoint
CREATE TABLE `live_group_notices` (
	`id` text PRIMARY KEY NOT NULL,
	`sale_id` text NOT NULL,
	`chat_id` text NOT NULL,
	`line_user_id` text NOT NULL,
	`comment_row_id` text NOT NULL,
	`reply_token` text,
	`reply_token_expires_at` integer,
	`created_at` integer NOT NULL,
	`flushed_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `live_group_notices_comment_uq` ON `live_group_notices` (`comment_row_id`);--> statement-breakpoint
CREATE INDEX `live_group_notices_due_idx` ON `live_group_notices` (`flushed_at`,`chat_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `live_lines` (
	`id` text PRIMARY KEY NOT NULL,
	`sale_id` text NOT NULL,
	`order_id` text NOT NULL,
	`comment_row_id` text NOT NULL,
	`product_id` text NOT NULL,
	`variant_id` text NOT NULL,
	`decision` text NOT NULL,
	`reason` text,
	`status` text NOT NULL,
	`requested` integer NOT NULL,
	`qty` integer NOT NULL,
	`seq` integer NOT NULL,
	`created_at` integer NOT NULL,
	`promoted_at` integer
);
--> statement-breakpoint
CREATE INDEX `live_lines_comment_idx` ON `live_lines` (`comment_row_id`);--> statement-breakpoint
CREATE INDEX `live_lines_order_idx` ON `live_lines` (`order_id`,`product_id`,`status`);--> statement-breakpoint
CREATE INDEX `live_lines_wait_idx` ON `live_lines` (`sale_id`,`status`,`variant_id`,`seq`);--> statement-breakpoint
CREATE TABLE `live_orders` (
	`id` text PRIMARY KEY NOT NULL,
	`sale_id` text NOT NULL,
	`buyer_id` text NOT NULL,
	`status` text DEFAULT 'cart' NOT NULL,
	`member_id` text,
	`attributed_store_id` text,
	`attributed_staff_id` text,
	`fulfilment` text,
	`pickup_store_id` text,
	`delivery` text,
	`payment_method` text,
	`coupon_id` text,
	`points_used` integer DEFAULT 0 NOT NULL,
	`subtotal` integer DEFAULT 0 NOT NULL,
	`discount` integer DEFAULT 0 NOT NULL,
	`total` integer DEFAULT 0 NOT NULL,
	`expires_at` integer NOT NULL,
	`reminded_at` integer,
	`confirmed_at` integer,
	`paid_at` integer,
	`closed_at` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`sale_id`) REFERENCES `live_sales`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`buyer_id`) REFERENCES `live_buyers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`attributed_store_id`) REFERENCES `stores`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`attributed_staff_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`pickup_store_id`) REFERENCES `stores`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `live_orders_buyer_uq` ON `live_orders` (`sale_id`,`buyer_id`);--> statement-breakpoint
CREATE INDEX `live_orders_due_idx` ON `live_orders` (`status`,`expires_at`);--> statement-breakpoint
CREATE TABLE `live_products` (
	`id` text PRIMARY KEY NOT NULL,
	`sale_id` text NOT NULL,
	`code` text NOT NULL,
	`code_key` text NOT NULL,
	`name` text NOT NULL,
	`price` integer NOT NULL,
	`per_buyer_limit` integer,
	`position` integer NOT NULL,
	FOREIGN KEY (`sale_id`) REFERENCES `live_sales`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `live_products_code_uq` ON `live_products` (`sale_id`,`code_key`);--> statement-breakpoint
CREATE TABLE `live_sales` (
	`id` text PRIMARY KEY NOT NULL,
	`title` text NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	`featured_code` text,
	`line_group_id` text,
	`ingest_key_hash` text NOT NULL,
	`hold_minutes` integer DEFAULT 1440 NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`next_seq` integer DEFAULT 1 NOT NULL,
	`created_at` integer NOT NULL,
	`opened_at` integer,
	`closed_at` integer
);
--> statement-breakpoint
CREATE TABLE `live_variants` (
	`id` text PRIMARY KEY NOT NULL,
	`sale_id` text NOT NULL,
	`product_id` text NOT NULL,
	`name` text,
	`stock` integer NOT NULL,
	`reserved` integer DEFAULT 0 NOT NULL,
	`waitlisted` integer DEFAULT 0 NOT NULL,
	`position` integer NOT NULL,
	FOREIGN KEY (`product_id`) REFERENCES `live_products`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "live_variants_stock_ck" CHECK("live_variants"."reserved" >= 0 AND "live_variants"."reserved" <= "live_variants"."stock" AND "live_variants"."waitlisted" >= 0)
);
--> statement-breakpoint
CREATE INDEX `live_variants_product_idx` ON `live_variants` (`product_id`);