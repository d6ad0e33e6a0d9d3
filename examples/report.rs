//! Prints this machine's devprobe report as JSON.
//!
//! Running it is the consent: it grants the chosen purposes (all by default) for this one run.
//!
//! ```text
//! cargo run --example report -- [--pretty] [--purposes all|none|LIST] [--ip omit|truncated|full]
//!                                [--snapshot DIR] [--capture DIR] [--explain zh|en] [--watch]
//! ```
//! `--explain` prints the human-readable listing instead of JSON; `--watch` prints, after the
//! report, each network change as one JSON line (NDJSON) until stopped.
//!
//! Exit codes: 0 report printed (or `--help`; also when the reader stops early, `| head`), 1 the
//! report could not be printed or the capture could not be written, 2 bad flag,
//! unusable snapshot or a watch without a network or orientation purpose, 3 no consent
//! (`--purposes none`: nothing is read).

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

#[path = "support/capture.rs"]
mod capture;

use devprobe::source::{Live, Recording, Snapshot, Source};
use devprobe::{Collector, Consent, Error, IpPrecision, Lang, Purpose};

const HELP: &str = "\
usage: report [FLAGS]
Prints this device's devprobe report as JSON. Running it is the consent: it grants the chosen
purposes for this one run.

flags:
  --pretty                    indented JSON
  --purposes all|none|LIST    what running it consents to (default all); LIST is comma-separated:
                              compatibility,server_selection,connectivity,video_orientation
  --ip omit|truncated|full    how much of the IP address to report (default truncated)
  --snapshot DIR              read a captured or hand-made device folder instead of this device
  --capture DIR               after the report, write what was read into DIR (a new or empty
                              folder) as a snapshot, IP addresses cut to /24 and /48
  --explain zh|en             print the human-readable listing instead of JSON
  --deadline MS               how long a collect may take, in milliseconds (default 200); fields
                              still unread then are omitted timed_out
  --watch                     after the report, print each network or orientation change as one
                              JSON line until stopped (not with --explain)
  -h, --help                  print this help

exit codes:
  0  the report was printed (or this help; also when the reader stops early: report | head)
  1  the report could not be printed, or the capture could not be written (the report was
     printed)
  2  a bad flag, a --capture path that is a file or a non-empty folder, an unusable snapshot
     folder, or --watch with none of connectivity, server_selection, video_orientation
  3  no consent (--purposes none): nothing is read";

#[derive(Debug)]
struct Args {
    pretty: bool,
    purposes: Vec<Purpose>,
    ip: IpPrecision,
    snapshot: Option<PathBuf>,
    capture: Option<PathBuf>,
    explain: Option<Lang>,
    deadline: Option<std::time::Duration>,
    watch: bool,
}

fn parse_args() -> Result<Args, String> {
    use lexopt::prelude::*;
    let mut args = Args {
        pretty: false,
        purposes: Purpose::ALL.to_vec(),
        ip: IpPrecision::default(),
        snapshot: None,
        capture: None,
        explain: None,
        deadline: None,
        watch: false,
    };
    let mut parser = lexopt::Parser::from_env();
    let mut seen: Vec<&str> = Vec::new();
    while let Some(arg) = parser.next().map_err(|e| e.to_string())? {
        // Each flag that takes a value may be given once: a second one would silently win.
        if let Long(name) = arg
            && let Some(flag) = [
                "purposes", "ip", "snapshot", "capture", "explain", "deadline",
            ]
            .into_iter()
            .find(|f| *f == name)
        {
            if seen.contains(&flag) {
                return Err(format!("--{flag} is given twice; give it once"));
            }
            seen.push(flag);
        }
        match arg {
            Long("pretty") => args.pretty = true,
            Long("purposes") => {
                args.purposes = parse_purposes(&value(&mut parser, "purposes")?)?;
            }
            Long("ip") => {
                let v = value(&mut parser, "ip")?;
                args.ip = v
                    .parse()
                    .map_err(|_| format!("--ip takes omit, truncated or full, not {v:?}"))?;
            }
            Long("snapshot") => args.snapshot = Some(folder(&mut parser, "snapshot")?),
            Long("capture") => args.capture = Some(folder(&mut parser, "capture")?),
            Long("explain") => {
                let v = value(&mut parser, "explain")?;
                args.explain = Some(
                    v.parse()
                        .map_err(|_| format!("--explain takes zh or en, not {v:?}"))?,
                );
            }
            Long("deadline") => {
                let v = value(&mut parser, "deadline")?;
                let ms: u64 = v.parse().map_err(|_| {
                    format!("--deadline takes a whole number of milliseconds, not {v:?}")
                })?;
                args.deadline = Some(std::time::Duration::from_millis(ms));
            }
            Long("watch") => args.watch = true,
            Long("help") | Short('h') => {
                // A reader that stops early (`--help | head`) is no error.
                let _ = writeln!(std::io::stdout(), "{HELP}");
                std::process::exit(0);
            }
            other => return Err(format!("{}; see --help", other.unexpected())),
        }
    }
    if args.watch && args.explain.is_some() {
        return Err("--watch prints JSON lines; it does not go with --explain".into());
    }
    if let Some(dir) = &args.capture {
        if dir.exists() && !dir.is_dir() {
            return Err(format!(
                "--capture {}: not a folder; a capture is written into a new or empty folder",
                dir.display()
            ));
        }
        if std::fs::read_dir(dir).is_ok_and(|mut d| d.next().is_some()) {
            return Err(format!(
                "--capture {}: the folder is not empty; a capture must hold only what was read",
                dir.display()
            ));
        }
    }
    Ok(args)
}

