//! A seeded synthetic point layer for benchmarks: `n` points spread evenly
//! over the whole globe, each with a few properties of the usual kinds.

/// SplitMix64: tiny, seeded and good enough to scatter points.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `[lo, hi)`.
    pub fn range(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64 * (hi - lo)
    }
}

const KINDS: [&str; 4] = ["port", "airbase", "city", "anchorage"];

/// The GeoJSON text of `n` points generated from `seed`.
pub fn geojson(n: usize, seed: u64) -> String {
    use std::fmt::Write;
    let mut rng = Rng::new(seed);
    let mut out = String::with_capacity(n * 160);
    out.push_str("{\"type\":\"FeatureCollection\",\"features\":[\n");
    for i in 0..n {
        let lon = rng.range(-180.0, 180.0);
        let lat = rng.range(-90.0, 90.0);
        let kind = KINDS[(rng.next_u64() % 4) as usize];
        let value = (rng.next_u64() % 100_000) as f64 / 100.0;
        let sep = if i + 1 < n { ",\n" } else { "\n" };
        let _ = write!(
            out,
            "{{\"type\":\"Feature\",\"id\":{i},\"geometry\":{{\"type\":\"Point\",\"coordinates\":[{lon:.6},{lat:.6}]}},\
             \"properties\":{{\"name\":\"point {i}\",\"kind\":\"{kind}\",\"value\":{value}}}}}{sep}"
        );
    }
    out.push_str("]}\n");
    out
}
