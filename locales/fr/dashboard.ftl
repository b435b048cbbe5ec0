error-query-field = La valeur « { $value } » du champ « { $field } » n'est pas valide. Corrigez-la et filtrez à nouveau.
