//! The DMI (SMBIOS) rules shared by Linux and Windows: brand, manufacturer, model and model
//! identifier from the six SMBIOS strings (`sys_vendor`, `product_name`, `product_version`,
//! `product_family`, `board_vendor`, `board_name`) and, for ARM boards, the device tree
//! (`model`, `compatible`). The rules that choose among them are in [`rules`].
//!
//! Each platform gives a [`Reader`] its own way to read a string ([`Reader::with`]): Linux from
//! `/sys/class/dmi/id/`, Windows from the registry copy of SMBIOS. Both decide alike.

mod boards;
mod codenames;
mod rules;
mod vendor;

use std::cell::OnceCell;

use crate::facts::{Context, Facts};
use crate::field::Field;
use crate::parse::{device_tree, dmi};
use crate::report::OmitReason;
use crate::source::{Source, SourceError};

/// The DMI files the probe may read, in `/sys/class/dmi/id/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Id {
    SysVendor,
    ProductName,
    ProductVersion,
    ProductFamily,
    BoardVendor,
    BoardName,
}

impl Id {
    const ALL: [Id; 6] = [
        Id::SysVendor,
        Id::ProductName,
        Id::ProductVersion,
        Id::ProductFamily,
        Id::BoardVendor,
        Id::BoardName,
    ];

    /// The sysfs directory of every DMI file.
    pub(super) const DIR: &'static str = "/sys/class/dmi/id";

    pub(super) fn path(self) -> &'static str {
        match self {
            Id::SysVendor => "/sys/class/dmi/id/sys_vendor",
            Id::ProductName => "/sys/class/dmi/id/product_name",
            Id::ProductVersion => "/sys/class/dmi/id/product_version",
            Id::ProductFamily => "/sys/class/dmi/id/product_family",
            Id::BoardVendor => "/sys/class/dmi/id/board_vendor",
            Id::BoardName => "/sys/class/dmi/id/board_name",
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// The device-tree files read, under both locations: `/proc/device-tree` links to the sysfs one;
/// either may be missing (no procfs in a container, no device tree on x86).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DtFile {
    Model,
    Compatible,
}

impl DtFile {
    fn paths(self) -> [&'static str; 2] {
        match self {
            DtFile::Model => [
                "/proc/device-tree/model",
                "/sys/firmware/devicetree/base/model",
            ],
            DtFile::Compatible => [
                "/proc/device-tree/compatible",
                "/sys/firmware/devicetree/base/compatible",
            ],
        }
    }
}

/// A value as read: cleaned text, or why there is none (placeholder junk counts as not found).
pub(super) type Read = Result<String, OmitReason>;

/// Reads one DMI value, uncleaned: the text, or why there is none.
pub(super) type ReadRaw = fn(&dyn Source, Id) -> Read;

/// Reads DMI and device-tree values once each, on first use.
pub(super) struct Reader<'a> {
    source: &'a dyn Source,
    read_raw: ReadRaw,
    device_tree: bool,
    /// The directory holding every DMI file, when there is one ([`Reader::with_dir`]).
    dir: Option<&'static str>,
    /// Whether `dir` was found missing: then no DMI file is looked up.
    dir_missing: OnceCell<bool>,
    dmi: [OnceCell<Read>; 6],
    dt_model: OnceCell<Read>,
    dt_compatible: OnceCell<Result<Vec<String>, OmitReason>>,
}

impl<'a> Reader<'a> {
    /// A reader whose DMI values come from `read_raw`, with or without the device tree.
    pub(super) fn with(source: &'a dyn Source, read_raw: ReadRaw, device_tree: bool) -> Self {
        Reader {
            source,
            read_raw,
            device_tree,
            dir: None,
            dir_missing: OnceCell::new(),
            dmi: Default::default(),
            dt_model: OnceCell::new(),
            dt_compatible: OnceCell::new(),
        }
    }

    /// As [`with`](Self::with), for DMI files that all live in `dir`: when the first file read
    /// is not found, `dir` is looked up once, and when it is not there either (no DMI at all: an
    /// ARM board, a VM without SMBIOS, a container without sysfs) the other files are not
    /// looked up, as none can exist.
    pub(super) fn with_dir(
        source: &'a dyn Source,
        read_raw: ReadRaw,
        device_tree: bool,
        dir: &'static str,
    ) -> Self {
        Reader {
            dir: Some(dir),
            ..Reader::with(source, read_raw, device_tree)
        }
    }

