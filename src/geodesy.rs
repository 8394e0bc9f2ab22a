//! Geodesy: distances on the Earth and the Web Mercator projection, in one place for every module.

use h3o::LatLng;

/// Mean Earth radius used for every distance, in kilometres.
pub const EARTH_RADIUS_KM: f64 = 6371.0088;

/// Web Mercator's latitude limit, where the world becomes a square.
pub const MAX_MERCATOR_LATITUDE: f64 = 85.051_128_779_806_59;

/// Great-circle distance in kilometres between two points given in degrees (haversine formula).
pub fn distance_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = p2 - p1;
    let dl = (lon2 - lon1).to_radians();
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_KM * a.sqrt().min(1.0).asin()
}

/// [`distance_km`] between two H3 positions.
pub fn haversine_km(a: LatLng, b: LatLng) -> f64 {
    distance_km(a.lat(), a.lng(), b.lat(), b.lng())
}

/// Web Mercator: degrees to world units (x east, y down, both in `[0, 1]` for longitudes in
/// `[-180, 180]`); latitudes are clamped to [`MAX_MERCATOR_LATITUDE`].
pub fn mercator(lon: f64, lat: f64) -> (f64, f64) {
    let x = (lon + 180.0) / 360.0;
    let phi = lat
        .clamp(-MAX_MERCATOR_LATITUDE, MAX_MERCATOR_LATITUDE)
        .to_radians();
    let y =
        (1.0 - (std::f64::consts::FRAC_PI_4 + phi / 2.0).tan().ln() / std::f64::consts::PI) / 2.0;
    (x, y)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn haversine_is_right() {
        let london = LatLng::new(51.5074, -0.1278).unwrap();
        let paris = LatLng::new(48.8566, 2.3522).unwrap();
        let d = haversine_km(london, paris);
        assert!((d - 343.5).abs() < 1.0, "{d}");
        assert_eq!(distance_km(52.0, 0.0, 52.0, 0.0), 0.0);
    }

    #[test]
    fn mercator_maps_the_world_to_the_unit_square() {
        assert_eq!(mercator(-180.0, 0.0), (0.0, 0.5));
        let (x, y) = mercator(180.0, 90.0);
        assert!((x - 1.0).abs() < 1e-12 && y.abs() < 1e-9, "{x} {y}");
        let (_, y) = mercator(0.0, -90.0);
        assert!((y - 1.0).abs() < 1e-9, "{y}");
    }
}
