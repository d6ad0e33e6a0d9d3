//! The data catalog: for every field, its purpose, how often it is read, how sensitive it is, what
//! it is called and used for (zh-CN and en), where each platform reads it, and the catalog version
//! that introduced it.
//!
//! This table is the single source of truth: the consent gate enforces it, and the disclosures
//! (PRIVACY.md, the Apple privacy manifest, the Play data-safety answers, the report's JSON
//! Schema) are generated from it by [`crate::consent::disclosure`], so the two cannot drift.
//!
//! A [`Catalog`] value carries a version and its entries. [`Catalog::current`] is the one this
//! build enforces; [`Catalog::revised`] makes a later version for tests of a material change.

use std::borrow::Cow;

use crate::consent::Purpose;
use crate::field::Field;
use crate::lang::Lang;
use crate::text_enum::text_enum;

mod entries;
mod never_read;

pub use crate::field::{FieldSet, UnknownField};

pub use entries::ENTRIES;
pub use never_read::{NEVER_READ, NeverRead};

/// The current catalog version. A grant given under an older version does not cover fields
/// introduced later.
pub const CATALOG_VERSION: u32 = 2;

text_enum! {
    /// How often a field is read, as declared to users, e.g. `"once_per_collector"`.
    #[non_exhaustive]
    pub enum Frequency: "frequency" {
        /// Read once per collector, then served from its memory until consent is withdrawn (an
        /// app that keeps one collector reads it once per process).
        OncePerCollector => "once_per_collector",
        /// Read at a collection, at most once per `min_refresh` (default 1 s); a faster collect
        /// gets the facts read last.
        PerCollection => "per_collection",
    }
}

impl Frequency {
    /// The declared frequency in words, e.g. "once per collector, ...".
    pub const fn describe(self, lang: Lang) -> &'static str {
        match self {
            Frequency::OncePerCollector => lang.pick(
                "每个采集器读取一次，保存在内存中，撤回同意时清除",
                "once per collector, kept in memory until consent is withdrawn",
            ),
            Frequency::PerCollection => lang.pick(
                "每次采集时读取，默认每秒最多一次",
                "at each collection, at most once per second by default",
            ),
        }
    }
}

text_enum! {
    /// How much a field says about a person, e.g. `"low"`. No field identifies one on its own.
    #[non_exhaustive]
    pub enum Sensitivity: "sensitivity" {
        /// Shared by very many devices (a model, an OS version).
        Low => "low",
        /// Narrows down a network location (the IP address, minimized by default).
        Moderate => "moderate",
    }
}

/// A text in both languages of the catalog.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Text {
    /// Simplified Chinese.
    pub zh: &'static str,
    /// English.
    pub en: &'static str,
}

impl Text {
    /// The text in `lang`.
    pub const fn get(self, lang: Lang) -> &'static str {
        lang.pick(self.zh, self.en)
    }
}

/// Where each platform reads a field (for the disclosures; the probes are the implementation).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Sources {
    /// Linux.
    pub linux: Text,
    /// Android.
    pub android: Text,
    /// Windows.
    pub windows: Text,
    /// macOS and iOS.
    pub apple: Text,
    /// Web pages (the browser) and WeChat mini-programs (`wx`).
    pub web: Text,
}

/// One row of the catalog.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Entry {
    /// The field.
    pub field: Field,
    /// The one purpose it is collected for.
    pub purpose: Purpose,
    /// How often it is read.
    pub frequency: Frequency,
    /// How much it says about a person.
    pub sensitivity: Sensitivity,
    /// What it is called in a privacy policy, e.g. "Device model" / "设备型号".
    pub label: Text,
    /// Where each platform reads it.
    pub sources: &'static Sources,
    /// The catalog version that introduced it (or last changed its purpose or frequency): a
    /// grant given under an older version does not cover it.
    pub since: u32,
}

impl Entry {
    /// What the field is used for: the sentence of its purpose.
    pub const fn used_for(&self, lang: Lang) -> &'static str {
        purpose_use(self.purpose, lang)
    }
}

/// The name of a purpose, e.g. "Server selection" / "服务器选择".
pub const fn purpose_label(purpose: Purpose, lang: Lang) -> &'static str {
    match purpose {
        Purpose::Compatibility => lang.pick("兼容性适配", "Compatibility"),
        Purpose::ServerSelection => lang.pick("服务器选择", "Server selection"),
        Purpose::Connectivity => lang.pick("网络连通性", "Connectivity"),
        Purpose::VideoOrientation => lang.pick("视频方向适配", "Video orientation"),
    }
}