    /// A DMI value, cleaned.
    pub(super) fn dmi(&self, id: Id) -> &Read {
        let Some(cell) = self.dmi.get(id.index()) else {
            return &Err(OmitReason::NotFound);
        };
        cell.get_or_init(|| {
            if self.dir_missing.get() == Some(&true) {
                return Err(OmitReason::NotFound);
            }
            let read = (self.read_raw)(self.source, id);
            if read == Err(OmitReason::NotFound)
                && let Some(dir) = self.dir
            {
                // A directory read as a file is the wrong kind; only a missing one is not found.
                self.dir_missing
                    .get_or_init(|| matches!(self.source.file(dir), Err(SourceError::NotFound)));
            }
            dmi::clean(&read?).ok_or(OmitReason::NotFound)
        })
    }

    /// The DMI value, if there is a usable one.
    pub(super) fn get(&self, id: Id) -> Option<&str> {
        self.dmi(id).as_deref().ok()
    }

    /// The device-tree `model`, revision suffix kept. Not looked up when neither root has a
    /// `compatible`: the devicetree specification requires one at the root, so there is no device
    /// tree (x86 machines, containers without `/proc`), and no `model` either.
    pub(super) fn dt_model(&self) -> &Read {
        self.dt_model.get_or_init(|| {
            if matches!(self.dt_compatible.get(), Some(Err(OmitReason::NotFound))) {
                return Err(OmitReason::NotFound);
            }
            let bytes = self.dt_file(DtFile::Model)?;
            let model = device_tree::parse_model(&bytes).ok_or(OmitReason::Malformed)?;
            dmi::clean(&model).ok_or(OmitReason::NotFound)
        })
    }

    /// The device-tree `compatible` list, most specific first.
    pub(super) fn dt_compatible(&self) -> Result<&[String], OmitReason> {
        let list = self.dt_compatible.get_or_init(|| {
            let bytes = self.dt_file(DtFile::Compatible)?;
            let list = device_tree::parse_compatible(&bytes);
            if list.is_empty() {
                Err(OmitReason::Malformed)
            } else {
                Ok(list)
            }
        });
        list.as_deref().map_err(|r| *r)
    }

    fn dt_file(&self, file: DtFile) -> Result<Vec<u8>, OmitReason> {
        let mut reason = OmitReason::NotFound;
        if !self.device_tree {
            return Err(reason);
        }
        for path in file.paths() {
            match self.source.file(path) {
                Ok(bytes) => return Ok(bytes),
                Err(e) => {
                    let r = e.omit_reason();
                    if r != OmitReason::NotFound {
                        reason = r;
                    }
                }
            }
        }
        Err(reason)
    }

    /// Why a file already read gave no value, `NotFound` when it was not read or is missing.
    pub(super) fn failure_of(&self, id: Id) -> OmitReason {
        match self.dmi.get(id.index()).and_then(OnceCell::get) {
            Some(Err(reason)) => *reason,
            _ => OmitReason::NotFound,
        }
    }

    /// Why nothing usable came from the DMI files that were read: the first reason other than
    /// "not found" (a file that is there but broken says more than a missing one).
    pub(super) fn failure(&self) -> OmitReason {
        let dt = [self.dt_model.get()];
        Id::ALL
            .iter()
            .filter_map(|id| self.dmi.get(id.index()).and_then(OnceCell::get))
            .chain(dt.into_iter().flatten())
            .filter_map(|r| r.as_ref().err().copied())
            .find(|r| *r != OmitReason::NotFound)
            .unwrap_or(OmitReason::NotFound)
    }
}

/// The device fields from what `reader` reads, by the rules of [`rules`].
pub(super) fn fill(reader: &Reader<'_>, ctx: &Context<'_>, facts: &mut Facts) {
    let want = |f| ctx.wanted.contains(f);
    let want_brand = want(Field::DeviceBrand) || want(Field::DeviceManufacturer);
    let want_model = want(Field::DeviceModel) || want(Field::DeviceModelIdentifier);
    let found = rules::identify(reader, want_brand, want_model);
    let reason = reader.failure();
    let mut put =
        |field: Field, value: Option<String>, slot: fn(&mut Facts) -> &mut Option<String>| {
            if !want(field) {
                return;
            }
            match value {
                Some(v) => *slot(facts) = Some(v),
                None => facts.omit(field, reason),
            }
        };
    put(Field::DeviceBrand, found.brand, |f| &mut f.device.brand);
    put(Field::DeviceManufacturer, found.manufacturer, |f| {
        &mut f.device.manufacturer
    });
    put(Field::DeviceModel, found.model, |f| &mut f.device.model);
    // With a model, a missing identifier usually means "no code" (a model from a family); but
    // when the file that holds machine types could not be read, say why.
    let identifier_reason = if facts.device.model.is_some() {
        reader.failure_of(Id::ProductName)
    } else {
        reason
    };
    if want(Field::DeviceModelIdentifier) {
        match found.model_identifier {
            Some(id) => facts.device.model_identifier = Some(id),
            None => facts.omit(Field::DeviceModelIdentifier, identifier_reason),
        }
    }
}
