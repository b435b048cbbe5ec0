# Nederlandse berichten van codecheck. Houd dezelfde id's aan in en/ en fr/.

## Opmaak
skip-to-content = Naar de inhoud
nav-label = Hoofdnavigatie
nav-sites = Vestigingen
nav-org = Organisatie
logout = Afmelden
language-switch = Taal
footer = codecheck · naleving van The Code, de gedragscode van de reissector tegen seksuele uitbuiting van kinderen
back-home = Terug naar de startpagina
overview = Overzicht

## Rollen
role-admin = Platformbeheerder
role-company_admin = Bedrijfsbeheerder
role-site_manager = Vestigingsverantwoordelijke
role-auditor = Auditor

## Maanden (datums worden geschreven als "23 november 2026")
month-1 = januari
month-2 = februari
month-3 = maart
month-4 = april
month-5 = mei
month-6 = juni
month-7 = juli
month-8 = augustus
month-9 = september
month-10 = oktober
month-11 = november
month-12 = december

## Aanmelden
login-title = Aanmelden
login-intro = Meld u aan met het e-mailadres en het wachtwoord van uw codecheck-account.
login-button = Aanmelden
field-email = E-mailadres
field-password = Wachtwoord

## Start en vestigingen
home-title = Uw vestigingen
home-empty = Nog geen vestigingen. Een bedrijfsbeheerder voegt vestigingen toe onder Organisatie; u kunt uw bedrijfsbeheerder ook om toegang vragen.
home-sites-title = Vestigingen
home-search = Zoek een vestiging op naam
home-search-button = Zoeken
home-search-clear = Alle vestigingen tonen
home-no-match = Geen vestiging heeft „{ $q }” in haar naam.
home-first-page = Eerste pagina
col-site = Vestiging
col-city = Stad
col-unit = Eenheid
col-latest = Laatste beoordeling
no-assessment = Niet gestart
assessments-title = Beoordelingen
assessments-empty = Nog geen beoordeling voor deze vestiging. Start er hieronder een.
assessment-of-year = Beoordeling { $year }
criteria-version = criteriaversie { $version }
start-title = Een beoordeling starten
start-help = Eén beoordeling per vestiging en per rapportagejaar. De antwoorden van vorig jaar worden overgenomen; u hoeft ze alleen te bevestigen.
field-year = Rapportagejaar
start-button = Starten

## Statussen
status-draft = Concept
status-submitted = Ingediend
status-in_review = In behandeling
status-changes_requested = Wijzigingen gevraagd
status-approved = Goedgekeurd

## De checklist
progress-label = Voortgang
items-answered = { $count ->
    [one] { $count } punt beantwoord
   *[other] { $count } punten beantwoord
}
criteria-compliant = criteria conform
score = Score { $score } %
compliant = Conform
not-compliant = Nog niet conform
to-confirm = Te bevestigen
to-confirm-count = { $count } te bevestigen
to-confirm-total = { $count ->
    [one] Eén antwoord is overgenomen van vorig jaar en wacht op uw bevestiging.
   *[other] { $count } antwoorden zijn overgenomen van vorig jaar en wachten op uw bevestiging.
}
mandatory = Verplicht
optional = Optioneel
evidence-document = Bewijs: document
evidence-photo = Bewijs: foto
evidence-training_records = Bewijs: opleidingsregisters
evidence-none = Geen bewijs nodig
guidance = Toelichting
answer-label = Antwoord op punt
answer-yes = Ja
answer-partial = Gedeeltelijk
answer-no = Nee
answer-not_applicable = Niet van toepassing
comment-label = Opmerking (optioneel)
confirm-label = Ik bevestig dat dit antwoord dit jaar nog klopt
save = Opslaan
save-next = Opslaan en naar het volgende criterium
save-overview = Opslaan en naar het overzicht
criteria-nav = Criteria
unsaved-warning = U hebt wijzigingen die nog niet zijn opgeslagen.
form-has-errors = Er is niets opgeslagen: corrigeer de hieronder gemarkeerde velden.
read-only-note = U kunt deze checklist alleen inkijken.
frozen-note = Deze beoordeling is ingediend: de antwoorden kunnen niet meer worden gewijzigd.
notice-saved = Uw antwoorden zijn opgeslagen.
notice-submitted = De beoordeling is ingediend voor audit. De antwoorden zijn nu vastgezet.
submit-title = Indienen voor audit
submit-ready = Alle punten zijn beantwoord. Na het indienen kunnen de antwoorden niet meer worden gewijzigd.
submit-missing = Nog te beantwoorden of te bevestigen: { $items }
submit-help = Door in te dienen worden de antwoorden vastgezet: niemand kan ze daarna nog wijzigen.
submit-button = Indienen
submitted-on = ingediend op { $date }

## Organisatie
org-title = Organisatie
org-empty = Nog geen bedrijven. Voeg hierboven de eerste hotelgroep toe; de eenheden en hotels volgen daarna.
unit-empty = Nog geen vestigingen in deze eenheid. Voeg de hotels toe met „Een vestiging toevoegen” hieronder.
add-company = Een bedrijf toevoegen
add-unit = Een eenheid toevoegen (land of merk)
add-site = Een vestiging toevoegen (hotel)
add-user = Een gebruiker toevoegen
user-state = Status
user-state-active = Actief
user-state-deactivated = Gedeactiveerd
user-last-login = Laatst aangemeld:
user-never-logged-in = Nooit aangemeld
user-deactivate = Deactiveren
user-reactivate = Heractiveren
user-last-admin = Dit is de laatste actieve platformbeheerder: maak eerst een andere beheerder aan.
user-state-invalid = Kies active of deactivated.
add = Toevoegen
users-title = Gebruikers
field-name = Naam
field-city = Stad
field-country = Land (code van twee letters, bv. BE)
field-role = Rol
field-scope = Geldt voor
field-language = Taal
scope-none = — niets (platformbeheerder) —
scope-help = Een bedrijf of eenheid voor een bedrijfsbeheerder, een vestiging voor een vestigingsverantwoordelijke, een bedrijf voor een auditor.
language-auto = Volgens de browser
password-help = Minstens 12 tekens, en niet makkelijk te raden: een paar losse woorden vormen een goed wachtwoord.

