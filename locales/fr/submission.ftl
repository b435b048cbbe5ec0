# Justificatifs qu'exige un « oui », la procédure du site comme justificatif, contrôle avant envoi.
lacking-evidence = Justificatif manquant
lacking-evidence-missing = Répondu oui, mais aucun fichier n'est joint : joignez le justificatif demandé pour ce point.
lacking-evidence-missing-procedure = Répondu oui, mais aucun fichier n'est joint et la procédure du site manque ou sa révision annuelle est en retard : joignez un fichier ou mettez la procédure à jour.
lacking-evidence-expired = Répondu oui, mais tous les fichiers joints ont dépassé leur date de validité : joignez une version à jour.
procedure-serves-as-evidence = La procédure tient lieu de justificatif pour ce point.
review-lacking-title = Répondus oui sans le justificatif requis
review-lacking-help = Le site a répondu oui à ces points sans fichier valide (ou, pour les points que montre la procédure, sans procédure en vigueur).
submit-confirm-title = Envoyer l'évaluation
submit-confirm-frozen = L'envoi fige l'évaluation : les réponses, commentaires et justificatifs tels qu'ils sont maintenant partent chez l'auditeur, et personne ne peut plus les modifier tant que l'auditeur ne demande pas de corrections ou ne rouvre pas l'évaluation.
submit-confirm-lacking-title = Répondus oui sans le justificatif requis
submit-confirm-lacking-none = Chaque point répondu oui a le justificatif requis.
submit-confirm-to-confirm-title = Encore « à confirmer »
submit-confirm-to-confirm-help = Ces réponses ont été reprises de l'année précédente et ne sont pas encore confirmées : elles ne peuvent pas être envoyées telles quelles.
submit-confirm-to-confirm-none = Aucune réponse n'attend de confirmation.
submit-confirm-button = Envoyer maintenant
submit-confirm-back = Retour à la checklist
submit-confirm-unanswered-title = Pas encore répondus
