//! `urbis backup FILE` and `urbis restore FILE`: the whole store (every table, from one
//! snapshot, while the server runs) and every uploaded file in one zip archive with a manifest.
//! A restore goes into an empty store and empty file storage; a damaged archive writes nothing.
//! A backup of an older schema version is migrated as it is restored; a newer one is refused.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufRead, BufReader, Read, Seek, Write};
use std::path::Path;

use serde_json::{Value, json};
use urbis_store::{Backend, BackupSink, Store, TableShape};
use zip::ZipArchive;
use zip::write::{SimpleFileOptions, ZipWriter};

use crate::error::CliError;
use crate::lang::t;

/// What the manifest's `format` says.
const FORMAT: &str = "urbis-backup";
/// The archive layout this urbis writes and reads.
const VERSION: u64 = 1;
const MANIFEST: &str = "manifest.json";
const TABLES: &str = "tables/";
const OBJECTS: &str = "objects/";

fn options() -> SimpleFileOptions {
    SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(true)
}

/// Writes each table as JSON lines: the column names first, then one array per row.
struct ZipSink<W: Write + Seek> {
    zip: ZipWriter<W>,
    line: Vec<u8>,
}

impl<W: Write + Seek> ZipSink<W> {
    fn line(&mut self, value: &impl serde::Serialize) -> std::io::Result<()> {
        self.line.clear();
        serde_json::to_writer(&mut self.line, value)?;
        self.line.push(b'\n');
        self.zip.write_all(&self.line)
    }
}

impl<W: Write + Seek> BackupSink for ZipSink<W> {
    fn table(&mut self, shape: &TableShape) -> std::io::Result<()> {
        self.zip
            .start_file(format!("{TABLES}{}.jsonl", shape.name), options())
            .map_err(std::io::Error::other)?;
        self.line(&shape.columns)
    }

    fn row(&mut self, values: &[Value]) -> std::io::Result<()> {
        self.line(&values)
    }
}

fn files() -> Result<urbis_files::Files, CliError> {
    urbis_files::FileConfig::from_env()
        .and_then(|config| urbis_files::Files::open(&config))
        .map_err(|e| CliError::Usage(t!("cli-file-storage", error = &e.to_string())))
}

/// `urbis backup FILE`.
pub async fn backup(url: &str, file: &Path) -> Result<(), CliError> {
    let files = files()?;
    let store = Store::open(url).await?;
    let result = write_backup(&store, &files, file).await;
    store.close().await;
    let (rows, objects) = result?;
    let file = file.display().to_string();
    let said = t!("cli-backed-up", rows = rows, files = objects, file = &file);
    eprintln!("{said}");
    Ok(())
}

async fn write_backup(
    store: &Store,
    files: &urbis_files::Files,
    file: &Path,
) -> Result<(u64, usize), CliError> {
    let name = file.display().to_string();
    let fail = |e: &dyn std::fmt::Display| {
        CliError::Io(t!(
            "cli-cannot-write-backup",
            file = &name,
            error = &e.to_string()
        ))
    };
    let dir = file
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let temp = tempfile::NamedTempFile::new_in(dir).map_err(|e| fail(&e))?;
    let mut sink = ZipSink {
        zip: ZipWriter::new(std::io::BufWriter::new(temp)),
        line: Vec::new(),
    };
    let created = jiff::Timestamp::now();
    // The store first, from one snapshot; then the files, which are written before the rows
    // that name them and never changed, so every file the snapshot names is there.
    let counts = store.backup(&mut sink).await?;
    let keys = files
        .keys()
        .await
        .map_err(|e| CliError::Io(t!("cli-cannot-list-files", error = &e.to_string())))?;
    for key in &keys {
        let bytes = match files.get(key).await {
            Ok(bytes) => bytes,
            // Deleted since it was listed: the snapshot does not name it either.
            Err(urbis_files::FileError::NotFound(_)) => continue,
            Err(e) => {
                let error = e.to_string();
                return Err(CliError::Io(t!(
                    "cli-cannot-read-file",
                    key = key,
                    error = &error
                )));
            }
        };
        sink.zip
            .start_file(format!("{OBJECTS}{key}"), options())
            .map_err(|e| fail(&e))?;
        sink.zip.write_all(&bytes).map_err(|e| fail(&e))?;
    }
    let manifest = json!({
        "format": FORMAT,
        "version": VERSION,
        "urbis": env!("CARGO_PKG_VERSION"),
        "backend": match store.backend() {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        },
        "created": created.to_string(),
        "schema_version": counts.schema_version,
        "tables": counts.rows,
        "files": keys.len(),
    });
    sink.zip
        .start_file(MANIFEST, options())
        .map_err(|e| fail(&e))?;
    let text = serde_json::to_vec_pretty(&manifest).map_err(|e| fail(&e))?;
    sink.zip.write_all(&text).map_err(|e| fail(&e))?;
    let buffered = sink.zip.finish().map_err(|e| fail(&e))?;
    let temp = buffered.into_inner().map_err(|e| fail(&e.error()))?;
    temp.as_file().sync_all().map_err(|e| fail(&e))?;
    temp.persist(file).map_err(|e| fail(&e.error))?;
    Ok((counts.rows.values().sum(), keys.len()))
}

