# Rules people can see: units and pass rules
unit-kilobyte = KB
rule-pass-mandatory = To pass: { $count ->
    [one] the mandatory item { $items } answered “{ $answers }”
   *[other] the mandatory items { $items } answered “{ $answers }”
}, and a score of at least { $min } %.
rule-pass-score = To pass: a score of at least { $min } %.
rule-points-short = { $points ->
    [one] 1 point short
   *[other] { $points } points short
}
rule-why-failing = Not met:
rule-with-note = { $text } ({ $note })
not-compliant-brief = criterion { $number }: { $rules }
