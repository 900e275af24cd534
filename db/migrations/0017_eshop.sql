CREATE TABLE `coupon_gifts` (
	`id` text PRIMARY KEY NOT NULL,
	`coupon_id` text NOT NULL,
	`from_member_id` text NOT NULL,
	`token_hash` text NOT NULL,
	`state` text NOT NULL,
	`to_member_id` text,
	`expires_at` integer NOT NULL,
	`accepted_at` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`coupon_id`) REFERENCES `coupons`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`from_member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`to_member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `coupon_gifts_token_uq` ON `coupon_gifts` (`token_hash`);--> statement-breakpoint
CREATE UNIQUE INDEX `coupon_gifts_open_uq` ON `coupon_gifts` (`coupon_id`) WHERE state = 'pending';--> statement-breakpoint
CREATE TABLE `online_orders` (
	`id` text PRIMARY KEY NOT NULL,
	`shop_id` text NOT NULL,
	`external_id` text NOT NULL,
	`state` text NOT NULL,
	`member_id` text,
	`customer_phone` text,
	`lines` text NOT NULL,
	`subtotal` integer NOT NULL,
	`coupon_code` text,
	`coupon_id` text,
	`coupon_discount` integer DEFAULT 0 NOT NULL,
	`points_used` integer DEFAULT 0 NOT NULL,
	`total` integer NOT NULL,
	`shipping` integer DEFAULT 0 NOT NULL,
	`pickup_store_id` text,
	`pickup_state` text,
	`ready_at` integer,
	`picked_up_at` integer,
	`picked_up_by` text,
	`attributed_staff_id` text,
	`attributed_store_id` text,
	`attribution` text NOT NULL,
	`staff_link_id` text,
	`purchase_id` text,
	`refunded_amount` integer DEFAULT 0 NOT NULL,
	`paid_at` integer,
	`cancelled_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`shop_id`) REFERENCES `shops`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`coupon_id`) REFERENCES `coupons`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`pickup_store_id`) REFERENCES `stores`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`attributed_staff_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`attributed_store_id`) REFERENCES `stores`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `online_orders_shop_ext_uq` ON `online_orders` (`shop_id`,`external_id`);--> statement-breakpoint
CREATE INDEX `online_orders_member_idx` ON `online_orders` (`member_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `online_orders_pickup_idx` ON `online_orders` (`pickup_store_id`,`pickup_state`);--> statement-breakpoint
CREATE TABLE `shop_products` (
	`shop_id` text NOT NULL,
	`sku` text NOT NULL,
	`name` text NOT NULL,
	`price` integer NOT NULL,
	`url` text,
	`image_url` text,
	`active` integer DEFAULT true NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`shop_id`) REFERENCES `shops`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `shop_products_pk` ON `shop_products` (`shop_id`,`sku`);--> statement-breakpoint
CREATE TABLE `shop_webhooks` (
	`webhook_id` text PRIMARY KEY NOT NULL,
	`shop_id` text NOT NULL,
	`topic` text NOT NULL,
	`received_at` integer NOT NULL,
	FOREIGN KEY (`shop_id`) REFERENCES `shops`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `shops` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`platform` text DEFAULT 'api' NOT NULL,
	`domain` text,
	`base_url` text NOT NULL,
	`cart_url_template` text,
	`key_hash` text NOT NULL,
	`revoked_at` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `shops_key_uq` ON `shops` (`key_hash`);--> statement-breakpoint
CREATE UNIQUE INDEX `shops_domain_uq` ON `shops` (`domain`);--> statement-breakpoint
CREATE TABLE `staff_links` (
	`id` text PRIMARY KEY NOT NULL,
	`shop_id` text NOT NULL,
	`staff_id` text NOT NULL,
	`kind` text NOT NULL,
	`target_url` text NOT NULL,
	`items` text,
	`sent_to_member_id` text,
	`expires_at` integer NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`shop_id`) REFERENCES `shops`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`staff_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`sent_to_member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `staff_links_staff_idx` ON `staff_links` (`staff_id`,`created_at`);--> statement-breakpoint
ALTER TABLE `coupon_templates` ADD `transferable` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `coupons` ADD `reserved_for` text;--> statement-breakpoint
ALTER TABLE `coupons` ADD `reserved_until` integer;