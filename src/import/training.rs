//! The staff and training import: the column names in three languages, the checks of every
//! row, and the plan of what the import adds, updates or leaves unchanged.

use std::collections::HashMap;

use rustc_hash::{FxHashMap, FxHashSet};

use time::{Date, Duration};

use super::table::{self, Cells, RowVisitor, TableError};
use crate::domain::{Delivery, JobRole};
use crate::error::Msg;

/// The template's columns, in order, with the names accepted for each (en, fr, nl).
pub const COLUMNS: [(Column, [&str; 3]); 8] = [
    (
        Column::EmployeeRef,
        ["employee_ref", "reference_employe", "personeelsnummer"],
    ),
    (Column::FirstName, ["first_name", "prenom", "voornaam"]),
    (Column::LastName, ["last_name", "nom", "achternaam"]),
    (Column::JobRole, ["job_role", "fonction", "functie"]),
    (
        Column::StartDate,
        ["start_date", "date_entree", "startdatum"],
    ),
    (Column::Module, ["module", "module", "module"]),
    (
        Column::CompletedOn,
        ["completed_on", "date_formation", "opleidingsdatum"],
    ),
    (Column::Delivery, ["delivery", "modalite", "opleidingsvorm"]),
];

/// Accepted beyond the template: who gave the training.
const PROVIDER_NAMES: [&str; 4] = ["provider", "formateur", "opleider", "trainer"];

const COLUMN_COUNT: usize = 9;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Column {
    EmployeeRef,
    FirstName,
    LastName,
    JobRole,
    StartDate,
    Module,
    CompletedOn,
    Delivery,
    Provider,
}

const MAX_REF_CHARS: usize = 64;
const MAX_NAME_CHARS: usize = 100;

/// Lower case, accents dropped, anything else than letters and digits turned into `_`.
pub fn normalize(label: &str) -> String {
    let mut out = String::with_capacity(label.len());
    for c in label.trim().to_lowercase().chars() {
        let c = match c {
            'à' | 'â' | 'ä' | 'á' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'î' | 'ï' | 'í' => 'i',
            'ô' | 'ö' | 'ó' => 'o',
            'û' | 'ü' | 'ù' | 'ú' => 'u',
            'ç' => 'c',
            c if c.is_alphanumeric() => c,
            _ => '_',
        };
        if c == '_' && (out.is_empty() || out.ends_with('_')) {
            continue;
        }
        out.push(c);
    }
    out.trim_end_matches('_').to_owned()
}

/// What row values may say: role and delivery labels in every language, module ids.
pub struct Vocabulary {
    pub roles: HashMap<String, JobRole>,
    pub deliveries: HashMap<String, Delivery>,
    pub modules: FxHashSet<String>,
}

impl Vocabulary {
    /// `labels` gives the label of a key in each language (from the translations).
    pub fn new(
        modules: impl IntoIterator<Item = String>,
        role_labels: impl Fn(JobRole) -> Vec<String>,
        delivery_labels: impl Fn(Delivery) -> Vec<String>,
    ) -> Vocabulary {
        let mut roles = HashMap::new();
        for r in JobRole::ALL {
            roles.insert(r.key().to_owned(), r);
            for l in role_labels(r) {
                roles.insert(normalize(&l), r);
            }
        }
        let mut deliveries = HashMap::new();
        for d in Delivery::ALL {
            deliveries.insert(d.key().to_owned(), d);
            for l in delivery_labels(d) {
                deliveries.insert(normalize(&l), d);
            }
        }
        Vocabulary {
            roles,
            deliveries,
            modules: modules.into_iter().collect(),
        }
    }
}

/// The vocabulary of `version`: its modules, and role and delivery labels in all languages.
pub fn vocabulary(version: &crate::criteria::CriteriaVersion) -> Vocabulary {
    use crate::domain::Lang;
    let labels = |key: String| -> Vec<String> {
        Lang::ALL
            .into_iter()
            .map(|l| crate::i18n::t(l, &key))
            .collect()
    };
    Vocabulary::new(
        version.training_modules.iter().map(|m| m.id.clone()),
        |r| labels(format!("job-role-{}", r.key())),
        |d| {
            let mut all = labels(format!("delivery-{}", d.key()));
            all.extend(labels(delivery_value_key(d)));
            all
        },
    )
}

