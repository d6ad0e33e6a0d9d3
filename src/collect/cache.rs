//! How often facts are read: what a collector keeps in memory between collects and when it may
//! serve it instead of reading again.
//!
//! Static facts (the catalog's `once_per_collector` fields: device, OS) are read once per
//! collector — each collector has its own memory, so an app with one collector reads them once
//! per process — and kept until consent is withdrawn. Dynamic facts (`per_collection`: network, screen) are read again
//! only when the last read is at least `min_refresh` old (default 1 s); a faster collect gets
//! the facts read last. A push from the host (orientation, network) is a change event and makes
//! the next collect read again. Everything here is dropped when consent is withdrawn, and the
//! facts read from the device also when a new grant drops a purpose (a partial withdrawal).

use web_time::{Duration, Instant};

use crate::facts::Facts;
use crate::facts::kept::Kept;
use crate::field::FieldSet;
use crate::host::HostFacts;
use crate::report::{OmitReason, Orientation, OrientationSource};

/// The default `min_refresh`: dynamic facts are read at most once a second.
pub const DEFAULT_MIN_REFRESH: Duration = Duration::from_secs(1);

#[derive(Debug, Clone)]
struct Cached {
    /// The fields `facts` answers (values or omission reasons).
    fields: FieldSet,
    facts: Kept,
    read_at: Instant,
}

/// Facts kept between collects; all of it is dropped when consent is withdrawn.
#[derive(Debug, Default)]
pub(crate) struct Memory {
    statics: Option<Cached>,
    dynamics: Option<Cached>,
    /// The last orientation an accelerometer gave (for the dead zone that keeps it).
    pub(crate) previous_orientation: Option<Orientation>,
    /// What the host pushed.
    pub(crate) host: HostFacts,
}

/// What one collect will read and what it will take from memory.
#[derive(Debug)]
pub(crate) struct Plan {
    /// The fields to read from the source now.
    pub(crate) read: FieldSet,
    /// The permitted fields served from memory.
    pub(crate) from_memory: FieldSet,
    statics_needed: FieldSet,
    dynamics_needed: FieldSet,
    statics: Option<Cached>,
    dynamics: Option<Cached>,
    /// What the host pushed, as the collect starts.
    pub(crate) host: HostFacts,
    /// The previous accelerometer orientation, as the collect starts.
    pub(crate) previous_orientation: Option<Orientation>,
}

impl Memory {
    /// Decides what a collect of `permitted` fields reads and what it serves from memory.
    pub(crate) fn plan(
        &self,
        permitted: FieldSet,
        statics: FieldSet,
        now: Instant,
        min_refresh: Duration,
    ) -> Plan {
        let statics_needed = permitted.intersection(statics);
        let dynamics_needed = permitted.difference(statics);
        let covers = |c: &&Cached, needed: FieldSet| c.fields.intersection(needed) == needed;
        let cached_statics = self
            .statics
            .as_ref()
            .filter(|c| !statics_needed.is_empty() && covers(c, statics_needed))
            .cloned();
        let cached_dynamics = self
            .dynamics
            .as_ref()
            .filter(|c| !dynamics_needed.is_empty() && covers(c, dynamics_needed))
            .filter(|c| now.saturating_duration_since(c.read_at) < min_refresh)
            .cloned();
        let mut from_memory = FieldSet::EMPTY;
        if cached_statics.is_some() {
            from_memory = from_memory.union(statics_needed);
        }
        if cached_dynamics.is_some() {
            from_memory = from_memory.union(dynamics_needed);
        }
        Plan {
            read: permitted.difference(from_memory),
            from_memory,
            statics_needed,
            dynamics_needed,
            statics: cached_statics,
            dynamics: cached_dynamics,
            host: self.host,
            previous_orientation: self.previous_orientation,
        }
    }