/// The value of `--flag`, which must not itself look like a flag (`--capture --pretty` is a
/// forgotten value, not a folder named `--pretty`; write `./--pretty` for that).
fn value(parser: &mut lexopt::Parser, flag: &str) -> Result<String, String> {
    let v = parser
        .value()
        .map_err(|_| format!("--{flag} needs a value; see --help"))?;
    let v = v
        .into_string()
        .map_err(|v| format!("--{flag}: not UTF-8: {v:?}"))?;
    if v.starts_with('-') {
        return Err(format!(
            "--{flag} needs a value, but the next argument is the flag {v:?}"
        ));
    }
    Ok(v)
}

/// The folder of `--flag`: an empty value would mean the current directory (a capture would
/// be written all over it), so it is refused.
fn folder(parser: &mut lexopt::Parser, flag: &str) -> Result<PathBuf, String> {
    let v = value(parser, flag)?;
    if v.is_empty() {
        return Err(format!("--{flag} needs a folder, not an empty path"));
    }
    Ok(v.into())
}

fn parse_purposes(list: &str) -> Result<Vec<Purpose>, String> {
    match list.trim() {
        "all" => Ok(Purpose::ALL.to_vec()),
        "none" => Ok(Vec::new()),
        "" => Err("--purposes takes all, none or a comma-separated list, not an empty one".into()),
        list => {
            let mut purposes = list
                .split(',')
                .map(|p| {
                    p.trim()
                        .parse::<Purpose>()
                        .map_err(|e| format!("--purposes: {e}"))
                })
                .collect::<Result<Vec<_>, _>>()?;
            purposes.sort();
            purposes.dedup();
            Ok(purposes)
        }
    }
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("report: {e}");
            return ExitCode::from(2);
        }
    };
    let source: Arc<dyn Source> = match &args.snapshot {
        Some(dir) => match Snapshot::from_dir(dir) {
            Ok(s) => Arc::new(s),
            Err(e) => {
                eprintln!("report: {e}");
                return ExitCode::from(2);
            }
        },
        // Full addresses from the device only when the report is to carry them.
        None if args.ip == IpPrecision::Full => Arc::new(Live::new().with_full_addresses()),
        None => Arc::new(Live::new()),
    };
    let recording = Arc::new(Recording::new(source));
    let consent = Consent::new();
    let mut builder = Collector::builder(consent.clone())
        .source(recording.clone())
        .ip_precision(args.ip);
    if let Some(deadline) = args.deadline {
        builder = builder.deadline(deadline);
    }
    let collector = builder.build();

    if !args.purposes.is_empty() {
        let names: Vec<&str> = args.purposes.iter().map(|p| p.as_str()).collect();
        eprintln!(
            "report: running this program is your consent to read this device's facts for: {}",
            names.join(", ")
        );
        consent.grant(args.purposes.iter().copied());
    }
    let report = match collector.collect() {
        Ok(r) => r,
        Err(Error::ConsentRequired) => {
            eprintln!("report: {}; nothing was read", Error::ConsentRequired);
            return ExitCode::from(3);
        }
        Err(e) => {
            eprintln!("report: {e}");
            return ExitCode::FAILURE;
        }
    };
    let text = match args.explain {
        Some(lang) => Ok(report.explain(lang)),
        None if args.pretty => report.to_json_pretty(),
        None => report.to_json(),
    };
    // Whether the reader stopped early (`report | head -1`): no panic, the capture is still
    // written, and there is no one left to print watched changes to.
    let mut reader_gone = false;
    match text {
        Ok(t) => {
            if let Err(e) = writeln!(std::io::stdout(), "{}", t.trim_end()) {
                if e.kind() != std::io::ErrorKind::BrokenPipe {
                    eprintln!("report: cannot print the report: {e}");
                    return ExitCode::FAILURE;
                }
                reader_gone = true;
            }
        }
        Err(e) => {
            eprintln!("report: {e}");
            return ExitCode::FAILURE;
        }
    }
    if let Some(dir) = &args.capture {
        if let Err(e) = capture::write_snapshot(dir, &recording.to_snapshot().entries()) {
            eprintln!("report: cannot write the capture to {}: {e}", dir.display());
            return ExitCode::FAILURE;
        }
        eprintln!(
            "report: wrote what was read to {} (IP addresses minimized)",
            dir.display()
        );
    }
    if args.watch && !reader_gone {
        return watch(&collector);
    }
    ExitCode::SUCCESS
}

/// Prints each change as one JSON line until the subscription ends (consent withdrawn) or the
/// program is stopped.
fn watch(collector: &Collector) -> ExitCode {
    let subscription = match collector.subscribe() {
        Ok(s) => s,
        Err(e) => {
            let _ = e;
            eprintln!(
                "report: cannot watch: none of connectivity, server_selection, video_orientation is granted"
            );
            return ExitCode::from(2);
        }
    };
    let mut out = std::io::stdout().lock();
    for change in subscription {
        let line = match serde_json::to_string(&change) {
            Ok(l) => l,
            Err(e) => {
                eprintln!("report: {e}");
                return ExitCode::FAILURE;
            }
        };
        if writeln!(out, "{line}").and_then(|()| out.flush()).is_err() {
            break;
        }
    }
    ExitCode::SUCCESS
}
