//! Self-drawn SVG maps: H3 cells coloured by a value, with a legend, over
//! Natural Earth country outlines.
//!
//! Nothing is fetched at run time: the country outlines are compiled into the
//! binary from `assets/geo/world_countries_50m.topojson` (and the coarser
//! 110m file) and decoded once on first use ([`topojson`]).
//!
//! [`render_cells`] produces a complete, self-contained `<svg>` element. It
//! uses the **Web Mercator** projection (EPSG:3857 without the metres: x grows
//! east, y grows *down*, latitudes are clamped to ±85.0511°), so that H3
//! hexagons keep their shape at UK latitudes, and scales it uniformly to fit
//! the cells, outlines and markers (plus padding) into the requested width ×
//! height. See [`svg`] for the details of what is drawn.

pub mod svg;
pub mod topojson;

use std::sync::OnceLock;

pub use svg::{Legend, LegendEntry, MapOptions, MapWords, Marker, Outline, Scale, render_cells};
pub use topojson::{Country, TopoJsonError, decode_countries};

/// A map's own words and numbers in `locale`, from the locale files (`map-no-data`, `map-all-values`).
pub fn words(
    locales: &crate::content::i18n::Locales,
    locale: &crate::content::i18n::LocaleId,
) -> MapWords {
    MapWords {
        no_data: locales.format(locale, "map-no-data", None),
        all_values: locales.format(locale, "map-all-values", None),
        numbers: crate::content::numbers::NumberFormat::for_locale(locale.as_str()),
    }
}

/// Natural Earth 1:50m admin-0 countries (241 outlines), decoded once.
const WORLD_50M: &str = include_str!("../../assets/geo/world_countries_50m.topojson");
/// Natural Earth 1:110m admin-0 countries (177 outlines), decoded once.
const WORLD_110M: &str = include_str!("../../assets/geo/world_countries_110m.topojson");

static WORLD_50M_COUNTRIES: OnceLock<Result<Vec<Country>, TopoJsonError>> = OnceLock::new();
static WORLD_110M_COUNTRIES: OnceLock<Result<Vec<Country>, TopoJsonError>> = OnceLock::new();

/// The 1:50m country outlines, or the error that decoding the bundled file
/// gave (which would be a packaging defect: the unit tests decode it).
pub fn try_world_50m() -> Result<&'static [Country], &'static TopoJsonError> {
    WORLD_50M_COUNTRIES
        .get_or_init(|| decode_countries(WORLD_50M))
        .as_deref()
}

/// The 1:50m country outlines: detailed enough for a county-sized map.
///
/// Decoded on first call. Should the bundled file ever fail to decode, this
/// returns an empty slice (maps are then drawn without countries) rather
/// than panicking; [`try_world_50m`] gives the error.
pub fn world_50m() -> &'static [Country] {
    try_world_50m().unwrap_or(&[])
}

/// The 1:110m country outlines, or the error that decoding gave.
pub fn try_world_110m() -> Result<&'static [Country], &'static TopoJsonError> {
    WORLD_110M_COUNTRIES
        .get_or_init(|| decode_countries(WORLD_110M))
        .as_deref()
}

/// The coarser 1:110m country outlines: enough for continent or world views
/// and about a seventh of the size of [`world_50m`]. Empty if decoding fails.
pub fn world_110m() -> &'static [Country] {
    try_world_110m().unwrap_or(&[])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_worlds_decode() {
        assert_eq!(try_world_50m().expect("50m").len(), 241);
        assert_eq!(try_world_110m().expect("110m").len(), 177);
        // Decoded once: the same slice every time.
        assert!(std::ptr::eq(world_50m(), world_50m()));
    }
}
