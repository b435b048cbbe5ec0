evidence-back-to-item = Terug naar punt { $key }
