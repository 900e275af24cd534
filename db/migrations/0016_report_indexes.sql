CREATE INDEX `outbox_sent_idx` ON `outbox_messages` (`sent_at`);--> statement-breakpoint
CREATE INDEX `live_orders_member_idx` ON `live_orders` (`member_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `live_orders_created_idx` ON `live_orders` (`created_at`);--> statement-breakpoint
CREATE INDEX `coupons_issued_idx` ON `coupons` (`issued_at`);--> statement-breakpoint
CREATE INDEX `coupons_redeemed_idx` ON `coupons` (`redeemed_at`);--> statement-breakpoint
CREATE INDEX `point_entries_created_idx` ON `point_entries` (`created_at`);--> statement-breakpoint
CREATE INDEX `binding_scans_scanned_idx` ON `binding_scans` (`scanned_at`);