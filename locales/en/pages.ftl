evidence-back-to-item = Back to item { $item }
