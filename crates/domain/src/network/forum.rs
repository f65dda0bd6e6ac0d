//! The forum: a network of cities with its addresses, colour and logo.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use serde_with::skip_serializing_none;

use crate::access::Access;
use crate::id::Id;
use crate::parts::{require, validate_country};
use crate::record::{Kind, Record, RefVisitor, now, refs};
use crate::text::{Lang, Text};
use crate::validation::Problems;
use crate::vocabulary::vocabulary;

/// A network of cities (a tenant): a national forum, or the umbrella the forums belong to.
#[skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Forum {
    /// Stable id.
    #[serde(default = "Id::new")]
    pub id: Id,
    /// Who may see the forum's profile.
    #[serde(default)]
    pub access: Access,
    /// When it was created.
    #[serde(default = "now")]
    pub created: Timestamp,
    /// When it was last changed.
    #[serde(default = "now")]
    pub updated: Timestamp,
    /// Full name ("Deutsch-Europäisches Forum für Urbane Sicherheit").
    pub name: Text,
    /// Short name used everywhere ("DEFUS"); unique in an installation.
    pub short_name: String,
    /// Country code of a national forum; none for a European umbrella.
    pub country: Option<String>,
    /// Languages the forum works in; the first is its main language.
    pub languages: Vec<Lang>,
    /// The umbrella network this forum is part of.
    pub umbrella: Option<Id>,
    /// The forum's public website.
    pub website: Option<String>,
    /// A short self-description.
    pub description: Option<Text>,
    /// The logo printed on the title page of reports: SVG markup, or a PNG in base64
    /// (optionally as a `data:image/png;base64,` address); at most 200 KB.
    pub logo: Option<String>,
    /// The host names the forum is served at (`defus.example.org`, `defus.localhost`); the
    /// first is its address in mails and feeds. Unique in an installation.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub hosts: Vec<String>,
    /// The primary colour of the forum's pages (`#rrggbb`), dark enough for white text on it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub colour: Option<String>,
    /// The IANA time zone of the forum's "today" (what is upcoming and what is past); none for
    /// the network's default, Europe/Berlin.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_zone: Option<String>,
    /// True for entries that the demo data set adds as examples beyond its source.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub example: bool,
}

/// The least contrast (WCAG 2.1 AA for normal text) white text needs on a forum's colour.
pub const COLOUR_MIN_CONTRAST: f64 = 4.5;

/// The contrast ratio of white text on the colour `#rrggbb`, or what is wrong with the colour.
pub fn contrast_with_white(colour: &str) -> Result<f64, &'static str> {
    let hex = colour
        .strip_prefix('#')
        .filter(|h| h.len() == 6 && h.bytes().all(|b| b.is_ascii_hexdigit()))
        .ok_or("must be a colour written as `#rrggbb` (for example `#1a4f8b`)")?;
    let channel = |at: usize| {
        let value =
            f64::from(u8::from_str_radix(hex.get(at..at + 2).unwrap_or("00"), 16).unwrap_or(0))
                / 255.0;
        if value <= 0.040_45 {
            value / 12.92
        } else {
            ((value + 0.055) / 1.055).powf(2.4)
        }
    };
    let luminance = 0.2126 * channel(0) + 0.7152 * channel(2) + 0.0722 * channel(4);
    Ok(1.05 / (luminance + 0.05))
}

/// What is wrong with a host name a forum is served at, if anything.
pub fn host_problem(host: &str) -> Option<&'static str> {
    if host.is_empty() || host.len() > 253 {
        return Some("must be a host name like `defus.example.org` (1 to 253 characters)");
    }
    if host.contains("://") || host.contains('/') || host.contains(':') {
        return Some(
            "must be a host name alone, without `https://`, port or path (like `defus.example.org`)",
        );
    }
    let labels_ok = host.split('.').all(|label| {
        !label.is_empty()
            && label.len() <= 63
            && !label.starts_with('-')
            && !label.ends_with('-')
            && label
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    });
    (!labels_ok).then_some(
        "must be a host name of lowercase letters, digits, hyphens and dots (like `defus.example.org`)",
    )
}

/// The largest logo a forum may store, in bytes (of the decoded image).
pub const LOGO_MAX_BYTES: usize = 200 * 1024;

vocabulary! {
    /// What sort of image a logo is (named so in the report job's header).
    pub enum LogoFormat {
        /// Scalable vector graphics.
        Svg = "svg",
        /// A PNG bitmap.
        Png = "png",
    }
}

