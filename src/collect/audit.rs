//! The audit log: what each collection read, for which purposes, and how it ended — never a
//! value. It lets a developer answer a regulator's or a user's "what did the SDK read and when".
//!
//! Kept in memory only (a ring of the last N entries, default 64), like everything devprobe
//! holds. It is not cleared by a withdrawal, because it holds no facts about the device: only
//! field names, purposes and times.

use std::collections::VecDeque;
use std::sync::{Mutex, PoisonError};

use serde::{Deserialize, Serialize};
use web_time::SystemTime;

use crate::consent::{Purpose, PurposeSet};
use crate::field::{Field, FieldSet};
use crate::text_enum::text_enum;

/// How many collections the audit log keeps by default.
pub const DEFAULT_AUDIT_CAPACITY: usize = 64;

text_enum! {
    /// How a collection ended (`outcome` of an [`AuditEntry`]), e.g. `"reported"`.
    #[non_exhaustive]
    pub enum AuditOutcome: "audit outcome" {
        /// A report was returned.
        Reported => "reported",
        /// Nothing was granted: the collect returned `ConsentRequired` and read nothing.
        ConsentRequired => "consent_required",
        /// Consent changed (was withdrawn) while the collect ran: what was read was dropped and
        /// the collect returned `ConsentRequired`.
        Discarded => "discarded",
    }
}

/// One collection in the audit log. No values: only which fields, why, when, and the outcome.
///
/// ```json
/// {"at": "2026-11-29T06:30:00Z", "purposes": ["compatibility"],
///  "fields_read": ["device.brand", "os.version"], "fields_from_memory": [],
///  "outcome": "reported"}
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct AuditEntry {
    /// When the collection started, RFC 3339 UTC.
    pub at: String,
    /// The purposes granted for it (empty when nothing was granted).
    pub purposes: Vec<Purpose>,
    /// The fields whose sources were read (queried) by this collection, in report order.
    pub fields_read: Vec<Field>,
    /// The permitted fields served from memory instead (static facts, or dynamic facts read less
    /// than `min_refresh` ago).
    pub fields_from_memory: Vec<Field>,
    /// How it ended.
    pub outcome: AuditOutcome,
}

impl AuditEntry {
    pub(crate) fn new(
        at: String,
        purposes: Vec<Purpose>,
        read: FieldSet,
        from_memory: FieldSet,
        outcome: AuditOutcome,
    ) -> AuditEntry {
        AuditEntry {
            at,
            purposes,
            fields_read: read.iter().collect(),
            fields_from_memory: from_memory.iter().collect(),
            outcome,
        }
    }
}

/// One collection as the log keeps it: sets and a time, no text and no allocation; turned into
/// an [`AuditEntry`] when the log is read.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Record {
    /// When the collection started.
    pub(crate) at: SystemTime,
    pub(crate) purposes: PurposeSet,
    pub(crate) read: FieldSet,
    pub(crate) from_memory: FieldSet,
    pub(crate) outcome: AuditOutcome,
}

impl Record {
    fn entry(&self) -> AuditEntry {
        AuditEntry::new(
            crate::time::format_rfc3339(self.at),
            self.purposes.iter().collect(),
            self.read,
            self.from_memory,
            self.outcome,
        )
    }
}

/// How many records the log holds in place before it allocates: a collector that collects a
/// few times records them without allocating.
const IN_PLACE: usize = 4;

/// The ring of the last `capacity` entries.
#[derive(Debug)]
pub(crate) struct AuditLog {
    capacity: usize,
    entries: Mutex<Records>,
}

/// The records, oldest first: the oldest `IN_PLACE` in place, the others after them in a
/// queue that grows with use.
#[derive(Debug, Default)]
struct Records {
    /// The oldest records; a prefix of `Some`.
    first: [Option<Record>; IN_PLACE],
    /// The newer ones; only used once `first` is full.
    more: VecDeque<Record>,
}

impl Records {
    fn len(&self) -> usize {
        self.first.iter().flatten().count() + self.more.len()
    }