fn delivery_value_key(d: Delivery) -> String {
    format!("import-value-delivery-{}", d.key())
}

/// What an import file writes for `d` in `lang` (`présentiel`, `klassikaal`...).
pub fn delivery_value(lang: crate::domain::Lang, d: Delivery) -> String {
    crate::i18n::t(lang, &delivery_value_key(d))
}

/// What an import file writes for `r` in `lang`: its label, in lower case (`réception`).
pub fn role_value(lang: crate::domain::Lang, r: JobRole) -> String {
    crate::i18n::t(lang, &format!("job-role-{}", r.key())).to_lowercase()
}

/// The template in `lang`: its header, then one example line per job role, each delivery in
/// turn, so that the file itself shows the values the import accepts.
pub fn template_csv(lang: crate::domain::Lang, modules: &[String]) -> String {
    let mut out = format!("\u{feff}{}\r\n", template_header(lang));
    for (i, role) in JobRole::ALL.into_iter().enumerate() {
        let delivery = Delivery::ALL[i % Delivery::ALL.len()];
        let module = modules
            .get(i % modules.len().max(1))
            .map_or("", String::as_str);
        out.push_str(&format!(
            "E-{:04};;;{};2025-03-01;{module};2025-04-15;{}\r\n",
            i + 1,
            role_value(lang, role),
            delivery_value(lang, delivery),
        ));
    }
    out
}

/// The template's header line in `lang` (`;`-separated, as Belgian Excel expects).
pub fn template_header(lang: crate::domain::Lang) -> String {
    let i = match lang {
        crate::domain::Lang::En => 0,
        crate::domain::Lang::Fr => 1,
        crate::domain::Lang::Nl => 2,
    };
    COLUMNS
        .iter()
        .map(|(_, n)| n[i])
        .collect::<Vec<_>>()
        .join(";")
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Training {
    pub module: String,
    pub completed_on: Date,
    pub delivery: Delivery,
    pub provider: String,
}

/// One checked row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub line: usize,
    pub employee_ref: String,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub job_role: Option<JobRole>,
    pub start_date: Option<Date>,
    pub training: Option<Training>,
}

/// What is wrong with one cell (or row): the line, the column as the file names it.
#[derive(Debug, Clone, PartialEq)]
pub struct RowError {
    pub line: usize,
    pub column: String,
    pub msg: Msg,
}

/// Why the file as a whole cannot be imported.
#[derive(Debug, Clone, PartialEq)]
pub struct FileError(pub Msg);

impl From<TableError> for FileError {
    fn from(e: TableError) -> FileError {
        FileError(match e {
            TableError::Empty => Msg::new("import-empty"),
            TableError::NotText => Msg::new("import-not-text"),
            TableError::BadXlsx(_) => Msg::new("import-bad-xlsx"),
            TableError::SeveralSheets(n) => Msg::new("import-several-sheets").arg("count", n),
            TableError::TooManyRows => Msg::new("import-too-many-rows").arg("max", table::MAX_ROWS),
            TableError::TooManyColumns => {
                Msg::new("import-too-many-columns").arg("max", table::MAX_COLUMNS)
            }
            TableError::Unpacks { max_mb } => Msg::new("import-unpacks").arg("max", max_mb),
            TableError::CellTooLong => {
                Msg::new("import-cell-too-long").arg("max", table::MAX_CELL_BYTES / 1024)
            }
            TableError::BadCsv { line, .. } => Msg::new("import-bad-csv").arg("line", line),
        })
    }
}

/// Whether a reference has a `.` or `..` segment between slashes. Browsers resolve both in a
/// path, read `\` as `/`, drop tabs and line breaks, and decode `%2e`: all are counted.
pub fn has_dot_segment(reference: &str) -> bool {
    reference.split(['/', '\\']).any(|segment| {
        let seen: String = segment
            .chars()
            .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
            .collect::<String>()
            .to_ascii_lowercase()
            .replace("%2e", ".");
        matches!(seen.trim(), "." | "..")
    })
}

