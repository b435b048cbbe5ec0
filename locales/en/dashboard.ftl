error-query-field = The value “{ $value }” of the field “{ $field }” is not valid. Correct it and filter again.
