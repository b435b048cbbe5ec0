//! Who may do what to which part of the organisation tree. Every handler asks here.
//!
//! The tree is company -> unit -> site. A user holds one role and a set of scope nodes:
//! a company admin a company or units, a site manager sites, an auditor the companies
//! they audit; the platform admin needs none.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Admin,
    CompanyAdmin,
    SiteManager,
    Auditor,
}

impl Role {
    pub const ALL: [Role; 4] = [
        Role::Admin,
        Role::CompanyAdmin,
        Role::SiteManager,
        Role::Auditor,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::CompanyAdmin => "company_admin",
            Role::SiteManager => "site_manager",
            Role::Auditor => "auditor",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// Whether a user of this role needs a scope from the start. Auditors may be created
    /// without one and assigned to the companies they audit later.
    pub fn scope_required(self) -> bool {
        matches!(self, Role::CompanyAdmin | Role::SiteManager)
    }

    /// The kinds of node this role's scope may point at.
    pub fn scope_kinds(self) -> &'static [NodeKind] {
        match self {
            Role::Admin => &[],
            Role::CompanyAdmin => &[NodeKind::Company, NodeKind::Unit],
            Role::SiteManager => &[NodeKind::Site],
            Role::Auditor => &[NodeKind::Company],
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NodeKind {
    Company,
    Unit,
    Site,
}

impl NodeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            NodeKind::Company => "company",
            NodeKind::Unit => "unit",
            NodeKind::Site => "site",
        }
    }

    pub fn parse(s: &str) -> Option<NodeKind> {
        [NodeKind::Company, NodeKind::Unit, NodeKind::Site]
            .into_iter()
            .find(|k| k.as_str() == s)
    }
}

/// Where a node sits: its company, and its unit and site when it is one of those.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NodePath {
    pub company_id: i64,
    pub unit_id: Option<i64>,
    pub site_id: Option<i64>,
}

impl NodePath {
    pub fn kind(&self) -> NodeKind {
        match (self.unit_id, self.site_id) {
            (_, Some(_)) => NodeKind::Site,
            (Some(_), None) => NodeKind::Unit,
            (None, None) => NodeKind::Company,
        }
    }

    fn ids(&self) -> impl Iterator<Item = i64> + '_ {
        std::iter::once(self.company_id)
            .chain(self.unit_id)
            .chain(self.site_id)
    }
}

/// A site's path; kept as its own name where only sites make sense.
pub type SitePath = NodePath;

/// The set-based form of [`Principal::can_view`], for listing queries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Visibility {
    All,
    /// Nodes at or under the user's scope nodes.
    Subtree(i64),
    /// Nodes of the companies the user's scope names.
    Companies(i64),
}

/// The authenticated caller.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    pub user_id: i64,
    pub role: Role,
    pub scopes: Vec<i64>,
}

impl Principal {
    /// Whether one of the caller's scope nodes is `path` or one of its ancestors.
    fn covers(&self, path: &NodePath) -> bool {
        path.ids().any(|id| self.scopes.contains(&id))
    }

    pub fn can_view(&self, path: &NodePath) -> bool {
        match self.role {
            Role::Admin => true,
            Role::CompanyAdmin | Role::SiteManager => self.covers(path),
            Role::Auditor => self.scopes.contains(&path.company_id),
        }
    }

    /// Filling in a site's checklist: the people responsible for the site, never the
    /// auditors who will judge it, nor the platform admin.
    pub fn can_answer(&self, site: &SitePath) -> bool {
        matches!(self.role, Role::CompanyAdmin | Role::SiteManager) && self.covers(site)
    }

    pub fn can_create_company(&self) -> bool {
        self.role == Role::Admin
    }

    /// Units hang under a company: its admin (scoped to the company itself) may add them.
    pub fn can_create_unit(&self, company_id: i64) -> bool {
        match self.role {
            Role::Admin => true,
            Role::CompanyAdmin => self.scopes.contains(&company_id),
            _ => false,
        }
    }

    pub fn can_create_site(&self, unit: &NodePath) -> bool {
        match self.role {
            Role::Admin => true,
            Role::CompanyAdmin => self.covers(unit),
            _ => false,
        }
    }

    /// May the caller create a user with `role`, scoped to the nodes at `scopes`?
    /// A company admin creates site managers for sites inside their own subtree only.
    pub fn can_create_user(&self, role: Role, scopes: &[NodePath]) -> bool {
        match self.role {
            Role::Admin => true,
            Role::CompanyAdmin => {
                role == Role::SiteManager
                    && !scopes.is_empty()
                    && scopes.iter().all(|s| self.covers(s))
            }
            _ => false,
        }
    }

    /// What the caller may list, as the store applies it to whole tables.
    pub fn visibility(&self) -> Visibility {
        match self.role {
            Role::Admin => Visibility::All,
            Role::CompanyAdmin | Role::SiteManager => Visibility::Subtree(self.user_id),
            Role::Auditor => Visibility::Companies(self.user_id),
        }
    }

    /// What the caller may list inside one company: everything when their rights cover the
    /// whole company (the platform admin, its company admins and its auditors), so that
    /// queries already limited to the company need no per-row check.
    pub fn visibility_in(&self, company_id: i64) -> Visibility {
        match self.role {
            Role::CompanyAdmin | Role::Auditor if self.scopes.contains(&company_id) => {
                Visibility::All
            }
            _ => self.visibility(),
        }
    }

    /// Listing and managing the organisation tree and its users.
    pub fn can_manage_org(&self) -> bool {
        matches!(self.role, Role::Admin | Role::CompanyAdmin)
    }

