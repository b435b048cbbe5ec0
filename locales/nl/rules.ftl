# Rules people can see: units and pass rules
unit-kilobyte = kB
rule-pass-mandatory = Om te slagen: { $count ->
    [one] het verplichte punt { $items } met het antwoord ‘{ $answers }’
   *[other] de verplichte punten { $items } met het antwoord ‘{ $answers }’
}, en een score van minstens { $min } %.
rule-pass-score = Om te slagen: een score van minstens { $min } %.
rule-points-short = { $points ->
    [one] 1 punt te weinig
   *[other] { $points } punten te weinig
}
rule-why-failing = Niet vervuld:
rule-with-note = { $text } ({ $note })
not-compliant-brief = criterium { $number }: { $rules }
