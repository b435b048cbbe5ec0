error-query-field = De waarde „{ $value }” van het veld „{ $field }” is ongeldig. Verbeter ze en filter opnieuw.
