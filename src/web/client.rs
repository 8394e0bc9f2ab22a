//! Who the client is, for per-client limits: the TCP peer, unless the peer is a trusted proxy
//! (`server.trusted_proxies`), in which case the rightmost `X-Forwarded-For` address that is not itself a
//! trusted proxy. The address is used in memory only; it is never stored or logged.

use std::net::{IpAddr, Ipv6Addr, SocketAddr};

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::HeaderMap;
use axum::http::request::Parts;

use super::AppState;
use super::error::ApiError;
use crate::config::ServerConfig;

/// The client's address as the limits count it (see the module's description).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientAddr(pub IpAddr);

impl ClientAddr {
    /// The key per-client limits count under: the address, or for IPv6 its /64 network (one subscriber's
    /// allocation, which one attacker can otherwise walk through address by address).
    pub fn limit_key(self) -> IpAddr {
        match self.0 {
            IpAddr::V6(v6) => {
                let network = u128::from(v6) & (u128::MAX << 64);
                IpAddr::V6(Ipv6Addr::from(network))
            }
            v4 => v4,
        }
    }
}

/// The client address of a request from `peer` with `headers`.
pub fn client_addr(server: &ServerConfig, peer: IpAddr, headers: &HeaderMap) -> IpAddr {
    let peer = peer.to_canonical();
    if !server.is_trusted_proxy(peer) {
        return peer;
    }
    // Every X-Forwarded-For header, in order, as one list; each proxy appends the address it saw.
    let hops: Vec<&str> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .collect();
    // Walking leftwards from the peer, the first address no trusted proxy owns is the client; beyond it
    // is what the client itself wrote, which proves nothing.
    let mut nearest = peer;
    for hop in hops.iter().rev() {
        let Some(addr) = parse_hop(hop) else {
            // A trusted proxy wrote something that is not an address: the last address known is the client.
            return nearest;
        };
        if !server.is_trusted_proxy(addr) {
            return addr;
        }
        nearest = addr;
    }
    nearest
}

/// An `X-Forwarded-For` entry: an address, with or without a port (`1.2.3.4:5678`, `[2001:db8::1]:80`).
fn parse_hop(hop: &str) -> Option<IpAddr> {
    hop.parse::<IpAddr>()
        .or_else(|_| hop.parse::<SocketAddr>().map(|s| s.ip()))
        .ok()
        .map(|a| a.to_canonical())
}

impl FromRequestParts<AppState> for ClientAddr {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|c| c.0.ip())
            .ok_or_else(|| ApiError::Internal(anyhow::anyhow!("no peer address")))?;
        Ok(ClientAddr(client_addr(
            &state.config.server,
            peer,
            &parts.headers,
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{Config, Overrides};

    fn server(trusted: &str) -> ServerConfig {
        let env = vec![(
            "BEACON_SERVER__TRUSTED_PROXIES".to_string(),
            trusted.to_string(),
        )];
        Config::load_from(&Overrides::default(), &env)
            .unwrap()
            .server
    }

    fn xff(values: &[&str]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for v in values {
            h.append("x-forwarded-for", v.parse().unwrap());
        }
        h
    }

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn an_untrusted_peer_is_the_client_whatever_it_claims() {
        let s = server("");
        assert_eq!(
            client_addr(&s, ip("127.0.0.1"), &xff(&["203.0.113.9"])),
            ip("127.0.0.1")
        );
        let s = server("10.0.0.1");
        assert_eq!(
            client_addr(&s, ip("192.0.2.1"), &xff(&["203.0.113.9"])),
            ip("192.0.2.1")
        );
    }

    #[test]
    fn behind_trusted_proxies_the_rightmost_untrusted_address_is_the_client() {
        let s = server("127.0.0.1, 10.0.0.0/8");
        let peer = ip("127.0.0.1");
        assert_eq!(
            client_addr(&s, peer, &xff(&["203.0.113.9"])),
            ip("203.0.113.9")
        );
        // What the client wrote to the left of its own address is ignored; proxies' hops are skipped.
        assert_eq!(
            client_addr(&s, peer, &xff(&["6.6.6.6, 203.0.113.9, 10.1.1.1"])),
            ip("203.0.113.9")
        );
        assert_eq!(
            client_addr(&s, peer, &xff(&["6.6.6.6", "203.0.113.9:4711"])),
            ip("203.0.113.9")
        );
        assert_eq!(
            client_addr(&s, peer, &xff(&["[2001:db8::7]:443"])),
            ip("2001:db8::7")
        );
        // Nothing forwarded, or garbage where an address should be: the nearest known address.
        assert_eq!(client_addr(&s, peer, &HeaderMap::new()), peer);
        assert_eq!(
            client_addr(&s, peer, &xff(&["6.6.6.6, unknown, 10.1.1.1"])),
            ip("10.1.1.1")
        );
        assert_eq!(
            client_addr(&s, ip("::ffff:127.0.0.1"), &xff(&["203.0.113.9"])),
            ip("203.0.113.9")
        );
    }

    #[test]
    fn ipv6_clients_are_limited_by_their_network() {
        let a = ClientAddr(ip("2001:db8:1:2:aaaa::1")).limit_key();
        let b = ClientAddr(ip("2001:db8:1:2:bbbb::9")).limit_key();
        assert_eq!(a, b);
        assert_ne!(a, ClientAddr(ip("2001:db8:1:3::1")).limit_key());
        assert_eq!(ClientAddr(ip("192.0.2.1")).limit_key(), ip("192.0.2.1"));
    }
}
