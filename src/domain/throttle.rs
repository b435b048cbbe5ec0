//! Login throttling, decided from the failed attempts of the last window alone (they live in
//! the database, so every instance behind a load balancer counts the same).
//!
//! Three counts, each with its own limit:
//! - the account from this address: a password guesser at one address is slowed at once;
//! - this address, whatever the account: one address trying many accounts;
//! - the account from any address: a guesser spread over many addresses.
//!
//! An attempt counts as a failure from the moment it is let through, before its password is
//! checked (the store reserves its place in the same transaction that counts, see
//! `store::throttle`): attempts sent all at once are counted like attempts sent one by one.
//!
//! The account-wide limit never refuses an address that has no failure of its own on the
//! account in the window: one address (or many) cannot lock the real user out from theirs.
//! Past that limit, an address that already failed on the account waits, so a guesser spread
//! over many addresses gets one guess per address and window instead of
//! [`PER_ACCOUNT_AND_ADDRESS`]. Every wait ends by itself when the window slides past the
//! failures, at most [`WINDOW_SECONDS`] after the last of them.

/// How far back failed attempts count.
pub const WINDOW_SECONDS: i64 = 15 * 60;
/// Failures of one account from one address in the window.
pub const PER_ACCOUNT_AND_ADDRESS: usize = 10;
/// Failures from one address, any account, in the window.
pub const PER_ADDRESS: usize = 30;
/// Failures of one account, any address, in the window.
pub const PER_ACCOUNT: usize = 100;

/// The failed attempts of the window, as Unix seconds, each list oldest first.
#[derive(Debug, Default, Clone)]
pub struct Failures {
    pub account_and_address: Vec<i64>,
    pub address: Vec<i64>,
    pub account: Vec<i64>,
}

/// `None` if a login attempt may go ahead at `now` (Unix seconds); else the seconds to wait
/// (at least 1) until every limit that applies lets it through.
pub fn wait(failures: &Failures, now: i64) -> Option<u64> {
    let recent = |times: &[i64]| -> Vec<i64> {
        times
            .iter()
            .copied()
            .filter(|t| *t > now - WINDOW_SECONDS)
            .collect()
    };
    let here = recent(&failures.account_and_address);
    let account_wide = full_for(&recent(&failures.account), PER_ACCOUNT, now).and_then(|w| {
        // Only for an address with failures of its own on the account, and only until
        // either the account count or this address' failures have left the window.
        let clean_in = here
            .last()
            .map(|last| seconds_until(*last + WINDOW_SECONDS, now))?;
        Some(w.min(clean_in))
    });
    [
        full_for(&here, PER_ACCOUNT_AND_ADDRESS, now),
        full_for(&recent(&failures.address), PER_ADDRESS, now),
        account_wide,
    ]
    .into_iter()
    .flatten()
    .max()
}

/// With `recent` (oldest first) at or over `limit`: the seconds until it is below again, when
/// enough of the oldest have left the window.
fn full_for(recent: &[i64], limit: usize, now: i64) -> Option<u64> {
    (recent.len() >= limit)
        .then(|| seconds_until(recent[recent.len() - limit] + WINDOW_SECONDS, now))
}

