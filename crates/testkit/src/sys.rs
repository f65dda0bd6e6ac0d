//! Small facts about the machine and the process, found with std and the usual system tools.

use std::ffi::OsStr;
use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

/// The effective user id of this process.
pub(crate) fn effective_uid() -> Result<u32, String> {
    // /proc/self/status: "Uid:\t<real>\t<effective>\t<saved>\t<fs>"
    if let Ok(status) = std::fs::read_to_string("/proc/self/status")
        && let Some(euid) = status
            .lines()
            .find_map(|l| l.strip_prefix("Uid:"))
            .and_then(|rest| rest.split_whitespace().nth(1))
            .and_then(|v| v.parse().ok())
    {
        return Ok(euid);
    }
    let out = Command::new("id")
        .arg("-u")
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("could not tell the effective user id (`id -u`: {e})"))?;
    String::from_utf8_lossy(&out.stdout)
        .trim()
        .parse()
        .map_err(|_| "could not tell the effective user id (`id -u` printed no number)".to_string())
}

/// An unprivileged account to run PostgreSQL as.
#[derive(Debug, Clone)]
pub(crate) struct Account {
    pub(crate) name: String,
    pub(crate) uid: u32,
    pub(crate) gid: u32,
}

/// The uid and gid of a user, or `None` if there is no such user.
fn lookup(name: &str) -> Option<(u32, u32)> {
    let id = |flag: &str| -> Option<u32> {
        let out = Command::new("id")
            .arg(flag)
            .arg("--")
            .arg(name)
            .stdin(Stdio::null())
            .stderr(Stdio::null())
            .output()
            .ok()?;
        if !out.status.success() {
            return None;
        }
        String::from_utf8_lossy(&out.stdout).trim().parse().ok()
    };
    Some((id("-u")?, id("-g")?))
}

/// The account PostgreSQL runs as when the tests run as root: `URBIS_PG_USER` or `urbis-pg`,
/// created as a system user if it is missing.
pub(crate) fn pg_account() -> Result<Account, String> {
    let name = std::env::var("URBIS_PG_USER")
        .ok()
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| "urbis-pg".to_string());
    if let Some((uid, gid)) = lookup(&name) {
        return check_unprivileged(name, uid, gid);
    }
    // Several test processes may try at once, and two useradd runs for one name can race (the
    // second one replaces the first one's entry with another uid), so test processes create the
    // user one at a time, each looking again once it holds the lock.
    let lock_path = Path::new("/tmp/urbis-testkit-useradd.lock");
    let lock = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(lock_path)
        .and_then(|f| f.lock().map(|()| f))
        .map_err(|e| format!("could not lock {}: {e}", lock_path.display()))?;
    let mut last_error = String::new();
    for attempt in 0..20 {
        if let Some((uid, gid)) = lookup(&name) {
            return check_unprivileged(name, uid, gid);
        }
        if attempt > 0 {
            // useradd may fail to lock /etc/passwd while another program changes it.
            std::thread::sleep(Duration::from_millis(100 + 50 * attempt));
        }
        let useradd = ["useradd", "/usr/sbin/useradd", "/sbin/useradd"]
            .into_iter()
            .map(|p| {
                Command::new(p)
                    .args(["--system", "--no-create-home", "--", &name])
                    .stdin(Stdio::null())
                    .output()
            })
            .find(|r| !matches!(r, Err(e) if e.kind() == std::io::ErrorKind::NotFound));
        match useradd {
            None => {
                last_error = "`useradd` was not found".to_string();
                break;
            }
            Some(Err(e)) => last_error = format!("`useradd` could not be run: {e}"),
            Some(Ok(out)) if out.status.success() => {}
            Some(Ok(out)) => {
                last_error = format!(
                    "`useradd` failed ({}): {}",
                    out.status,
                    String::from_utf8_lossy(&out.stderr).trim()
                );
            }
        }
        if let Some((uid, gid)) = lookup(&name) {
            return check_unprivileged(name, uid, gid);
        }
    }
    drop(lock);
    Err(format!(
        "PostgreSQL refuses to run as root, so as root the test harness runs it as the system user \
         `{name}` (set URBIS_PG_USER to choose another), which does not exist, and creating it with \
         `useradd --system --no-create-home {name}` failed: {last_error}. Create that user, or run \
         the tests as an unprivileged user."
    ))
}

