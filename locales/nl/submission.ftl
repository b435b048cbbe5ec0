# Bewijs dat een "ja" vraagt, de procedure van de site als bewijs, en de controle voor het indienen.
lacking-evidence = Bewijsstuk ontbreekt
lacking-evidence-missing = Met ja beantwoord, maar er is geen bestand toegevoegd: voeg het bewijsstuk toe dat dit punt vraagt.
lacking-evidence-missing-procedure = Met ja beantwoord, maar er is geen bestand toegevoegd en de procedure van de site ontbreekt of haar jaarlijkse herziening is te laat: voeg een bestand toe of werk de procedure bij.
lacking-evidence-expired = Met ja beantwoord, maar alle toegevoegde bestanden zijn over hun geldigheidsdatum: voeg een actuele versie toe.
procedure-serves-as-evidence = De procedure geldt als bewijsstuk voor dit punt.
review-lacking-title = Met ja beantwoord zonder het vereiste bewijsstuk
review-lacking-help = De site beantwoordde deze punten met ja zonder geldig bestand (of, voor punten die de procedure toont, zonder geldende procedure).
submit-confirm-title = De evaluatie indienen
submit-confirm-frozen = Indienen bevriest de evaluatie: de antwoorden, opmerkingen en bewijsstukken zoals ze nu zijn gaan naar de auditor, en niemand kan ze nog wijzigen tot de auditor om aanpassingen vraagt of de evaluatie heropent.
submit-confirm-lacking-title = Met ja beantwoord zonder het vereiste bewijsstuk
submit-confirm-lacking-none = Elk punt dat met ja is beantwoord, heeft het vereiste bewijsstuk.
submit-confirm-to-confirm-title = Nog "te bevestigen"
submit-confirm-to-confirm-help = Deze antwoorden zijn van vorig jaar overgenomen en nog niet bevestigd: zo kunnen ze niet worden ingediend.
submit-confirm-to-confirm-none = Geen enkel antwoord wacht op bevestiging.
submit-confirm-button = Nu indienen
submit-confirm-back = Terug naar de checklist
submit-confirm-unanswered-title = Nog niet beantwoord
