evidence-back-to-item = Retour au point { $item }