    /// Keeps what `plan` read, now that the collect is known to stand.
    /// A group in which a read timed out is not kept: the next collect asks again (a read
    /// that still hangs is answered at once by the deadline's quarantine).
    pub(crate) fn store(&mut self, plan: &Plan, facts: &mut Facts, now: Instant) {
        let timed_out = |set: FieldSet| {
            set.iter()
                .any(|f| facts.omitted.get(&f) == Some(&OmitReason::TimedOut))
        };
        let statics = plan.statics.is_none()
            && !plan.statics_needed.is_empty()
            && !timed_out(plan.statics_needed);
        let dynamics = plan.dynamics.is_none()
            && !plan.dynamics_needed.is_empty()
            && !timed_out(plan.dynamics_needed);
        if !statics && !dynamics {
            return;
        }
        // One copy of what was read, shared by the two memories (each answers its own fields).
        let kept = Kept::new(facts);
        if statics {
            self.statics = Some(Cached {
                fields: plan.statics_needed,
                facts: kept.clone(),
                read_at: now,
            });
        }
        if dynamics {
            self.dynamics = Some(Cached {
                fields: plan.dynamics_needed,
                facts: kept,
                read_at: now,
            });
            if facts.screen.source == Some(OrientationSource::Accelerometer) {
                self.previous_orientation = facts.screen.orientation.or(self.previous_orientation);
            }
        }
    }

    /// Forgets every fact read from the device (a grant dropped a purpose); keeps what the host
    /// pushed, which the gate still filters by purpose.
    pub(crate) fn forget_facts(&mut self) {
        self.statics = None;
        self.dynamics = None;
        self.previous_orientation = None;
    }

    /// Forgets the dynamic facts, so the next collect reads them again (the host pushed a change).
    pub(crate) fn forget_dynamic(&mut self) {
        self.dynamics = None;
    }
}

impl Plan {
    /// `fresh` (what was read now) completed with what the plan serves from memory.
    pub(crate) fn complete(&self, mut fresh: Facts) -> Facts {
        for cached in [&self.statics, &self.dynamics].into_iter().flatten() {
            for f in cached.fields.intersection(self.from_memory).iter() {
                fresh.copy_kept(&cached.facts, f);
            }
            if !self
                .from_memory
                .intersection(crate::facts::groups::SCREEN)
                .is_empty()
            {
                fresh.screen.source = fresh.screen.source.or(cached.facts.values().screen.source);
            }
        }
        fresh
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::field::Field;
    use crate::report::OmitReason;

    fn facts_with_os(name: &str) -> Facts {
        let mut f = Facts::default();
        f.os.name = Some(name.into());
        f.omit(Field::OsBuildId, OmitReason::NotFound);
        f
    }

    #[test]
    fn statics_are_kept_and_dynamics_expire() {
        let statics = FieldSet::from_iter([Field::OsName, Field::OsBuildId]);
        let permitted = statics.union(FieldSet::from_iter([Field::NetworkOnline]));
        let t0 = Instant::now();
        let mut m = Memory::default();
        let plan = m.plan(permitted, statics, t0, DEFAULT_MIN_REFRESH);
        assert_eq!(plan.read, permitted);
        let mut read = facts_with_os("Debian GNU/Linux");
        read.network.online = Some(true);
        m.store(&plan, &mut read, t0);

        let soon = t0 + Duration::from_millis(500);
        let plan = m.plan(permitted, statics, soon, DEFAULT_MIN_REFRESH);
        assert!(plan.read.is_empty());
        let done = plan.complete(Facts::default());
        assert_eq!(done.os.name.as_deref(), Some("Debian GNU/Linux"));
        assert_eq!(done.network.online, Some(true));
        assert_eq!(
            done.omitted.get(&Field::OsBuildId),
            Some(&OmitReason::NotFound)
        );

        let later = t0 + Duration::from_millis(1000);
        let plan = m.plan(permitted, statics, later, DEFAULT_MIN_REFRESH);
        assert_eq!(plan.read, FieldSet::from_iter([Field::NetworkOnline]));
        m.forget_dynamic();
        let plan = m.plan(permitted, statics, soon, DEFAULT_MIN_REFRESH);
        assert_eq!(plan.read, FieldSet::from_iter([Field::NetworkOnline]));
    }

    #[test]
    fn a_wider_grant_reads_what_memory_lacks() {
        let statics = FieldSet::from_iter([Field::OsName, Field::OsBuildId]);
        let t0 = Instant::now();
        let mut m = Memory::default();
        let narrow = FieldSet::from_iter([Field::NetworkOnline]);
        let plan = m.plan(narrow, statics, t0, DEFAULT_MIN_REFRESH);
        m.store(&plan, &mut Facts::default(), t0);
        let wide = narrow.union(FieldSet::from_iter([Field::NetworkIp]));
        let plan = m.plan(wide, statics, t0, DEFAULT_MIN_REFRESH);
        assert_eq!(plan.read, wide);
    }
}