/// The manifest of an archive, checked.
struct Manifest {
    schema_version: i64,
    tables: BTreeMap<String, u64>,
}

fn read_manifest(
    archive: &mut ZipArchive<File>,
    bad: &dyn Fn(String) -> CliError,
) -> Result<Manifest, CliError> {
    let mut text = String::new();
    archive
        .by_name(MANIFEST)
        .map_err(|_| bad(t!("cli-backup-no-manifest")))?
        .read_to_string(&mut text)
        .map_err(|e| bad(t!("cli-backup-manifest-unreadable", error = &e.to_string())))?;
    let value: Value = serde_json::from_str(&text)
        .map_err(|e| bad(t!("cli-backup-manifest-not-json", error = &e.to_string())))?;
    if value["format"] != FORMAT {
        return Err(bad(t!("cli-backup-not-urbis")));
    }
    if value["version"] != VERSION {
        let version = value["version"].to_string();
        return Err(bad(t!(
            "cli-backup-layout-version",
            version = &version,
            supported = VERSION
        )));
    }
    let schema_version = value["schema_version"]
        .as_i64()
        .ok_or_else(|| bad(t!("cli-backup-no-schema-version")))?;
    let tables: BTreeMap<String, u64> = serde_json::from_value(value["tables"].clone())
        .map_err(|e| bad(t!("cli-backup-tables-wrong", error = &e.to_string())))?;
    Ok(Manifest {
        schema_version,
        tables,
    })
}

/// `urbis restore FILE`.
pub async fn restore(url: &str, file: &Path) -> Result<(), CliError> {
    let name = file.display().to_string();
    let bad = |problem: String| {
        CliError::Usage(t!("cli-nothing-restored", file = &name, problem = &problem))
    };
    let opened = File::open(file).map_err(|e| {
        bad(match e.kind() {
            std::io::ErrorKind::NotFound => t!("cli-no-such-file"),
            _ => e.to_string(),
        })
    })?;
    let mut archive = ZipArchive::new(opened)
        .map_err(|e| bad(t!("cli-backup-not-zip", error = &e.to_string())))?;
    let manifest = read_manifest(&mut archive, &bad)?;
    let files = files()?;
    let present = files
        .keys()
        .await
        .map_err(|e| CliError::Io(t!("cli-cannot-list-files", error = &e.to_string())))?;
    if !present.is_empty() {
        return Err(CliError::Usage(t!(
            "cli-restore-files-present",
            place = files.place(),
            count = present.len()
        )));
    }
    let store = Store::open(url).await?;
    let result = restore_into(&store, &files, &mut archive, &manifest, &bad).await;
    let schema = match &result {
        Ok(_) => store.schema_version().await.ok(),
        Err(_) => None,
    };
    store.close().await;
    let (rows, objects) = result?;
    let from = manifest.schema_version;
    let said = match schema {
        Some(to) if to != from => t!(
            "cli-restored-migrated",
            rows = rows,
            files = objects,
            file = &name,
            from = from,
            to = to
        ),
        _ => t!("cli-restored", rows = rows, files = objects, file = &name),
    };
    eprintln!("{said}");
    Ok(())
}