/// Whole seconds from `now` to `then`, at least 1.
fn seconds_until(then: i64, now: i64) -> u64 {
    u64::try_from(then - now).unwrap_or(0).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn at(times: &[i64]) -> Vec<i64> {
        times.to_vec()
    }

    #[test]
    fn ten_failures_of_an_account_from_one_address_wait_until_the_first_leaves_the_window() {
        let now = 10_000;
        let nine: Vec<i64> = (0..9).map(|i| now - 600 + i * 10).collect();
        let f = Failures {
            account_and_address: nine.clone(),
            address: nine.clone(),
            account: nine.clone(),
        };
        assert_eq!(wait(&f, now), None, "nine failures: one more try");
        let mut ten = nine;
        ten.push(now - 5);
        let f = Failures {
            account_and_address: ten.clone(),
            address: ten.clone(),
            account: ten,
        };
        assert_eq!(wait(&f, now), Some(300), "the first failure was 600 s ago");
        assert_eq!(wait(&f, now + 300), None, "and then it has left the window");
    }

    #[test]
    fn failures_older_than_the_window_do_not_count() {
        let now = 100_000;
        let old: Vec<i64> = (0..50).map(|i| now - WINDOW_SECONDS - i).collect();
        let f = Failures {
            account_and_address: old.clone(),
            address: old.clone(),
            account: old,
        };
        assert_eq!(wait(&f, now), None);
    }

    #[test]
    fn an_address_trying_many_accounts_is_slowed_without_locking_those_accounts_elsewhere() {
        let now = 50_000;
        let thirty: Vec<i64> = (0..30).map(|i| now - 100 + i).collect();
        let from_there = Failures {
            account_and_address: at(&[now - 50]),
            address: thirty,
            account: at(&[now - 50]),
        };
        assert!(wait(&from_there, now).is_some());
        let the_real_user_elsewhere = Failures {
            account_and_address: vec![],
            address: vec![],
            account: at(&[now - 50]),
        };
        assert_eq!(wait(&the_real_user_elsewhere, now), None);
    }

    #[test]
    fn a_guesser_at_one_address_cannot_lock_the_account_for_others() {
        let now = 50_000;
        // As many failures as the per-address limit lets through in a window.
        let guesses: Vec<i64> = (0..PER_ACCOUNT_AND_ADDRESS as i64)
            .map(|i| now - 60 + i)
            .collect();
        let real_user = Failures {
            account_and_address: vec![],
            address: vec![],
            account: guesses,
        };
        assert_eq!(wait(&real_user, now), None);
    }

    #[test]
    fn the_account_wide_limit_lets_a_clean_address_try_and_holds_one_that_failed() {
        let now = 50_000;
        let spread: Vec<i64> = (0..PER_ACCOUNT as i64).map(|i| now - 300 + i).collect();
        let clean = Failures {
            account_and_address: vec![],
            address: vec![],
            account: spread.clone(),
        };
        assert_eq!(
            wait(&clean, now),
            None,
            "the real user at their own address"
        );
        let failed_here = Failures {
            account_and_address: at(&[now - 100]),
            address: at(&[now - 100]),
            account: spread,
        };
        // Until the account count drops (the oldest of it was 300 s ago) or this address'
        // one failure (100 s ago) leaves the window, whichever comes first.
        assert_eq!(wait(&failed_here, now), Some(600));
        assert_eq!(wait(&failed_here, now + 600), None);
    }

    proptest! {
        #[test]
        fn a_wait_is_never_longer_than_the_window_and_always_ends(
            mut times in proptest::collection::vec(0i64..2_000, 0..150),
            now in 1_000i64..3_000,
        ) {
            times.retain(|t| *t <= now);
            times.sort_unstable();
            let f = Failures { account_and_address: times.clone(), address: times.clone(), account: times };
            if let Some(w) = wait(&f, now) {
                prop_assert!(w >= 1 && w <= WINDOW_SECONDS as u64);
                prop_assert_eq!(wait(&f, now + w as i64), None);
            }
        }

        #[test]
        fn an_address_without_failures_is_never_held_by_the_account_wide_limit(
            account in proptest::collection::vec(0i64..2_000, 0..300),
            address in proptest::collection::vec(0i64..2_000, 0..PER_ADDRESS),
            now in 1_000i64..3_000,
        ) {
            let f = Failures { account_and_address: vec![], address, account };
            prop_assert_eq!(wait(&f, now), None);
        }

        #[test]
        fn any_wait_ends_and_is_never_longer_than_the_window(
            mut here in proptest::collection::vec(0i64..2_000, 0..20),
            mut address in proptest::collection::vec(0i64..2_000, 0..60),
            mut account in proptest::collection::vec(0i64..2_000, 0..200),
            now in 1_000i64..3_000,
        ) {
            for times in [&mut here, &mut address, &mut account] {
                times.retain(|t| *t <= now);
                times.sort_unstable();
            }
            let f = Failures { account_and_address: here, address, account };
            if let Some(w) = wait(&f, now) {
                prop_assert!(w >= 1 && w <= WINDOW_SECONDS as u64);
                prop_assert_eq!(wait(&f, now + w as i64), None);
            }
        }
    }
}
