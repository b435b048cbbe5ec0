# Messages français de codecheck. Gardez les mêmes identifiants dans en/ et nl/.

## Mise en page
skip-to-content = Aller au contenu
nav-label = Navigation principale
nav-sites = Établissements
nav-org = Organisation
logout = Se déconnecter
language-switch = Langue
footer = codecheck · conformité à The Code, le code de conduite du secteur du voyage contre l'exploitation sexuelle des enfants
back-home = Retour à la page d'accueil
overview = Vue d'ensemble

## Rôles
role-admin = Administrateur de la plateforme
role-company_admin = Administrateur d'entreprise
role-site_manager = Responsable d'établissement
role-auditor = Auditeur

## Mois (les dates s'écrivent "23 novembre 2026")
month-1 = janvier
month-2 = février
month-3 = mars
month-4 = avril
month-5 = mai
month-6 = juin
month-7 = juillet
month-8 = août
month-9 = septembre
month-10 = octobre
month-11 = novembre
month-12 = décembre

## Connexion
login-title = Connexion
login-intro = Connectez-vous avec l'adresse e-mail et le mot de passe de votre compte codecheck.
login-button = Se connecter
field-email = Adresse e-mail
field-password = Mot de passe

## Accueil et établissements
home-title = Vos établissements
home-empty = Aucun établissement pour l'instant. Un administrateur d'entreprise ajoute les établissements sous Organisation ; vous pouvez aussi lui demander un accès.
home-sites-title = Établissements
home-search = Chercher un établissement par son nom
home-search-button = Chercher
home-search-clear = Voir tous les établissements
home-no-match = Aucun établissement ne contient « { $q } » dans son nom.
home-first-page = Première page
col-site = Établissement
col-city = Ville
col-unit = Unité
col-latest = Dernière évaluation
no-assessment = Pas commencée
assessments-title = Évaluations
assessments-empty = Aucune évaluation pour cet établissement. Commencez-en une ci-dessous.
assessment-of-year = Évaluation { $year }
criteria-version = version des critères { $version }
start-title = Commencer une évaluation
start-help = Une évaluation par établissement et par année de référence. Les réponses de l'année précédente sont reprises ; il vous suffit de les confirmer.
field-year = Année de référence
start-button = Commencer

## Statuts
status-draft = Brouillon
status-submitted = Soumise
status-in_review = En cours d'examen
status-changes_requested = Modifications demandées
status-approved = Approuvée

## La liste de contrôle
progress-label = Progression
items-answered = { $count ->
    [one] { $count } point renseigné
   *[other] { $count } points renseignés
}
criteria-compliant = critères conformes
score = Score { $score } %
compliant = Conforme
not-compliant = Pas encore conforme
to-confirm = À confirmer
to-confirm-count = { $count } à confirmer
to-confirm-total = { $count ->
    [one] Une réponse a été reprise de l'année précédente et attend votre confirmation.
   *[other] { $count } réponses ont été reprises de l'année précédente et attendent votre confirmation.
}
mandatory = Obligatoire
optional = Facultatif
evidence-document = Justificatif : document
evidence-photo = Justificatif : photo
evidence-training_records = Justificatif : registres de formation
evidence-none = Aucun justificatif requis
guidance = Conseils
answer-label = Réponse au point
answer-yes = Oui
answer-partial = En partie
answer-no = Non
answer-not_applicable = Non applicable
comment-label = Commentaire (facultatif)
confirm-label = Je confirme que cette réponse est toujours valable cette année
save = Enregistrer
save-next = Enregistrer et passer au critère suivant
save-overview = Enregistrer et revenir à la vue d'ensemble
criteria-nav = Critères
unsaved-warning = Certaines modifications ne sont pas encore enregistrées.
form-has-errors = Rien n'a été enregistré : veuillez corriger les champs signalés ci-dessous.
read-only-note = Cette liste de contrôle est en lecture seule pour vous.
frozen-note = Cette évaluation a été soumise : ses réponses ne peuvent plus être modifiées.
notice-saved = Vos réponses sont enregistrées.
notice-submitted = L'évaluation est soumise pour audit. Ses réponses sont désormais figées.
submit-title = Soumettre pour audit
submit-ready = Tous les points sont renseignés. Une fois l'évaluation soumise, les réponses ne pourront plus être modifiées.
submit-missing = Encore à renseigner ou à confirmer : { $items }
submit-help = La soumission fige les réponses : personne ne pourra plus les modifier.
submit-button = Soumettre
submitted-on = soumise le { $date }

## Organisation
org-title = Organisation
org-empty = Aucune entreprise pour l’instant. Ajoutez le premier groupe hôtelier ci-dessus ; ses unités et ses hôtels viendront ensuite.
unit-empty = Aucun établissement dans cette unité pour l’instant. Ajoutez ses hôtels avec « Ajouter un établissement » ci-dessous.
add-company = Ajouter une entreprise
add-unit = Ajouter une unité (pays ou marque)
add-site = Ajouter un établissement (hôtel)
add-user = Ajouter un utilisateur
user-state = État
user-state-active = Actif
user-state-deactivated = Désactivé
user-last-login = Dernière connexion :
user-never-logged-in = Jamais connecté
user-deactivate = Désactiver
user-reactivate = Réactiver
user-last-admin = C’est le dernier administrateur de la plateforme encore actif : nommez d’abord un autre administrateur.
user-state-invalid = Choisissez active ou deactivated.
add = Ajouter
users-title = Utilisateurs
field-name = Nom
field-city = Ville
field-country = Pays (code à deux lettres, p. ex. BE)
field-role = Rôle
field-scope = S'applique à
field-language = Langue
scope-none = — rien (administrateur de la plateforme) —
scope-help = Une entreprise ou une unité pour un administrateur d'entreprise, un établissement pour un responsable d'établissement, une entreprise pour un auditeur.
language-auto = Selon le navigateur
password-help = Au moins 12 caractères, et pas facile à deviner : quelques mots sans rapport entre eux font un bon mot de passe.

