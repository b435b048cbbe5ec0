//! The demo data set: a fictional hotel group with a Belgian unit, three hotels and four users.

use std::collections::HashMap;

use crate::AppState;
use crate::auth::hash_password;
use crate::domain::{Country, Email, Lang, NodeName, Password, Role};
use crate::store::users::NewUser;

pub const DEMO_USERS: [(&str, Role); 4] = [
    ("admin@demo.test", Role::Admin),
    ("company@demo.test", Role::CompanyAdmin),
    ("manager@demo.test", Role::SiteManager),
    ("auditor@demo.test", Role::Auditor),
];

/// What was created, for the console.
pub struct DemoSeed {
    pub password: String,
    pub generated_password: bool,
}

/// The four demo accounts, once created.
pub struct DemoUsers {
    pub seed: DemoSeed,
    pub admin_id: i64,
    pub manager_id: i64,
    pub auditor_id: i64,
}

/// Creates the four demo accounts: the company admin and the auditor on `company_id`, the
/// manager on `manager_site`. `password` comes from `CODECHECK_DEMO_PASSWORD`, or a random
/// one is made.
pub async fn create_users(
    state: &AppState,
    company_id: i64,
    manager_site: i64,
    password: Option<String>,
) -> anyhow::Result<DemoUsers> {
    let generated_password = password.is_none();
    let password = password.unwrap_or_else(crate::auth::random_password);
    let checked = Password::parse_for(&password, &["demo"]).map_err(|e| {
        anyhow::anyhow!(
            "CODECHECK_DEMO_PASSWORD: {}",
            crate::i18n::t(crate::domain::Lang::En, e.0)
        )
    })?;
    let hash = hash_password(&checked).await?;
    let mut ids = HashMap::new();
    for (email, role) in DEMO_USERS {
        let scopes: Vec<i64> = match role {
            Role::Admin => vec![],
            Role::CompanyAdmin | Role::Auditor => vec![company_id],
            Role::SiteManager => vec![manager_site],
        };
        let email = Email::parse(email).map_err(|e| anyhow::anyhow!("{e:?}"))?;
        let user = state
            .store
            .create_user(NewUser {
                email: &email,
                password_hash: hash.clone(),
                role,
                scopes: &scopes,
                language: match role {
                    Role::SiteManager => Some(Lang::Fr),
                    _ => None,
                },
            })
            .await?;
        ids.insert(role.as_str(), user.id);
    }
    let id = |role: Role| ids.get(role.as_str()).copied().unwrap_or_default();
    Ok(DemoUsers {
        seed: DemoSeed {
            password,
            generated_password,
        },
        admin_id: id(Role::Admin),
        manager_id: id(Role::SiteManager),
        auditor_id: id(Role::Auditor),
    })
}

/// Seeds the demo. `password` comes from `CODECHECK_DEMO_PASSWORD`, or a random one is made.
pub async fn seed(state: &AppState, password: Option<String>) -> anyhow::Result<DemoSeed> {
    let store = &state.store;
    let name = |s: &str| NodeName::parse(s).map_err(|e| anyhow::anyhow!("demo name {s}: {e:?}"));

    let company = store.create_company(&name("Demo Hotel Group")?).await?;
    let belgium = Country::parse("BE").map_err(|e| anyhow::anyhow!("{e:?}"))?;
    let unit = store
        .create_unit(&company, &name("Demo Hotels Belgique / België")?, &belgium)
        .await?;
    let mut sites = Vec::new();
    for (site, city) in [
        ("Hôtel Démo Bruxelles-Etterbeek", "Bruxelles"),
        ("Hôtel Démo Liège Gare des Guillemins", "Liège"),
        ("Demo Hotel Gent Sint-Pieters", "Gent"),
    ] {
        sites.push(store.create_site(&unit, &name(site)?, &name(city)?).await?);
    }
    let users = create_users(state, company.id, sites[0].id, password).await?;
    let manager_id = Some(users.manager_id);
    // The manager's hotel starts with the Belgian default procedure for a suspected case.
    if let Some(manager) = manager_id {
        let today = time::OffsetDateTime::now_utc().date();
        let mut procedure = crate::web::procedures::belgian_default();
        procedure.internal.push(crate::domain::procedure::Contact {
            label: crate::i18n::t(Lang::Fr, "procedure-default-manager"),
            name: String::new(),
            // A fictional internal extension: this is demo data.
            number: "poste / toestel 100".into(),
        });
        store
            .save_procedure(sites[0].id, &procedure, today, manager)
            .await?;
    }
    Ok(users.seed)
}
