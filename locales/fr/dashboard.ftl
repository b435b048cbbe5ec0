error-query-field = La valeur « { $value } » du champ « { $field } » n'est pas valide. Corrigez-la et filtrez à nouveau.
org-search = Trouver un site par nom ou par ville
org-search-none = Aucun site ne correspond à cette recherche.