/// The image of a stored logo: its format and bytes, or what is wrong with it.
pub fn decode_logo(logo: &str) -> Result<(LogoFormat, Vec<u8>), &'static str> {
    use base64::Engine as _;
    let text = logo.trim();
    if text.starts_with('<') {
        if text.len() > LOGO_MAX_BYTES {
            return Err("is larger than 200 KB");
        }
        let head = text.get(..text.len().min(1024)).unwrap_or(text);
        if !head.contains("<svg") {
            return Err("must be SVG markup (`<svg …>`) or a base64 PNG");
        }
        return Ok((LogoFormat::Svg, text.as_bytes().to_vec()));
    }
    let data = text.strip_prefix("data:image/png;base64,").unwrap_or(text);
    if data.len() > LOGO_MAX_BYTES / 3 * 4 + 4 {
        return Err("is larger than 200 KB");
    }
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(data)
        .map_err(|_| "must be SVG markup (`<svg …>`) or a base64 PNG")?;
    if bytes.len() > LOGO_MAX_BYTES {
        return Err("is larger than 200 KB");
    }
    if !bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Err("is not a PNG image (the PNG signature is missing)");
    }
    Ok((LogoFormat::Png, bytes))
}

impl Record for Forum {
    const KIND: Kind = Kind::Forum;

    fn id(&self) -> &Id {
        &self.id
    }
    fn id_mut(&mut self) -> &mut Id {
        &mut self.id
    }
    /// A forum is its own forum.
    fn forum(&self) -> &Id {
        &self.id
    }
    fn set_forum(&mut self, _forum: Id) {}
    fn access(&self) -> Access {
        self.access
    }
    fn created(&self) -> Timestamp {
        self.created
    }
    fn updated(&self) -> Timestamp {
        self.updated
    }
    fn touch(&mut self) {
        self.updated = now();
    }

    fn rules(&self, problems: &mut Problems) {
        require("name", &self.name, problems);
        problems.require_text("short_name", &self.short_name);
        if let Some(country) = &self.country {
            validate_country("country", country, problems);
        }
        if self.languages.is_empty() {
            problems.push("languages", "needs at least one language");
        }
        problems.url("website", self.website.as_deref());
        if let Some(logo) = &self.logo
            && let Err(problem) = decode_logo(logo)
        {
            problems.push("logo", problem);
        }
        if self.umbrella.as_ref() == Some(&self.id) {
            problems.push("umbrella", "a forum cannot be its own umbrella");
        }
        for (i, host) in self.hosts.iter().enumerate() {
            if let Some(problem) = host_problem(host) {
                problems.push(format!("hosts[{i}]"), problem);
            } else if self.hosts[..i].contains(host) {
                problems.push(format!("hosts[{i}]"), "is named twice");
            }
        }
        if let Some(zone) = &self.time_zone {
            crate::events::validate_time_zone("time_zone", zone, problems);
        }
        if let Some(colour) = &self.colour {
            match contrast_with_white(colour) {
                Err(problem) => problems.push("colour", problem),
                Ok(ratio) if ratio < COLOUR_MIN_CONTRAST => problems.push(
                    "colour",
                    format!(
                        "is too light for white text on it (contrast {ratio:.1}:1, at least 4.5:1 needed); choose a darker colour"
                    ),
                ),
                Ok(_) => {}
            }
        }
    }

    fn visit_refs(&mut self, visit: &mut RefVisitor<'_>) {
        refs::opt(visit, "umbrella", Kind::Forum, &mut self.umbrella);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_colour_needs_contrast_with_white_text() {
        let white_on = |c: &str| contrast_with_white(c).unwrap_or(0.0);
        assert!((white_on("#000000") - 21.0).abs() < 0.01);
        assert!((white_on("#ffffff") - 1.0).abs() < 0.01);
        assert!(white_on("#0b3d6e") > 11.0, "the standard colour");
        assert!(white_on("#ffd700") < COLOUR_MIN_CONTRAST);
        assert!(contrast_with_white("0b3d6e").is_err());
        assert!(contrast_with_white("#0b3d6").is_err());
        assert!(contrast_with_white("#0b3d6g").is_err());
    }

    #[test]
    fn hosts_are_bare_host_names() {
        assert_eq!(host_problem("defus.example.org"), None);
        assert_eq!(host_problem("defus.localhost"), None);
        for bad in [
            "",
            "https://defus.org",
            "defus.org:8080",
            "defus.org/x",
            "Defus.org",
            "-a.org",
            "a..org",
        ] {
            assert!(host_problem(bad).is_some(), "{bad}");
        }
    }
}
