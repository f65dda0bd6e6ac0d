//! The text of PDF and office files, for search. Office files (docx, xlsx, pptx, odt, ods,
//! odp) are zip archives of XML: their text is the text of the XML parts that hold the content.

use std::io::{Cursor, Read};

use quick_xml::Reader;
use quick_xml::events::Event;

use crate::error::{FileError, Result};

/// How much XML of one archive is read at most (a zip bomb stops here).
const MAX_XML: u64 = 64 * 1024 * 1024;

/// The text of a file of `media_type` (as [`crate::check`] found it), none for types without
/// text (images, plain text is taken as it is). A damaged file is an error naming it.
pub fn extract_text(name: &str, media_type: &str, bytes: &[u8]) -> Result<Option<String>> {
    let broken = |reason: String| FileError::Broken {
        name: name.to_owned(),
        reason,
    };
    let text = match media_type {
        "application/pdf" => pdf(bytes).map_err(broken)?,
        t if t.starts_with("text/plain") => String::from_utf8_lossy(bytes).into_owned(),
        t if t.starts_with("application/vnd.openxmlformats")
            || t.starts_with("application/vnd.oasis.opendocument") =>
        {
            office(t, bytes).map_err(broken)?
        }
        _ => return Ok(None),
    };
    let text = text.trim();
    Ok((!text.is_empty()).then(|| text.to_owned()))
}

fn pdf(bytes: &[u8]) -> std::result::Result<String, String> {
    // The PDF parser must not take the server down on a hostile file: a panic inside it is a
    // damaged file like any other.
    let owned = bytes.to_vec();
    match std::panic::catch_unwind(move || pdf_extract::extract_text_from_mem(&owned)) {
        Ok(Ok(text)) => Ok(text),
        Ok(Err(error)) => Err(error.to_string()),
        Err(_) => Err("the PDF structure is invalid".to_owned()),
    }
}

/// The parts of an office archive that hold its text, in reading order.
fn text_parts(media_type: &str, names: &[String]) -> Vec<String> {
    let numbered = |prefix: &str| {
        let mut parts: Vec<(u32, String)> = names
            .iter()
            .filter_map(|n| {
                let rest = n.strip_prefix(prefix)?.strip_suffix(".xml")?;
                Some((rest.parse().ok()?, n.clone()))
            })
            .collect();
        parts.sort();
        parts.into_iter().map(|(_, n)| n).collect::<Vec<_>>()
    };
    if media_type.contains("wordprocessingml") {
        vec!["word/document.xml".to_owned()]
    } else if media_type.contains("spreadsheetml") {
        vec!["xl/sharedStrings.xml".to_owned()]
    } else if media_type.contains("presentationml") {
        numbered("ppt/slides/slide")
    } else {
        vec!["content.xml".to_owned()]
    }
}

fn office(media_type: &str, bytes: &[u8]) -> std::result::Result<String, String> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| format!("not a valid archive: {e}"))?;
    let names: Vec<String> = archive.file_names().map(str::to_owned).collect();
    let parts = text_parts(media_type, &names);
    if parts.is_empty() || !names.iter().any(|n| parts.contains(n)) {
        if media_type.contains("spreadsheetml") && names.iter().any(|n| n == "xl/workbook.xml") {
            return Ok(String::new()); // a workbook without text cells
        }
        return Err("the document content is missing".to_owned());
    }
    let mut text = String::new();
    let mut budget = MAX_XML;
    for part in parts.iter().filter(|p| names.contains(p)) {
        let file = archive.by_name(part).map_err(|e| format!("{part}: {e}"))?;
        let mut xml = Vec::new();
        file.take(budget)
            .read_to_end(&mut xml)
            .map_err(|e| format!("{part}: {e}"))?;
        budget = budget.saturating_sub(xml.len() as u64);
        xml_text(&xml, &mut text).map_err(|e| format!("{part}: {e}"))?;
        text.push('\n');
    }
    Ok(text)
}