## Fouten
error-title = Er is iets misgegaan
error-status = Fout { $status }
error-unauthenticated = Meld u eerst aan.
error-login-failed = Het e-mailadres of het wachtwoord is onjuist.
error-forbidden = U hebt geen toestemming om dit te doen.
error-not-found = Deze pagina of dit object bestaat niet, of u hebt er geen toegang toe.
error-csrf = Het formulier is verlopen of komt niet van deze site. Laad de pagina opnieuw en probeer het nog eens.
error-form = Het formulier kon niet worden gelezen. Laad de pagina opnieuw en probeer het nog eens.
error-form-unknown-field = Het formulier bevat een veld “{ $field }” dat deze upload niet aanneemt.
error-query = Het adres bevat een ongeldige parameter: { $detail }
error-json-syntax = De inhoud van het verzoek is geen geldige JSON. Het veld "detail" van het antwoord zegt waar.
error-json-data = De inhoud van het verzoek bevat niet de verwachte velden. Het veld "detail" van het antwoord zegt welke.
error-json-content-type = Verstuur de inhoud van het verzoek als JSON met de header Content-Type: application/json.
error-language = Onbekende taal: gebruik en, fr of nl.
error-incomplete = De beoordeling kan nog niet worden ingediend. Nog te beantwoorden of te bevestigen punten: { $items }
error-internal = Er is een onverwachte fout opgetreden. Die is geregistreerd; probeer het opnieuw.
error-unavailable = De dienst is tijdelijk niet beschikbaar. Probeer het zo dadelijk opnieuw.
error-busy = De server is bezig met het controleren van wachtwoorden. Probeer het over { $seconds } seconden opnieuw.
assessment-not-editable = Deze beoordeling is ingediend en kan niet meer worden gewijzigd.
assessment-exists = Deze vestiging heeft al een beoordeling voor dat jaar.
duplicate-name = Deze naam wordt op dit niveau al gebruikt.
duplicate-email = Er bestaat al een gebruiker met dit e-mailadres.
email-unusable = Dit adres kan niet voor een nieuw account worden gebruikt. Gebruik een ander adres, of vraag het de beheerder van het platform.
invalid-email = Voer een geldig e-mailadres in.
password-too-short = Het wachtwoord moet minstens 12 tekens bevatten.
password-too-long = Het wachtwoord mag hoogstens 256 tekens bevatten.
name-required = Voer een naam in.
name-too-long = De naam mag hoogstens 200 tekens bevatten.
name-control-chars = De naam bevat stuurtekens (zoals een regeleinde of een NUL-teken): verwijder ze.
name-bidi-chars = De naam bevat tekens die de richting van de tekst veranderen (bidi-stuurtekens, zoals U+202E): verwijder ze.
name-invisible-chars = De naam bevat onzichtbare tekens (zoals een spatie zonder breedte): verwijder ze.
name-lookalike = Opgeslagen. Let op: deze naam lijkt op “{ $value }”, die op dit niveau al bestaat. Controleer of het niet dezelfde is.
city-required = Voer een stad in (hoogstens 200 tekens).
invalid-country = Voer de ISO-code van twee letters van een land in, zoals BE, FR of NL.
invalid-year = Voer een rapportagejaar in van { $first } tot en met { $last }.
invalid-role = Kies een rol: admin, company_admin, site_manager of auditor.
invalid-answer = Onbekend antwoord "{ $value }": gebruik yes, partial, no of not_applicable.
answer-na-not-allowed = Punt { $item } kan niet met "Niet van toepassing" worden beantwoord.
answer-needed-for-comment = Kies een antwoord om deze opmerking op te slaan.
comment-too-long = De opmerking mag hoogstens { $max } tekens bevatten.
scope-required = Kies waarvoor deze rol geldt.
scope-not-allowed = De rol platformbeheerder geldt voor alles: laat dit veld leeg.
scope-wrong-kind = Deze rol kan niet gelden voor het gekozen knooppunt: een bedrijf of eenheid voor een bedrijfsbeheerder, een vestiging voor een vestigingsverantwoordelijke, een bedrijf voor een auditor.
autosave-saved = Opgeslagen om
autosave-failed = Niet automatisch bewaard: gebruik de knop Opslaan om te zien wat er mis is.

## Opleiding van het personeel
training-title = Opleiding van het personeel
as-of = op { $date }
coverage-title = Opleidingsgraad
coverage-overall = medewerkers opgeleid voor alle modules die hun functie vraagt
coverage-overdue-people = personen te laat
coverage-expiring = opleidingen die binnen 60 dagen vervallen
coverage-by-role = Opleidingsgraad per functie
coverage-by-module = Opleidingsgraad per module
coverage-empty = Nog niemand op de personeelslijst heeft een functie die een opleiding vraagt. Importeer hieronder de personeelslijst.
attention-title = Op te volgen
col-role = Functie
col-trained = Opgeleid en geldig
col-required = Moeten opgeleid zijn
col-module = Module
col-employee = Medewerker
col-name = Naam
col-start = Startdatum
col-status = Status
col-line = Regel
col-column = Kolom
col-problem = Probleem
standing-expiring = geldig tot { $date }
standing-pending = op te leiden vóór { $date }
standing-never = nooit opgeleid (uiterlijk { $date })
standing-expired = vervallen op { $date }
staff-title = Personeel op de lijst
staff-empty = Nog geen personeel geregistreerd. Importeer de personeelslijst met de opleidingen uit een CSV- of Excelbestand: download hierboven het model, vul het in en controleer het voordat iets wordt opgeslagen.
staff-left = Vertrokken
staff-ok = In orde
staff-overdue = Te laat
staff-truncated = Alleen de eerste { $count } staan hier; de API en de exports geven ze allemaal.
job-role-reception = Receptie
job-role-housekeeping = Housekeeping
job-role-food_beverage = Horeca
job-role-security = Bewaking
job-role-management = Directie
job-role-maintenance = Onderhoud
job-role-other = Andere
delivery-elearning = E-learning
delivery-classroom = Klassikaal met ECPAT
delivery-other = Andere
# What an import file may write in the delivery column (the labels above are accepted too).
import-value-delivery-elearning = e-learning
import-value-delivery-classroom = klassikaal
import-value-delivery-other = andere