## Erreurs
error-title = Une erreur s'est produite
error-status = Erreur { $status }
error-unauthenticated = Veuillez d'abord vous connecter.
error-login-failed = L'adresse e-mail ou le mot de passe est incorrect.
error-forbidden = Vous n'êtes pas autorisé à effectuer cette action.
error-not-found = Cette page ou cet objet n'existe pas, ou vous n'y avez pas accès.
error-csrf = Le formulaire a expiré ou ne provient pas de ce site. Rechargez la page et réessayez.
error-form = Le formulaire n'a pas pu être lu. Rechargez la page et réessayez.
error-form-unknown-field = Le formulaire contient un champ « { $field } » que cet envoi ne prend pas.
error-query = L'adresse contient un paramètre non valide : { $detail }
error-json-syntax = Le corps de la requête n'est pas du JSON valide. Le champ "detail" de la réponse précise où.
error-json-data = Le corps de la requête ne contient pas les champs attendus. Le champ "detail" de la réponse précise lequel.
error-json-content-type = Envoyez le corps de la requête en JSON avec l'en-tête Content-Type: application/json.
error-language = Langue inconnue : utilisez en, fr ou nl.
error-incomplete = L'évaluation ne peut pas encore être soumise. Points encore à renseigner ou à confirmer : { $items }
error-internal = Une erreur inattendue s'est produite. Elle a été consignée ; veuillez réessayer.
error-unavailable = Le service est temporairement indisponible. Veuillez réessayer dans un instant.
error-busy = Le serveur est occupé à vérifier des mots de passe. Réessayez dans { $seconds } secondes.
assessment-not-editable = Cette évaluation a été soumise et ne peut plus être modifiée.
assessment-exists = Cet établissement a déjà une évaluation pour cette année.
duplicate-name = Ce nom est déjà utilisé à ce niveau.
duplicate-email = Un utilisateur avec cette adresse e-mail existe déjà.
email-unusable = Cette adresse ne peut pas servir à un nouveau compte. Utilisez-en une autre, ou adressez-vous à l’administrateur de la plateforme.
invalid-email = Saisissez une adresse e-mail valide.
password-too-short = Le mot de passe doit comporter au moins 12 caractères.
password-too-long = Le mot de passe doit comporter au plus 256 caractères.
name-required = Saisissez un nom.
name-too-long = Le nom doit comporter au plus 200 caractères.
name-control-chars = Le nom contient des caractères de contrôle (comme un saut de ligne ou un caractère NUL) : supprimez-les.
name-bidi-chars = Le nom contient des caractères qui changent le sens du texte (contrôles bidi, comme U+202E) : supprimez-les.
name-invisible-chars = Le nom contient des caractères invisibles (comme une espace de largeur nulle) : supprimez-les.
name-lookalike = Enregistré. Attention : ce nom ressemble à « { $value } », qui existe déjà à ce niveau. Vérifiez qu’il ne s’agit pas du même.
city-required = Saisissez une ville (200 caractères au plus).
invalid-country = Saisissez le code ISO à deux lettres d’un pays, comme BE, FR ou NL.
invalid-year = Saisissez une année de référence comprise entre { $first } et { $last }.
invalid-role = Choisissez un rôle : admin, company_admin, site_manager ou auditor.
invalid-answer = Réponse inconnue "{ $value }" : utilisez yes, partial, no ou not_applicable.
answer-na-not-allowed = Le point { $item } ne peut pas recevoir la réponse "Non applicable".
answer-needed-for-comment = Choisissez une réponse pour enregistrer ce commentaire.
comment-too-long = Le commentaire doit comporter au plus { $max } caractères.
scope-required = Choisissez ce à quoi ce rôle s'applique.
scope-not-allowed = Le rôle d'administrateur de la plateforme s'applique à tout : laissez ce champ vide.
scope-wrong-kind = Ce rôle ne peut pas s'appliquer au nœud choisi : une entreprise ou une unité pour un administrateur d'entreprise, un établissement pour un responsable d'établissement, une entreprise pour un auditeur.
autosave-saved = Enregistré à
autosave-failed = Enregistrement automatique impossible : utilisez le bouton Enregistrer pour voir ce qui ne va pas.

## Formation du personnel
training-title = Formation du personnel
as-of = au { $date }
coverage-title = Couverture de la formation
coverage-overall = membres du personnel formés à tous les modules requis pour leur fonction
coverage-overdue-people = personnes en retard
coverage-expiring = formations expirant dans les 60 jours
coverage-by-role = Couverture par fonction
coverage-by-module = Couverture par module
coverage-empty = Personne dans la liste du personnel n'a encore une fonction qui exige une formation. Importez la liste du personnel ci-dessous.
attention-title = À suivre
col-role = Fonction
col-trained = Formés et à jour
col-required = Doivent être formés
col-module = Module
col-employee = Employé
col-name = Nom
col-start = Date d'entrée
col-status = Statut
col-line = Ligne
col-column = Colonne
col-problem = Problème
standing-expiring = valable jusqu'au { $date }
standing-pending = à former avant le { $date }
standing-never = jamais formé (échéance { $date })
standing-expired = expirée le { $date }
staff-title = Personnel enregistré
staff-empty = Aucun membre du personnel enregistré. Importez la liste du personnel et ses formations depuis un fichier CSV ou Excel : téléchargez le modèle ci-dessus, remplissez-le, puis vérifiez-le avant tout enregistrement.
staff-left = Parti
staff-ok = À jour
staff-overdue = En retard
staff-truncated = Seuls les { $count } premiers sont affichés ici ; l'API et les exports les donnent tous.
job-role-reception = Réception
job-role-housekeeping = Étages
job-role-food_beverage = Restauration
job-role-security = Sécurité
job-role-management = Direction
job-role-maintenance = Maintenance
job-role-other = Autre
delivery-elearning = E-learning
delivery-classroom = Présentiel avec ECPAT
delivery-other = Autre
# What an import file may write in the delivery column (the labels above are accepted too).
import-value-delivery-elearning = e-learning
import-value-delivery-classroom = présentiel
import-value-delivery-other = autre

