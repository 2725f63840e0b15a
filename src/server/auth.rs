//! Who is asking: the shared `--token`, an account's token (`Authorization: Bearer`), a
//! session cookie from the login link, or nobody on a loopback server without accounts.
//! Also the CSRF rule for state-changing requests and the login rate limit.

use std::collections::HashMap;
use std::net::IpAddr;
use std::time::{Duration, Instant};

use axum::http::HeaderMap;

use super::store::{Account, Role, Scope, Store};

pub(crate) const SESSION_COOKIE: &str = "junheng_session";
/// A session lasts a working day and a half.
pub(crate) const SESSION_SECONDS: i64 = 36 * 3600;
/// Failed logins (or bad tokens) allowed per client address per window.
pub(crate) const LOGIN_FAILURES: usize = 10;
pub(crate) const LOGIN_WINDOW: Duration = Duration::from_secs(600);

#[derive(Debug, Clone)]
pub(crate) enum Who {
    /// Loopback server without accounts: the person at this computer.
    Local,
    /// The shared `--token`: sees every county.
    Admin,
    Account(Account),
}

/// How the request proved who it is (decides whether it needs a CSRF token).
#[derive(Debug, Clone)]
pub(crate) enum Via {
    Bearer,
    Session { csrf: String, token: String },
    Nothing,
}

#[derive(Debug, Clone)]
pub(crate) struct Principal {
    pub who: Who,
    pub via: Via,
}

impl Principal {
    /// The county this principal is limited to (None: every county).
    pub fn scope(&self) -> Scope<'_> {
        match &self.who {
            Who::Account(a) if a.role == Role::County => {
                Some((a.county.as_str(), a.region.as_deref()))
            }
            _ => None,
        }
    }

    /// Sees every county, the 汇总表 and the audit log.
    pub(crate) fn is_office(&self) -> bool {
        self.scope().is_none()
    }

    pub fn name(&self) -> String {
        match &self.who {
            Who::Local => "本机".to_string(),
            Who::Admin => "管理员（共用令牌）".to_string(),
            Who::Account(a) => a.name.clone(),
        }
    }

    pub(crate) fn role_label(&self) -> &'static str {
        match &self.who {
            Who::Local => "本机",
            Who::Admin => "管理员",
            Who::Account(a) => a.role.label(),
        }
    }

    pub fn csrf(&self) -> Option<&str> {
        match &self.via {
            Via::Session { csrf, .. } => Some(csrf),
            _ => None,
        }
    }
}

/// Why a request was not authenticated.
pub(crate) enum Denied {
    /// No credentials at all (HTML pages send the visitor to the login page).
    Missing,
    /// A session cookie that is no longer valid (expired, logged out, account removed).
    Expired,
    /// Credentials that match nothing (counted by the rate limit).
    Wrong,
}

/// Constant-time comparison of two secrets.
pub(crate) fn same_secret(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

pub fn header<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all("cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.trim())
}

/// Resolve the principal. `open`: a loopback server without accounts or token.
pub(crate) fn authenticate(
    store: &Store,
    headers: &HeaderMap,
    shared_token: Option<&str>,
    open: bool,
) -> Result<Principal, Denied> {
    if let Some(auth) = header(headers, "authorization") {
        let token = auth
            .strip_prefix("Bearer ")
            .or_else(|| auth.strip_prefix("bearer "))
            .map(str::trim)
            .ok_or(Denied::Wrong)?;
        return bearer(store, token, shared_token).ok_or(Denied::Wrong);
    }
    if let Some(token) = cookie(headers, SESSION_COOKIE) {
        if let Ok(Some((account, csrf))) = store.session(token) {
            return Ok(Principal {
                who: account.map(Who::Account).unwrap_or(Who::Admin),
                via: Via::Session {
                    csrf,
                    token: token.to_string(),
                },
            });
        }
        if !open {
            return Err(Denied::Expired);
        }
    }
    if open {
        return Ok(Principal {
            who: Who::Local,
            via: Via::Nothing,
        });
    }
    Err(Denied::Missing)
}

/// The principal a token stands for (the shared token or an account's).
pub fn bearer(store: &Store, token: &str, shared_token: Option<&str>) -> Option<Principal> {
    if shared_token.is_some_and(|t| same_secret(t, token)) {
        return Some(Principal {
            who: Who::Admin,
            via: Via::Bearer,
        });
    }
    match store.account_by_token(token) {
        Ok(Some(a)) => Some(Principal {
            who: Who::Account(a),
            via: Via::Bearer,
        }),
        _ => None,
    }
}

/// Whether a state-changing request carries what proves it comes from our own page.
///
/// Bearer requests cannot be forged by another site (a browser never adds the header on
/// its own). Session requests need the session's token in `X-CSRF-Token`. On an open
/// loopback server the page's token is needed too, except from clients that are not
/// browsers (no `Origin`, no `Sec-Fetch-Site`, no cookie: scripts and curl), which no
/// other web site can make the user's browser imitate.
pub(crate) fn csrf_ok(principal: &Principal, headers: &HeaderMap, local_csrf: &str) -> bool {
    let sent = header(headers, "x-csrf-token").unwrap_or("");
    match &principal.via {
        Via::Bearer => true,
        Via::Session { csrf, .. } => same_secret(csrf, sent),
        Via::Nothing => {
            let browser = ["origin", "sec-fetch-site", "cookie"]
                .iter()
                .any(|h| headers.contains_key(*h));
            same_secret(local_csrf, sent) || !browser
        }
    }
}

/// Failed attempts per client address, forgotten after [`LOGIN_WINDOW`]. Only wrong
/// credentials are limited: a correct token always signs in, so one mistyped link
/// behind a shared NAT or proxy locks nobody out. (Tokens are 256-bit random: checking a
/// guess from a blocked address teaches an attacker nothing.)
#[derive(Default)]
pub(crate) struct RateLimit {
    failures: HashMap<IpAddr, Vec<Instant>>,
}

/// The state of an address after a failure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Lock {
    Open,
    /// This failure used up the allowance (recorded once in the audit log).
    JustLocked(u64),
    /// Already locked: seconds to wait.
    Locked(u64),
}