    fn pop_front(&mut self) {
        if self.first.first().is_some_and(Option::is_some) {
            self.first.rotate_left(1);
            if let Some(last) = self.first.last_mut() {
                *last = None;
            }
        } else {
            self.more.pop_front();
        }
    }

    fn push_back(&mut self, record: Record) {
        let free = self.first.iter_mut().find(|r| r.is_none());
        match free {
            Some(slot) if self.more.is_empty() => *slot = Some(record),
            _ => self.more.push_back(record),
        }
    }

    fn iter(&self) -> impl Iterator<Item = &Record> {
        self.first.iter().flatten().chain(&self.more)
    }
}

impl AuditLog {
    pub(crate) fn new(capacity: usize) -> AuditLog {
        AuditLog {
            capacity,
            entries: Mutex::new(Records::default()),
        }
    }

    pub(crate) fn record(&self, entry: Record) {
        if self.capacity == 0 {
            return;
        }
        let mut entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        while entries.len() >= self.capacity {
            entries.pop_front();
        }
        entries.push_back(entry);
    }

    /// Oldest first.
    pub(crate) fn entries(&self) -> Vec<AuditEntry> {
        self.entries
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .iter()
            .map(Record::entry)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(secs: u64) -> Record {
        Record {
            at: web_time::UNIX_EPOCH + std::time::Duration::from_secs(secs),
            purposes: PurposeSet::default(),
            read: FieldSet::EMPTY,
            from_memory: FieldSet::EMPTY,
            outcome: AuditOutcome::ConsentRequired,
        }
    }

    #[test]
    fn keeps_the_last_entries() {
        let log = AuditLog::new(2);
        for secs in [1, 2, 3] {
            log.record(entry(secs));
        }
        let ats: Vec<String> = log.entries().into_iter().map(|e| e.at).collect();
        assert_eq!(ats, vec!["1970-01-01T00:00:02Z", "1970-01-01T00:00:03Z"]);
        for capacity in [1, IN_PLACE, IN_PLACE + 3, 64] {
            let log = AuditLog::new(capacity);
            for secs in 0..3 * IN_PLACE as u64 + 5 {
                log.record(entry(secs));
                let kept: Vec<String> = log.entries().into_iter().map(|e| e.at).collect();
                let oldest = (secs + 1).saturating_sub(capacity as u64);
                let expected: Vec<String> = (oldest..=secs).map(|s| entry(s).entry().at).collect();
                assert_eq!(kept, expected, "capacity {capacity} after {secs}");
            }
        }
        let off = AuditLog::new(0);
        off.record(entry(1));
        assert!(off.entries().is_empty());
    }

    #[test]
    fn a_record_reads_as_its_entry() {
        let record = Record {
            at: web_time::UNIX_EPOCH + std::time::Duration::from_secs(1_795_000_000),
            purposes: PurposeSet::of(&[Purpose::Connectivity, Purpose::Compatibility]),
            read: FieldSet::from_iter([Field::OsName, Field::DeviceBrand]),
            from_memory: FieldSet::from_iter([Field::NetworkIp]),
            outcome: AuditOutcome::Reported,
        };
        let e = record.entry();
        assert_eq!(e.at, "2026-11-18T11:06:40Z");
        assert_eq!(
            e.purposes,
            vec![Purpose::Compatibility, Purpose::Connectivity]
        );
        assert_eq!(e.fields_read, vec![Field::DeviceBrand, Field::OsName]);
        assert_eq!(e.fields_from_memory, vec![Field::NetworkIp]);
        assert_eq!(e.outcome, AuditOutcome::Reported);
    }

    #[test]
    fn serializes_names_not_values() {
        let e = AuditEntry::new(
            "2026-11-29T06:30:00Z".into(),
            vec![Purpose::Compatibility],
            FieldSet::from_iter([Field::OsName]),
            FieldSet::EMPTY,
            AuditOutcome::Reported,
        );
        assert_eq!(
            serde_json::to_string(&e).unwrap(),
            r#"{"at":"2026-11-29T06:30:00Z","purposes":["compatibility"],"fields_read":["os.name"],"fields_from_memory":[],"outcome":"reported"}"#
        );
    }
}
