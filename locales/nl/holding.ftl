# Eén houder per beoordeling, de standaardwachtrij, overgenomen oordelen
reviews-status-actionable = Te behandelen: wachtend, en die u in behandeling hebt
error-held-by-another = { $email } beoordeelt deze indiening: neem ze over voordat u oordelen vastlegt of beslist.
take-over-not-possible = Deze indiening is niet in beoordeling bij een andere auditor: er valt niets over te nemen.
take-over-auditor-required = Kies de auditor die de beoordeling overneemt.
review-held-by-other = { $email } beoordeelt deze indiening. Neem ze over om oordelen vast te leggen en te beslissen; de geschiedenis bewaart wie ze had.
review-take-over = Deze beoordeling overnemen
review-done-taken_over = U hebt deze beoordeling overgenomen.
review-carried = Overgenomen uit ronde { $round }
review-carried-help = antwoord, opmerking en bewijs ongewijzigd sinds dit oordeel; u kunt het nog wijzigen.
