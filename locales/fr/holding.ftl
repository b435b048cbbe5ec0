# Un seul titulaire par revue, la file par défaut, les verdicts reportés
reviews-status-actionable = À traiter : en attente, et celles que vous tenez