/// What a purpose's fields are used for, one sentence.
pub const fn purpose_use(purpose: Purpose, lang: Lang) -> &'static str {
    match purpose {
        Purpose::Compatibility => lang.pick(
            "区分设备和操作系统版本，进行适配，并排查崩溃问题。",
            "Tell devices and OS versions apart, adapt to them, and triage crashes.",
        ),
        Purpose::ServerSelection => lang.pick(
            "决定连接哪一台媒体服务器。",
            "Decide which media server to connect to.",
        ),
        Purpose::Connectivity => lang.pick(
            "判断网络接入方式与网络可达性。",
            "Judge network access and reachability.",
        ),
        Purpose::VideoOrientation => lang.pick(
            "使视频画面与屏幕的旋转方向保持一致。",
            "Match the video picture to how the screen is turned.",
        ),
    }
}

/// What the consent gate enforces of an entry: its field, purpose, frequency and version, none
/// of its texts. The gate reads these, so that an app that only collects does not link the
/// catalog's texts (about 17 KB with their relocations); the texts are in [`ENTRIES`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Rule {
    field: Field,
    purpose: Purpose,
    frequency: Frequency,
    since: u32,
}

impl Rule {
    const fn of(entry: &Entry) -> Rule {
        Rule {
            field: entry.field,
            purpose: entry.purpose,
            frequency: entry.frequency,
            since: entry.since,
        }
    }

    /// The rules of `entries`, in their order (`N` is `entries.len()`).
    const fn all<const N: usize>(entries: &[Entry]) -> [Rule; N] {
        let mut out = [Rule {
            field: Field::DeviceBrand,
            purpose: Purpose::Compatibility,
            frequency: Frequency::OncePerCollector,
            since: 0,
        }; N];
        Rule::fill(&mut out, entries);
        out
    }

    const fn fill(out: &mut [Rule], entries: &[Entry]) {
        if let ([slot, rest @ ..], [entry, more @ ..]) = (out, entries) {
            *slot = Rule::of(entry);
            Rule::fill(rest, more);
        }
    }
}

/// The current catalog's rules, derived from its entries at compile time.
static RULES: [Rule; entries::TABLE.len()] = Rule::all(entries::TABLE);

/// A versioned catalog: what the consent gate enforces and the disclosures describe.
///
/// ```
/// use devprobe::catalog::{Catalog, CATALOG_VERSION};
/// use devprobe::{Field, Purpose};
/// let catalog = Catalog::current();
/// assert_eq!(catalog.version(), CATALOG_VERSION);
/// assert!(catalog.fields_for(Purpose::ServerSelection, 1).contains(Field::NetworkIp));
/// ```
#[derive(Clone)]
pub struct Catalog {
    version: u32,
    /// What the gate enforces: [`RULES`] for the current catalog, else those of `revised`.
    rules: Cow<'static, [Rule]>,
    /// A revised catalog's entries; `None` for the current one's, [`ENTRIES`].
    revised: Option<Vec<Entry>>,
}

impl std::fmt::Debug for Catalog {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Catalog")
            .field("version", &self.version)
            .field("entries", &self.entries())
            .finish()
    }
}

/// Catalogs are equal when their versions and entries are.
impl PartialEq for Catalog {
    fn eq(&self, other: &Catalog) -> bool {
        self.version == other.version && self.entries() == other.entries()
    }
}

impl Eq for Catalog {}

impl Default for Catalog {
    fn default() -> Self {
        Catalog::current()
    }
}

impl Catalog {
    /// The catalog this build enforces: version [`CATALOG_VERSION`], entries [`ENTRIES`].
    pub fn current() -> Catalog {
        Catalog {
            version: CATALOG_VERSION,
            rules: Cow::Borrowed(&RULES),
            revised: None,
        }
    }

