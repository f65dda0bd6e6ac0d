//! Which files are accepted: the type the name claims must be on the allow-list, and the
//! content (its magic bytes) must be that type.

use crate::error::{FileError, Result};

/// A file that passed the checks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checked {
    /// The media type, as the content shows it.
    pub media_type: &'static str,
    /// The file name as it will be offered for download (no directories, no control characters).
    pub name: String,
}

/// An accepted type: extensions, the media type, what a person calls it, and the media types
/// the content sniffer may report for it.
struct Allowed {
    extensions: &'static [&'static str],
    media_type: &'static str,
    label: &'static str,
    sniffed: &'static [&'static str],
}

const ZIP: &str = "application/zip";

const ALLOWED: &[Allowed] = &[
    Allowed {
        extensions: &["pdf"],
        media_type: "application/pdf",
        label: "PDF",
        sniffed: &["application/pdf"],
    },
    Allowed {
        extensions: &["docx"],
        media_type: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        label: "Word",
        sniffed: &[
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            ZIP,
        ],
    },
    Allowed {
        extensions: &["xlsx"],
        media_type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        label: "Excel",
        sniffed: &[
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ZIP,
        ],
    },
    Allowed {
        extensions: &["pptx"],
        media_type: "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        label: "PowerPoint",
        sniffed: &[
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            ZIP,
        ],
    },
    Allowed {
        extensions: &["odt"],
        media_type: "application/vnd.oasis.opendocument.text",
        label: "OpenDocument text",
        sniffed: &["application/vnd.oasis.opendocument.text", ZIP],
    },
    Allowed {
        extensions: &["ods"],
        media_type: "application/vnd.oasis.opendocument.spreadsheet",
        label: "OpenDocument spreadsheet",
        sniffed: &["application/vnd.oasis.opendocument.spreadsheet", ZIP],
    },
    Allowed {
        extensions: &["odp"],
        media_type: "application/vnd.oasis.opendocument.presentation",
        label: "OpenDocument presentation",
        sniffed: &["application/vnd.oasis.opendocument.presentation", ZIP],
    },
    Allowed {
        extensions: &["png"],
        media_type: "image/png",
        label: "PNG image",
        sniffed: &["image/png"],
    },
    Allowed {
        extensions: &["jpg", "jpeg"],
        media_type: "image/jpeg",
        label: "JPEG image",
        sniffed: &["image/jpeg"],
    },
    Allowed {
        extensions: &["gif"],
        media_type: "image/gif",
        label: "GIF image",
        sniffed: &["image/gif"],
    },
    Allowed {
        extensions: &["webp"],
        media_type: "image/webp",
        label: "WebP image",
        sniffed: &["image/webp"],
    },
    Allowed {
        extensions: &["txt", "md", "csv"],
        media_type: "text/plain; charset=utf-8",
        label: "text",
        sniffed: &[],
    },
];

/// The file name without directories or control characters, at most 200 characters.
fn clean_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or_default();
    base.chars()
        .filter(|c| !c.is_control() && *c != '"')
        .take(200)
        .collect::<String>()
        .trim()
        .to_owned()
}

/// What a person calls the content the sniffer found.
fn describe(sniffed: Option<infer::Type>) -> String {
    match sniffed {
        Some(t) if t.mime_type() == "application/vnd.microsoft.portable-executable" => {
            "a Windows program".to_owned()
        }
        Some(t) if t.mime_type() == "application/x-executable" => "a program".to_owned(),
        Some(t) if t.mime_type() == "application/x-msdownload" => "a Windows program".to_owned(),
        Some(t) => format!("{} (.{})", t.mime_type(), t.extension()),
        None => "not recognisable".to_owned(),
    }
}

/// Checks a file by its name and content: a type on the allow-list whose magic bytes match.
pub fn check(name: &str, bytes: &[u8]) -> Result<Checked> {
    let name = clean_name(name);
    if bytes.is_empty() {
        return Err(FileError::Empty { name });
    }
    let extension = name
        .rsplit_once('.')
        .map(|(_, ext)| ext.to_ascii_lowercase())
        .unwrap_or_default();
    let Some(allowed) = ALLOWED
        .iter()
        .find(|a| a.extensions.contains(&extension.as_str()))
    else {
        return Err(FileError::NotAllowed { name });
    };
    let sniffed = infer::get(bytes);
    let fits = if allowed.sniffed.is_empty() {
        // Plain text has no magic bytes: it must be UTF-8 and look like nothing else.
        sniffed.is_none() && std::str::from_utf8(bytes).is_ok() && !bytes.contains(&0)
    } else {
        sniffed.is_some_and(|t| allowed.sniffed.contains(&t.mime_type()))
    };
    if !fits {
        return Err(FileError::Disguised {
            name,
            expected: allowed.label.to_owned(),
            found: describe(sniffed),
        });
    }
    Ok(Checked {
        media_type: allowed.media_type,
        name,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_program_renamed_to_pdf_is_refused() {
        let mut exe = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff".to_vec();
        exe.resize(512, 0);
        let error = check("bericht.pdf", &exe).unwrap_err();
        assert!(matches!(error, FileError::Disguised { .. }), "{error}");
        assert!(error.to_string().contains("not a PDF file"), "{error}");
    }

    #[test]
    fn real_types_pass_and_unknown_ones_do_not() {
        let pdf = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n";
        assert_eq!(
            check("a/b/Studie.PDF", pdf).unwrap().media_type,
            "application/pdf"
        );
        assert_eq!(check("x/../Studie.pdf", pdf).unwrap().name, "Studie.pdf");
        assert!(matches!(
            check("tool.exe", pdf),
            Err(FileError::NotAllowed { .. })
        ));
        assert!(check("notes.txt", b"Hallo Welt").is_ok());
        assert!(matches!(
            check("notes.txt", pdf),
            Err(FileError::Disguised { .. })
        ));
        assert!(matches!(
            check("leer.pdf", b""),
            Err(FileError::Empty { .. })
        ));
    }
}