## Import
import-title = Personeel en opleidingen importeren
import-help = Een CSV-bestand (komma's of puntkomma's) of Excel-bestand (.xlsx) met de kolommen van het sjabloon. U ziet wat er verandert voor er iets bewaard wordt.
import-template = Sjabloon downloaden
import-accepted = Aanvaarde waarden. Functie: { $roles }. Opleidingsvorm: { $deliveries }. Module: { $modules }. Datums als 2025-03-01 of 01/03/2025.
import-file = Bestand
import-check = Bestand controleren
import-preview-title = Voorbeeld van de import
# After the number of rows, shown big above it.
import-added = { $count ->
    [one] regel voegt iets toe
   *[other] regels voegen iets toe
}
import-updated = { $count ->
    [one] regel wijzigt iets
   *[other] regels wijzigen iets
}
import-unchanged = { $count ->
    [one] regel wijzigt niets
   *[other] regels wijzigen niets
}
import-errors = { $count ->
    [one] regel met fouten
   *[other] regels met fouten
}
import-ready = Het bestand is in orde. Er wordt niets bewaard voor u bevestigt.
import-confirm = Nu importeren
cancel = Annuleren
import-fix-and-retry = Verbeter het bestand en importeer het opnieuw
import-has-errors = { $count ->
    [one] Eén probleem gevonden: er is niets geïmporteerd.
   *[other] { $count } problemen gevonden: er is niets geïmporteerd.
}
import-no-file = Kies een bestand om te importeren.
notice-imported = Het bestand is geïmporteerd.
template-file-name = sjabloon-opleiding
import-empty = Het bestand is leeg.
import-not-text = Dit is geen CSV-tekstbestand. Bewaar de tabel als CSV (UTF-8) of als .xlsx.
import-bad-xlsx = Dit Excel-bestand is onleesbaar. Bewaar het opnieuw als .xlsx of als CSV.
import-several-sheets = De werkmap heeft { $count } bladen. Houd alleen het blad met de personeelslijst.
import-too-many-rows = Het bestand heeft meer dan { $max } regels. Verdeel het over meerdere bestanden.
import-bad-csv = Het bestand is rond regel { $line } niet leesbaar als CSV. Controleer de aanhalingstekens en scheidingstekens.
import-header-missing = De eerste regel moet de kolommen benoemen. Verwacht: { $columns } (of hun Franse of Nederlandse namen), gescheiden door komma's of puntkomma's.
import-ref-missing = Het personeelsnummer ontbreekt.
import-ref-too-long = Het personeelsnummer mag hoogstens { $max } tekens hebben.
import-name-too-long = De naam mag hoogstens { $max } tekens hebben.
import-role-unknown = Onbekende functie "{ $value }": gebruik receptie, housekeeping, horeca, bewaking, directie, onderhoud of andere.
import-role-missing = { $employee } staat nog niet op de personeelslijst: geef de functie op.
import-start-missing = { $employee } staat nog niet op de personeelslijst: geef de startdatum op.
import-role-conflict = { $employee } staat al met een andere functie op regel { $line }.
import-date-invalid = "{ $value }" is geen datum: schrijf JJJJ-MM-DD of DD/MM/JJJJ.
import-date-future = De datum { $value } ligt in de toekomst.
import-date-too-old = De datum { $value } ligt te ver in het verleden.
import-date-without-module-date = Er is een module opgegeven zonder de datum waarop ze gevolgd werd.
import-module-missing = Er is een opleidingsdatum opgegeven zonder de module.
import-module-unknown = Onbekende module "{ $value }": zie de lijst van opleidingsmodules.
import-delivery-missing = Geef aan hoe de opleiding gegeven werd: { import-value-delivery-elearning }, { import-value-delivery-classroom } of { import-value-delivery-other }.
import-delivery-unknown = Onbekende opleidingsvorm "{ $value }": gebruik { import-value-delivery-elearning }, { import-value-delivery-classroom } of { import-value-delivery-other }.
error-too-large = Het bestand of verzoek is te groot: hoogstens { $max } MB.
figures-text = Volgens de opleidingsregistratie: { $trained } van { $required } medewerkers ({ $roles }) opgeleid en geldig ({ $percent } %). De cijfers stellen voor: { $answer }.
figures-no-proposal = geen antwoord (niemand in deze functies)
figures-preselected = Het voorgestelde antwoord is geselecteerd: sla op om het te aanvaarden, of kies een ander antwoord en leg in de opmerking uit waarom.
figures-override = Uw antwoord wijkt af van wat de cijfers voorstellen: de auditor ziet beide.
see-figures = De cijfers bekijken

