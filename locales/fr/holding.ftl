# Un seul titulaire par revue, la file par défaut, les verdicts reportés
reviews-status-actionable = À traiter : en attente, et celles que vous tenez
error-held-by-another = { $email } revoit cette soumission : reprenez-la avant d'enregistrer des verdicts ou de décider.
take-over-not-possible = Cette soumission n'est pas en revue chez un autre auditeur : il n'y a rien à reprendre.
take-over-auditor-required = Choisissez l'auditeur qui reprend la revue.
review-held-by-other = { $email } revoit cette soumission. Reprenez-la pour enregistrer des verdicts et décider ; l'historique garde qui la tenait.
review-take-over = Reprendre cette revue
review-done-taken_over = Vous avez repris cette revue.
review-carried = Reporté du tour { $round }
review-carried-help = réponse, commentaire et preuves inchangés depuis ce verdict ; vous pouvez encore le modifier.
