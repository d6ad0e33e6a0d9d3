//! Windows `reg query` output:
//!
//! ```text
//! HKEY_LOCAL_MACHINE\HARDWARE\DESCRIPTION\System\BIOS
//!     SystemManufacturer    REG_SZ    LENOVO
//! ```

use crate::source::RegValue;

/// Parses `reg query` output into `(key, value name, data)` triples, in order.
pub fn parse_reg_query(text: &str) -> Vec<(String, String, RegValue)> {
    let mut key = String::new();
    let mut out = Vec::new();
    for line in text.lines() {
        let line = line.trim_end_matches('\r');
        if line.starts_with("HKEY_") || line.starts_with("HKLM") {
            key = line.trim().to_owned();
            continue;
        }
        let mut parts = line.trim().splitn(3, "    ");
        let (Some(name), Some(kind)) = (parts.next(), parts.next()) else {
            continue;
        };
        let data = parts.next().unwrap_or("").trim();
        let value = match kind.trim() {
            "REG_SZ" | "REG_EXPAND_SZ" => RegValue::Sz(data.to_owned()),
            "REG_DWORD" => match u32::from_str_radix(data.trim_start_matches("0x"), 16) {
                Ok(v) => RegValue::Dword(v),
                Err(_) => continue,
            },
            _ => continue,
        };
        out.push((key.clone(), name.trim().to_owned(), value));
    }
    out
}

/// Writes `(key, value name, data)` triples in `reg query` layout, grouped by key.
pub fn format_reg_query<'a>(
    values: impl Iterator<Item = (&'a str, &'a str, &'a RegValue)>,
) -> String {
    let mut out = String::new();
    let mut last_key = "";
    for (key, name, data) in values {
        if key != last_key {
            out.push_str(&format!("\n{key}\n"));
            last_key = key;
        }
        match data {
            RegValue::Sz(s) => out.push_str(&format!("    {name}    REG_SZ    {s}\n")),
            RegValue::Dword(d) => out.push_str(&format!("    {name}    REG_DWORD    0x{d:x}\n")),
            RegValue::Qword(d) => out.push_str(&format!("    {name}    REG_QWORD    0x{d:x}\n")),
            RegValue::MultiSz(v) => out.push_str(&format!(
                "    {name}    REG_MULTI_SZ    {}\n",
                v.join("\\0")
            )),
            RegValue::Binary(b) => {
                let hex: String = b.iter().map(|x| format!("{x:02X}")).collect();
                out.push_str(&format!("    {name}    REG_BINARY    {hex}\n"))
            }
        }
    }
    out
}
