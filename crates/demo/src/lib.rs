//! The demo network of urbis: a German forum of cities (DEFUS) with everything its 2022 annual
//! report tells, under its European umbrella (Efus) and beside four sibling national forums.
//!
//! The records live as readable JSON files under `data/<forum>/`, one file per theme, in the
//! urbis export format with readable keys instead of UUIDs. Each file is a fragment of one
//! forum's data; exactly one file per forum (`forum.json`) holds the forum itself. The files are
//! embedded in the binary, so loading the demo needs no files at run time.

pub mod scale;
pub mod upcoming;

use urbis_domain::{Dataset, ForumData};

/// One embedded data file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DemoFile {
    /// The path below `data/`: the forum's directory and the file name (`defus/events.json`).
    pub path: &'static str,
    /// The JSON text.
    pub text: &'static str,
}

impl DemoFile {
    /// The directory of the forum the file belongs to (`defus`).
    pub fn forum_dir(&self) -> &'static str {
        self.path.split_once('/').map_or("", |(dir, _)| dir)
    }

    /// The file name (`events.json`).
    pub fn name(&self) -> &'static str {
        self.path
            .split_once('/')
            .map_or(self.path, |(_, name)| name)
    }
}

macro_rules! demo_files {
    ($($path:literal),* $(,)?) => {
        &[$(DemoFile { path: $path, text: include_str!(concat!("../data/", $path)) }),*]
    };
}

/// The name of the file that holds a forum's own record.
pub const FORUM_FILE: &str = "forum.json";

/// Every data file, forum by forum, each forum's `forum.json` first.
pub const FILES: &[DemoFile] = demo_files![
    "efus/forum.json",
    "efus/events.json",
    "defus/forum.json",
    "defus/topics.json",
    "defus/members.json",
    "defus/people.json",
    "defus/projects.json",
    "defus/events.json",
    "defus/knowledge.json",
    "defus/advocacy.json",
    "defus/report.json",
    "fbpsu/forum.json",
    "fbpsu/records.json",
    "ffsu/forum.json",
    "ffsu/records.json",
    "fisu/forum.json",
    "fisu/records.json",
    "fepsu/forum.json",
    "fepsu/records.json",
];

/// Why the demo data could not be loaded; every variant names the file.
#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    /// A file is not valid JSON or does not fit the export format.
    #[error("data/{file}, line {line}, column {column}: {path}: {message}")]
    Parse {
        /// The file below `data/`.
        file: &'static str,
        /// Line of the error.
        line: usize,
        /// Column of the error.
        column: usize,
        /// The JSON path of the field (`events[3].start`), `.` for the whole file.
        path: String,
        /// What is wrong.
        message: String,
    },
    /// A file other than `forum.json` holds a `forum`.
    #[error("data/{file}: only {FORUM_FILE} may hold the `forum`")]
    ForumOutsideForumFile {
        /// The file below `data/`.
        file: &'static str,
    },
    /// A forum's directory has no `forum.json`, or it holds no `forum`.
    #[error("data/{dir}/{FORUM_FILE}: missing, or it holds no `forum`")]
    MissingForum {
        /// The forum's directory below `data/`.
        dir: &'static str,
    },
}

/// Reads one file as a fragment of a forum's data.
pub fn parse(file: &DemoFile) -> Result<ForumData, DemoError> {
    let fail = |path: String, error: serde_json::Error| DemoError::Parse {
        file: file.path,
        line: error.line(),
        column: error.column(),
        path,
        message: strip_position(&error.to_string()),
    };
    let mut deserializer = serde_json::Deserializer::from_str(file.text);
    let data: ForumData = serde_path_to_error::deserialize(&mut deserializer)
        .map_err(|e| fail(e.path().to_string(), e.into_inner()))?;
    deserializer.end().map_err(|e| fail(".".to_owned(), e))?;
    Ok(data)
}

/// serde_json appends "at line X column Y" to its messages; the error says so already.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_owned(),
        None => message.to_owned(),
    }
}

/// The whole demo network as one export document: every forum with all its records, the
/// umbrella first, its upcoming events dated from today (in the network's time zone). Ids are
/// still readable keys; [`Dataset::prepare`] turns them into UUIDs.
pub fn dataset() -> Result<Dataset, DemoError> {
    let zone = jiff::tz::TimeZone::get(&urbis_domain::events::default_time_zone())
        .unwrap_or(jiff::tz::TimeZone::UTC);
    dataset_on(zone.to_datetime(jiff::Timestamp::now()).date())
}

/// The demo network as it is loaded on `today`: its upcoming events dated from that day.
pub fn dataset_on(today: jiff::civil::Date) -> Result<Dataset, DemoError> {
    let mut forums: Vec<(&'static str, ForumData)> = Vec::new();
    for file in FILES {
        let mut fragment = parse(file)?;
        let forum = fragment.forum.take();
        if forum.is_some() && file.name() != FORUM_FILE {
            return Err(DemoError::ForumOutsideForumFile { file: file.path });
        }
        if forum.is_none() && file.name() == FORUM_FILE {
            return Err(DemoError::MissingForum {
                dir: file.forum_dir(),
            });
        }
        let dir = file.forum_dir();
        let index = match forums.iter().position(|(d, _)| *d == dir) {
            Some(index) => index,
            None => {
                forums.push((dir, ForumData::default()));
                forums.len() - 1
            }
        };
        let data = &mut forums[index].1;
        if forum.is_some() {
            data.forum = forum;
        }
        data.merge(fragment);
    }
    match forums.iter_mut().find(|(d, _)| *d == upcoming::FORUM_DIR) {
        Some((_, data)) => data.merge(upcoming::upcoming(today)?),
        None => {
            return Err(DemoError::MissingForum {
                dir: upcoming::FORUM_DIR,
            });
        }
    }
    let mut dataset = Dataset::new();
    for (dir, data) in forums {
        if data.forum.is_none() {
            return Err(DemoError::MissingForum { dir });
        }
        dataset.forums.push(data);
    }
    dataset.sort_forums();
    Ok(dataset)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_name_the_file_the_line_and_the_field() {
        let file = DemoFile {
            path: "defus/broken.json",
            text: "{\n  \"events\": [\n    { \"kind\": \"party\" }\n  ]\n}\n",
        };
        let message = parse(&file)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(
            message.starts_with("data/defus/broken.json, line 3,"),
            "{message}"
        );
        assert!(message.contains("events[0].kind"), "{message}");
        assert!(!message.contains(" at line "), "{message}");
    }

    #[test]
    fn unknown_fields_are_errors() {
        let file = DemoFile {
            path: "defus/broken.json",
            text: "{ \"topics\": [], \"colour\": \"red\" }",
        };
        let message = parse(&file)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(message.contains("colour"), "{message}");
    }

    #[test]
    fn only_forum_json_holds_the_forum() {
        for file in FILES {
            let data = parse(file).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(
                data.forum.is_some(),
                file.name() == FORUM_FILE,
                "{}",
                file.path
            );
        }
    }
}
