error-query-field = The value “{ $value }” of the field “{ $field }” is not valid. Correct it and filter again.
org-search = Find a site by name or city
org-search-none = No site matches this search.