## Import
import-title = Importer le personnel et les formations
import-help = Un fichier CSV (virgules ou points-virgules) ou Excel (.xlsx) avec les colonnes du modèle. Vous verrez ce qui change avant tout enregistrement.
import-template = Télécharger le modèle
import-accepted = Valeurs acceptées. Fonction : { $roles }. Modalité : { $deliveries }. Module : { $modules }. Dates au format 2025-03-01 ou 01/03/2025.
import-file = Fichier
import-check = Vérifier le fichier
import-preview-title = Aperçu de l'import
# After the number of rows, shown big above it.
import-added = { $count ->
    [one] ligne ajoute des données
   *[other] lignes ajoutent des données
}
import-updated = { $count ->
    [one] ligne modifie des données
   *[other] lignes modifient des données
}
import-unchanged = { $count ->
    [one] ligne ne change rien
   *[other] lignes ne changent rien
}
import-errors = { $count ->
    [one] ligne en erreur
   *[other] lignes en erreur
}
import-ready = Le fichier est correct. Rien n'est enregistré avant votre confirmation.
import-confirm = Importer maintenant
cancel = Annuler
import-fix-and-retry = Corrigez le fichier et importez-le à nouveau
import-has-errors = { $count ->
    [one] Un problème trouvé : rien n'a été importé.
   *[other] { $count } problèmes trouvés : rien n'a été importé.
}
import-no-file = Choisissez un fichier à importer.
notice-imported = Le fichier a été importé.
template-file-name = modele-formation
import-empty = Le fichier est vide.
import-not-text = Ce n'est pas un fichier texte CSV. Enregistrez le tableau en CSV (UTF-8) ou en .xlsx.
import-bad-xlsx = Ce fichier Excel est illisible. Enregistrez-le à nouveau en .xlsx ou en CSV.
import-several-sheets = Le classeur a { $count } feuilles. Ne gardez que la feuille avec la liste du personnel.
import-too-many-rows = Le fichier a plus de { $max } lignes. Divisez-le en plusieurs fichiers.
import-bad-csv = Le fichier n'est pas lisible en CSV vers la ligne { $line }. Vérifiez les guillemets et les séparateurs.
import-header-missing = La première ligne doit nommer les colonnes. Attendu : { $columns } (ou leurs noms français ou néerlandais), séparés par des virgules ou des points-virgules.
import-ref-missing = La référence de l'employé manque.
import-ref-too-long = La référence de l'employé doit avoir au plus { $max } caractères.
import-name-too-long = Le nom doit avoir au plus { $max } caractères.
import-role-unknown = Fonction inconnue « { $value } » : utilisez réception, étages, restauration, sécurité, direction, maintenance ou autre.
import-role-missing = { $employee } n'est pas encore dans la liste du personnel : indiquez sa fonction.
import-start-missing = { $employee } n'est pas encore dans la liste du personnel : indiquez sa date d'entrée.
import-role-conflict = { $employee } figure déjà avec une autre fonction à la ligne { $line }.
import-date-invalid = « { $value } » n'est pas une date : écrivez AAAA-MM-JJ ou JJ/MM/AAAA.
import-date-future = La date { $value } est dans le futur.
import-date-too-old = La date { $value } est trop ancienne.
import-date-without-module-date = Un module est indiqué sans la date à laquelle il a été suivi.
import-module-missing = Une date de formation est indiquée sans le module.
import-module-unknown = Module inconnu « { $value } » : consultez la liste des modules de formation.
import-delivery-missing = Indiquez la modalité de la formation : { import-value-delivery-elearning }, { import-value-delivery-classroom } ou { import-value-delivery-other }.
import-delivery-unknown = Modalité inconnue « { $value } » : utilisez { import-value-delivery-elearning }, { import-value-delivery-classroom } ou { import-value-delivery-other }.
error-too-large = Le fichier ou la requête est trop volumineux : { $max } Mo au maximum.
figures-text = D'après les relevés de formation : { $trained } sur { $required } membres du personnel ({ $roles }) formés et à jour ({ $percent } %). Les chiffres proposent : { $answer }.
figures-no-proposal = aucune réponse (personne dans ces fonctions)
figures-preselected = La réponse proposée est sélectionnée : enregistrez pour l'accepter, ou choisissez une autre réponse et expliquez pourquoi dans le commentaire.
figures-override = Votre réponse diffère de celle que proposent les chiffres : l'auditeur voit les deux.
see-figures = Voir les chiffres