## Bewijsstukken
evidence-title = Bewijsstukken
evidence-upload-title = Een document of foto toevoegen
evidence-upload-help = PDF, PNG, JPEG, WebP, Word (.docx), Excel (.xlsx) of OpenDocument-tekst (.odt), hoogstens { $max } MB. Bestanden worden bewaard zoals ze zijn opgeladen.
evidence-valid-until = Geldig tot / te herzien op
evidence-replaces = Nieuwe versie van
evidence-new-document = — een nieuw document —
evidence-items = Punten van de checklist die het aantoont
evidence-upload = Opladen
evidence-list = Documenten
evidence-empty = Nog geen bewijsstukken opgeladen. Laad het ondertekende beleid, foto’s van de affiches of de contractclausule op en koppel elk bestand aan de punten van de checklist die het bewijst.
evidence-expired = Vervallen
evidence-uploaded = Het bestand is opgeladen.
evidence-attached = Bewijsstukken:
evidence-attach = Een document toevoegen
col-file = Bestand
col-items = Punten
col-uploaded = Opgeladen op
evidence-file-missing = Kies een bestand om op te laden.
evidence-type-refused = Dit bestandstype wordt niet aanvaard (de inhoud wordt gecontroleerd, niet de naam): gebruik PDF, PNG, JPEG, WebP, DOCX, XLSX of ODT.
evidence-item-unknown = Er is geen punt { $item } in de checklist.
evidence-replaces-unknown = Het te vervangen document bestaat niet voor deze vestiging.
col-actions = Acties
staff-manage = Beheren
staff-left-on = Vertrokken op
staff-mark-left = Als vertrokken markeren
staff-back = Terug op de lijst
staff-export = Gegevens exporteren (JSON)
staff-erase = Deze persoon wissen
staff-no-address = Deze referentie kan geen deel zijn van een webadres: deze persoon kan daarom niet vanaf deze pagina worden geëxporteerd of gewist.
erase-confirm = Ik bevestig: deze persoon en al zijn of haar opleidingsregistraties definitief wissen
erase-confirm-needed = Vink het bevestigingsvakje aan om een persoon te wissen.
notice-erased = De persoon en de opleidingsregistraties zijn gewist. Het auditlogboek vermeldt de wissing, zonder de gegevens.

## Procedure bij een vermoeden
procedure-title = Procedure bij een vermoeden
procedure-none = Nog geen procedure geregistreerd. Het formulier hieronder vertrekt van de Belgische standaardwaarden: pas het aan uw hotel aan en sla het op.
procedure-version = Versie { $version }
procedure-reviewed-on = herzien op { $date }
procedure-review-due = volgende herziening vóór { $date }
procedure-review-overdue = herziening te laat sinds { $date }
procedure-edit = Bewerken (opslaan maakt een nieuwe versie; eerdere versies blijven bewaard)
procedure-steps = Wat het personeel doet, stap voor stap
procedure-steps-help = Eén stap per regel, in elke taal die uw personeel leest. De fiche toont de stappen in haar taal, of in een andere als die taal er geen heeft.
procedure-internal = Wie verwittigen in het hotel
procedure-external = Nummers buiten het hotel
procedure-role = Functie
procedure-service = Dienst
procedure-number = Nummer of adres
procedure-reviewed-field = Herzien op
procedure-save = Een nieuwe versie opslaan
procedure-history = Versies
procedure-saved = De procedure is als nieuwe versie opgeslagen.
procedure-steps-missing = Schrijf minstens één stap, in minstens één taal.
procedure-too-many-steps = Hoogstens { $max } stappen per taal: de fiche moet op één pagina passen.
procedure-text-too-long = Elke tekst mag hoogstens { $max } tekens hebben.
procedure-too-many-contacts = Hoogstens { $max } contacten.
procedure-contact-incomplete = Elk contact heeft een functie of dienst en een nummer nodig.
procedure-external-missing = Geef minstens één nummer buiten het hotel op, zoals de politie.
procedure-default-step-1 = Blijf kalm, confronteer de volwassene niet en waarschuw hem of haar niet.
procedure-default-step-2 = Noteer wat u zag: datum, uur, kamer, beschrijvingen, nummerplaat. Fotografeer het kind niet.
procedure-default-step-3 = Verwittig meteen de dienstverantwoordelijke of het aanspreekpunt kinderbescherming.
procedure-default-step-4 = Is een kind in onmiddellijk gevaar, bel dan de politie op 101 (of 112).
procedure-default-step-5 = Meld het anders aan de politie of op stopprostitutionenfantine.be, en noteer de melding in het vertrouwelijke register.
procedure-default-manager = Directeur·rice de l'hôtel / Hotelmanager
procedure-default-police = Police / Politie
procedure-default-emergency = Urgences / Noodnummer
procedure-default-child-focus = Child Focus
procedure-default-reporting-site = Je dis STOP (signalement en ligne / online melding)
card-title = Als u seksuele uitbuiting van een kind vermoedt
card-steps = Wat te doen
card-internal = Wie verwittigen in het hotel
card-external = Te bellen nummers
card-never-alone = U staat er nooit alleen voor: spreek met uw leidinggevende. Een vermoeden te goeder trouw melden is altijd juist.
procedure-none-short = nog niet geregistreerd
procedure-open = De procedure openen
error-status-unknown = Onbekende status "{ $value }": gebruik draft, submitted, in_review, changes_requested, approved of not_compliant.
auditor-unknown = Er is geen auditor met deze id.
assessment-not-waiting = Deze indiening wacht niet meer op een beoordeling: een andere auditor heeft ze misschien al genomen.
verdict-unknown = Onbekend oordeel "{ $value }": gebruik accepted, rejected of needs_info.
assessment-not-in-review = Deze evaluatie is niet ter beoordeling ingediend.
decision-not-possible = Deze beslissing is niet mogelijk in de huidige toestand van de evaluatie (misschien besliste iemand anders eerst).
approve-rejected-items = Goedkeuren kan niet: nog afgewezen punten: { $items }
reopen-reason-required = Geef de reden voor het heropenen.
severity-unknown = Onbekende ernst "{ $value }": gebruik minor of major.
due-date-invalid = "{ $value }" is geen vervaldatum vanaf vandaag (JJJJ-MM-DD).
text-required = Deze tekst is verplicht.
finding-already-closed = Deze vaststelling is al afgesloten.
approve-major-findings = Goedkeuren kan niet: nog open ernstige vaststellingen: { $items }
error-sort-unknown = Onbekende volgorde "{ $value }": gebruik oldest of newest.
nav-reviews = Beoordelingen
reviews-title = Te beoordelen indieningen
reviews-filters = Filters
reviews-min-wait = Wacht minstens (dagen)
reviews-filter = Filteren
reviews-empty = Niets te beoordelen met deze filters. Indieningen van de bedrijven die u auditeert verschijnen hier zodra een vestiging indient.
reviews-waiting = Wacht
reviews-taken = (genomen)
reviews-days = { $count ->
    [one] { $count } dag
   *[other] { $count } dagen
}