/// Parses `YYYY-MM-DD` or `DD/MM/YYYY` (also `D/M/YYYY` and `DD.MM.YYYY`).
pub fn parse_date(s: &str) -> Option<Date> {
    let s = s.trim();
    let (y, m, d) = if let Some((y, rest)) = s.split_once('-') {
        let (m, d) = rest.split_once('-')?;
        (y, m, d)
    } else {
        let sep = if s.contains('/') { '/' } else { '.' };
        let mut parts = s.splitn(3, sep);
        let d = parts.next()?;
        let m = parts.next()?;
        (parts.next()?, m, d)
    };
    if y.len() != 4 {
        return None;
    }
    let month = time::Month::try_from(m.parse::<u8>().ok()?).ok()?;
    Date::from_calendar_date(y.parse().ok()?, month, d.parse().ok()?).ok()
}

struct Visitor<'a> {
    vocab: &'a Vocabulary,
    today: Date,
    /// Where each column is in the file and what the file calls it, by `Column as usize`.
    columns: [Option<(usize, String)>; COLUMN_COUNT],
    header_error: Option<FileError>,
    /// Each checked row goes straight into the plan: no list of 250,000 rows in between.
    planner: Planner<'a>,
    names: ColumnNames,
}

impl Visitor<'_> {
    fn cell<'c>(&self, cells: &'c dyn Cells, col: Column) -> Option<&'c str> {
        let (idx, _) = self.columns[col as usize].as_ref()?;
        let value = cells.cell(*idx).map_or("", str::trim);
        (!value.is_empty()).then_some(value)
    }

    /// The column as the file names it (the English key if the file lacks it).
    fn column_name(&self, col: Column) -> String {
        self.columns[col as usize].as_ref().map_or_else(
            || {
                COLUMNS
                    .iter()
                    .find(|(c, _)| *c == col)
                    .map_or("provider", |(_, n)| n[0])
                    .to_owned()
            },
            |(_, n)| n.clone(),
        )
    }

    fn fail(&mut self, line: usize, col: Column, msg: Msg) {
        let column = self.column_name(col);
        self.planner
            .plan
            .errors
            .push(RowError { line, column, msg });
    }

    /// A date no later than `latest` and not before 1950.
    fn date(&mut self, line: usize, col: Column, value: &str, latest: Date) -> Option<Date> {
        let key = match parse_date(value) {
            None => "import-date-invalid",
            Some(d) if d > latest => "import-date-future",
            Some(d) if d.year() < 1950 => "import-date-too-old",
            Some(d) => return Some(d),
        };
        self.fail(line, col, Msg::new(key).arg("value", value));
        None
    }

    fn name(&mut self, line: usize, col: Column, value: Option<&str>) -> Option<String> {
        // The rules of every name the app keeps: NFC, no control, bidi or invisible characters.
        let value = match crate::domain::values::name_text(value?) {
            Ok(v) => v,
            Err(why) => {
                self.fail(line, col, why.into());
                return None;
            }
        };
        if value.chars().count() > MAX_NAME_CHARS {
            self.fail(
                line,
                col,
                Msg::new("import-name-too-long").arg("max", MAX_NAME_CHARS),
            );
            return None;
        }
        Some(value)
    }

    fn label<T: Copy>(
        &mut self,
        line: usize,
        col: Column,
        value: Option<&str>,
        known: impl Fn(&str) -> Option<T>,
        unknown_key: &'static str,
    ) -> Option<T> {
        let value = value?;
        // Most files use the keys themselves: skip normalising then.
        let found = known(value).or_else(|| known(&normalize(value)));
        if found.is_none() {
            self.fail(line, col, Msg::new(unknown_key).arg("value", value));
        }
        found
    }

    fn training(&mut self, line: usize, cells: &dyn Cells) -> Option<Training> {
        let module = self.cell(cells, Column::Module);
        let completed = self.cell(cells, Column::CompletedOn);
        let (module, completed) = match (module, completed) {
            (None, None) => return None,
            (Some(_), None) => {
                self.fail(
                    line,
                    Column::CompletedOn,
                    Msg::new("import-date-without-module-date"),
                );
                return None;
            }
            (None, Some(_)) => {
                self.fail(line, Column::Module, Msg::new("import-module-missing"));
                return None;
            }
            (Some(m), Some(c)) => (m, c),
        };
        let module_ok = self.vocab.modules.contains(module);
        if !module_ok {
            self.fail(
                line,
                Column::Module,
                Msg::new("import-module-unknown").arg("value", module),
            );
        }
        let completed_on = self.date(line, Column::CompletedOn, completed, self.today);
        let delivery_cell = self.cell(cells, Column::Delivery);
        if delivery_cell.is_none() {
            self.fail(line, Column::Delivery, Msg::new("import-delivery-missing"));
        }
        let vocab = self.vocab;
        let delivery = self.label(
            line,
            Column::Delivery,
            delivery_cell,
            |v| vocab.deliveries.get(v).copied(),
            "import-delivery-unknown",
        );
        let provider_cell = self.cell(cells, Column::Provider);
        let provider = self
            .name(line, Column::Provider, provider_cell)
            .unwrap_or_default();
        match (module_ok, completed_on, delivery) {
            (true, Some(completed_on), Some(delivery)) => Some(Training {
                module: module.to_owned(),
                completed_on,
                delivery,
                provider,
            }),
            _ => None,
        }
    }
}

