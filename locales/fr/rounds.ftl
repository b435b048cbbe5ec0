review-not-yet-audited = Pas encore audité
review-certificate = Certificat délivré :
review-show-unjudged = Afficher seulement les points non encore jugés ({ $count })
review-showing-unjudged = Seuls les points non encore jugés sont affichés ({ $count }).
review-show-all = Afficher tous les points
reviews-held-by = prise en charge par { $email }