impl RateLimit {
    /// Seconds to wait when `ip` has used up its attempts.
    pub(crate) fn blocked(&mut self, ip: IpAddr) -> Option<u64> {
        let now = Instant::now();
        let list = self.failures.entry(ip).or_default();
        list.retain(|t| now.duration_since(*t) < LOGIN_WINDOW);
        if list.len() >= LOGIN_FAILURES {
            let oldest = list.first().copied().unwrap_or(now);
            let wait = LOGIN_WINDOW.saturating_sub(now.duration_since(oldest));
            return Some(wait.as_secs().max(1));
        }
        None
    }

    pub fn fail(&mut self, ip: IpAddr) -> Lock {
        let before = self.blocked(ip);
        // Bound the table: a flood of addresses cannot grow it without limit.
        if self.failures.len() > 10_000 {
            let now = Instant::now();
            self.failures
                .retain(|_, v| v.iter().any(|t| now.duration_since(*t) < LOGIN_WINDOW));
        }
        let list = self.failures.entry(ip).or_default();
        // A locked address's list stays at the allowance: its window ends on time.
        if list.len() < LOGIN_FAILURES {
            list.push(Instant::now());
        }
        match (before, self.blocked(ip)) {
            (Some(wait), _) => Lock::Locked(wait),
            (None, Some(wait)) => Lock::JustLocked(wait),
            (None, None) => Lock::Open,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rate_limit_blocks_after_the_allowed_failures() {
        let mut rl = RateLimit::default();
        let ip: IpAddr = "10.0.0.1".parse().unwrap();
        for i in 0..LOGIN_FAILURES {
            assert!(rl.blocked(ip).is_none());
            let lock = rl.fail(ip);
            assert_eq!(lock == Lock::Open, i + 1 < LOGIN_FAILURES, "{i}: {lock:?}");
        }
        assert!(rl.blocked(ip).is_some());
        assert!(matches!(rl.fail(ip), Lock::Locked(_)));
        assert!(rl.blocked("10.0.0.2".parse().unwrap()).is_none());
    }

    #[test]
    fn cookies_and_secrets() {
        let mut h = HeaderMap::new();
        h.insert("cookie", "a=1; junheng_session=xyz; b=2".parse().unwrap());
        assert_eq!(cookie(&h, SESSION_COOKIE), Some("xyz"));
        assert!(same_secret("abc", "abc"));
        assert!(!same_secret("abc", "abd"));
        assert!(!same_secret("abc", "ab"));
    }

    #[test]
    fn open_server_lets_scripts_in_but_not_other_sites() {
        let local = Principal {
            who: Who::Local,
            via: Via::Nothing,
        };
        let script = HeaderMap::new();
        assert!(csrf_ok(&local, &script, "t"));
        let mut site = HeaderMap::new();
        site.insert("origin", "http://evil.example".parse().unwrap());
        assert!(!csrf_ok(&local, &site, "t"));
        site.insert("x-csrf-token", "t".parse().unwrap());
        assert!(csrf_ok(&local, &site, "t"));
    }
}
