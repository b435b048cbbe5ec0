# One holder per review, the queue's default, carried verdicts
reviews-status-actionable = To act on: waiting, and held by you