    /// **For tests of a material change.** The next version of this catalog, in which `fields`
    /// are new: a grant given under this (older) version does not cover them, so they are
    /// omitted `not_permitted` until the user consents again. Hand it to
    /// [`Consent::with_catalog`](crate::Consent::with_catalog).
    ///
    /// ```
    /// use devprobe::catalog::Catalog;
    /// use devprobe::Field;
    /// let now = Catalog::current();
    /// let next = now.revised([Field::NetworkIpv6]);
    /// assert_eq!(next.version(), now.version() + 1);
    /// assert_eq!(next.changes_since(now.version()).len(), 1);
    /// ```
    #[must_use]
    pub fn revised(&self, fields: impl IntoIterator<Item = Field>) -> Catalog {
        let version = self.version.saturating_add(1);
        let new: FieldSet = fields.into_iter().collect();
        let entries = self
            .entries()
            .iter()
            .map(|e| {
                if new.contains(e.field) {
                    Entry {
                        since: version,
                        ..*e
                    }
                } else {
                    *e
                }
            })
            .collect::<Vec<_>>();
        Catalog {
            version,
            rules: Cow::Owned(entries.iter().map(Rule::of).collect()),
            revised: Some(entries),
        }
    }

    /// The version, e.g. `1`.
    pub fn version(&self) -> u32 {
        self.version
    }

    /// Every entry, in report order.
    pub fn entries(&self) -> &[Entry] {
        self.revised.as_deref().unwrap_or(ENTRIES)
    }

    /// The entry of `field`.
    pub fn entry(&self, field: Field) -> Option<&Entry> {
        self.entries().iter().find(|e| e.field == field)
    }

    /// The fields collected for `purpose` that a grant under catalog version `version` covers.
    pub fn fields_for(&self, purpose: Purpose, version: u32) -> FieldSet {
        self.rules
            .iter()
            .filter(|e| e.purpose == purpose && e.since <= version)
            .map(|e| e.field)
            .collect()
    }

    /// The fields a grant of `purposes` under catalog version `version` covers.
    pub fn covered(&self, purposes: &[Purpose], version: u32) -> FieldSet {
        purposes.iter().fold(FieldSet::EMPTY, |set, p| {
            set.union(self.fields_for(*p, version))
        })
    }

    /// The fields a grant of `purposes` under catalog version `version` covers, in one pass.
    pub(crate) fn covered_set(
        &self,
        purposes: crate::consent::PurposeSet,
        version: u32,
    ) -> FieldSet {
        self.rules
            .iter()
            .filter(|e| purposes.contains(e.purpose) && e.since <= version)
            .map(|e| e.field)
            .collect()
    }

    /// The fields read once per collector (then served from its memory).
    pub fn static_fields(&self) -> FieldSet {
        self.rules
            .iter()
            .filter(|e| e.frequency == Frequency::OncePerCollector)
            .map(|e| e.field)
            .collect()
    }

    /// What changed after catalog version `version`: the fields a grant under that version does
    /// not cover, in report order. Empty when `version` is this catalog's.
    pub fn changes_since(&self, version: u32) -> Vec<Change> {
        self.rules
            .iter()
            .filter(|e| e.since > version)
            .map(|e| Change {
                field: e.field,
                purpose: e.purpose,
                since: e.since,
            })
            .collect()
    }
}

/// A material change to the catalog: a field a grant under an older version does not cover.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Change {
    /// The field that is new (or whose use changed).
    pub field: Field,
    /// The purpose it is collected for.
    pub purpose: Purpose,
    /// The catalog version that introduced it.
    pub since: u32,
}

impl Change {
    /// One sentence for the re-consent dialog, e.g. "New in catalog version 2: IPv6 available
    /// (network.ipv6), for Connectivity — Judge network access and reachability."
    pub fn describe(&self, lang: Lang) -> String {
        let label = entry_of(self.field).map_or(self.field.as_str(), |e| e.label.get(lang));
        let purpose = purpose_label(self.purpose, lang);
        let used = purpose_use(self.purpose, lang);
        match lang {
            Lang::ZhCn => format!(
                "目录第 {} 版新增：{label}（{}），用于“{purpose}”——{used}",
                self.since, self.field
            ),
            Lang::En => format!(
                "New in catalog version {}: {label} ({}), for {purpose} — {used}",
                self.since, self.field
            ),
        }
    }
}

/// What changed in the current catalog after `version` (see [`Catalog::changes_since`]); show
/// `change.describe(lang)` in the re-consent dialog when
/// [`Consent::needs_renewal`](crate::Consent::needs_renewal) says so.
pub fn changes_since(version: u32) -> Vec<Change> {
    Catalog::current().changes_since(version)
}

/// The current catalog's entry of `field`.
pub fn entry_of(field: Field) -> Option<&'static Entry> {
    ENTRIES.iter().find(|e| e.field == field)
}

/// The fields collected for `purpose` that a grant under catalog version `version` covers, in
/// the current catalog.
pub fn fields_for(purpose: Purpose, version: u32) -> FieldSet {
    Catalog::current().fields_for(purpose, version)
}

