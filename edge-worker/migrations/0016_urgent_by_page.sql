-- One page's handling figures (its summary in the read API, its detail in the dashboard) seek the
-- page's own urgent items instead of every urgent item of the site in the range (issue 22): the same
-- covering columns as feedback_urgent_by_time, led by the page. Urgent items are a few in a hundred,
-- so the index costs little on writes.
CREATE INDEX feedback_urgent_by_page ON feedback (site_id, page, created_at, day, channel, notice_id, spam, team,
  urgent_at, acknowledged_at, resolved_at, customer_answer) WHERE urgent IS NOT NULL;
