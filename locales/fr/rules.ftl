# Rules people can see: units and pass rules
unit-kilobyte = Ko
rule-pass-mandatory = Pour réussir : { $count ->
    [one] le point obligatoire { $items } avec la réponse « { $answers } »
   *[other] les points obligatoires { $items } avec la réponse « { $answers } »
}, et un score d'au moins { $min } %.
rule-pass-score = Pour réussir : un score d'au moins { $min } %.
rule-points-short = { $whole ->
    [0] il manque { $points } point
    [1] il manque { $points } point
   *[other] il manque { $points } points
}
rule-why-failing = Non rempli :
rule-with-note = { $text } ({ $note })
not-compliant-brief = critère { $number } : { $rules }
