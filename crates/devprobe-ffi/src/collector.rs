//! The collector handle: build it with IP precision, deadline and min_refresh; collect a report
//! as JSON; explain a report in zh-CN or English.

use std::ffi::c_char;
use std::time::Duration;

use devprobe::{Collector, IpPrecision, Lang, Report};

use crate::args::{StringOut, non_null, str_arg};
use crate::consent::DevprobeConsent;
use crate::error::{DevprobeError, Failure, guard};

/// An opaque collector: reads the device under a consent handle. Create it with
/// `devprobe_collector_new`, free it with `devprobe_collector_free`. Thread-safe: any thread may
/// collect, push or subscribe at any time, concurrently.
#[derive(Debug)]
pub struct DevprobeCollector {
    pub(crate) collector: Collector,
}

/// How much of the IP address a report keeps (`network.ip.precision`).
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DevprobeIpPrecision {
    /// IPv4 cut to its /24, IPv6 to its /48 (the default).
    Truncated = 0,
    /// No address; the scope (`public`, `private`, ...) is still reported.
    Omit = 1,
    /// The whole address: an explicit opt-in by the integrating app.
    Full = 2,
}

/// The language of `devprobe_explain`.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DevprobeLang {
    /// Simplified Chinese (zh-CN).
    ZhCn = 0,
    /// English.
    En = 1,
}

/// How a collector is built. A zero-initialized struct (or a NULL pointer) gives the defaults:
/// `DevprobeCollectorOptions options = {0};`.
#[repr(C)]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DevprobeCollectorOptions {
    /// A `DevprobeIpPrecision` value; 0 is `DEVPROBE_IP_PRECISION_TRUNCATED`.
    pub ip_precision: u32,
    /// The most a collect may take, in milliseconds; fields not read by then are omitted
    /// `timed_out`. 0 keeps the default (200 ms); `UINT64_MAX` waits for every read.
    pub deadline_ms: u64,
    /// The least time between two reads of the network and screen facts, in milliseconds
    /// (device and OS facts are read once per process). 0 keeps the default (1000 ms).
    pub min_refresh_ms: u64,
}

fn precision_of(value: u32) -> Result<IpPrecision, Failure> {
    match value {
        0 => Ok(IpPrecision::Truncated),
        1 => Ok(IpPrecision::Omit),
        2 => Ok(IpPrecision::Full),
        other => Err(Failure::invalid(format!(
            "unknown DevprobeIpPrecision {other}"
        ))),
    }
}

fn lang_of(value: u32) -> Result<Lang, Failure> {
    match value {
        0 => Ok(Lang::ZhCn),
        1 => Ok(Lang::En),
        other => Err(Failure::invalid(format!("unknown DevprobeLang {other}"))),
    }
}

/// The collector `options` describe, reading the live device under `consent`.
fn build(
    consent: &DevprobeConsent,
    options: DevprobeCollectorOptions,
) -> Result<Collector, Failure> {
    let mut builder = Collector::builder(consent.consent.clone())
        .ip_precision(precision_of(options.ip_precision)?);
    builder = match options.deadline_ms {
        0 => builder,
        u64::MAX => builder.deadline(Duration::MAX),
        ms => builder.deadline(Duration::from_millis(ms)),
    };
    if options.min_refresh_ms != 0 {
        builder = builder.min_refresh(Duration::from_millis(options.min_refresh_ms));
    }
    Ok(builder.build())
}