impl RowVisitor for Visitor<'_> {
    fn header(&mut self, cells: &[&str]) {
        for (i, cell) in cells.iter().enumerate() {
            let n = normalize(cell);
            let col = COLUMNS
                .iter()
                .find(|(_, names)| names.contains(&n.as_str()))
                .map(|(c, _)| *c)
                .or_else(|| {
                    PROVIDER_NAMES
                        .contains(&n.as_str())
                        .then_some(Column::Provider)
                });
            if let Some(c) = col {
                self.columns[c as usize].get_or_insert((i, cell.trim().to_owned()));
            }
        }
        self.names = ColumnNames {
            job_role: self.column_name(Column::JobRole),
            start_date: self.column_name(Column::StartDate),
        };
        let required = [Column::EmployeeRef, Column::JobRole];
        if required.iter().any(|c| self.columns[*c as usize].is_none()) {
            let expected: Vec<&str> = COLUMNS.iter().map(|(_, n)| n[0]).collect();
            self.header_error = Some(FileError(
                Msg::new("import-header-missing").arg("columns", expected.join(", ")),
            ));
        }
    }

    fn row(&mut self, line: usize, cells: &dyn Cells) {
        if self.header_error.is_some() {
            return;
        }
        let errors_before = self.planner.plan.errors.len();
        let Some(employee_ref) = self.cell(cells, Column::EmployeeRef) else {
            self.fail(line, Column::EmployeeRef, Msg::new("import-ref-missing"));
            return;
        };
        if employee_ref.chars().count() > MAX_REF_CHARS {
            self.fail(
                line,
                Column::EmployeeRef,
                Msg::new("import-ref-too-long").arg("max", MAX_REF_CHARS),
            );
            return;
        }
        // A reference becomes part of addresses (`/sites/1/staff/{ref}/erase`): a `..` there
        // would lead a browser to another site's person. `HR/123` stays possible.
        if has_dot_segment(employee_ref) {
            self.fail(
                line,
                Column::EmployeeRef,
                Msg::new("import-ref-dot-segment").arg("value", employee_ref),
            );
            return;
        }
        let employee_ref = employee_ref.to_owned();
        let vocab = self.vocab;
        let role_cell = self.cell(cells, Column::JobRole);
        let job_role = self.label(
            line,
            Column::JobRole,
            role_cell,
            |v| vocab.roles.get(v).copied(),
            "import-role-unknown",
        );
        let start_date = match self.cell(cells, Column::StartDate) {
            Some(v) => {
                let latest = self.today + Duration::days(366);
                self.date(line, Column::StartDate, v, latest)
            }
            None => None,
        };
        let first_cell = self.cell(cells, Column::FirstName);
        let first_name = self.name(line, Column::FirstName, first_cell);
        let last_cell = self.cell(cells, Column::LastName);
        let last_name = self.name(line, Column::LastName, last_cell);
        let training = self.training(line, cells);

        // One person, one role: a file that says otherwise is wrong somewhere.
        if self.planner.plan.errors.len() == errors_before {
            let row = Row {
                line,
                employee_ref,
                first_name,
                last_name,
                job_role,
                start_date,
                training,
            };
            self.planner.add(row, &self.names);
        }
    }
}

/// A person on the roster as the database has them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KnownStaff {
    pub job_role: JobRole,
    pub first_name: String,
    pub last_name: String,
    pub start_date: Date,
}