## Justificatifs
evidence-title = Justificatifs
evidence-upload-title = Ajouter un document ou une photo
evidence-upload-help = PDF, PNG, JPEG, WebP, Word (.docx), Excel (.xlsx) ou texte OpenDocument (.odt), { $max } Mo au maximum. Les fichiers sont conservés tels quels.
evidence-valid-until = Valable jusqu'au / à revoir le
evidence-replaces = Nouvelle version de
evidence-new-document = — un nouveau document —
evidence-items = Points de la liste qu'il justifie
evidence-upload = Envoyer
evidence-list = Documents
evidence-empty = Aucun justificatif envoyé pour l’instant. Envoyez la politique signée, des photos des affiches ou la clause des contrats, et reliez chaque fichier aux points de la liste qu’il prouve.
evidence-expired = Expiré
evidence-uploaded = Le fichier a été envoyé.
evidence-attached = Justificatifs :
evidence-attach = Joindre un document
col-file = Fichier
col-items = Points
col-uploaded = Envoyé le
evidence-file-missing = Choisissez un fichier à envoyer.
evidence-type-refused = Ce type de fichier n'est pas accepté (son contenu est vérifié, pas son nom) : utilisez PDF, PNG, JPEG, WebP, DOCX, XLSX ou ODT.
evidence-item-unknown = Il n'y a pas de point { $item } dans la liste.
evidence-replaces-unknown = Le document à remplacer n'existe pas pour cet établissement.
col-actions = Actions
staff-manage = Gérer
staff-left-on = Parti le
staff-mark-left = Marquer comme parti
staff-back = Réintégrer dans la liste
staff-export = Exporter ses données (JSON)
staff-erase = Effacer cette personne
staff-no-address = Cette référence ne peut pas figurer dans une adresse web : cette personne ne peut donc pas être exportée ni effacée depuis cette page.
erase-confirm = Je confirme : effacer définitivement cette personne et tous ses relevés de formation
erase-confirm-needed = Cochez la case de confirmation pour effacer une personne.
notice-erased = La personne et ses relevés de formation ont été effacés. Le journal d'audit note l'effacement, sans les données.

## Procédure en cas de soupçon
procedure-title = Procédure en cas de soupçon
procedure-none = Aucune procédure enregistrée. Le formulaire ci-dessous part des valeurs belges par défaut : adaptez-le à votre hôtel et enregistrez-le.
procedure-version = Version { $version }
procedure-reviewed-on = revue le { $date }
procedure-review-due = prochaine revue avant le { $date }
procedure-review-overdue = revue en retard depuis le { $date }
procedure-edit = Modifier (l'enregistrement crée une nouvelle version ; les précédentes sont conservées)
procedure-steps = Ce que fait le personnel, étape par étape
procedure-steps-help = Une étape par ligne, dans chaque langue que lit votre personnel. La fiche affiche les étapes dans sa langue, ou dans une autre si cette langue n'en a pas.
procedure-internal = Qui prévenir dans l'hôtel
procedure-external = Numéros à l'extérieur de l'hôtel
procedure-role = Fonction
procedure-service = Service
procedure-number = Numéro ou adresse
procedure-reviewed-field = Revue le
procedure-save = Enregistrer une nouvelle version
procedure-history = Versions
procedure-saved = La procédure a été enregistrée dans une nouvelle version.
procedure-steps-missing = Écrivez au moins une étape, dans au moins une langue.
procedure-too-many-steps = Au plus { $max } étapes par langue : la fiche doit tenir sur une page.
procedure-text-too-long = Chaque texte doit avoir au plus { $max } caractères.
procedure-too-many-contacts = Au plus { $max } contacts.
procedure-contact-incomplete = Chaque contact doit avoir une fonction ou un service et un numéro.
procedure-external-missing = Indiquez au moins un numéro à l'extérieur de l'hôtel, comme la police.
procedure-default-step-1 = Restez calme, ne confrontez pas l'adulte et ne l'alertez pas.
procedure-default-step-2 = Notez ce que vous avez vu : date, heure, chambre, descriptions, plaque du véhicule. Ne photographiez pas l'enfant.
procedure-default-step-3 = Prévenez immédiatement le responsable de service ou le référent protection de l'enfance.
procedure-default-step-4 = Si un enfant est en danger immédiat, appelez la police au 101 (ou le 112).
procedure-default-step-5 = Sinon, signalez-le à la police ou sur stopprostitutionenfantine.be, et notez le signalement dans le registre confidentiel.
procedure-default-manager = Directeur·rice de l'hôtel / Hotelmanager
procedure-default-police = Police / Politie
procedure-default-emergency = Urgences / Noodnummer
procedure-default-child-focus = Child Focus
procedure-default-reporting-site = Je dis STOP (signalement en ligne / online melding)
card-title = Si vous soupçonnez l'exploitation sexuelle d'un enfant
card-steps = Que faire
card-internal = Qui prévenir dans l'hôtel
card-external = Numéros à appeler
card-never-alone = Vous n'êtes jamais seul·e : parlez-en à votre responsable. Signaler un soupçon de bonne foi est toujours juste.
procedure-none-short = aucune enregistrée
procedure-open = Ouvrir la procédure
error-status-unknown = Statut inconnu « { $value } » : utilisez draft, submitted, in_review, changes_requested, approved ou not_compliant.
auditor-unknown = Aucun auditeur avec cet identifiant.
assessment-not-waiting = Cette soumission n'attend plus de revue : un autre auditeur l'a peut-être prise.
verdict-unknown = Verdict inconnu « { $value } » : utilisez accepted, rejected ou needs_info.
assessment-not-in-review = Cette évaluation n'est pas soumise à une revue.
decision-not-possible = Cette décision n'est pas possible dans l'état actuel de l'évaluation (quelqu'un a peut-être décidé avant vous).
approve-rejected-items = Approbation impossible : points encore rejetés : { $items }
reopen-reason-required = Indiquez la raison de la réouverture.
severity-unknown = Gravité inconnue « { $value } » : utilisez minor ou major.
due-date-invalid = « { $value } » n'est pas une échéance à partir d'aujourd'hui (AAAA-MM-JJ).
text-required = Ce texte est obligatoire.
finding-already-closed = Ce constat est déjà clôturé.
approve-major-findings = Approbation impossible : constats majeurs encore ouverts : { $items }
error-sort-unknown = Ordre inconnu « { $value } » : utilisez oldest ou newest.
nav-reviews = Revues
reviews-title = Soumissions à revoir
reviews-filters = Filtres
reviews-min-wait = En attente depuis au moins (jours)
reviews-filter = Filtrer
reviews-empty = Rien à revoir avec ces filtres. Les soumissions des entreprises que vous auditez apparaissent ici dès qu’un établissement soumet.
reviews-waiting = En attente
reviews-taken = (prise)
reviews-days = { $count ->
    [one] { $count } jour
   *[other] { $count } jours
}

