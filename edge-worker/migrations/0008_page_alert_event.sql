-- The event id of a page's last `page.alert`: the request that fires the alert writes it together
-- with the alert's deliveries in one transaction, and only that request (not another negative in the
-- same millisecond) finds its own id here.
ALTER TABLE page_alerts ADD COLUMN event_id TEXT;
