//! Reading arguments from C and handing strings back: NULL checks, UTF-8 checks, and the one
//! allocator every returned string comes from (so `devprobe_string_free` can free it).

use std::ffi::{CStr, CString, c_char};

use crate::error::{DevprobeError, Failure, guard};

/// `ptr` as a reference, or a `NullPointer` failure naming `what`.
///
/// # Safety
/// `ptr` is NULL or points to a live `T` for `'a`.
pub(crate) unsafe fn non_null<'a, T>(ptr: *const T, what: &str) -> Result<&'a T, Failure> {
    // SAFETY: the caller promises NULL or a live T.
    unsafe { ptr.as_ref() }.ok_or_else(|| Failure::null(what))
}

/// A NUL-terminated UTF-8 string from C.
///
/// # Safety
/// `ptr` is NULL or points to a NUL-terminated string that stays unchanged for `'a`.
pub(crate) unsafe fn str_arg<'a>(ptr: *const c_char, what: &str) -> Result<&'a str, Failure> {
    if ptr.is_null() {
        return Err(Failure::null(what));
    }
    // SAFETY: not NULL, and the caller promises a NUL-terminated string.
    let text = unsafe { CStr::from_ptr(ptr) };
    text.to_str()
        .map_err(|e| Failure::invalid(format!("{what} is not UTF-8: {e}")))
}

/// Where a returned string goes. A required out-pointer is checked (and set to NULL) before the
/// call does anything, so a NULL one fails the call without side effects.
pub(crate) struct StringOut(*mut *mut c_char);

impl StringOut {
    /// A required out-pointer.
    ///
    /// # Safety
    /// `out` is NULL or valid for writing one pointer.
    pub(crate) unsafe fn required(out: *mut *mut c_char, what: &str) -> Result<StringOut, Failure> {
        if out.is_null() {
            return Err(Failure::null(what));
        }
        // SAFETY: not NULL and writable, as the caller promised.
        unsafe { out.write(std::ptr::null_mut()) };
        Ok(StringOut(out))
    }

    /// An out-pointer the caller may leave NULL when it does not want the string.
    ///
    /// # Safety
    /// `out` is NULL or valid for writing one pointer.
    pub(crate) unsafe fn optional(out: *mut *mut c_char) -> StringOut {
        if !out.is_null() {
            // SAFETY: not NULL and writable, as the caller promised.
            unsafe { out.write(std::ptr::null_mut()) };
        }
        StringOut(out)
    }

    /// Hands `text` to the caller (who frees it with `devprobe_string_free`), or drops it when
    /// the caller passed NULL.
    pub(crate) fn put(self, text: String) -> Result<(), Failure> {
        if self.0.is_null() {
            return Ok(());
        }
        let owned = CString::new(text)
            .map_err(|_| Failure::internal("a returned string held a NUL byte"))?;
        // SAFETY: checked non-NULL and writable when this StringOut was made.
        unsafe { self.0.write(owned.into_raw()) };
        Ok(())
    }
}

/// Frees a string devprobe returned (a grant, a receipt, a report, an explanation). NULL is
/// allowed and does nothing.
///
/// # Safety
/// `text` is NULL or a string a devprobe function returned that was not freed yet; it must not
/// be used afterwards. Strings passed to a subscription callback are not yours: never free
/// those.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn devprobe_string_free(text: *mut c_char) {
    let _: DevprobeError = guard(|| {
        if !text.is_null() {
            // SAFETY: the caller promises a string from CString::into_raw in `StringOut::put`,
            // not freed yet.
            drop(unsafe { CString::from_raw(text) });
        }
        Ok(())
    });
}