/// Creates a collector that reads this device under `consent` and stores it in
/// `*collector_out`. `options` may be NULL for the defaults. Nothing is read until a collect
/// (and never a field whose purpose is not granted).
///
/// # Errors
/// `DEVPROBE_ERROR_NULL_POINTER` (consent, collector_out), `DEVPROBE_ERROR_INVALID_ARGUMENT`
/// (an unknown `ip_precision`).
///
/// # Safety
/// `consent` is NULL or a live handle; `options` is NULL or points to a
/// `DevprobeCollectorOptions`; `collector_out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn devprobe_collector_new(
    consent: *const DevprobeConsent,
    options: *const DevprobeCollectorOptions,
    collector_out: *mut *mut DevprobeCollector,
) -> DevprobeError {
    guard(|| {
        if collector_out.is_null() {
            return Err(Failure::null("collector_out"));
        }
        // SAFETY: the caller's contract.
        let consent = unsafe { non_null(consent, "consent") }?;
        // SAFETY: the caller's contract: NULL or a readable options struct.
        let options = unsafe { options.as_ref() }.copied().unwrap_or_default();
        let handle = Box::new(DevprobeCollector {
            collector: build(consent, options)?,
        });
        // SAFETY: checked non-NULL; the caller promised it is writable.
        unsafe { collector_out.write(Box::into_raw(handle)) };
        Ok(())
    })
}

/// Frees a collector. NULL does nothing. Subscriptions made from it keep running until they are
/// unsubscribed (or consent is withdrawn).
///
/// # Safety
/// `collector` is NULL or a handle from `devprobe_collector_new` not freed yet, which no other
/// thread is using; it must not be used afterwards.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn devprobe_collector_free(collector: *mut DevprobeCollector) {
    let _: DevprobeError = guard(|| {
        if !collector.is_null() {
            // SAFETY: the caller promises a live handle from Box::into_raw, used by no one else.
            drop(unsafe { Box::from_raw(collector) });
        }
        Ok(())
    });
}

/// Collects a report of the granted purposes' fields and stores it in `*report_json_out` as
/// compact JSON (the shape of `schema/report.schema.json`: `{"schema_version":2,...,
/// "platform":"linux",...,"omitted":[...]}`); free it with `devprobe_string_free`. Blocks the
/// calling thread for at most the collector's deadline (200 ms by default).
///
/// # Errors
/// `DEVPROBE_ERROR_CONSENT_REQUIRED` when no purpose is granted (nothing is read) or consent
/// was withdrawn while the collect ran; `DEVPROBE_ERROR_NULL_POINTER` (collector,
/// report_json_out). `*report_json_out` is NULL after any error.
///
/// # Safety
/// `collector` is NULL or a live handle; `report_json_out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn devprobe_collector_collect(
    collector: *const DevprobeCollector,
    report_json_out: *mut *mut c_char,
) -> DevprobeError {
    guard(|| {
        // SAFETY: the caller's contract.
        let out = unsafe { StringOut::required(report_json_out, "report_json_out") }?;
        // SAFETY: the caller's contract.
        let handle = unsafe { non_null(collector, "collector") }?;
        let report = handle.collector.collect()?;
        out.put(
            report
                .to_json()
                .map_err(|e| Failure::internal(e.to_string()))?,
        )
    })
}

/// Explains a report for people, in `lang` (a `DevprobeLang` value): each value with its use,
/// and why each missing field is missing. `report_json` is what `devprobe_collector_collect`
/// returned (or a stored copy). The text goes to `*text_out`; free it with
/// `devprobe_string_free`.
///
/// # Errors
/// `DEVPROBE_ERROR_INVALID_ARGUMENT` when `report_json` is not a report or `lang` is unknown;
/// `DEVPROBE_ERROR_NULL_POINTER` (report_json, text_out).
///
/// # Safety
/// `report_json` is NULL or a NUL-terminated string; `text_out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn devprobe_explain(
    report_json: *const c_char,
    lang: u32,
    text_out: *mut *mut c_char,
) -> DevprobeError {
    guard(|| {
        // SAFETY: the caller's contract.
        let out = unsafe { StringOut::required(text_out, "text_out") }?;
        // SAFETY: the caller's contract.
        let json = unsafe { str_arg(report_json, "report_json") }?;
        let lang = lang_of(lang)?;
        let report: Report = serde_json::from_str(json)
            .map_err(|e| Failure::invalid(format!("report_json is not a devprobe report: {e}")))?;
        out.put(report.explain(lang))
    })
}
