evidence-back-to-item = Terug naar punt { $item }