/// The site's current roster and records, keyed as an import identifies them.
#[derive(Debug, Default)]
pub struct Existing {
    pub staff: FxHashMap<String, KnownStaff>,
    /// (employee, module, date) -> (delivery, provider)
    pub records: FxHashMap<(String, String, Date), (Delivery, String)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaffWrite {
    pub employee_ref: String,
    pub staff: KnownStaff,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordWrite {
    pub employee_ref: String,
    pub training: Training,
}

/// Writes handed to the database while the rest of the file is still being checked.
#[derive(Debug)]
pub enum Batch {
    Staff(Vec<StaffWrite>),
    Records(Vec<RecordWrite>),
}

/// Rows per batch.
pub const BATCH: usize = 5000;

/// What the import does, or would do: counts by row, and every problem found.
#[derive(Debug, Default)]
pub struct Plan {
    pub added: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub errors: Vec<RowError>,
}

#[derive(PartialEq, Eq, PartialOrd, Ord, Clone, Copy)]
enum Outcome {
    Unchanged,
    Updated,
    Added,
}

/// Compares the rows with the database, one at a time. A row is added if it creates a person
/// or a record, updated if it changes one, unchanged otherwise; re-importing a file changes
/// nothing.
struct Planner<'e> {
    existing: &'e Existing,
    plan: Plan,
    /// Batches go here as soon as they are full, as long as no row was wrong so far (a wrong
    /// file is rolled back anyway). Only the writes that change something are sent.
    sink: &'e mut (dyn FnMut(Batch) + 'e),
    staff_buf: Vec<StaffWrite>,
    /// Where each person of `staff_buf` is in it: a batch writes a person once (one statement
    /// upserts a batch, and PostgreSQL refuses to touch a row twice in one).
    staff_buf_at: FxHashMap<String, usize>,
    record_buf: Vec<RecordWrite>,
    /// The roster as the file leaves it, for the people the file names, with the line that
    /// first named each and the role it gave (one person, one role).
    roster: FxHashMap<String, (KnownStaff, usize, Option<JobRole>)>,
    record_seen: FxHashSet<(String, String, Date)>,
}