async fn restore_into(
    store: &Store,
    files: &urbis_files::Files,
    archive: &mut ZipArchive<File>,
    manifest: &Manifest,
    bad: &dyn Fn(String) -> CliError,
) -> Result<(u64, usize), CliError> {
    let unreadable = |entry: &str, e: &dyn std::fmt::Display| {
        bad(t!(
            "cli-backup-entry-unreadable",
            entry = entry,
            error = &e.to_string()
        ))
    };
    let mut restore = store.restore(manifest.schema_version).await?;
    let order = restore.tables();
    if let Some(unknown) = manifest.tables.keys().find(|t| !order.contains(t)) {
        return Err(bad(t!("cli-backup-unknown-table", table = unknown)));
    }
    let mut rows = 0;
    for table in order.iter().filter(|t| manifest.tables.contains_key(*t)) {
        let entry = format!("{TABLES}{table}.jsonl");
        let reader = archive.by_name(&entry).map_err(|e| {
            bad(t!(
                "cli-backup-entry-missing",
                entry = &entry,
                error = &e.to_string()
            ))
        })?;
        let mut lines = BufReader::new(reader).lines();
        let header = lines
            .next()
            .ok_or_else(|| bad(t!("cli-backup-entry-empty", entry = &entry)))?
            .map_err(|e| unreadable(&entry, &e))?;
        let columns: Vec<String> = serde_json::from_str(&header).map_err(|e| {
            let error = e.to_string();
            bad(t!(
                "cli-backup-entry-no-columns",
                entry = &entry,
                error = &error
            ))
        })?;
        let width = columns.len();
        restore
            .start_table(&TableShape {
                name: table.clone(),
                columns,
            })
            .await?;
        let mut count = 0;
        for (n, line) in lines.enumerate() {
            let line = line.map_err(|e| unreadable(&entry, &e))?;
            let values: Vec<Value> = serde_json::from_str(&line).map_err(|e| {
                let error = e.to_string();
                bad(t!(
                    "cli-backup-entry-bad-line",
                    entry = &entry,
                    line = n + 2,
                    error = &error
                ))
            })?;
            if values.len() != width {
                return Err(bad(t!(
                    "cli-backup-entry-width",
                    entry = &entry,
                    line = n + 2,
                    values = values.len(),
                    columns = width
                )));
            }
            restore.row(values).await?;
            count += 1;
        }
        let expected = manifest.tables.get(table).copied().unwrap_or(0);
        if count != expected {
            return Err(bad(t!(
                "cli-backup-entry-count",
                entry = &entry,
                count = count,
                expected = expected
            )));
        }
        rows += count;
    }
    let mut written = Vec::new();
    let outcome = restore_files(files, archive, bad, &mut written).await;
    let committed = match outcome {
        Ok(()) => restore.commit().await.map_err(CliError::from),
        Err(error) => Err(error),
    };
    if let Err(error) = committed {
        for key in &written {
            let _ = files.delete(key).await;
        }
        return Err(error);
    }
    Ok((rows, written.len()))
}

async fn restore_files(
    files: &urbis_files::Files,
    archive: &mut ZipArchive<File>,
    bad: &dyn Fn(String) -> CliError,
    written: &mut Vec<String>,
) -> Result<(), CliError> {
    let names: Vec<String> = archive
        .file_names()
        .filter(|n| n.starts_with(OBJECTS) && !n.ends_with('/'))
        .map(str::to_owned)
        .collect();
    let unreadable = |entry: &str, e: &dyn std::fmt::Display| {
        bad(t!(
            "cli-backup-entry-unreadable",
            entry = entry,
            error = &e.to_string()
        ))
    };
    for name in names {
        let key = &name[OBJECTS.len()..];
        let mut bytes = Vec::new();
        archive
            .by_name(&name)
            .map_err(|e| unreadable(&name, &e))?
            .read_to_end(&mut bytes)
            .map_err(|e| unreadable(&name, &e))?;
        files
            .restore(key, bytes)
            .await
            .map_err(|e| bad(format!("{name}: {e}")))?;
        written.push(key.to_owned());
    }
    Ok(())
}
