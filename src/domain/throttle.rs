//! Login throttling, decided from the failed attempts of the last window alone (they live in
//! the database, so every instance behind a load balancer counts the same).
//!
//! Three counts, each with its own limit:
//! - the account from this address: a password guesser at one address is slowed at once;
//! - this address, whatever the account: one address trying many accounts;
//! - the account from any address: a guesser spread over many addresses.
//!
//! The account-wide limit is ten times the per-address one, so an attacker at one address
//! can never lock the real user out from theirs; and a lock ends by itself when the window
//! slides past the failures, at most [`WINDOW_SECONDS`] after the last of them.

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
/// (at least 1) until the oldest failure that keeps a count at its limit leaves the window.
pub fn wait(failures: &Failures, now: i64) -> Option<u64> {
    [
        (&failures.account_and_address, PER_ACCOUNT_AND_ADDRESS),
        (&failures.address, PER_ADDRESS),
        (&failures.account, PER_ACCOUNT),
    ]
    .into_iter()
    .filter_map(|(times, limit)| {
        let recent: Vec<i64> = times
            .iter()
            .copied()
            .filter(|t| *t > now - WINDOW_SECONDS)
            .collect();
        (recent.len() >= limit).then(|| {
            // Below the limit again once this many of the oldest have left the window.
            let freeing = recent[recent.len() - limit];
            u64::try_from(freeing + WINDOW_SECONDS - now)
                .unwrap_or(0)
                .max(1)
        })
    })
    .max()
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
    }
}
