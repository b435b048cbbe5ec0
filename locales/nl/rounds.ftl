review-not-yet-audited = Nog niet geaudit
review-certificate = Certificaat uitgereikt:
review-show-unjudged = Alleen de nog niet beoordeelde punten tonen ({ $count })
review-showing-unjudged = Alleen de nog niet beoordeelde punten worden getoond ({ $count }).
review-show-all = Alle punten tonen
reviews-held-by = in behandeling bij { $email }
