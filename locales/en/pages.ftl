evidence-back-to-item = Back to item { $key }