## Notifications
nav-notifications = Notifications
unread-count = { $count ->
    [one] { $count } notification non lue
   *[other] { $count } notifications non lues
}
notifications-title = Notifications
notifications-empty = Aucune notification pour l’instant. Vous êtes prévenu ici quand une soumission, une décision ou un constat vous concerne.
notifications-read-all = Tout marquer comme lu
notifications-new = nouvelle
notifications-email-title = E-mail
notifications-email-legend = M'envoyer aussi un e-mail quand :
notifications-email-off = L'envoi d'e-mails n'est pas configuré sur ce serveur : les notifications n'apparaissent qu'ici. Vos choix s'appliqueront dès qu'il le sera.
notification-kind-unknown = Type de notification inconnu « { $value } » : utilisez submitted, changes_requested, approved, not_compliant, finding_due_soon ou finding_overdue.
notification-kind-submitted = un établissement soumet une évaluation pour revue
notification-kind-changes_requested = un auditeur demande des modifications
notification-kind-approved = une évaluation est approuvée
notification-kind-finding_due_soon = un constat arrive à échéance dans la semaine
notification-kind-finding_overdue = un constat est en retard
notification-submitted = { $site } a soumis son évaluation { $year } pour revue.
notification-changes_requested = Un auditeur a demandé à { $site } des modifications de son évaluation { $year }.
notification-approved = L'évaluation { $year } de { $site } est approuvée.
notification-finding_due_soon = Un constat sur le point { $item } ({ $site }, { $year }) arrive à échéance le { $date }.
notification-finding_overdue = Un constat sur le point { $item } ({ $site }, { $year }) est en retard depuis le { $date }.
email-footer = Vous recevez cet e-mail de codecheck. Choisissez les e-mails que vous recevez : { $link }

## La revue
review-title = Revue
review-open = Ouvrir la revue
review-round = Tour { $round }
review-reviewer = revue par { $email }
history-csv = Historique (CSV)
review-take = Prendre cette soumission
review-take-help = Prenez-la pour que vos collègues voient que vous la revoyez.
review-decision = Décision
review-decision-comment = Commentaire pour l'établissement (joint à votre décision)
review-request-changes = Demander des modifications
review-approve = Approuver
review-approve-blocked = L'approbation n'est pas encore possible :
review-reopen = Rouvrir
review-reopen-reason = Raison de la réouverture
review-no-decision = Aucune décision n'est possible dans cet état.
review-decisions = Décisions prises jusqu'ici
decision-request_changes = Modifications demandées
decision-approve = Approuvée
decision-reopen = Rouverte
review-answer = Réponse :
review-no-answer = pas de réponse
review-changed = Modifié depuis le tour précédent
review-before = Avant
review-now = Maintenant
review-figures-frozen = chiffres tels que soumis
review-no-evidence = Aucun justificatif joint.
review-previous-verdict = Verdict du tour précédent :
review-verdict = Verdict sur le point
review-verdict-comment = Commentaire visible par l'établissement
review-verdict-save = Enregistrer le verdict
review-auditor-verdict = Verdict de l'auditeur :
verdict-accepted = Accepté
verdict-rejected = Rejeté
verdict-needs_info = Informations complémentaires requises
review-done-taken = Vous avez pris cette soumission.
review-done-verdict = Verdict enregistré.
review-done-finding = Constat relevé.
review-done-request_changes = L'évaluation a été renvoyée à l'établissement avec vos demandes.
review-done-approve = L'évaluation est approuvée.
review-done-reopen = L'évaluation est rouverte et de nouveau en cours d'examen.
returned-title = L'auditeur a demandé des modifications.
returned-items = Points à revoir : { $items }

## Constats
findings-title = Constats
findings-open-title = Constats ouverts
findings-none-open = Aucun constat ouvert.
col-findings = Constats
findings-open-count = { $count ->
    [one] { $count } ouvert
   *[other] { $count } ouverts
}
findings-overdue-count = { $count ->
    [one] { $count } en retard
   *[other] { $count } en retard
}
finding-number = Constat n° { $id }
finding-severity = Gravité
severity-minor = Mineur
severity-major = Majeur
finding-action = Action corrective
finding-due-date = Échéance
finding-due = échéance le { $date }
finding-overdue = en retard depuis le { $date }
finding-overdue-note = Ce constat a dépassé son échéance.
finding-closed = Clôturé
finding-item = Point
finding-raised = Relevé par
finding-raise = Relever un constat
finding-responses = { $count ->
    [one] { $count } réponse
   *[other] { $count } réponses
}
finding-responses-title = Réponses de l'établissement
finding-no-response = Pas encore de réponse.
finding-respond = Répondre au constat
finding-response-comment = Ce qui a été fait
finding-response-evidence = Justificatif (facultatif)
finding-response-no-evidence = Aucun fichier
finding-evidence-unknown = Ce justificatif n'appartient pas à l'établissement.
finding-responded = Votre réponse est enregistrée.
finding-close = Clôturer le constat
finding-close-comment = Commentaire de clôture (facultatif)
finding-closed-notice = Le constat est clôturé.
col-company = Société
reviews-all = Toutes