impl<'e> Planner<'e> {
    fn new(
        existing: &'e Existing,
        capacity: usize,
        sink: &'e mut (dyn FnMut(Batch) + 'e),
    ) -> Planner<'e> {
        Planner {
            existing,
            plan: Plan::default(),
            sink,
            staff_buf: Vec::new(),
            staff_buf_at: FxHashMap::default(),
            record_buf: Vec::new(),
            roster: FxHashMap::with_capacity_and_hasher(capacity, Default::default()),
            record_seen: FxHashSet::with_capacity_and_hasher(capacity, Default::default()),
        }
    }

    fn add(&mut self, row: Row, column_names: &ColumnNames) {
        let existing = self.existing;
        let plan = &mut self.plan;
        let mut outcome = Outcome::Unchanged;
        let in_file = self.roster.get(&row.employee_ref);
        if let Some((_, first_line, Some(first_role))) = in_file
            && row.job_role.is_some_and(|r| r != *first_role)
        {
            plan.errors.push(RowError {
                line: row.line,
                column: column_names.job_role.clone(),
                msg: Msg::new("import-role-conflict")
                    .arg("employee", &row.employee_ref)
                    .arg("line", first_line),
            });
            return;
        }
        let first = in_file.map_or((row.line, row.job_role), |(_, l, r)| (*l, *r));
        let current = in_file
            .map(|(s, _, _)| s)
            .or_else(|| existing.staff.get(&row.employee_ref));
        let merged = match current {
            Some(known) => KnownStaff {
                job_role: row.job_role.unwrap_or(known.job_role),
                first_name: row.first_name.unwrap_or_else(|| known.first_name.clone()),
                last_name: row.last_name.unwrap_or_else(|| known.last_name.clone()),
                start_date: row.start_date.unwrap_or(known.start_date),
            },
            None => {
                let (Some(job_role), Some(start_date)) = (row.job_role, row.start_date) else {
                    let (column, key) = if row.job_role.is_none() {
                        (&column_names.job_role, "import-role-missing")
                    } else {
                        (&column_names.start_date, "import-start-missing")
                    };
                    plan.errors.push(RowError {
                        line: row.line,
                        column: column.clone(),
                        msg: Msg::new(key).arg("employee", &row.employee_ref),
                    });
                    return;
                };
                KnownStaff {
                    job_role,
                    first_name: row.first_name.unwrap_or_default(),
                    last_name: row.last_name.unwrap_or_default(),
                    start_date,
                }
            }
        };
        match current {
            None => outcome = Outcome::Added,
            Some(known) if *known != merged => outcome = Outcome::Updated,
            Some(_) => {}
        }
        if outcome != Outcome::Unchanged {
            match self.staff_buf_at.get(&row.employee_ref) {
                // Named again in the same batch: the later row's details replace the earlier.
                Some(&at) => self.staff_buf[at].staff = merged.clone(),
                None => {
                    self.staff_buf_at
                        .insert(row.employee_ref.clone(), self.staff_buf.len());
                    self.staff_buf.push(StaffWrite {
                        employee_ref: row.employee_ref.clone(),
                        staff: merged.clone(),
                    });
                }
            }
        }
        if let Some(t) = row.training {
            let key = (row.employee_ref.clone(), t.module.clone(), t.completed_on);
            let before = existing.records.get(&key);
            let same = before.is_some_and(|(d, p)| *d == t.delivery && *p == t.provider);
            if !same && self.record_seen.insert(key) {
                outcome = outcome.max(if before.is_none() {
                    Outcome::Added
                } else {
                    Outcome::Updated
                });
                self.record_buf.push(RecordWrite {
                    employee_ref: row.employee_ref.clone(),
                    training: t,
                });
            }
        }
        self.roster
            .insert(row.employee_ref, (merged, first.0, first.1));
        match outcome {
            Outcome::Added => plan.added += 1,
            Outcome::Updated => plan.updated += 1,
            Outcome::Unchanged => plan.unchanged += 1,
        }
        if self.staff_buf.len() >= BATCH || self.record_buf.len() >= BATCH {
            self.flush();
        }
    }

    /// Hands the buffered writes over: people first, so their records find them.
    fn flush(&mut self) {
        let failed = !self.plan.errors.is_empty();
        let staff = std::mem::take(&mut self.staff_buf);
        self.staff_buf_at.clear();
        let records = std::mem::take(&mut self.record_buf);
        if failed {
            return;
        }
        if !staff.is_empty() {
            (self.sink)(Batch::Staff(staff));
        }
        if !records.is_empty() {
            (self.sink)(Batch::Records(records));
        }
    }

    fn finish(mut self) -> Plan {
        self.flush();
        let mut plan = self.plan;
        plan.errors.sort_by_key(|e| e.line);
        plan
    }
}

/// The names the file gave to the columns errors found while planning point at.
pub struct ColumnNames {
    pub job_role: String,
    pub start_date: String,
}

/// Parses, checks and plans in one go.
pub fn prepare(
    bytes: &[u8],
    vocab: &Vocabulary,
    existing: &Existing,
    today: Date,
) -> Result<Plan, FileError> {
    run(bytes, vocab, existing, today, &mut |_| {})
}

/// Like [`prepare`], handing the writes to `sink` in batches as the file is checked, so the
/// database can write while the rest is read. If the plan has errors, the caller must
/// discard what the sink received.
pub fn prepare_streaming<'a>(
    bytes: &[u8],
    vocab: &'a Vocabulary,
    existing: &'a Existing,
    today: Date,
    sink: &'a mut (dyn FnMut(Batch) + 'a),
) -> Result<Plan, FileError> {
    run(bytes, vocab, existing, today, sink)
}

