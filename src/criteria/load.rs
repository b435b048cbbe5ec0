//! Reads a criteria directory and checks it, naming the file, the line and the problem.
//!
//! Layout: `DIR/<version>/version.toml` plus one `*.toml` file per criterion. `DIR` may also
//! be a single version folder. Every problem found is reported, not just the first.

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use super::model::{
    AnswerValues, CertificateRules, ComplianceRule, Computed, CriteriaSet, CriteriaVersion,
    Criterion, Evidence, Item, Localized, TrainingModule,
};
use crate::domain::{Answer, JobRole};

pub const CRITERIA_PER_VERSION: usize = 6;
const VERSION_FILE: &str = "version.toml";
const TRAINING_FILE: &str = "training.toml";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CriteriaError {
    pub file: PathBuf,
    pub line: Option<usize>,
    pub message: String,
}

impl fmt::Display for CriteriaError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}: {}", self.file.display(), line, self.message),
            None => write!(f, "{}: {}", self.file.display(), self.message),
        }
    }
}

/// Loads and checks every version under `dir`.
pub fn load_dir(dir: &Path) -> Result<CriteriaSet, Vec<CriteriaError>> {
    let versions = check_dir(dir)?;
    CriteriaSet::new(versions).ok_or_else(|| vec![error(dir, None, "no criteria version found")])
}

/// Checks every version under `dir` and returns them, or every problem found.
pub fn check_dir(dir: &Path) -> Result<Vec<CriteriaVersion>, Vec<CriteriaError>> {
    let version_dirs = if dir.join(VERSION_FILE).is_file() {
        vec![dir.to_path_buf()]
    } else {
        let entries = std::fs::read_dir(dir)
            .map_err(|e| vec![error(dir, None, format!("cannot read the directory: {e}"))])?;
        let mut dirs: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.is_dir() && !is_hidden(p))
            .collect();
        dirs.sort();
        dirs
    };
    if version_dirs.is_empty() {
        return Err(vec![error(
            dir,
            None,
            format!("no criteria version found (expected a folder with a {VERSION_FILE})"),
        )]);
    }

    let mut errors = Vec::new();
    let mut versions: Vec<CriteriaVersion> = Vec::new();
    for vdir in version_dirs {
        match load_version(&Disk, &vdir) {
            Ok(v) => {
                if versions.iter().any(|o| o.version == v.version) {
                    errors.push(error(
                        &vdir.join(VERSION_FILE),
                        None,
                        format!("version \"{}\" is declared twice", v.version),
                    ));
                }
                versions.push(v);
            }
            Err(mut e) => errors.append(&mut e),
        }
    }
    if errors.is_empty() {
        Ok(versions)
    } else {
        Err(errors)
    }
}

fn is_hidden(p: &Path) -> bool {
    p.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.starts_with('.'))
}