## Meldingen
nav-notifications = Meldingen
unread-count = { $count ->
    [one] { $count } ongelezen melding
   *[other] { $count } ongelezen meldingen
}
notifications-title = Meldingen
notifications-empty = Nog geen meldingen. U krijgt hier bericht wanneer een indiening, een beslissing of een vaststelling u aanbelangt.
notifications-read-all = Alles als gelezen markeren
notifications-new = nieuw
notifications-email-title = E-mail
notifications-email-legend = Stuur me ook een e-mail wanneer:
notifications-email-off = E-mail is op deze server niet ingesteld: meldingen verschijnen alleen hier. Uw keuzes gelden zodra dat wel het geval is.
notification-kind-unknown = Onbekend soort melding "{ $value }": gebruik submitted, changes_requested, approved, not_compliant, finding_due_soon of finding_overdue.
notification-kind-submitted = een vestiging een beoordeling indient voor audit
notification-kind-changes_requested = een auditor om wijzigingen vraagt
notification-kind-approved = een beoordeling wordt goedgekeurd
notification-kind-finding_due_soon = de vervaldatum van een vaststelling binnen een week valt
notification-kind-finding_overdue = de vervaldatum van een vaststelling verstreken is
notification-submitted = { $site } heeft de beoordeling { $year } ingediend voor audit.
notification-changes_requested = Een auditor heeft { $site } om wijzigingen in de beoordeling { $year } gevraagd.
notification-approved = De beoordeling { $year } van { $site } is goedgekeurd.
notification-finding_due_soon = Een vaststelling bij punt { $item } ({ $site }, { $year }) moet uiterlijk op { $date } afgehandeld zijn.
notification-finding_overdue = Een vaststelling bij punt { $item } ({ $site }, { $year }) is te laat sinds { $date }.
email-footer = U ontvangt deze e-mail van codecheck. Kies welke e-mails u ontvangt: { $link }

## De audit
review-title = Audit
review-open = De audit openen
review-round = Ronde { $round }
review-reviewer = beoordeeld door { $email }
history-csv = Geschiedenis (CSV)
review-take = Deze indiening nemen
review-take-help = Neem ze, zodat uw collega's zien dat u ze beoordeelt.
review-decision = Beslissing
review-decision-comment = Opmerking voor de vestiging (bij uw beslissing gevoegd)
review-request-changes = Wijzigingen vragen
review-approve = Goedkeuren
review-approve-blocked = Goedkeuren is nog niet mogelijk:
review-reopen = Heropenen
review-reopen-reason = Reden voor het heropenen
review-no-decision = In deze toestand kan geen beslissing worden genomen.
review-decisions = Beslissingen tot nu toe
decision-request_changes = Wijzigingen gevraagd
decision-approve = Goedgekeurd
decision-reopen = Heropend
review-answer = Antwoord:
review-no-answer = geen antwoord
review-changed = Gewijzigd sinds de vorige ronde
review-before = Voorheen
review-now = Nu
review-figures-frozen = cijfers zoals ingediend
review-no-evidence = Geen bewijsstukken toegevoegd.
review-previous-verdict = Oordeel van de vorige ronde:
review-verdict = Oordeel over punt
review-verdict-comment = Opmerking die de vestiging te zien krijgt
review-verdict-save = Het oordeel opslaan
review-auditor-verdict = Oordeel van de auditor:
verdict-accepted = Aanvaard
verdict-rejected = Afgewezen
verdict-needs_info = Meer informatie nodig
review-done-taken = U hebt deze indiening genomen.
review-done-verdict = Oordeel opgeslagen.
review-done-finding = Vaststelling genoteerd.
review-done-request_changes = De beoordeling is met uw vragen teruggestuurd naar de vestiging.
review-done-approve = De beoordeling is goedgekeurd.
review-done-reopen = De beoordeling is heropend en opnieuw in behandeling.
returned-title = De auditor heeft wijzigingen gevraagd.
returned-items = Na te kijken punten: { $items }

## Vaststellingen
findings-title = Vaststellingen
findings-open-title = Open vaststellingen
findings-none-open = Geen open vaststellingen.
col-findings = Vaststellingen
findings-open-count = { $count ->
    [one] { $count } open
   *[other] { $count } open
}
findings-overdue-count = { $count ->
    [one] { $count } te laat
   *[other] { $count } te laat
}
finding-number = Vaststelling nr. { $id }
finding-severity = Ernst
severity-minor = Licht
severity-major = Ernstig
finding-action = Corrigerende maatregel
finding-due-date = Vervaldatum
finding-due = uiterlijk { $date }
finding-overdue = te laat sinds { $date }
finding-overdue-note = De vervaldatum van deze vaststelling is verstreken.
finding-closed = Afgesloten
finding-item = Punt
finding-raised = Genoteerd door
finding-raise = Een vaststelling noteren
finding-responses = { $count ->
    [one] { $count } reactie
   *[other] { $count } reacties
}
finding-responses-title = Reacties van de vestiging
finding-no-response = Nog geen reactie.
finding-respond = Op de vaststelling reageren
finding-response-comment = Wat er gedaan is
finding-response-evidence = Bewijsstuk (optioneel)
finding-response-no-evidence = Geen bestand
finding-evidence-unknown = Dit bewijsstuk hoort niet bij de vestiging.
finding-responded = Uw reactie is opgeslagen.
finding-close = De vaststelling afsluiten
finding-close-comment = Opmerking bij het afsluiten (optioneel)
finding-closed-notice = De vaststelling is afgesloten.
col-company = Bedrijf
reviews-all = Alle

