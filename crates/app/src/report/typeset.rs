//! Report PDFs typeset by a short-lived process of their own (`urbis typeset`), whose memory
//! the system takes back whole when it ends.

use std::path::Path;
use std::process::{Command, Stdio};

use urbis_report::PdfJob;

use crate::AppError;

/// Typesets `job` with `program typeset`: the job on its standard input, the PDF on its
/// standard output, and what went wrong on its standard error. When the program cannot be
/// started (it was replaced by an upgrade meanwhile), this process typesets.
pub(super) fn apart(program: &Path, job: PdfJob) -> Result<Vec<u8>, AppError> {
    let failed =
        |what: String| AppError::Report(format!("typesetting with {}: {what}", program.display()));
    let child = Command::new(program)
        .arg("typeset")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn();
    let mut child = match child {
        Ok(child) => child,
        Err(error) => {
            tracing::warn!(program = %program.display(), %error, "typesetting the report here");
            return job.typeset().map_err(super::report_error);
        }
    };
    let mut input = child
        .stdin
        .take()
        .ok_or_else(|| failed("no standard input".into()))?;
    // Written beside the reading of the answer: a long job fills the pipe before the child
    // has read it all, and the child's answer the other pipe.
    let output = std::thread::scope(|scope| {
        let writer = scope.spawn(move || job.write_to(&mut std::io::BufWriter::new(&mut input)));
        let output = child.wait_with_output();
        (writer.join(), output)
    });
    let (handed, output) = output;
    let output = output.map_err(|e| failed(e.to_string()))?;
    // A child that failed says why on its standard error, also when it stopped reading.
    if !output.status.success() {
        let message = String::from_utf8_lossy(&output.stderr);
        return Err(failed(format!("{}: {}", output.status, message.trim())));
    }
    match handed {
        Ok(Ok(())) => {}
        Ok(Err(e)) => return Err(failed(format!("handing over the job: {e}"))),
        Err(_) => return Err(failed("handing over the job failed".into())),
    }
    Ok(output.stdout)
}