fn error(file: &Path, line: Option<usize>, message: impl Into<String>) -> CriteriaError {
    CriteriaError {
        file: file.to_path_buf(),
        line,
        message: message.into(),
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawVersion {
    version: Spanned<String>,
    published: Spanned<String>,
    answer_values: Spanned<AnswerValues>,
    certificate: Option<Spanned<RawCertificate>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCertificate {
    validity_months: Option<i64>,
    approving_body: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLocalized {
    en: Option<String>,
    fr: Option<String>,
    nl: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCompliance {
    mandatory_answers: Spanned<Vec<Answer>>,
    min_score: Spanned<f64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawItem {
    key: Spanned<String>,
    mandatory: bool,
    weight: Spanned<f64>,
    evidence: Evidence,
    #[serde(default)]
    not_applicable_allowed: bool,
    text: Spanned<RawLocalized>,
    guidance: Spanned<RawLocalized>,
    computed: Option<Spanned<RawComputed>>,
    #[serde(default)]
    procedure: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawComputed {
    module: String,
    #[serde(default)]
    roles: Vec<JobRole>,
    yes_at: f64,
    partial_at: f64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTraining {
    modules: Vec<Spanned<RawModule>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawModule {
    id: Spanned<String>,
    roles: Vec<JobRole>,
    validity_months: Spanned<i64>,
    due_within_days: Spanned<i64>,
    #[serde(default)]
    renews: Vec<String>,
    title: Spanned<RawLocalized>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCriterion {
    id: Spanned<String>,
    number: Spanned<i64>,
    title: Spanned<RawLocalized>,
    description: Spanned<RawLocalized>,
    compliance: Spanned<RawCompliance>,
    items: Vec<Spanned<RawItem>>,
}

/// One file being checked: its path and text, to turn byte spans into line numbers.
struct Source<'a> {
    path: PathBuf,
    text: &'a str,
    errors: &'a mut Vec<CriteriaError>,
}

impl Source<'_> {
    fn line(&self, span: Range<usize>) -> usize {
        let end = span.start.min(self.text.len());
        self.text[..end].bytes().filter(|b| *b == b'\n').count() + 1
    }

    fn fail(&mut self, span: Option<Range<usize>>, message: impl Into<String>) {
        let line = span.map(|s| self.line(s));
        self.errors.push(error(&self.path, line, message));
    }

    fn parse<T: for<'de> Deserialize<'de>>(&mut self) -> Option<T> {
        match toml::from_str::<T>(self.text) {
            Ok(v) => Some(v),
            Err(e) => {
                let message = e.message().trim().to_owned();
                self.fail(e.span(), message);
                None
            }
        }
    }

    fn localized(&mut self, raw: Spanned<RawLocalized>, what: &str) -> Localized {
        let span = raw.span();
        let raw = raw.into_inner();
        let mut take = |lang: &str, value: Option<String>| -> String {
            match value.map(|s| s.trim().to_owned()) {
                Some(s) if !s.is_empty() => s,
                Some(_) => {
                    self.fail(
                        Some(span.clone()),
                        format!("{what}: the {lang} text is empty"),
                    );
                    String::new()
                }
                None => {
                    self.fail(
                        Some(span.clone()),
                        format!("{what}: the {lang} text is missing"),
                    );
                    String::new()
                }
            }
        };
        Localized {
            en: take("en", raw.en),
            fr: take("fr", raw.fr),
            nl: take("nl", raw.nl),
        }
    }
}

/// Where the files of one version folder come from: the disk, or memory (for the fuzzer).
trait Folder {
    fn is_file(&self, path: &Path) -> bool;
    fn read(&self, path: &Path) -> std::io::Result<String>;
    /// The paths of the folder's entries, in any order.
    fn list(&self, dir: &Path) -> std::io::Result<Vec<PathBuf>>;
}

struct Disk;

impl Folder for Disk {
    fn is_file(&self, path: &Path) -> bool {
        path.is_file()
    }

    fn read(&self, path: &Path) -> std::io::Result<String> {
        std::fs::read_to_string(path)
    }

    fn list(&self, dir: &Path) -> std::io::Result<Vec<PathBuf>> {
        Ok(std::fs::read_dir(dir)?
            .filter_map(Result::ok)
            .map(|e| e.path())
            .collect())
    }
}

/// Files given by name and text, as if they were in `dir`.
struct Memory<'a> {
    dir: &'a Path,
    files: &'a [(&'a str, &'a str)],
}

impl Memory<'_> {
    fn text(&self, path: &Path) -> Option<&str> {
        self.files
            .iter()
            .find(|(name, _)| self.dir.join(name) == path)
            .map(|(_, text)| *text)
    }
}

impl Folder for Memory<'_> {
    fn is_file(&self, path: &Path) -> bool {
        self.text(path).is_some()
    }

    fn read(&self, path: &Path) -> std::io::Result<String> {
        self.text(path)
            .map(str::to_owned)
            .ok_or_else(|| std::io::ErrorKind::NotFound.into())
    }

    fn list(&self, dir: &Path) -> std::io::Result<Vec<PathBuf>> {
        Ok(self.files.iter().map(|(name, _)| dir.join(name)).collect())
    }
}

fn read(folder: &dyn Folder, path: &Path, errors: &mut Vec<CriteriaError>) -> Option<String> {
    match folder.read(path) {
        Ok(text) => Some(text),
        Err(e) => {
            errors.push(error(path, None, format!("cannot read the file: {e}")));
            None
        }
    }
}

/// Checks one version from the names and texts of its files, without touching the file
/// system: what [`check_dir`] does for a version folder `dir` holding these files (the
/// errors name `dir/<name>`). Names are unique, without a directory part.
pub fn check_files(
    dir: &Path,
    files: &[(&str, &str)],
) -> Result<CriteriaVersion, Vec<CriteriaError>> {
    load_version(&Memory { dir, files }, dir)
}

fn load_version(folder: &dyn Folder, dir: &Path) -> Result<CriteriaVersion, Vec<CriteriaError>> {
    let mut errors = Vec::new();
    let version_path = dir.join(VERSION_FILE);
    let header = if folder.is_file(&version_path) {
        read(folder, &version_path, &mut errors).and_then(|text| {
            let mut src = Source {
                path: version_path.clone(),
                text: &text,
                errors: &mut errors,
            };
            let raw = src.parse::<RawVersion>()?;
            check_header(&mut src, raw)
        })
    } else {
        errors.push(error(dir, None, format!("{VERSION_FILE} is missing")));
        None
    };

    let mut files: Vec<PathBuf> = match folder.list(dir) {
        Ok(paths) => paths
            .into_iter()
            .filter(|p| {
                p.extension().is_some_and(|e| e == "toml")
                    && p.file_name()
                        .is_some_and(|n| n != VERSION_FILE && n != TRAINING_FILE)
            })
            .collect(),
        Err(e) => {
            errors.push(error(dir, None, format!("cannot read the directory: {e}")));
            Vec::new()
        }
    };
    files.sort();

    let training_path = dir.join(TRAINING_FILE);
    let modules = if folder.is_file(&training_path) {
        read(folder, &training_path, &mut errors)
            .and_then(|text| {
                let mut src = Source {
                    path: training_path.clone(),
                    text: &text,
                    errors: &mut errors,
                };
                let raw = src.parse::<RawTraining>()?;
                Some(check_modules(&mut src, raw))
            })
            .unwrap_or_default()
    } else {
        Vec::new()
    };

    let mut criteria: Vec<(PathBuf, Criterion)> = Vec::new();
    for path in files {
        let Some(text) = read(folder, &path, &mut errors) else {
            continue;
        };
        let mut src = Source {
            path: path.clone(),
            text: &text,
            errors: &mut errors,
        };
        if let Some(c) = src
            .parse::<RawCriterion>()
            .and_then(|raw| check_criterion(&mut src, raw, &modules))
        {
            criteria.push((path, c));
        }
    }

    check_set(dir, &criteria, &mut errors);

    match header {
        Some((version, published, answer_values, certificate)) if errors.is_empty() => {
            criteria.sort_by_key(|(_, c)| c.number);
            Ok(CriteriaVersion {
                version,
                published,
                answer_values,
                certificate,
                criteria: criteria.into_iter().map(|(_, c)| c).collect(),
                training_modules: modules,
            })
        }
        _ => Err(errors),
    }
}

type Header = (String, String, AnswerValues, CertificateRules);

fn check_header(src: &mut Source<'_>, raw: RawVersion) -> Option<Header> {
    let before = src.errors.len();
    let mut certificate = CertificateRules::default();
    if let Some(c) = &raw.certificate {
        let span = c.span();
        let c = c.get_ref();
        if let Some(months) = c.validity_months {
            match u32::try_from(months) {
                Ok(m) if (1..=60).contains(&m) => certificate.validity_months = m,
                _ => src.fail(
                    Some(span.clone()),
                    format!("certificate.validity_months must be between 1 and 60, not {months}"),
                ),
            }
        }
        if let Some(body) = &c.approving_body {
            let body = body.trim();
            if body.is_empty() || body.chars().count() > 120 {
                src.fail(
                    Some(span.clone()),
                    "certificate.approving_body must be a name of 1 to 120 characters",
                );
            } else {
                certificate.approving_body = body.to_owned();
            }
        }
    }
    let version = raw.version.get_ref().trim().to_owned();
    if version.is_empty()
        || !version
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
    {
        src.fail(
            Some(raw.version.span()),
            "version must be non-empty and use only letters, digits, '.', '-' or '_'",
        );
    }
    let published = raw.published.get_ref().trim().to_owned();
    let date_format = time::macros::format_description!("[year]-[month]-[day]");
    if time::Date::parse(&published, &date_format).is_err() {
        src.fail(
            Some(raw.published.span()),
            format!("published must be a date written YYYY-MM-DD, not \"{published}\""),
        );
    }
    let values = *raw.answer_values.get_ref();
    for (name, v) in [
        ("yes", values.yes),
        ("partial", values.partial),
        ("no", values.no),
    ] {
        if !(0.0..=1.0).contains(&v) {
            src.fail(
                Some(raw.answer_values.span()),
                format!("answer_values.{name} must be between 0.0 and 1.0, not {v}"),
            );
        }
    }
    if !(values.yes >= values.partial && values.partial >= values.no) {
        src.fail(
            Some(raw.answer_values.span()),
            "answer_values must rank yes >= partial >= no",
        );
    }
    (src.errors.len() == before).then_some((version, published, values, certificate))
}

fn check_modules(src: &mut Source<'_>, raw: RawTraining) -> Vec<TrainingModule> {
    let mut modules: Vec<TrainingModule> = Vec::new();
    let mut renews: Vec<(Range<usize>, String, String)> = Vec::new();
    for spanned in raw.modules {
        let span = spanned.span();
        let m = spanned.into_inner();
        let id = m.id.get_ref().trim().to_owned();
        if id.is_empty()
            || !id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        {
            src.fail(
                Some(m.id.span()),
                "module id must be non-empty and use only a-z, 0-9 and '_'",
            );
        }
        if modules.iter().any(|o| o.id == id) {
            src.fail(
                Some(m.id.span()),
                format!("module id \"{id}\" is used twice"),
            );
        }
        let validity = *m.validity_months.get_ref();
        if !(1..=120).contains(&validity) {
            src.fail(
                Some(m.validity_months.span()),
                format!("module {id}: validity_months must be between 1 and 120, not {validity}"),
            );
        }
        let due = *m.due_within_days.get_ref();
        if !(0..=3650).contains(&due) {
            src.fail(
                Some(m.due_within_days.span()),
                format!("module {id}: due_within_days must be between 0 and 3650, not {due}"),
            );
        }
        let title = src.localized(m.title, &format!("module {id} title"));
        for r in &m.renews {
            renews.push((span.clone(), id.clone(), r.clone()));
        }
        modules.push(TrainingModule {
            id,
            title,
            roles: m.roles,
            validity_months: validity.clamp(1, 120) as u32,
            due_within_days: due.clamp(0, 3650) as u32,
            renews: m.renews,
        });
    }
    for (span, id, renewed) in renews {
        if renewed == id || !modules.iter().any(|m| m.id == renewed) {
            src.fail(
                Some(span),
                format!("module {id}: renews \"{renewed}\", which is not another module"),
            );
        }
    }
    modules
}

fn check_computed(
    src: &mut Source<'_>,
    key: &str,
    raw: Spanned<RawComputed>,
    modules: &[TrainingModule],
) -> Option<Computed> {
    let span = raw.span();
    let c = raw.into_inner();
    let Some(module) = modules.iter().find(|m| m.id == c.module) else {
        src.fail(
            Some(span),
            format!(
                "item {key}: computed.module \"{}\" is not a module of training.toml",
                c.module
            ),
        );
        return None;
    };
    if !(0.0..=100.0).contains(&c.partial_at)
        || !(0.0..=100.0).contains(&c.yes_at)
        || c.partial_at > c.yes_at
    {
        src.fail(
            Some(span),
            format!("item {key}: computed needs 0 <= partial_at <= yes_at <= 100"),
        );
        return None;
    }
    // No roles named: the roles that must take the module.
    let roles = if c.roles.is_empty() {
        module.roles.clone()
    } else {
        c.roles
    };
    Some(Computed {
        module: c.module,
        roles,
        yes_at: c.yes_at,
        partial_at: c.partial_at,
    })
}

fn check_criterion(
    src: &mut Source<'_>,
    raw: RawCriterion,
    modules: &[TrainingModule],
) -> Option<Criterion> {
    let before = src.errors.len();
    let id = raw.id.get_ref().trim().to_owned();
    if id.is_empty()
        || !id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
    {
        src.fail(
            Some(raw.id.span()),
            "id must be non-empty and use only a-z, 0-9 and '_'",
        );
    }
    let number = *raw.number.get_ref();
    if !(1..=CRITERIA_PER_VERSION as i64).contains(&number) {
        src.fail(
            Some(raw.number.span()),
            format!("number must be between 1 and {CRITERIA_PER_VERSION}, not {number}"),
        );
    }
    let title = src.localized(raw.title, "title");
    let description = src.localized(raw.description, "description");

    let compliance_span = raw.compliance.span();
    let compliance = raw.compliance.into_inner();
    let min_score = *compliance.min_score.get_ref();
    if !(0.0..=1.0).contains(&min_score) {
        src.fail(
            Some(compliance.min_score.span()),
            format!("compliance.min_score must be between 0.0 and 1.0, not {min_score}"),
        );
    }
    if compliance.mandatory_answers.get_ref().is_empty() {
        src.fail(
            Some(compliance.mandatory_answers.span()),
            "compliance.mandatory_answers must name at least one answer",
        );
    }

    if raw.items.is_empty() {
        src.fail(
            Some(compliance_span.clone()),
            "the criterion has no [[items]]",
        );
    }
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut items = Vec::new();
    for spanned in raw.items {
        let item_span = spanned.span();
        let raw_item = spanned.into_inner();
        let key = raw_item.key.get_ref().trim().to_owned();
        let key_line = src.line(raw_item.key.span());
        let prefix = format!("{number}.");
        if key.is_empty() || key.chars().any(|c| c.is_whitespace() || c == '/') {
            src.fail(
                Some(raw_item.key.span()),
                "item key must be non-empty, without spaces or '/'",
            );
        } else if !key.starts_with(&prefix) {
            src.fail(
                Some(raw_item.key.span()),
                format!("item key \"{key}\" must start with \"{prefix}\" (the criterion number)"),
            );
        }
        if let Some(first) = seen.insert(key.clone(), key_line) {
            src.fail(
                Some(raw_item.key.span()),
                format!("item key \"{key}\" is used twice (first on line {first})"),
            );
        }
        let weight = *raw_item.weight.get_ref();
        if !(weight.is_finite() && weight > 0.0) {
            src.fail(
                Some(raw_item.weight.span()),
                format!("item {key}: weight must be a positive number, not {weight}"),
            );
        }
        if raw_item.mandatory && raw_item.not_applicable_allowed {
            src.fail(
                Some(item_span.clone()),
                format!("item {key}: a mandatory item cannot allow not_applicable"),
            );
        }
        let text = src.localized(raw_item.text, &format!("item {key} text"));
        let guidance = src.localized(raw_item.guidance, &format!("item {key} guidance"));
        let computed = raw_item
            .computed
            .and_then(|c| check_computed(src, &key, c, modules));
        items.push(Item {
            key,
            mandatory: raw_item.mandatory,
            weight,
            evidence: raw_item.evidence,
            not_applicable_allowed: raw_item.not_applicable_allowed,
            text,
            guidance,
            computed,
            procedure: raw_item.procedure,
        });
    }
    if !items.is_empty() && items.iter().all(|i| i.not_applicable_allowed) {
        src.fail(
            Some(compliance_span),
            "at least one item must not allow not_applicable, or the criterion could be empty",
        );
    }

    (src.errors.len() == before).then(|| Criterion {
        id,
        number: number as u8,
        title,
        description,
        compliance: ComplianceRule {
            mandatory_answers: compliance.mandatory_answers.into_inner(),
            min_score,
        },
        items,
    })
}

/// Rules across the files of one version: six criteria, numbered once each, unique ids and keys.
fn check_set(dir: &Path, criteria: &[(PathBuf, Criterion)], errors: &mut Vec<CriteriaError>) {
    if errors.is_empty() && criteria.len() != CRITERIA_PER_VERSION {
        errors.push(error(
            dir,
            None,
            format!(
                "a version must have exactly {CRITERIA_PER_VERSION} criteria, found {}",
                criteria.len()
            ),
        ));
    }
    let mut numbers: HashMap<u8, &Path> = HashMap::new();
    let mut ids: HashMap<&str, &Path> = HashMap::new();
    let mut keys: HashSet<&str> = HashSet::new();
    for (path, c) in criteria {
        if let Some(other) = numbers.insert(c.number, path) {
            errors.push(error(
                path,
                None,
                format!(
                    "criterion number {} is also used by {}",
                    c.number,
                    other.display()
                ),
            ));
        }
        if let Some(other) = ids.insert(&c.id, path) {
            errors.push(error(
                path,
                None,
                format!(
                    "criterion id \"{}\" is also used by {}",
                    c.id,
                    other.display()
                ),
            ));
        }
        for item in &c.items {
            if !keys.insert(&item.key) {
                errors.push(error(
                    path,
                    None,
                    format!("item key \"{}\" is used in another criterion", item.key),
                ));
            }
        }
    }
}
