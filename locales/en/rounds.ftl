review-not-yet-audited = Not yet audited
review-certificate = Certificate issued:
review-show-unjudged = Show only the items not yet judged ({ $count })
review-showing-unjudged = Showing only the items not yet judged ({ $count }).
review-show-all = Show all items
reviews-held-by = held by { $email }