## Certificats
certificate-title = Certificat de conformité
certificate-kicker = The Code · Code de conduite pour la protection des enfants contre l'exploitation sexuelle dans le voyage et le tourisme
certificate-statement = satisfait aux critères de The Code pour l'année de référence { $year }
certificate-scan = Scanner pour vérifier
certificate-serial = Numéro de série
certificate-validity = Validité
certificate-validity-range = du { $from } au { $until }
certificate-issued-by = Délivré par
certificate-criteria-version = Version des critères
certificate-verify-at = Vérifiez ce certificat sur { $link }
verify-title = Vérification d'un certificat
verify-holder = Titulaire
verify-not-found = Aucun certificat ne porte ce numéro de série. Vérifiez qu'il a été saisi exactement comme imprimé.
verify-status-valid = Valide
verify-status-expired = Expiré
verify-status-revoked = Révoqué
verify-status-altered = Non authentique
verify-status-suspended = Suspendu
verify-help-valid = Ce certificat a été délivré par { $issuer } et il est en vigueur.
verify-help-expired = Ce certificat a été délivré par { $issuer } mais sa validité a pris fin.
verify-help-revoked = Ce certificat a été retiré et n'est plus en vigueur.
verify-help-altered = L'enregistrement de ce certificat ne correspond pas à sa signature. Ne vous y fiez pas.
verify-help-suspended = Ce certificat a été délivré par { $issuer } mais il est suspendu : un auditeur a constaté un manquement majeur depuis son approbation. Il n'est pas en vigueur tant que ce manquement n'est pas résolu.
verify-criteria = Le résultat de chaque critère
verify-result = Résultat de l'audit
verify-another = Vérifier un autre certificat
verify-serial-help = Tel qu'il est imprimé sur le certificat, par exemple 7QK4-M2XD-9RTB-H3ZP-K. Les espaces, les tirets et les minuscules n'ont pas d'importance.
verify-submit = Vérifier
verify-malformed = « { $value } » n'est pas un numéro de série de certificat : un numéro compte 17 lettres et chiffres, et le dernier contrôle les autres. Vérifiez qu'aucun caractère n'a été mal saisi ou oublié.
certificate-suspended-note = Suspendu : une constatation majeure est ouverte sur cette évaluation. Le certificat n'est pas en vigueur tant qu'elle n'est pas clôturée.
certificate-reason-required = Indiquez la raison.
certificate-already-revoked = Ce certificat est déjà révoqué.
certificate-current = Certificat
certificate-download = Télécharger le certificat (PDF)
certificate-verify-link = Page de vérification publique

## Rapports d'écarts
report-title = Rapport d'écarts
report-company-title = Rapport d'écarts du groupe
report-page = Page { $page } sur { $pages }
report-generated = établi le { $date }
report-download = Télécharger en PDF
report-criteria = Les six critères
report-criterion = Critère
report-score = Score
report-gaps = Ce qui manque et comment y remédier
report-no-gaps = Rien ne manque : chaque point est renseigné, accepté et justifié.
report-item = Point
report-requirement = Exigence
report-why = Pourquoi
report-how = Comment y remédier
report-training = Formation du personnel
report-role = Fonction
report-required = À former
report-trained = Formés
report-coverage = Couverture
report-overdue-staff = { $count ->
    [one] { $count } personne est en retard de formation.
   *[other] { $count } personnes sont en retard de formation.
}
report-sites-by-status = Établissements par statut
report-sites = Établissements
report-common-gaps = Les écarts les plus fréquents
report-sites-behind = Établissements, les plus en retard d'abord
report-compliant-criteria = Critères remplis
report-gap-count = Écarts
report-coverage-by-country = Couverture de la formation par pays
report-all-units = toutes les unités
report-not-started = Pas commencée
report-company-link = Rapport d'écarts { $year } (PDF)
report-how-label = Comment y remédier :
report-failing-title = Critères non remplis : la règle et pourquoi
report-not-started-count = { $count ->
    [one] 1 établissement n'a pas commencé son évaluation de l'année : on ne sait pas encore ce qui lui manque, et il n'est pas compté comme sans écart.
   *[other] { $count } établissements n'ont pas commencé leur évaluation de l'année : on ne sait pas encore ce qui leur manque, et ils ne sont pas comptés comme sans écart.
}
report-no-gaps-assessed = Rien ne manque dans les établissements évalués.
gap-reason-unanswered = sans réponse
gap-reason-answered_no = réponse non
gap-reason-answered_partial = en place en partie seulement
gap-reason-rejected = rejeté par l'auditeur
gap-reason-needs_info = l'auditeur demande des informations
gap-reason-evidence_missing = aucun justificatif joint
gap-reason-evidence_expired = justificatif expiré
certificate-year-required = Indiquez l'année, par exemple ?year=2026.
certificates-zip-link = Tous les certificats { $year } (ZIP)

