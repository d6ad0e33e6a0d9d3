//! Raw registry data as `RegQueryValueExW` returns it (the Windows live source decodes it): no
//! panic for any type code and bytes; numbers only from data of exactly their size; strings
//! never hold a NUL (they end at the first one).
#![no_main]

use devprobe::__fuzzing::reg_data::{REG_DWORD, REG_DWORD_BIG_ENDIAN, REG_QWORD, decode_reg_data};
use devprobe::source::RegValue;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: (u32, &[u8])| {
    let (kind, data) = input;
    // Mostly the known type codes (0 to 11), sometimes any.
    let kind = if kind > 0xffff { kind } else { kind % 12 };
    match decode_reg_data(kind, data) {
        Ok(RegValue::Dword(_)) => assert_eq!(data.len(), 4),
        Ok(RegValue::Qword(_)) => assert!(kind == REG_QWORD && data.len() == 8),
        Ok(RegValue::Sz(s)) => assert!(!s.contains('\0'), "{s:?}"),
        Ok(RegValue::MultiSz(items)) => {
            assert!(
                items.iter().all(|i| !i.contains('\0') && !i.is_empty()),
                "{items:?}"
            )
        }
        Ok(_) => {}
        Err(_) => assert!(matches!(kind, REG_DWORD | REG_DWORD_BIG_ENDIAN | REG_QWORD)),
    }
});