## Certificaten
certificate-title = Conformiteitscertificaat
certificate-kicker = The Code · Gedragscode ter bescherming van kinderen tegen seksuele uitbuiting in reizen en toerisme
certificate-statement = voldoet aan de criteria van The Code voor het rapporteringsjaar { $year }
certificate-scan = Scan om te controleren
certificate-serial = Serienummer
certificate-validity = Geldig
certificate-validity-range = van { $from } tot { $until }
certificate-issued-by = Uitgereikt door
certificate-criteria-version = Versie van de criteria
certificate-verify-at = Controleer dit certificaat op { $link }
verify-title = Controle van een certificaat
verify-holder = Houder
verify-not-found = Geen enkel certificaat heeft dit serienummer. Controleer of het precies zo werd ingetypt als afgedrukt.
verify-status-valid = Geldig
verify-status-expired = Verlopen
verify-status-revoked = Ingetrokken
verify-status-altered = Niet echt
verify-status-suspended = Geschorst
verify-help-valid = Dit certificaat werd uitgereikt door { $issuer } en is van kracht.
verify-help-expired = Dit certificaat werd uitgereikt door { $issuer }, maar de geldigheid is verstreken.
verify-help-revoked = Dit certificaat werd ingetrokken en is niet meer van kracht.
verify-help-altered = De gegevens van dit certificaat komen niet overeen met de handtekening. Vertrouw er niet op.
verify-help-suspended = Dit certificaat werd uitgereikt door { $issuer }, maar is geschorst: een auditor stelde sinds de goedkeuring een grote tekortkoming vast. Het is niet van kracht tot die tekortkoming is verholpen.
verify-criteria = Het resultaat van elk criterium
verify-result = Resultaat van de audit
verify-another = Een ander certificaat controleren
verify-serial-help = Zoals afgedrukt op het certificaat, bijvoorbeeld 7QK4-M2XD-9RTB-H3ZP-K. Spaties, streepjes en kleine letters maken niet uit.
verify-submit = Controleren
verify-malformed = ‘{ $value }’ is geen serienummer van een certificaat: een serienummer telt 17 letters en cijfers, en het laatste controleert de andere. Controleer of er geen teken verkeerd getypt of vergeten is.
certificate-suspended-note = Geschorst: er staat een grote bevinding open op deze beoordeling. Het certificaat is niet van kracht tot die bevinding is afgesloten.
certificate-reason-required = Geef de reden op.
certificate-already-revoked = Dit certificaat is al ingetrokken.
certificate-current = Certificaat
certificate-download = Het certificaat downloaden (PDF)
certificate-verify-link = Openbare controlepagina

## Rapporten over tekortkomingen
report-title = Rapport over tekortkomingen
report-company-title = Rapport over tekortkomingen van de groep
report-page = Pagina { $page } van { $pages }
report-generated = opgesteld op { $date }
report-download = Downloaden als pdf
report-criteria = De zes criteria
report-criterion = Criterium
report-score = Score
report-gaps = Wat ontbreekt en hoe het op te lossen
report-no-gaps = Er ontbreekt niets: elk punt is beantwoord, aanvaard en gestaafd.
report-item = Punt
report-requirement = Vereiste
report-why = Waarom
report-how = Hoe op te lossen
report-training = Opleiding van het personeel
report-role = Functie
report-required = Op te leiden
report-trained = Opgeleid
report-coverage = Dekking
report-overdue-staff = { $count ->
    [one] { $count } persoon is te laat met de opleiding.
   *[other] { $count } personen zijn te laat met de opleiding.
}
report-sites-by-status = Vestigingen per status
report-sites = Vestigingen
report-common-gaps = De meest voorkomende tekortkomingen
report-sites-behind = Vestigingen, de verste achterstand eerst
report-compliant-criteria = Criteria vervuld
report-gap-count = Tekortkomingen
report-coverage-by-country = Opleidingsdekking per land
report-all-units = alle eenheden
report-not-started = Niet begonnen
report-company-link = Rapport over tekortkomingen { $year } (pdf)
report-how-label = Hoe op te lossen:
report-failing-title = Niet vervulde criteria: de regel en waarom
report-not-started-count = { $count ->
    [one] 1 vestiging is nog niet begonnen aan haar beoordeling van het jaar: wat ontbreekt is nog niet bekend, en ze telt niet als zonder tekortkomingen.
   *[other] { $count } vestigingen zijn nog niet begonnen aan hun beoordeling van het jaar: wat ontbreekt is nog niet bekend, en ze tellen niet als zonder tekortkomingen.
}
report-no-gaps-assessed = Er ontbreekt niets bij de beoordeelde vestigingen.
gap-reason-unanswered = niet beantwoord
gap-reason-answered_no = beantwoord met nee
gap-reason-answered_partial = slechts gedeeltelijk aanwezig
gap-reason-rejected = afgewezen door de auditor
gap-reason-needs_info = de auditor vraagt informatie
gap-reason-evidence_missing = geen bewijsstuk toegevoegd
gap-reason-evidence_expired = bewijsstuk verlopen
certificate-year-required = Geef het jaar op, bijvoorbeeld ?year=2026.
certificates-zip-link = Alle certificaten { $year } (ZIP)