fn run<'a>(
    bytes: &[u8],
    vocab: &'a Vocabulary,
    existing: &'a Existing,
    today: Date,
    sink: &'a mut (dyn FnMut(Batch) + 'a),
) -> Result<Plan, FileError> {
    let mut visitor = Visitor {
        vocab,
        today,
        columns: Default::default(),
        header_error: None,
        // About 50 bytes a row: room for everyone without rehashing.
        planner: Planner::new(existing, bytes.len() / 50, sink),
        names: ColumnNames {
            job_role: String::new(),
            start_date: String::new(),
        },
    };
    table::read(bytes, &mut visitor)?;
    if let Some(e) = visitor.header_error {
        return Err(e);
    }
    Ok(visitor.planner.finish())
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn vocab() -> Vocabulary {
        Vocabulary::new(
            ["ecpat_basic".to_string()],
            |r| match r {
                JobRole::Reception => vec!["Réception".into(), "Receptie".into()],
                _ => vec![],
            },
            |d| match d {
                Delivery::Classroom => vec!["Présentiel avec ECPAT".into(), "Klassikaal".into()],
                _ => vec![],
            },
        )
    }

    const TODAY: Date = date!(2026 - 11 - 23);

    /// The plan and the writes it sends.
    struct Run {
        plan: Plan,
        staff: Vec<StaffWrite>,
        records: Vec<RecordWrite>,
    }

    impl std::ops::Deref for Run {
        type Target = Plan;
        fn deref(&self) -> &Plan {
            &self.plan
        }
    }

    fn run(csv: &str, existing: &Existing) -> Run {
        let (mut staff, mut records) = (Vec::new(), Vec::new());
        let vocab = vocab();
        let plan = prepare_streaming(csv.as_bytes(), &vocab, existing, TODAY, &mut |b| match b {
            Batch::Staff(s) => staff.extend(s),
            Batch::Records(r) => records.extend(r),
        })
        .expect("readable");
        Run {
            plan,
            staff,
            records,
        }
    }

    #[test]
    fn headers_and_labels_in_any_language() {
        let csv = "Référence employé;Prénom;Nom;Fonction;Date entrée;Module;Date formation;Modalité\n\
                   E1;Anne;Dupont;Réception;01/02/2020;ecpat_basic;15/03/2026;Présentiel avec ECPAT\n\
                   E2;;;reception;2021-05-01;;;\n";
        let p = run(csv, &Existing::default());
        assert!(p.errors.is_empty(), "{:?}", p.errors);
        assert_eq!((p.added, p.updated, p.unchanged), (2, 0, 0));
        assert_eq!(p.records.len(), 1);
        assert_eq!(p.records[0].training.completed_on, date!(2026 - 03 - 15));
        assert_eq!(p.records[0].training.delivery, Delivery::Classroom);
        assert_eq!(p.staff.len(), 2);
        assert_eq!(normalize("  Date d'entrée "), "date_d_entree");
    }

    #[test]
    fn reimporting_changes_nothing() {
        let csv = "employee_ref,job_role,start_date,module,completed_on,delivery\n\
                   E1,reception,2020-01-01,ecpat_basic,2026-01-01,elearning\n";
        let mut existing = Existing::default();
        existing.staff.insert(
            "E1".into(),
            KnownStaff {
                job_role: JobRole::Reception,
                first_name: String::new(),
                last_name: String::new(),
                start_date: date!(2020 - 01 - 01),
            },
        );
        existing.records.insert(
            ("E1".into(), "ecpat_basic".into(), date!(2026 - 01 - 01)),
            (Delivery::Elearning, String::new()),
        );
        let p = run(csv, &existing);
        assert_eq!((p.added, p.updated, p.unchanged), (0, 0, 1));
        assert!(p.staff.is_empty() && p.records.is_empty());

        let changed = csv.replace("elearning", "classroom");
        let p = run(&changed, &existing);
        assert_eq!((p.added, p.updated, p.unchanged), (0, 1, 0));
    }

    /// The plan's errors as (line, column, message key), in order.
    fn errors_of(p: &Plan) -> Vec<(usize, &str, &'static str)> {
        p.errors
            .iter()
            .map(|e| (e.line, e.column.as_str(), e.msg.key))
            .collect()
    }

    #[test]
    fn every_bad_cell_is_reported_with_line_and_column() {
        let csv = "employee_ref;job_role;start_date;module;completed_on;delivery\n\
                   E1;pilot;2020-01-01;;;\n\
                   E2;reception;31/02/2020;;;\n\
                   E3;reception;2020-01-01;unknown_module;2026-01-01;elearning\n\
                   E4;reception;2020-01-01;ecpat_basic;2030-01-01;elearning\n\
                   E5;reception;2020-01-01;ecpat_basic;2026-01-01;by pigeon\n\
                   E1;management;2020-01-01;;;\n\
                   ;reception;2020-01-01;;;\n\
                   E6;;2020-01-01;;;\n";
        let p = run(csv, &Existing::default());
        let got = errors_of(&p);
        assert_eq!(
            got,
            vec![
                (2, "job_role", "import-role-unknown"),
                (3, "start_date", "import-date-invalid"),
                (4, "module", "import-module-unknown"),
                (5, "completed_on", "import-date-future"),
                (6, "delivery", "import-delivery-unknown"),
                (8, "employee_ref", "import-ref-missing"),
                (9, "job_role", "import-role-missing"),
            ]
        );
    }

    #[test]
    fn staff_names_are_composed_and_refuse_hidden_characters() {
        let csv = "employee_ref;first_name;last_name;job_role;start_date\n\
                   E1;Rene\u{301};Dupont;reception;2020-01-01\n\
                   E2;Anne;\u{202E}tnopuD;reception;2020-01-01\n\
                   E3;An\u{200B}ne;Martin;reception;2020-01-01\n";
        let p = run(csv, &Existing::default());
        let got = errors_of(&p);
        assert_eq!(
            got,
            vec![
                (3, "last_name", "name-bidi-chars"),
                (4, "first_name", "name-invisible-chars"),
            ]
        );
        let p = run(
            "employee_ref;first_name;last_name;job_role;start_date\n\
             E1;Rene\u{301};Dupont;reception;2020-01-01\n",
            &Existing::default(),
        );
        assert!(p.errors.is_empty(), "{:?}", p.errors);
        assert_eq!(p.staff[0].staff.first_name, "Ren\u{e9}");
    }

    #[test]
    fn one_employee_with_two_roles_is_an_error() {
        let csv =
            "employee_ref,job_role,start_date\nE1,reception,2020-01-01\nE1,security,2020-01-01\n";
        let p = run(csv, &Existing::default());
        assert_eq!(p.errors.len(), 1);
        assert_eq!(p.errors[0].line, 3);
        assert_eq!(p.errors[0].msg.key, "import-role-conflict");
    }

    #[test]
    fn file_level_problems() {
        let e = prepare(b"", &vocab(), &Existing::default(), TODAY).unwrap_err();
        assert_eq!(e.0.key, "import-empty");
        let e = prepare(b"name|role\nx|y\n", &vocab(), &Existing::default(), TODAY).unwrap_err();
        assert_eq!(e.0.key, "import-header-missing");
        let e = prepare(
            b"\x7fELF\x02\x01\x01\x00\x00",
            &vocab(),
            &Existing::default(),
            TODAY,
        )
        .unwrap_err();
        assert_eq!(e.0.key, "import-not-text");
    }

    #[test]
    fn dates_in_both_formats() {
        assert_eq!(parse_date("2026-03-05"), Some(date!(2026 - 03 - 05)));
        assert_eq!(parse_date("05/03/2026"), Some(date!(2026 - 03 - 05)));
        assert_eq!(parse_date("5/3/2026"), Some(date!(2026 - 03 - 05)));
        assert_eq!(parse_date("05.03.2026"), Some(date!(2026 - 03 - 05)));
        assert_eq!(parse_date("03/05/26"), None);
        assert_eq!(parse_date("2026-02-30"), None);
        assert_eq!(parse_date("yesterday"), None);
    }

    #[test]
    fn references_with_dot_segments_are_refused_on_their_line() {
        let csv = "employee_ref;job_role;start_date\n\
                   HR/123;reception;2020-01-01\n\
                   ../../8/staff/B-002;reception;2020-01-01\n\
                   ..;reception;2020-01-01\n\
                   a/../b;reception;2020-01-01\n\
                   a\\..\\b;reception;2020-01-01\n\
                   ./x;reception;2020-01-01\n\
                   a/%2E%2e/b;reception;2020-01-01\n\
                   1.2/..x/v1.0;reception;2020-01-01\n";
        let p = run(csv, &Existing::default());
        let refused: Vec<(usize, &str)> = p.errors.iter().map(|e| (e.line, e.msg.key)).collect();
        assert_eq!(
            refused,
            (3..=8)
                .map(|line| (line, "import-ref-dot-segment"))
                .collect::<Vec<_>>()
        );
        assert!(p.errors.iter().all(|e| e.column == "employee_ref"));
        assert!(!has_dot_segment("HR/123") && !has_dot_segment("1.2/..x/v1.0"));
    }
}
