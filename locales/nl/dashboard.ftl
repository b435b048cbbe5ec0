error-query-field = De waarde „{ $value }” van het veld „{ $field }” is ongeldig. Verbeter ze en filter opnieuw.
org-search = Een vestiging zoeken op naam of stad
org-search-none = Geen enkele vestiging komt overeen met deze zoekopdracht.