/// The fields the current catalog reads once per collector.
pub fn static_fields() -> FieldSet {
    Catalog::current().static_fields()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_gate_rules_are_the_entries_rules() {
        let of_entries: Vec<Rule> = ENTRIES.iter().map(Rule::of).collect();
        assert_eq!(RULES.as_slice(), of_entries.as_slice());
        let current = Catalog::current();
        assert_eq!(current.entries(), ENTRIES);
        assert_eq!(current, Catalog::current());
        let next = current.revised([Field::NetworkIpv6]);
        assert_ne!(next, current);
        assert_eq!(next, current.revised([Field::NetworkIpv6]));
        assert_eq!(next.entries().len(), ENTRIES.len());
        assert_eq!(
            format!("{current:?}"),
            format!("Catalog {{ version: {CATALOG_VERSION}, entries: {ENTRIES:?} }}")
        );
    }

    #[test]
    fn every_field_has_exactly_one_entry() {
        for f in Field::ALL {
            assert_eq!(ENTRIES.iter().filter(|e| e.field == *f).count(), 1, "{f}");
        }
        assert_eq!(ENTRIES.len(), Field::ALL.len());
        let order: Vec<Field> = ENTRIES.iter().map(|e| e.field).collect();
        assert_eq!(order, Field::ALL, "entries are in report order");
    }

    #[test]
    fn purposes_partition_the_fields() {
        let ip = fields_for(Purpose::ServerSelection, CATALOG_VERSION);
        assert_eq!(ip.iter().collect::<Vec<_>>(), vec![Field::NetworkIp]);
        let video = fields_for(Purpose::VideoOrientation, CATALOG_VERSION);
        assert_eq!(
            video.iter().collect::<Vec<_>>(),
            vec![Field::ScreenOrientation, Field::ScreenRotationDegrees]
        );
        assert!(static_fields().contains(Field::OsVersion));
        assert!(!static_fields().contains(Field::NetworkIp));
        assert!(fields_for(Purpose::Compatibility, 0).is_empty());
    }

    #[test]
    fn revised_catalog_marks_new_fields() {
        let (now, next) = (CATALOG_VERSION, CATALOG_VERSION + 1);
        let revised = Catalog::current().revised([Field::NetworkIpv6, Field::ScreenOrientation]);
        assert_eq!(revised.version(), next);
        assert!(
            !revised
                .fields_for(Purpose::Connectivity, now)
                .contains(Field::NetworkIpv6)
        );
        assert!(
            revised
                .fields_for(Purpose::Connectivity, next)
                .contains(Field::NetworkIpv6)
        );
        let changes: Vec<Field> = revised.changes_since(now).iter().map(|c| c.field).collect();
        assert_eq!(changes, vec![Field::NetworkIpv6, Field::ScreenOrientation]);
        assert!(revised.changes_since(next).is_empty());
        assert!(changes_since(CATALOG_VERSION).is_empty());
    }

    #[test]
    fn catalog_2_adds_the_browser_speed_class_and_the_four_path_fields() {
        assert_eq!(CATALOG_VERSION, 2);
        let mut new: Vec<Field> = changes_since(1).iter().map(|c| c.field).collect();
        new.sort();
        let mut want = vec![
            Field::NetworkEffectiveType,
            Field::NetworkMetered,
            Field::NetworkConstrained,
            Field::NetworkCellularGeneration,
            Field::NetworkNat64,
        ];
        want.sort();
        assert_eq!(new, want);
        let v1 = fields_for(Purpose::Connectivity, 1);
        assert!(v1.contains(Field::NetworkIpv6) && !v1.contains(Field::NetworkMetered));
        assert!(!v1.contains(Field::NetworkEffectiveType));
        assert!(fields_for(Purpose::Connectivity, 2).contains(Field::NetworkNat64));
        assert!(fields_for(Purpose::Connectivity, 2).contains(Field::NetworkEffectiveType));
    }

    #[test]
    fn change_sentences() {
        let c = *changes_since(1)
            .iter()
            .find(|c| c.field == Field::NetworkMetered)
            .unwrap();
        assert_eq!(
            c.describe(Lang::En),
            "New in catalog version 2: Metered network (network.metered), for Connectivity — \
             Judge network access and reachability."
        );
        assert_eq!(
            c.describe(Lang::ZhCn),
            "目录第 2 版新增：是否按流量计费（network.metered），用于“网络连通性”——判断网络接入方式与网络可达性。"
        );
    }
}
