DROP INDEX `live_orders_buyer_uq`;--> statement-breakpoint
CREATE UNIQUE INDEX `live_orders_cart_uq` ON `live_orders` (`sale_id`,`buyer_id`) WHERE "live_orders"."status" = 'cart';--> statement-breakpoint
CREATE INDEX `live_orders_buyer_idx` ON `live_orders` (`sale_id`,`buyer_id`,`created_at`);