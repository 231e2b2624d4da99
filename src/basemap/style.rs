//! Basemap styles: small TOML files (`geodata/basemap/styles/*.toml`) parsed
//! into typed structs. Unknown keys are rejected and every error names the
//! field path, so a typo in a style fails loudly at start-up.

use serde::{Deserialize, Deserializer};

use super::error::StyleError;

/// The styles compiled into the binary: (name, TOML text).
pub const BUILTIN_STYLES: &[(&str, &str)] = &[
    (
        "light",
        include_str!("../../geodata/basemap/styles/light.toml"),
    ),
    (
        "dark",
        include_str!("../../geodata/basemap/styles/dark.toml"),
    ),
];

/// An RGBA colour written as `"#rrggbb"` or `"#rrggbbaa"`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rgba(pub [u8; 4]);

impl Rgba {
    pub fn to_skia(self) -> tiny_skia::Color {
        let [r, g, b, a] = self.0;
        tiny_skia::Color::from_rgba8(r, g, b, a)
    }

    fn parse(text: &str) -> Option<Rgba> {
        let hex = text.strip_prefix('#')?;
        if !(hex.len() == 6 || hex.len() == 8) || !hex.is_ascii() {
            return None;
        }
        let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
        let alpha = if hex.len() == 8 { byte(6)? } else { 255 };
        Some(Rgba([byte(0)?, byte(2)?, byte(4)?, alpha]))
    }
}

impl<'de> Deserialize<'de> for Rgba {
    fn deserialize<D: Deserializer<'de>>(de: D) -> Result<Self, D::Error> {
        let text = String::deserialize(de)?;
        Rgba::parse(&text).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "invalid colour {text:?}: expected \"#rrggbb\" or \"#rrggbbaa\""
            ))
        })
    }
}

/// A filled area.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fill {
    pub color: Rgba,
}

/// Countries named by the caller, drawn over the land colour.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Highlight {
    pub enabled: bool,
    pub fill: Rgba,
}

/// A stroked line layer; its width grows linearly from `width` at z0 to
/// `width_z10` at z10 (CSS pixels, doubled on @2x tiles).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Stroke {
    pub enabled: bool,
    pub color: Rgba,
    #[serde(deserialize_with = "positive")]
    pub width: f32,
    #[serde(deserialize_with = "positive")]
    pub width_z10: f32,
}

impl Stroke {
    /// Line width in CSS pixels at zoom `z`.
    pub fn width_at(&self, z: u8) -> f32 {
        let t = (f32::from(z) / 10.0).min(1.0);
        self.width + (self.width_z10 - self.width) * t
    }
}

/// Capital and event-place labels.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Labels {
    pub enabled: bool,
    /// First zoom level that shows labels.
    pub min_zoom: u8,
    /// Text and halo colours; the halo keeps text legible over borders.
    pub color: Rgba,
    pub halo: Rgba,
    #[serde(deserialize_with = "positive")]
    pub halo_width: f32,
    /// Font sizes in CSS pixels.
    #[serde(deserialize_with = "positive")]
    pub capital_size: f32,
    #[serde(deserialize_with = "positive")]
    pub place_size: f32,
    pub capital_dot: Rgba,
    pub place_dot: Rgba,
    pub place_color: Rgba,
}

/// One complete basemap style.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Style {
    pub name: String,
    pub sea: Fill,
    pub land: Fill,
    pub highlight: Highlight,
    pub borders: Stroke,
    pub coast: Stroke,
    pub labels: Labels,
}

fn positive<'de, D: Deserializer<'de>>(de: D) -> Result<f32, D::Error> {
    let v = f32::deserialize(de)?;
    if v.is_finite() && v > 0.0 && v <= 64.0 {
        Ok(v)
    } else {
        Err(serde::de::Error::custom(format!(
            "{v} is not a size in (0, 64]"
        )))
    }
}

impl Style {
    /// Parses one style; `origin` names it in errors (a file or style name).
    pub fn parse(origin: &str, text: &str) -> Result<Style, StyleError> {
        let field_error = |field: String, message: String| StyleError::Field {
            style: origin.to_string(),
            field,
            message,
        };
        let de = toml::Deserializer::parse(text)
            .map_err(|e| field_error("(syntax)".into(), e.to_string()))?;
        serde_path_to_error::deserialize(de).map_err(|e| {
            let field = e.path().to_string();
            field_error(field, e.into_inner().message().trim().to_string())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_styles_parse() {
        for (name, text) in BUILTIN_STYLES {
            let style = Style::parse(name, text).expect("builtin style");
            assert_eq!(&style.name, name);
        }
    }

    #[test]
    fn colours() {
        assert_eq!(Rgba::parse("#ff8000"), Some(Rgba([255, 128, 0, 255])));
        assert_eq!(Rgba::parse("#ff800080"), Some(Rgba([255, 128, 0, 128])));
        assert_eq!(Rgba::parse("ff8000"), None);
        assert_eq!(Rgba::parse("#ff80"), None);
        assert_eq!(Rgba::parse("#gg8000"), None);
    }

    fn corrupt(find: &str, replace: &str) -> String {
        let text = BUILTIN_STYLES[0].1;
        assert!(text.contains(find), "{find}");
        let bad = text.replacen(find, replace, 1);
        match Style::parse("light", &bad) {
            Err(e) => e.to_string(),
            Ok(_) => String::from("parsed"),
        }
    }

    #[test]
    fn corrupt_colour_names_the_field() {
        let msg = corrupt("color = \"#", "color = \"#zz");
        assert!(msg.contains("field `sea.color`"), "{msg}");
        assert!(msg.contains("invalid colour"), "{msg}");
    }

    #[test]
    fn wrong_type_names_the_field() {
        let msg = corrupt("width_z10 = ", "width_z10 = \"wide\" #");
        assert!(msg.contains("field `borders.width_z10`"), "{msg}");
    }

    #[test]
    fn unknown_and_missing_fields_are_named() {
        let msg = corrupt("[sea]", "[sea]\ncolour = \"#000000\"");
        assert!(msg.contains("colour"), "{msg}");
        let msg = corrupt("min_zoom = ", "#min_zoom = ");
        assert!(msg.contains("min_zoom"), "{msg}");
    }

    #[test]
    fn syntax_error_is_reported() {
        let msg = corrupt("[sea]", "[sea");
        assert!(msg.contains("style \"light\""), "{msg}");
    }

    #[test]
    fn widths_interpolate() {
        let style = Style::parse("light", BUILTIN_STYLES[0].1).expect("style");
        let b = &style.borders;
        assert_eq!(b.width_at(0), b.width);
        assert_eq!(b.width_at(14), b.width_z10);
    }
}
