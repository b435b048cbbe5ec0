//! Training coverage: who on the roster is trained and valid for which module, who is
//! overdue, who expires soon. Pure: the caller passes today's date.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use time::{Date, Duration, Month};

use crate::criteria::{Computed, Item, TrainingModule};
use crate::domain::{Answer, JobRole};

/// How far ahead "expiring soon" looks.
pub const EXPIRING_WITHIN_DAYS: i64 = 60;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaffMember {
    pub employee_ref: String,
    pub role: JobRole,
    pub start_date: Date,
    pub active: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Completion {
    pub employee_ref: String,
    pub module: String,
    pub completed_on: Date,
}

/// Where one person stands for one module they must take.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum Standing {
    Valid {
        until: Date,
    },
    /// Never trained, still within the period new staff have.
    Pending {
        due: Date,
    },
    /// Never trained and past the period for new staff.
    NeverTrained {
        due: Date,
    },
    Expired {
        since: Date,
    },
}

impl Standing {
    pub fn is_valid(self) -> bool {
        matches!(self, Standing::Valid { .. })
    }

    pub fn is_overdue(self) -> bool {
        matches!(
            self,
            Standing::NeverTrained { .. } | Standing::Expired { .. }
        )
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Tally {
    pub required: usize,
    pub trained: usize,
    /// Trained over required, in percent with one decimal; `None` when nobody is required.
    pub percent: Option<f64>,
}

impl Tally {
    fn new(required: usize, trained: usize) -> Tally {
        let percent =
            (required > 0).then(|| ((trained as f64 * 1000.0) / required as f64).round() / 10.0);
        Tally {
            required,
            trained,
            percent,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RoleTally {
    pub role: JobRole,
    #[serde(flatten)]
    pub tally: Tally,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ModuleTally {
    pub module: String,
    #[serde(flatten)]
    pub tally: Tally,
    pub by_role: Vec<RoleTally>,
}

/// One person and module that needs attention.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Attention {
    pub employee_ref: String,
    pub role: JobRole,
    pub module: String,
    pub standing: Standing,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Coverage {
    /// People trained and valid for every module their role requires.
    pub overall: Tally,
    pub by_role: Vec<RoleTally>,
    pub by_module: Vec<ModuleTally>,
    /// Never trained past the period for new staff, or expired.
    pub overdue: Vec<Attention>,
    /// Valid today, expiring within `EXPIRING_WITHIN_DAYS`.
    pub expiring: Vec<Attention>,
    /// Standing of every (active person, required or not) for every module.
    #[serde(skip)]
    standings: HashMap<(String, String), Standing>,
    #[serde(skip)]
    staff: Vec<StaffMember>,
}

/// `date` plus `months`, on the same day of the month or the last day of a shorter month.
pub fn add_months(date: Date, months: u32) -> Date {
    let total = date.year() * 12 + (u8::from(date.month()) as i32 - 1) + months as i32;
    let (year, month0) = (total.div_euclid(12), total.rem_euclid(12));
    let month = Month::try_from(month0 as u8 + 1).unwrap_or(Month::December);
    let last = time::util::days_in_month(month, year);
    Date::from_calendar_date(year, month, date.day().min(last)).unwrap_or(date)
}

/// The standing of a person for `module` given their completions.
fn standing(
    module: &TrainingModule,
    modules: &[TrainingModule],
    person: &StaffMember,
    completions: &[&Completion],
    today: Date,
) -> Standing {
    let best = completions
        .iter()
        .filter(|c| c.completed_on <= today)
        .filter_map(|c| {
            let done = modules.iter().find(|m| m.id == c.module)?;
            let counts = done.id == module.id || done.renews.contains(&module.id);
            counts.then(|| add_months(c.completed_on, done.validity_months))
        })
        .max();
    match best {
        Some(until) if until > today => Standing::Valid { until },
        Some(until) => Standing::Expired { since: until },
        None => {
            let due = person.start_date + Duration::days(i64::from(module.due_within_days));
            if due < today {
                Standing::NeverTrained { due }
            } else {
                Standing::Pending { due }
            }
        }
    }
}

pub fn coverage(
    modules: &[TrainingModule],
    staff: &[StaffMember],
    completions: &[Completion],
    today: Date,
) -> Coverage {
    let mut by_person: HashMap<&str, Vec<&Completion>> = HashMap::new();
    for c in completions {
        by_person
            .entry(c.employee_ref.as_str())
            .or_default()
            .push(c);
    }
    let active: Vec<&StaffMember> = staff.iter().filter(|s| s.active).collect();
    let mut standings = HashMap::new();
    for person in &active {
        let done = by_person
            .get(person.employee_ref.as_str())
            .map_or(&[][..], Vec::as_slice);
        for m in modules {
            standings.insert(
                (person.employee_ref.clone(), m.id.clone()),
                standing(m, modules, person, done, today),
            );
        }
    }
    let required = |p: &StaffMember, m: &TrainingModule| m.roles.contains(&p.role);
    let get =
        |p: &StaffMember, m: &TrainingModule| standings[&(p.employee_ref.clone(), m.id.clone())];

    // Person level: trained when valid for every module their role requires.
    let mut people_required = HashMap::<JobRole, (usize, usize)>::new();
    for p in &active {
        let needed: Vec<&TrainingModule> = modules.iter().filter(|m| required(p, m)).collect();
        if needed.is_empty() {
            continue;
        }
        let entry = people_required.entry(p.role).or_default();
        entry.0 += 1;
        if needed.iter().all(|m| get(p, m).is_valid()) {
            entry.1 += 1;
        }
    }
    let by_role: Vec<RoleTally> = JobRole::ALL
        .into_iter()
        .filter_map(|role| {
            people_required.get(&role).map(|(r, t)| RoleTally {
                role,
                tally: Tally::new(*r, *t),
            })
        })
        .collect();
    let overall = Tally::new(
        by_role.iter().map(|r| r.tally.required).sum(),
        by_role.iter().map(|r| r.tally.trained).sum(),
    );

    let soon = today + Duration::days(EXPIRING_WITHIN_DAYS);
    let mut overdue = Vec::new();
    let mut expiring = Vec::new();
    for p in &active {
        for m in modules.iter().filter(|m| required(p, m)) {
            let s = get(p, m);
            let attention = || Attention {
                employee_ref: p.employee_ref.clone(),
                role: p.role,
                module: m.id.clone(),
                standing: s,
            };
            match s {
                s if s.is_overdue() => overdue.push(attention()),
                Standing::Valid { until } if until <= soon => expiring.push(attention()),
                _ => {}
            }
        }
    }
    overdue.sort_by(|a, b| {
        a.employee_ref
            .cmp(&b.employee_ref)
            .then(a.module.cmp(&b.module))
    });
    expiring.sort_by_key(|a| match a.standing {
        Standing::Valid { until } => until,
        _ => today,
    });

    let mut c = Coverage {
        overall,
        by_role,
        by_module: Vec::new(),
        overdue,
        expiring,
        standings,
        staff: active.into_iter().cloned().collect(),
    };
    // Each (module, role) figure comes from `Coverage::tally`, the very function a computed
    // checklist item is proposed from: the training page and the checklist cannot disagree.
    c.by_module = modules
        .iter()
        .filter(|m| !m.roles.is_empty())
        .map(|m| {
            let roles: Vec<RoleTally> = JobRole::ALL
                .into_iter()
                .filter(|r| m.roles.contains(r))
                .map(|role| RoleTally {
                    role,
                    tally: c.tally(&m.id, &[role]),
                })
                .filter(|r| r.tally.required > 0)
                .collect();
            ModuleTally {
                module: m.id.clone(),
                tally: Tally::new(
                    roles.iter().map(|r| r.tally.required).sum(),
                    roles.iter().map(|r| r.tally.trained).sum(),
                ),
                by_role: roles,
            }
        })
        .collect();
    c
}

/// The figure behind a computed checklist item, and the answer it proposes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Proposal {
    pub module: String,
    pub roles: Vec<JobRole>,
    #[serde(flatten)]
    pub tally: Tally,
    /// `None` when nobody holds the roles and the item cannot be not applicable.
    pub answer: Option<Answer>,
}

impl Coverage {
    /// Share of active staff in `roles` trained and valid for `module` (a completion of that
    /// module, or of one renewing it, not expired and not dated after today). The one
    /// computation behind both a computed item's proposal and the training page's figures per
    /// module and role.
    pub fn tally(&self, module: &str, roles: &[JobRole]) -> Tally {
        let people: Vec<&StaffMember> = self
            .staff
            .iter()
            .filter(|p| roles.contains(&p.role))
            .collect();
        let trained = people
            .iter()
            .filter(|p| {
                self.standings
                    .get(&(p.employee_ref.clone(), module.to_owned()))
                    .is_some_and(|s| s.is_valid())
            })
            .count();
        Tally::new(people.len(), trained)
    }

    /// The modules `employee_ref` is overdue for (never trained past the period, or expired).
    pub fn overdue_modules(&self, employee_ref: &str) -> Vec<&str> {
        self.overdue
            .iter()
            .filter(|a| a.employee_ref == employee_ref)
            .map(|a| a.module.as_str())
            .collect()
    }

    /// Distinct people with at least one overdue module.
    pub fn overdue_people(&self) -> usize {
        let mut refs: Vec<&str> = self
            .overdue
            .iter()
            .map(|a| a.employee_ref.as_str())
            .collect();
        refs.sort_unstable();
        refs.dedup();
        refs.len()
    }

    pub fn propose(&self, item: &Item, computed: &Computed) -> Proposal {
        let tally = self.tally(&computed.module, &computed.roles);
        let answer = match tally.percent {
            None => item.not_applicable_allowed.then_some(Answer::NotApplicable),
            Some(p) if p + 1e-9 >= computed.yes_at => Some(Answer::Yes),
            Some(p) if p + 1e-9 >= computed.partial_at => Some(Answer::Partial),
            Some(_) => Some(Answer::No),
        };
        Proposal {
            module: computed.module.clone(),
            roles: computed.roles.clone(),
            tally,
            answer,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::criteria::Localized;
    use proptest::prelude::*;
    use time::macros::date;

    fn title() -> Localized {
        Localized {
            en: "m".into(),
            fr: "m".into(),
            nl: "m".into(),
        }
    }

    fn modules() -> Vec<TrainingModule> {
        vec![
            TrainingModule {
                id: "basic".into(),
                title: title(),
                roles: vec![JobRole::Reception, JobRole::Management],
                validity_months: 24,
                due_within_days: 90,
                renews: vec![],
            },
            TrainingModule {
                id: "refresher".into(),
                title: title(),
                roles: vec![],
                validity_months: 12,
                due_within_days: 90,
                renews: vec!["basic".into()],
            },
        ]
    }

    fn person(r: &str, role: JobRole, start: Date) -> StaffMember {
        StaffMember {
            employee_ref: r.into(),
            role,
            start_date: start,
            active: true,
        }
    }

    fn done(r: &str, m: &str, on: Date) -> Completion {
        Completion {
            employee_ref: r.into(),
            module: m.into(),
            completed_on: on,
        }
    }

    const TODAY: Date = date!(2026 - 11 - 23);

    #[test]
    fn months_are_added_on_the_calendar() {
        assert_eq!(add_months(date!(2024 - 01 - 31), 1), date!(2024 - 02 - 29));
        assert_eq!(add_months(date!(2024 - 11 - 15), 24), date!(2026 - 11 - 15));
        assert_eq!(add_months(date!(2025 - 12 - 01), 1), date!(2026 - 01 - 01));
    }

    #[test]
    fn valid_expired_pending_and_never_trained() {
        let staff = vec![
            person("A", JobRole::Reception, date!(2020 - 01 - 01)),
            person("B", JobRole::Reception, date!(2020 - 01 - 01)),
            person("C", JobRole::Reception, date!(2026 - 11 - 01)),
            person("D", JobRole::Reception, date!(2020 - 01 - 01)),
            person("E", JobRole::Housekeeping, date!(2020 - 01 - 01)),
        ];
        let records = vec![
            done("A", "basic", date!(2025 - 06 - 01)),
            done("B", "basic", date!(2024 - 01 - 10)),
        ];
        let c = coverage(&modules(), &staff, &records, TODAY);
        assert_eq!(c.overall, Tally::new(4, 1), "E's role requires nothing");
        let overdue: Vec<(&str, Standing)> = c
            .overdue
            .iter()
            .map(|a| (a.employee_ref.as_str(), a.standing))
            .collect();
        assert_eq!(
            overdue,
            vec![
                (
                    "B",
                    Standing::Expired {
                        since: date!(2026 - 01 - 10)
                    }
                ),
                (
                    "D",
                    Standing::NeverTrained {
                        due: date!(2020 - 03 - 31)
                    }
                ),
            ]
        );
        assert_eq!(c.overdue_people(), 2);
        assert!(c.expiring.is_empty());
    }

    #[test]
    fn a_refresher_renews_the_basic_module() {
        let staff = vec![person("A", JobRole::Management, date!(2015 - 01 - 01))];
        let records = vec![
            done("A", "basic", date!(2019 - 01 - 01)),
            done("A", "refresher", date!(2026 - 01 - 15)),
        ];
        let c = coverage(&modules(), &staff, &records, TODAY);
        assert_eq!(c.overall, Tally::new(1, 1));
        assert_eq!(
            c.expiring.len(),
            1,
            "the refresher lasts 12 months: until 2027-01-15"
        );
    }

    #[test]
    fn people_who_left_and_future_dates_do_not_count() {
        let mut left = person("L", JobRole::Reception, date!(2020 - 01 - 01));
        left.active = false;
        let staff = vec![left, person("F", JobRole::Reception, date!(2020 - 01 - 01))];
        let records = vec![done("F", "basic", date!(2027 - 01 - 01))];
        let c = coverage(&modules(), &staff, &records, TODAY);
        assert_eq!(c.overall, Tally::new(1, 0));
    }

    #[test]
    fn computed_items_propose_an_answer_from_the_figures() {
        let staff: Vec<StaffMember> = (0..10)
            .map(|i| person(&format!("R{i}"), JobRole::Reception, date!(2020 - 01 - 01)))
            .collect();
        let records: Vec<Completion> = (0..9)
            .map(|i| done(&format!("R{i}"), "basic", date!(2026 - 01 - 01)))
            .collect();
        let c = coverage(&modules(), &staff, &records, TODAY);
        let item = |na| Item {
            key: "2.1".into(),
            mandatory: false,
            weight: 1.0,
            evidence: crate::criteria::Evidence::TrainingRecords,
            not_applicable_allowed: na,
            text: title(),
            guidance: title(),
            computed: None,
            procedure: false,
        };
        let rule = |roles: Vec<JobRole>, yes_at| Computed {
            module: "basic".into(),
            roles,
            yes_at,
            partial_at: 50.0,
        };
        let p = c.propose(&item(false), &rule(vec![JobRole::Reception], 90.0));
        assert_eq!(p.tally.percent, Some(90.0));
        assert_eq!(p.answer, Some(Answer::Yes));
        let p = c.propose(&item(false), &rule(vec![JobRole::Reception], 100.0));
        assert_eq!(p.answer, Some(Answer::Partial));
        let p = c.propose(&item(true), &rule(vec![JobRole::Security], 100.0));
        assert_eq!(p.answer, Some(Answer::NotApplicable), "no security staff");
        let p = c.propose(&item(false), &rule(vec![JobRole::Security], 100.0));
        assert_eq!(p.answer, None);
    }

    #[test]
    fn the_item_figure_is_the_module_and_role_figure() {
        // M1 valid on basic only, M2's basic expired, M3 has only the other module.
        let mut mods = modules();
        mods.push(TrainingModule {
            id: "managers".into(),
            title: title(),
            roles: vec![JobRole::Management],
            validity_months: 36,
            due_within_days: 90,
            renews: vec![],
        });
        let staff = vec![
            person("M1", JobRole::Management, date!(2020 - 01 - 01)),
            person("M2", JobRole::Management, date!(2020 - 01 - 01)),
            person("M3", JobRole::Management, date!(2020 - 01 - 01)),
        ];
        let records = vec![
            done("M1", "basic", date!(2026 - 10 - 01)),
            done("M2", "basic", date!(2023 - 01 - 01)),
            done("M3", "managers", date!(2026 - 10 - 01)),
        ];
        let c = coverage(&mods, &staff, &records, TODAY);
        let item = c.tally("basic", &[JobRole::Management]);
        assert_eq!(item, Tally::new(3, 1));
        let page = &c
            .by_module
            .iter()
            .find(|m| m.module == "basic")
            .unwrap()
            .by_role;
        assert_eq!(page.len(), 1);
        assert_eq!(
            page[0].tally, item,
            "the training page shows the item's figure"
        );
        assert_eq!(c.overdue_modules("M1"), vec!["managers"]);
        assert_eq!(c.overdue_modules("M2"), vec!["basic", "managers"]);
        assert_eq!(c.overdue_modules("M3"), vec!["basic"]);
    }

    proptest! {
        #[test]
        fn tallies_are_consistent(
            people in proptest::collection::vec((0usize..7, 0i64..4000, any::<bool>()), 0..40),
            done_days in proptest::collection::vec((0usize..40, 0i64..2000, any::<bool>()), 0..60),
        ) {
            let staff: Vec<StaffMember> = people.iter().enumerate().map(|(i, (r, start, active))| StaffMember {
                employee_ref: format!("E{i}"),
                role: JobRole::ALL[*r],
                start_date: TODAY - Duration::days(*start),
                active: *active,
            }).collect();
            let records: Vec<Completion> = done_days.iter().map(|(who, ago, refresher)| Completion {
                employee_ref: format!("E{who}"),
                module: if *refresher { "refresher".into() } else { "basic".into() },
                completed_on: TODAY - Duration::days(*ago),
            }).collect();
            let c = coverage(&modules(), &staff, &records, TODAY);
            prop_assert!(c.overall.trained <= c.overall.required);
            for r in &c.by_role {
                prop_assert!(r.tally.trained <= r.tally.required);
                prop_assert!(r.tally.percent.is_some_and(|p| (0.0..=100.0).contains(&p)));
            }
            let active_required = staff.iter().filter(|s| s.active && matches!(s.role, JobRole::Reception | JobRole::Management)).count();
            prop_assert_eq!(c.overall.required, active_required);
            // Nobody is both overdue and counted as trained for the same module.
            for a in &c.overdue {
                prop_assert!(!a.standing.is_valid());
            }
            prop_assert_eq!(c.overall.required - c.overall.trained >= c.overdue_people(), true);
        }
    }
}