    /// Whether the caller sees the auditors' verdicts, and their comments, on the round of an
    /// assessment in `status`. While a review is open it is the auditors' own work: the site
    /// sees it once a decision returned, approved or closed the round; auditors and the platform admin
    /// as it is recorded. The assessment's pages, its API and its history all ask here, so what
    /// one hides the others cannot show.
    pub fn sees_verdicts(&self, status: super::AssessmentStatus) -> bool {
        matches!(self.role, Role::Auditor | Role::Admin)
            || matches!(
                status,
                super::AssessmentStatus::ChangesRequested
                    | super::AssessmentStatus::Approved
                    | super::AssessmentStatus::NotCompliant
            )
    }

    /// Writing and publishing the company's annual report speaks for the whole company:
    /// its admins scoped to the company itself (not a unit's) and the platform admin.
    pub fn can_write_annual_report(&self, company_id: i64) -> bool {
        match self.role {
            Role::Admin => true,
            Role::CompanyAdmin => self.scopes.contains(&company_id),
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SITE_A: NodePath = NodePath {
        company_id: 1,
        unit_id: Some(2),
        site_id: Some(3),
    };
    const SITE_B: NodePath = NodePath {
        company_id: 1,
        unit_id: Some(2),
        site_id: Some(4),
    };
    const OTHER_COMPANY_SITE: NodePath = NodePath {
        company_id: 10,
        unit_id: Some(11),
        site_id: Some(12),
    };

    fn who(role: Role, scopes: &[i64]) -> Principal {
        Principal {
            user_id: 99,
            role,
            scopes: scopes.to_vec(),
        }
    }

    #[test]
    fn only_the_whole_company_speaks_in_its_annual_report() {
        assert!(who(Role::CompanyAdmin, &[1]).can_write_annual_report(1));
        assert!(who(Role::Admin, &[]).can_write_annual_report(1));
        assert!(
            !who(Role::CompanyAdmin, &[2]).can_write_annual_report(1),
            "unit admin"
        );
        assert!(!who(Role::CompanyAdmin, &[10]).can_write_annual_report(1));
        assert!(!who(Role::Auditor, &[1]).can_write_annual_report(1));
        assert!(!who(Role::SiteManager, &[3]).can_write_annual_report(1));
    }

    #[test]
    fn only_rights_over_the_whole_company_skip_the_per_site_check() {
        assert_eq!(
            who(Role::CompanyAdmin, &[1]).visibility_in(1),
            Visibility::All
        );
        assert_eq!(who(Role::Auditor, &[1]).visibility_in(1), Visibility::All);
        assert_eq!(who(Role::Admin, &[]).visibility_in(1), Visibility::All);
        // A unit admin, an admin of another company, a site manager, an auditor of
        // another company: the per-site check stays.
        assert_eq!(
            who(Role::CompanyAdmin, &[2]).visibility_in(1),
            Visibility::Subtree(99)
        );
        assert_eq!(
            who(Role::CompanyAdmin, &[10]).visibility_in(1),
            Visibility::Subtree(99)
        );
        assert_eq!(
            who(Role::SiteManager, &[1]).visibility_in(1),
            Visibility::Subtree(99)
        );
        assert_eq!(
            who(Role::Auditor, &[10]).visibility_in(1),
            Visibility::Companies(99)
        );
    }

    #[test]
    fn site_manager_sees_only_their_sites() {
        let m = who(Role::SiteManager, &[3]);
        assert!(m.can_view(&SITE_A));
        assert!(m.can_answer(&SITE_A));
        assert!(!m.can_view(&SITE_B), "sibling hotel");
        assert!(!m.can_view(&OTHER_COMPANY_SITE));
        assert!(!m.can_view(&NodePath {
            company_id: 1,
            unit_id: Some(2),
            site_id: None
        }));
        assert!(!m.can_manage_org());
    }

    #[test]
    fn company_admin_sees_their_subtree_only() {
        let c = who(Role::CompanyAdmin, &[1]);
        assert!(c.can_view(&SITE_A) && c.can_view(&SITE_B));
        assert!(!c.can_view(&OTHER_COMPANY_SITE));
        assert!(c.can_create_unit(1) && !c.can_create_unit(10));
        assert!(c.can_create_user(Role::SiteManager, &[SITE_A]));
        assert!(!c.can_create_user(Role::SiteManager, &[OTHER_COMPANY_SITE]));
        assert!(!c.can_create_user(Role::Admin, &[]));
        assert!(!c.can_create_user(Role::CompanyAdmin, &[SITE_A]));

        let unit_admin = who(Role::CompanyAdmin, &[2]);
        assert!(unit_admin.can_view(&SITE_A));
        assert!(
            !unit_admin.can_create_unit(1),
            "a unit admin cannot add units"
        );
        assert!(unit_admin.can_create_site(&NodePath {
            company_id: 1,
            unit_id: Some(2),
            site_id: None
        }));
    }

    #[test]
    fn auditor_reads_assigned_companies_but_never_answers() {
        let a = who(Role::Auditor, &[1]);
        assert!(a.can_view(&SITE_A));
        assert!(!a.can_view(&OTHER_COMPANY_SITE));
        assert!(!a.can_answer(&SITE_A));
        assert!(!a.can_create_site(&SITE_A));
    }

    #[test]
    fn admin_sees_everything_but_does_not_answer_for_hotels() {
        let a = who(Role::Admin, &[]);
        assert!(a.can_view(&OTHER_COMPANY_SITE));
        assert!(!a.can_answer(&SITE_A));
        assert!(a.can_create_company());
        assert!(a.can_create_user(Role::Auditor, &[]));
    }
}