## Dashboard
dashboard-title = Dashboard
dashboard-link = Dashboard { $year }
dashboard-summary = Kerncijfers
dashboard-failing = Niet vervuld criterium
dashboard-search = Naam van de vestiging
dashboard-sort = Volgorde
dashboard-sort-name = op naam
dashboard-sort-behind = grootste achterstand eerst
dashboard-export-csv = Exporteren (CSV)
dashboard-overdue-findings = Vaststellingen te laat
dashboard-expiring = Certificaten die binnen 60 dagen aflopen
dashboard-chart-criteria = Aandeel vestigingen dat aan elk criterium voldoet
dashboard-chart-trend = Aandeel vestigingen dat aan alle zes criteria voldoet, per jaar
dashboard-trend-bar = { $year }
dashboard-by-unit = Per eenheid
dashboard-by-country = Per land
dashboard-criterion-short = C{ $number }
dashboard-sites-count = { $count ->
    [one] { $count } vestiging
   *[other] { $count } vestigingen
}
dashboard-pages = Pagina's
dashboard-previous = Vorige
dashboard-next = Volgende
dashboard-page-of = Pagina { $page } van { $pages }
site-status-not_started = Niet begonnen
site-status-draft = Ontwerp
site-status-submitted = Ingediend
site-status-changes_requested = Wijzigingen gevraagd
site-status-approved = Goedgekeurd
site-status-certificate_valid = Certificaat geldig
site-status-certificate_expired = Certificaat verlopen
export-separator = Onbekend scheidingsteken "{ $value }": gebruik ; of ,.

## API-tokens
# Beschrijving van de API en lijsten
api-docs-title = API-referentie
api-docs-intro = Alle routes van de JSON-API, gegenereerd uit de code. Het machineleesbare document:
api-docs-version = versie
api-docs-public = openbaar
api-docs-params = Parameters
api-docs-required = verplicht
api-docs-body = Body
error-limit = Geef een limiet van 1 tot { $max }.
error-cursor = Deze cursor hoort niet bij deze lijst: begin opnieuw bij de eerste pagina.
error-method-not-allowed = Dit adres aanvaardt deze methode niet.
error-timeout = Het verzoek duurde te lang en is afgebroken.

tokens-title = API-tokens
tokens-help = Met een token kan een programma de API gebruiken met uw rechten. Geef elk token een naam, houd het geheim en trek het in wanneer het niet meer nodig is.
tokens-created = Uw nieuwe token. Kopieer het nu: het wordt niet meer getoond.
tokens-new = Nieuw token
tokens-name = Naam
tokens-days = Geldig (dagen, hoogstens 365; leeg voor 365)
tokens-create = Het token aanmaken
tokens-empty = Nog geen tokens. Maak er een aan zodat een programma (een rekenblad, een BI-tool, een script) met uw rechten via de API kan lezen of schrijven.
tokens-prefix = Begint met
tokens-created-at = Aangemaakt
tokens-last-used = Laatst gebruikt
tokens-expires = Einde
tokens-revoked = Ingetrokken
tokens-revoke = Intrekken
tokens-nav = API-tokens
token-name-invalid = Geef een naam van 1 tot { $max } tekens.
token-name-taken = U hebt al een token met deze naam.
token-days-invalid = Geef een aantal dagen van 1 tot { $max }, of laat leeg voor { $max }.
token-by-token-forbidden = Een API-token kan geen tokens aanmaken. Meld u aan met uw e-mailadres en wachtwoord (op de pagina API-tokens of met POST /api/v1/auth/login) om er een aan te maken.

