# One holder per review, the queue's default, carried verdicts
reviews-status-actionable = To act on: waiting, and held by you
error-held-by-another = { $email } is reviewing this submission: take it over before recording verdicts or deciding.
take-over-not-possible = This submission is not in review with another auditor: there is nothing to take over.
take-over-auditor-required = Choose the auditor who takes the review over.
review-held-by-other = { $email } is reviewing this submission. Take it over to record verdicts and decide; the history keeps who held it.
review-take-over = Take over this review
review-done-taken_over = You took over this review.
review-carried = Carried from round { $round }
review-carried-help = answer, comment and evidence unchanged since this verdict; you can still change it.
