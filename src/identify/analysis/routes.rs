//! Routes: source → (transit) → destination flows, with the nationalities and exploitation types on each.

use std::collections::BTreeMap;

use serde::Serialize;

/// One row of a route table: where victims came from, passed through and were exploited.
#[derive(Debug, Clone, serde::Serialize)]
pub struct RouteRow {
    pub source: Option<String>,
    pub transit: Option<String>,
    pub destination: Option<String>,
    pub nationality: Option<String>,
    pub exploitation_type: Option<String>,
    pub count: i64,
}

/// One route and what travels on it.
#[derive(Debug, Clone, Serialize)]
pub struct Route {
    /// Country codes (or H3 cells at cell level); `None` is unknown.
    pub source: Option<String>,
    pub transit: Option<String>,
    pub destination: Option<String>,
    pub count: u64,
    /// Victims' nationalities on this route, most frequent first.
    pub nationalities: Vec<(String, u64)>,
    /// Exploitation types on this route, most frequent first.
    pub exploitation_types: Vec<(String, u64)>,
}

impl Route {
    /// `LT → GB`, `RO → HU → GB`, with `?` for unknown places.
    pub fn label(&self) -> String {
        let part = |p: &Option<String>| p.clone().unwrap_or_else(|| "?".into());
        match &self.transit {
            Some(t) => format!(
                "{} → {} → {}",
                part(&self.source),
                t,
                part(&self.destination)
            ),
            None => format!("{} → {}", part(&self.source), part(&self.destination)),
        }
    }
}

/// A route's incidents as the disclosure policy counts them (for tables shared outside analysis).
#[derive(Debug, Clone)]
pub struct RouteTally {
    pub source: Option<String>,
    pub transit: Option<String>,
    pub destination: Option<String>,
    pub tally: super::privacy::Tally,
}

impl RouteTally {
    /// `LT → GB`, as [`Route::label`].
    pub fn label(&self) -> String {
        Route {
            source: self.source.clone(),
            transit: self.transit.clone(),
            destination: self.destination.clone(),
            count: 0,
            nationalities: Vec::new(),
            exploitation_types: Vec::new(),
        }
        .label()
    }
}

/// Totals of a route table.
#[derive(Debug, Clone, Serialize)]
pub struct RouteSummary {
    pub incidents: u64,
    /// Incidents whose source and destination are both known.
    pub with_route: u64,
    pub source_countries: usize,
    pub destination_countries: usize,
    pub routes: usize,
}

/// Gathers grouped rows into routes, ordered by count (then by label, for stable output).
/// Rows whose source and destination are both unknown carry no route and are left out.
pub fn build_routes(rows: &[RouteRow]) -> (Vec<Route>, RouteSummary) {
    type Key = (Option<String>, Option<String>, Option<String>);
    type Tally = BTreeMap<String, u64>;
    let mut routes: BTreeMap<Key, (u64, Tally, Tally)> = BTreeMap::new();
    let mut incidents = 0;
    let mut with_route = 0;
    let mut sources = std::collections::BTreeSet::new();
    let mut destinations = std::collections::BTreeSet::new();
    for r in rows {
        let n = r.count.max(0) as u64;
        incidents += n;
        if let Some(s) = &r.source {
            sources.insert(s.clone());
        }
        if let Some(d) = &r.destination {
            destinations.insert(d.clone());
        }
        if r.source.is_none() && r.destination.is_none() {
            continue;
        }
        if r.source.is_some() && r.destination.is_some() {
            with_route += n;
        }
        let entry = routes
            .entry((r.source.clone(), r.transit.clone(), r.destination.clone()))
            .or_default();
        entry.0 += n;
        *entry
            .1
            .entry(r.nationality.clone().unwrap_or_else(|| "unknown".into()))
            .or_default() += n;
        *entry
            .2
            .entry(
                r.exploitation_type
                    .clone()
                    .unwrap_or_else(|| "unknown".into()),
            )
            .or_default() += n;
    }
    let sorted = |m: BTreeMap<String, u64>| {
        let mut v: Vec<(String, u64)> = m.into_iter().collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        v
    };
    let mut out: Vec<Route> = routes
        .into_iter()
        .map(
            |((source, transit, destination), (count, nat, types))| Route {
                source,
                transit,
                destination,
                count,
                nationalities: sorted(nat),
                exploitation_types: sorted(types),
            },
        )
        .collect();
    out.sort_by(|a, b| {
        b.count
            .cmp(&a.count)
            .then_with(|| a.label().cmp(&b.label()))
    });
    let summary = RouteSummary {
        incidents,
        with_route,
        source_countries: sources.len(),
        destination_countries: destinations.len(),
        routes: out.len(),
    };
    (out, summary)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(
        s: Option<&str>,
        d: Option<&str>,
        nat: Option<&str>,
        t: Option<&str>,
        n: i64,
    ) -> RouteRow {
        RouteRow {
            source: s.map(str::to_string),
            transit: None,
            destination: d.map(str::to_string),
            nationality: nat.map(str::to_string),
            exploitation_type: t.map(str::to_string),
            count: n,
        }
    }

    #[test]
    fn routes_are_gathered_and_ordered() {
        let rows = vec![
            row(Some("LT"), Some("GB"), Some("LT"), Some("forced-labour"), 7),
            row(Some("LT"), Some("GB"), Some("LT"), Some("sexual"), 2),
            row(Some("RO"), Some("GB"), Some("RO"), Some("forced-labour"), 5),
            row(Some("PH"), None, Some("PH"), None, 3),
            row(None, None, None, None, 4),
        ];
        let (routes, summary) = build_routes(&rows);
        assert_eq!(routes[0].label(), "LT → GB");
        assert_eq!(routes[0].count, 9);
        assert_eq!(
            routes[0].exploitation_types,
            vec![("forced-labour".to_string(), 7), ("sexual".to_string(), 2)]
        );
        assert_eq!(routes[1].label(), "RO → GB");
        assert_eq!(routes[2].label(), "PH → ?");
        assert_eq!(summary.incidents, 21);
        assert_eq!(summary.with_route, 14);
        assert_eq!(summary.source_countries, 3);
        assert_eq!(summary.destination_countries, 1);
    }
}