# Annual report
annual-list-title = Jaarverslagen
annual-link = Jaarverslagen
annual-report-of = Jaarverslag { $year }
annual-col-year = Jaar
annual-col-lang = Taal
annual-state-not-started = Niet begonnen
annual-state-draft = Concept, versie { $version }
annual-state-published = Gepubliceerd op { $date }
annual-open = Openen
annual-lang = Taal van het verslag
annual-show = Tonen
annual-as-of = Cijfers op { $date }
annual-draft-notice = Concept: de cijfers worden berekend uit de gegevens van vandaag en worden vastgelegd wanneer het verslag gepubliceerd wordt.
annual-published-notice = Gepubliceerd op { $date }: de cijfers en teksten blijven precies zoals ze die dag waren.
annual-figures = Kerncijfers
annual-criteria = De zes criteria in onze vestigingen
annual-chart = Aandeel vestigingen dat aan elk criterium voldoet
annual-col-compliant = Vestigingen die voldoen
annual-col-share = Aandeel
annual-criterion-sentence = { $sites ->
    [one] { $count ->
        [0] De vestiging voldoet nog niet aan criterium { $number }.
       *[other] De vestiging voldoet aan criterium { $number }.
    }
   *[other] { $count ->
        [0] Geen van de { $sites } vestigingen voldoet al aan criterium { $number }.
        [one] { $count } van de { $sites } vestigingen ({ $percent } %) voldoet aan criterium { $number }.
       *[other] { $count } van de { $sites } vestigingen ({ $percent } %) voldoen aan criterium { $number }.
    }
}
annual-no-sites = Er viel dit jaar geen enkele vestiging onder het verslag.
annual-training = Opleiding van het personeel
annual-training-sentence = { $trained } van de { $required } medewerkers die een opleiding moeten volgen, zijn opgeleid ({ $percent } %).
annual-training-none = Geen enkele medewerker moest opgeleid worden.
annual-certificates = Certificaten en audits
annual-certificates-issued = Certificaten uitgereikt in het jaar
annual-certificates-valid = Geldige certificaten op { $date }
annual-findings-raised = Bevindingen vastgesteld in het jaar
annual-findings-closed = Bevindingen afgesloten in het jaar
annual-assessments-approved = Beoordelingen goedgekeurd in het jaar
annual-section-summary = Samenvatting
annual-section-next_steps = Volgende stappen
annual-what-we-did = Wat we gedaan hebben
annual-no-text = Nog niets geschreven.
annual-edit = De teksten schrijven
annual-section-help = Hoogstens { $max } tekens per onderdeel.
annual-save = Een nieuwe versie opslaan
annual-saved = Opgeslagen als versie { $version }.
annual-versions = Versiegeschiedenis
annual-col-version = Versie
annual-col-by = Door
annual-col-at = Opgeslagen op
annual-no-versions = Nog geen versie opgeslagen.
annual-publish-title = Publiceren
annual-publish-confirm = Ik bevestig dat de cijfers en teksten definitief worden vastgelegd en niet meer gewijzigd kunnen worden.
annual-publish = Het verslag publiceren
annual-published-done = Het verslag is gepubliceerd.
annual-pdf = PDF
annual-section-unknown = Onbekend onderdeel "{ $value }": gebruik summary, c1 tot c6 of next_steps.
annual-section-too-long = Schrijf hoogstens { $max } tekens in dit onderdeel.
annual-report-published = Dit verslag is gepubliceerd: de teksten kunnen niet meer gewijzigd worden.
annual-report-already-published = Dit verslag is al gepubliceerd en kan niet opnieuw gepubliceerd worden.
annual-report-stale = Iemand heeft intussen versie { $version } opgeslagen. Uw tekst staat hieronder: laad de pagina opnieuw en breng uw wijzigingen aan in de laatste versie.
annual-report-nothing-to-publish = Schrijf en bewaar de teksten voordat u het verslag publiceert.
annual-lang-unknown = Onbekende taal "{ $value }": gebruik fr, nl of en.
annual-base-version-invalid = De versie waarvan u vertrok ontbreekt of is geen getal.
annual-publish-confirm-required = Vink het vakje aan om de publicatie te bevestigen.
criteria-steps = De criteria van de checklist
submit-missing-count = { $count ->
    [one] Nog { $count } punt te beantwoorden of te bevestigen.
   *[other] Nog { $count } punten te beantwoorden of te bevestigen.
}
submit-missing-which = Welke
review-judged = { $count }/{ $total } beoordeeld
review-rejected-count = { $count } afgewezen
review-accept-remaining = { $count ->
    [one] Het nog niet beoordeelde punt aanvaarden
   *[other] De { $count } nog niet beoordeelde punten aanvaarden
}
review-done-accepted = De nog niet beoordeelde punten zijn aanvaard.
col-country = Land
staff-empty-read = Nog geen personeel geregistreerd.
error-too-many-attempts = Te veel mislukte pogingen. Probeer het opnieuw over { $minutes ->
    [one] een minuut
   *[other] { $minutes } minuten
}.
password-too-weak = Dit wachtwoord is te makkelijk te raden (een veelgebruikt wachtwoord, een toetsenreeks, een datum of woorden uit het e-mailadres). Een paar losse woorden vormen een goed wachtwoord.
password-unchanged = Het nieuwe wachtwoord moet verschillen van het huidige.
import-too-many-columns = Het blad gebruikt kolommen voorbij de { $max }e. Behoud de kolommen van het model (en hooguit een paar eigen kolommen) en importeer opnieuw.
import-unpacks = Dit Excelbestand pakt uit tot meer dan { $max } MB, veel meer dan een personeelslijst nodig heeft. Sla het opnieuw op vanuit Excel (of als CSV) en importeer het dan.
import-cell-too-long = Een cel van het bestand bevat meer dan { $max } KB tekst, veel meer dan een personeelslijst nodig heeft. Controleer het bestand en importeer het opnieuw.
import-ref-dot-segment = Het personeelsnummer "{ $value }" heeft een deel "." of ".." tussen schuine strepen, dat adressen als een andere map zouden lezen. Schrijf het zonder (HR/123 kan wel).
password-title = Wachtwoord wijzigen
password-intro = Uw andere sessies (andere browsers, telefoons, API-aanmeldingen) eindigen bij de wijziging, en uw persoonlijke API-tokens worden ingetrokken.
password-current = Huidig wachtwoord
password-new = Nieuw wachtwoord
password-confirm = Nieuw wachtwoord, nog eens
password-submit = Het wachtwoord wijzigen
password-changed = Uw wachtwoord is gewijzigd. Uw andere sessies zijn beëindigd.
password-current-wrong = Dit is niet uw huidige wachtwoord.
password-confirm-mismatch = De twee nieuwe wachtwoorden verschillen. Typ twee keer hetzelfde.

# Certificates only for compliance: audit results and rounds closed as not compliant
status-not_compliant = Niet conform
site-status-not_compliant = Niet conform
notification-kind-not_compliant = een beoordeling wordt als niet conform afgesloten
notification-not_compliant = De beoordeling { $year } van { $site } is zonder certificaat afgesloten: zie het rapport over tekortkomingen.
error-not-compliant = { $count ->
    [one] Goedkeuren kan niet: criterium { $criteria } is niet vervuld op de geauditeerde antwoorden ({ $details }).
   *[other] Goedkeuren kan niet: criteria { $criteria } zijn niet vervuld op de geauditeerde antwoorden ({ $details }).
}
close-not-compliant-comment-required = Vertel de site waarom de ronde zonder certificaat wordt afgesloten.
close-not-compliant-compliant = De geauditeerde antwoorden vervullen alle criteria: keur de beoordeling goed.
not-compliant-criterion = Criterium { $number } ({ $title }) is niet vervuld: { $rules }
not-compliant-rule-mandatory = verplichte punten zonder aanvaard antwoord: { $items }
not-compliant-rule-score = score { $score } % onder de vereiste { $min } %
criteria-compliant-audit = criteria conform (auditresultaat)
criteria-compliant-self = criteria vervuld volgens de zelfbeoordeling
result-audit = Auditresultaat
result-self = Zelfbeoordeling
audit-compliant = Conform
audit-not-compliant = Niet conform
self-met = vervuld
self-not-met = niet vervuld
review-close-not-compliant-help = De geauditeerde antwoorden vervullen niet alle criteria. U kunt de ronde zonder certificaat afsluiten; de site en het hoofdkantoor krijgen het rapport over tekortkomingen.
review-close-not-compliant-comment = Opmerking voor de site en het hoofdkantoor (verplicht)
review-close-not-compliant = Afsluiten als niet conform
review-results = Resultaten per criterium
review-results-criterion = Criterium
review-done-close_not_compliant = De ronde is afgesloten als niet conform.
decision-close_not_compliant = Afgesloten als niet conform
closed-not-compliant-title = De ronde is zonder certificaat afgesloten: criteria zijn niet vervuld op de geauditeerde antwoorden.