## Tableau de bord
dashboard-title = Tableau de bord
dashboard-link = Tableau de bord { $year }
dashboard-summary = Chiffres clés
dashboard-failing = Critère non rempli
dashboard-search = Nom de l'établissement
dashboard-sort = Ordre
dashboard-sort-name = par nom
dashboard-sort-behind = les plus en retard d'abord
dashboard-export-csv = Exporter (CSV)
dashboard-overdue-findings = Constats en retard
dashboard-expiring = Certificats expirant dans les 60 jours
dashboard-chart-criteria = Part des établissements conformes à chaque critère
dashboard-chart-trend = Part des établissements remplissant les six critères, par année
dashboard-trend-bar = { $year }
dashboard-by-unit = Par unité
dashboard-by-country = Par pays
dashboard-criterion-short = C{ $number }
dashboard-sites-count = { $count ->
    [one] { $count } établissement
   *[other] { $count } établissements
}
dashboard-pages = Pages
dashboard-previous = Précédente
dashboard-next = Suivante
dashboard-page-of = Page { $page } sur { $pages }
site-status-not_started = Pas commencée
site-status-draft = Brouillon
site-status-submitted = Soumise
site-status-changes_requested = Modifications demandées
site-status-approved = Approuvée
site-status-certificate_valid = Certificat valide
site-status-certificate_expired = Certificat expiré
export-separator = Séparateur inconnu « { $value } » : utilisez ; ou ,.

## Jetons d'API
# Description de l'API et listes
api-docs-title = Référence de l'API
api-docs-intro = Toutes les routes de l'API JSON, générées à partir du code. Le document lisible par machine :
api-docs-version = version
api-docs-public = public
api-docs-params = Paramètres
api-docs-required = obligatoire
api-docs-body = Corps
error-limit = Indiquez une limite de 1 à { $max }.
error-cursor = Ce curseur n'appartient pas à cette liste : recommencez à la première page.
error-method-not-allowed = Cette adresse n'accepte pas cette méthode.
error-timeout = La requête a pris trop de temps et a été interrompue.

tokens-title = Jetons d'API
tokens-help = Un jeton permet à un programme d'utiliser l'API avec vos droits. Donnez un nom à chacun, gardez-le secret et révoquez-le quand il ne sert plus.
tokens-created = Votre nouveau jeton. Copiez-le maintenant : il ne sera plus affiché.
tokens-new = Nouveau jeton
tokens-name = Nom
tokens-days = Valable (jours, 365 au plus ; vide pour 365)
tokens-create = Créer le jeton
tokens-empty = Aucun jeton pour l’instant. Créez-en un pour qu’un programme (tableur, outil de BI, script) lise ou écrive par l’API avec vos droits.
tokens-prefix = Commence par
tokens-created-at = Créé
tokens-last-used = Dernière utilisation
tokens-expires = Fin
tokens-revoked = Révoqué
tokens-revoke = Révoquer
tokens-nav = Jetons d'API
token-name-invalid = Donnez un nom de 1 à { $max } caractères.
token-name-taken = Vous avez déjà un jeton de ce nom.
token-days-invalid = Indiquez un nombre de jours de 1 à { $max }, ou laissez vide pour { $max }.
token-by-token-forbidden = Un jeton d’API ne peut pas créer de jetons. Connectez-vous avec votre adresse e-mail et votre mot de passe (sur la page des jetons d’API ou avec POST /api/v1/auth/login) pour en créer un.