fn check_unprivileged(name: String, uid: u32, gid: u32) -> Result<Account, String> {
    if uid == 0 {
        return Err(format!(
            "URBIS_PG_USER names `{name}`, which has uid 0; PostgreSQL refuses to run as root: \
             name an unprivileged user"
        ));
    }
    Ok(Account { name, uid, gid })
}

/// Whether `path` is a file that someone may execute.
fn is_executable(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

/// `dir/name` if it is an executable file.
pub(crate) fn executable_in(dir: &Path, name: &str) -> Option<PathBuf> {
    let p = dir.join(name);
    is_executable(&p).then_some(p)
}

/// The first executable `name` on `PATH`.
pub(crate) fn which(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .filter(|d| d.is_absolute())
        .find_map(|d| executable_in(&d, name))
}

/// The directory to make the cluster's directory in: the usual temporary directory, unless
/// another user (the one PostgreSQL runs as) could not reach into it; then `/tmp`.
pub(crate) fn temp_root(for_other_user: bool) -> PathBuf {
    let tmp = std::env::temp_dir();
    if !for_other_user {
        return tmp;
    }
    let reachable = tmp.ancestors().all(|dir| {
        dir.as_os_str() == OsStr::new("")
            || std::fs::metadata(dir).is_ok_and(|m| m.permissions().mode() & 0o001 != 0)
    });
    if reachable && tmp.is_absolute() {
        tmp
    } else {
        PathBuf::from("/tmp")
    }
}

/// The watchdog of a helper process: waits until the test process (`$1`) is gone (or a zombie),
/// then sends the helper (`$2`) the signal `$3`, and SIGKILL if it still runs 5 s later.
const REAPER: &str = r#"
alive() {
  kill -0 "$1" 2>/dev/null || return 1
  if [ -r "/proc/$1/stat" ]; then
    s=$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -c1)
    [ "$s" != Z ] || return 1
  fi
  return 0
}
while alive "$1" && alive "$2"; do sleep 0.5; done
kill -"$3" "$2" 2>/dev/null
i=0
while alive "$2" && [ "$i" -lt 50 ]; do sleep 0.1; i=$((i+1)); done
kill -KILL "$2" 2>/dev/null
"#;

/// Stops the process `pid` (a helper server this process started) with `signal` (`TERM`,
/// `KILL`, …; SIGKILL 5 s later) once this process ends, however it ends, so that no server
/// outlives its test run.
pub(crate) fn kill_when_we_end(pid: u32, signal: &str) {
    let _ = Command::new("sh")
        .arg("-c")
        .arg(REAPER)
        .arg("urbis-test-reaper")
        .arg(std::process::id().to_string())
        .arg(pid.to_string())
        .arg(signal)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .process_group(0)
        .spawn();
}

/// A port on 127.0.0.1 that was free a moment ago.
pub(crate) fn free_port() -> std::io::Result<u16> {
    std::net::TcpListener::bind((std::net::Ipv4Addr::LOCALHOST, 0))?
        .local_addr()
        .map(|a| a.port())
}

/// Sends `signal` (`TERM`, `KILL`, …) to the process `pid` with the system's `kill`.
pub(crate) fn signal(pid: u32, signal: &str) -> std::io::Result<()> {
    let status = Command::new("kill")
        .arg(format!("-{signal}"))
        .arg(pid.to_string())
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .status()?;
    if status.success() {
        Ok(())
    } else {
        Err(std::io::Error::other(format!(
            "kill -{signal} {pid}: {status}"
        )))
    }
}