/// Appends the character data of an XML document, a line break after each paragraph, cell or
/// table row.
fn xml_text(xml: &[u8], out: &mut String) -> std::result::Result<(), String> {
    let mut reader = Reader::from_reader(xml);
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Text(t)) => {
                let text = t.decode().map_err(|e| e.to_string())?;
                out.push_str(&quick_xml::escape::unescape(&text).map_err(|e| e.to_string())?);
            }
            Ok(Event::GeneralRef(r)) => {
                let name = r.decode().map_err(|e| e.to_string())?;
                let entity = format!("&{name};");
                out.push_str(&quick_xml::escape::unescape(&entity).unwrap_or_default());
            }
            Ok(Event::CData(t)) => out.push_str(&String::from_utf8_lossy(&t)),
            Ok(Event::End(e)) => {
                if matches!(e.local_name().as_ref(), b"p" | b"si" | b"tr" | b"h") {
                    out.push('\n');
                }
            }
            Ok(Event::Empty(e)) => match e.local_name().as_ref() {
                b"tab" => out.push('\t'),
                b"br" | b"line-break" => out.push('\n'),
                b"s" => out.push(' '),
                _ => {}
            },
            Ok(Event::Eof) => return Ok(()),
            Ok(_) => {}
            Err(e) => return Err(e.to_string()),
        }
        buf.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn zipped(parts: &[(&str, &str)]) -> Vec<u8> {
        let mut out = Cursor::new(Vec::new());
        let mut zip = zip::ZipWriter::new(&mut out);
        for (name, content) in parts {
            zip.start_file(*name, zip::write::SimpleFileOptions::default())
                .unwrap();
            zip.write_all(content.as_bytes()).unwrap();
        }
        zip.finish().unwrap();
        out.into_inner()
    }

    #[test]
    fn word_text_is_read_paragraph_by_paragraph() {
        let docx = zipped(&[(
            "word/document.xml",
            r#"<w:document xmlns:w="x"><w:body><w:p><w:r><w:t>Sichere St&#228;dte</w:t></w:r></w:p><w:p><w:r><w:t>&amp; Pr&#xE4;vention</w:t></w:r></w:p></w:body></w:document>"#,
        )]);
        let text = extract_text(
            "a.docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            &docx,
        )
        .unwrap()
        .unwrap();
        assert_eq!(text, "Sichere Städte\n& Prävention");
    }

    #[test]
    fn slides_come_in_order_and_damaged_files_are_named() {
        let pptx = zipped(&[
            (
                "ppt/slides/slide10.xml",
                "<p:sld><a:p><a:t>zehn</a:t></a:p></p:sld>",
            ),
            (
                "ppt/slides/slide2.xml",
                "<p:sld><a:p><a:t>zwei</a:t></a:p></p:sld>",
            ),
        ]);
        let text = extract_text(
            "f.pptx",
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            &pptx,
        )
        .unwrap()
        .unwrap();
        assert_eq!(text, "zwei\n\nzehn");
        let error = extract_text(
            "b.odt",
            "application/vnd.oasis.opendocument.text",
            b"PK\x03\x04broken",
        )
        .unwrap_err();
        assert!(error.to_string().contains("`b.odt` is damaged"), "{error}");
        let error = extract_text("c.pdf", "application/pdf", b"%PDF-1.4\nnot really").unwrap_err();
        assert!(error.to_string().contains("`c.pdf` is damaged"), "{error}");
    }

    /// A PDF whose catalogue holds `depth` arrays one inside the other, with a correct
    /// cross-reference table.
    fn nested_pdf(depth: usize) -> Vec<u8> {
        let mut pdf = b"%PDF-1.4\n".to_vec();
        let mut offsets = Vec::new();
        offsets.push(pdf.len());
        pdf.extend_from_slice(b"1 0 obj\n<< /Type /Catalog /Pages 2 0 R /Deep ");
        pdf.extend(std::iter::repeat_n(b'[', depth));
        pdf.extend(std::iter::repeat_n(b']', depth));
        pdf.extend_from_slice(b" >>\nendobj\n");
        offsets.push(pdf.len());
        pdf.extend_from_slice(b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n");
        let xref = pdf.len();
        pdf.extend_from_slice(b"xref\n0 3\n0000000000 65535 f \n");
        for offset in offsets {
            pdf.extend_from_slice(format!("{offset:010} 00000 n \n").as_bytes());
        }
        pdf.extend_from_slice(
            format!("trailer\n<< /Size 3 /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n").as_bytes(),
        );
        pdf
    }

    #[test]
    fn a_deeply_nested_pdf_is_refused_not_the_end_of_the_process() {
        // A stack overflow cannot be caught: before lopdf 0.42 this test ended the test binary.
        let answer = extract_text("deep.pdf", "application/pdf", &nested_pdf(200_000));
        assert!(
            matches!(&answer, Err(FileError::Broken { name, .. }) if name == "deep.pdf")
                || matches!(&answer, Ok(None)),
            "{answer:?}"
        );
    }
}