# Annual report
annual-list-title = Rapports annuels
annual-link = Rapports annuels
annual-report-of = Rapport annuel { $year }
annual-col-year = Année
annual-col-lang = Langue
annual-state-not-started = Pas commencé
annual-state-draft = Brouillon, version { $version }
annual-state-published = Publié le { $date }
annual-open = Ouvrir
annual-lang = Langue du rapport
annual-show = Afficher
annual-as-of = Chiffres au { $date }
annual-draft-notice = Brouillon : les chiffres sont calculés à partir des données du jour et seront figés à la publication du rapport.
annual-published-notice = Publié le { $date } : les chiffres et les textes sont conservés exactement tels qu'ils étaient ce jour-là.
annual-figures = Chiffres clés
annual-criteria = Les six critères dans nos établissements
annual-chart = Part des établissements conformes à chaque critère
annual-col-compliant = Établissements conformes
annual-col-share = Part
annual-criterion-sentence = { $sites ->
    [one] { $count ->
        [0] L'établissement ne respecte pas encore le critère { $number }.
       *[other] L'établissement respecte le critère { $number }.
    }
   *[other] { $count ->
        [0] Aucun des { $sites } établissements ne respecte encore le critère { $number }.
        [one] { $count } établissement sur { $sites } ({ $percent } %) respecte le critère { $number }.
       *[other] { $count } établissements sur { $sites } ({ $percent } %) respectent le critère { $number }.
    }
}
annual-no-sites = Aucun établissement n'était concerné cette année.
annual-training = Formation du personnel
annual-training-sentence = { $trained } des { $required } membres du personnel à former sont formés ({ $percent } %).
annual-training-none = Aucun membre du personnel ne devait être formé.
annual-certificates = Certificats et audits
annual-certificates-issued = Certificats délivrés dans l'année
annual-certificates-valid = Certificats valables au { $date }
annual-findings-raised = Constats relevés dans l'année
annual-findings-closed = Constats clôturés dans l'année
annual-assessments-approved = Évaluations approuvées dans l'année
annual-section-summary = Résumé
annual-section-next_steps = Prochaines étapes
annual-what-we-did = Ce que nous avons fait
annual-no-text = Rien n'a encore été rédigé.
annual-edit = Rédiger les textes
annual-section-help = Au plus { $max } caractères par section.
annual-save = Enregistrer une nouvelle version
annual-saved = Enregistré comme version { $version }.
annual-versions = Historique des versions
annual-col-version = Version
annual-col-by = Par
annual-col-at = Enregistrée le
annual-no-versions = Aucune version enregistrée.
annual-publish-title = Publier
annual-publish-confirm = Je confirme que les chiffres et les textes seront figés définitivement et ne pourront plus être modifiés.
annual-publish = Publier le rapport
annual-published-done = Le rapport est publié.
annual-pdf = PDF
annual-section-unknown = Section inconnue « { $value } » : utilisez summary, c1 à c6 ou next_steps.
annual-section-too-long = Écrivez au plus { $max } caractères dans cette section.
annual-report-published = Ce rapport est publié : ses textes ne peuvent plus être modifiés.
annual-report-already-published = Ce rapport est déjà publié et ne peut pas l'être une seconde fois.
annual-report-stale = Quelqu'un a enregistré la version { $version } entre-temps. Votre texte est conservé ci-dessous : rechargez la page et reportez vos modifications sur la dernière version.
annual-report-nothing-to-publish = Rédigez et enregistrez les textes avant de publier le rapport.
annual-lang-unknown = Langue inconnue « { $value } » : utilisez fr, nl ou en.
annual-base-version-invalid = La version de départ manque ou n'est pas un nombre.
annual-publish-confirm-required = Cochez la case pour confirmer la publication.
criteria-steps = Les critères de la liste
submit-missing-count = { $count ->
    [one] Encore { $count } point à renseigner ou à confirmer.
   *[other] Encore { $count } points à renseigner ou à confirmer.
}
submit-missing-which = Lesquels
review-judged = { $count }/{ $total } jugés
review-rejected-count = { $count ->
    [one] { $count } refusé
   *[other] { $count } refusés
}
review-accept-remaining = { $count ->
    [one] Accepter le point pas encore jugé
   *[other] Accepter les { $count } points pas encore jugés
}
review-done-accepted = Les points pas encore jugés sont acceptés.
col-country = Pays
staff-empty-read = Aucun membre du personnel enregistré.
error-too-many-attempts = Trop de tentatives échouées. Réessayez dans { $minutes ->
    [one] une minute
   *[other] { $minutes } minutes
}.
password-too-weak = Ce mot de passe est trop facile à deviner (mot de passe courant, suite de touches, date ou mots de l’adresse e-mail). Quelques mots sans rapport entre eux font un bon mot de passe.
password-unchanged = Le nouveau mot de passe doit être différent de l’actuel.
import-too-many-columns = La feuille utilise des colonnes au-delà de la { $max }e. Gardez les colonnes du modèle (et quelques-unes à vous au plus), puis importez à nouveau.
import-unpacks = Ce fichier Excel se décompresse en plus de { $max } Mo, bien plus qu’une liste du personnel. Enregistrez-le à nouveau depuis Excel (ou en CSV), puis importez-le.
import-cell-too-long = Une cellule du fichier contient plus de { $max } Ko de texte, bien plus qu’une liste du personnel. Vérifiez le fichier, puis importez-le à nouveau.
import-ref-dot-segment = La référence de l'employé « { $value } » a une partie « . » ou « .. » entre barres obliques, que les adresses liraient comme un changement de dossier. Écrivez-la sans (RH/123 convient).
password-title = Changer de mot de passe
password-intro = Vos autres sessions (autres navigateurs, téléphones, connexions à l’API) prennent fin au changement, et vos jetons d’API personnels sont révoqués.
password-current = Mot de passe actuel
password-new = Nouveau mot de passe
password-confirm = Nouveau mot de passe, une seconde fois
password-submit = Changer le mot de passe
password-changed = Votre mot de passe est changé. Vos autres sessions ont pris fin.
password-current-wrong = Ce n’est pas votre mot de passe actuel.
password-confirm-mismatch = Les deux nouveaux mots de passe diffèrent. Tapez deux fois le même.

# Certificates only for compliance: audit results and rounds closed as not compliant
status-not_compliant = Non conforme
site-status-not_compliant = Non conforme
notification-kind-not_compliant = une évaluation est clôturée comme non conforme
notification-not_compliant = L'évaluation { $year } de { $site } a été clôturée sans certificat : voir le rapport d'écarts.
error-not-compliant = { $count ->
    [one] Approbation impossible : le critère { $criteria } n'est pas rempli sur les réponses auditées ({ $details }).
   *[other] Approbation impossible : les critères { $criteria } ne sont pas remplis sur les réponses auditées ({ $details }).
}
close-not-compliant-comment-required = Indiquez au site pourquoi le cycle se clôture sans certificat.
close-not-compliant-compliant = Les réponses auditées remplissent tous les critères : approuvez plutôt l'évaluation.
not-compliant-criterion = Le critère { $number } ({ $title }) n'est pas rempli : { $rules }
not-compliant-rule-mandatory = points obligatoires sans réponse acceptée : { $items }
not-compliant-rule-score = score de { $score } % sous les { $min } % requis
criteria-compliant-audit = critères conformes (résultat de l'audit)
criteria-compliant-self = critères remplis selon l'auto-évaluation
result-audit = Résultat de l'audit
result-self = Auto-évaluation
audit-compliant = Conforme
audit-not-compliant = Non conforme
self-met = rempli
self-not-met = non rempli
review-close-not-compliant-help = Les réponses auditées ne remplissent pas tous les critères. Vous pouvez clôturer le cycle sans certificat ; le site et le siège reçoivent le rapport d'écarts.
review-close-not-compliant-comment = Commentaire pour le site et le siège (obligatoire)
review-close-not-compliant = Clôturer comme non conforme
review-results = Résultats par critère
review-results-criterion = Critère
review-done-close_not_compliant = Le cycle est clôturé comme non conforme.
decision-close_not_compliant = Clôturée comme non conforme
closed-not-compliant-title = Le cycle a été clôturé sans certificat : des critères ne sont pas remplis sur les réponses auditées.
