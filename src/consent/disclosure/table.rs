//! The privacy-policy table: "personal information type / purpose and use", with frequency and
//! per-platform sources, and the never-read list, as Markdown in zh-CN or en.

use std::fmt::Write as _;

use crate::consent::catalog::{self, Catalog, Entry, NEVER_READ};
use crate::lang::Lang;

/// Markdown-escapes a table cell: pipes, emphasis stars and angle brackets.
fn cell(text: &str) -> String {
    text.replace('|', "\\|")
        .replace('*', "\\*")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Entries that share purpose, frequency and sources are one row, as a privacy policy lists
/// "brand, manufacturer, model" together.
fn rows(catalog: &Catalog) -> Vec<Vec<&Entry>> {
    let mut rows: Vec<Vec<&Entry>> = Vec::new();
    for e in catalog.entries() {
        match rows.last_mut() {
            Some(row)
                if row.first().is_some_and(|f| {
                    f.purpose == e.purpose && f.frequency == e.frequency && f.sources == e.sources
                }) =>
            {
                row.push(e);
            }
            _ => rows.push(vec![e]),
        }
    }
    rows
}

/// The catalog as a Markdown table in `lang`: one row per group of fields, with the personal
/// information type (labels and report fields), purpose, use, frequency, and what each platform
/// reads.
pub fn catalog_table(catalog: &Catalog, lang: Lang) -> String {
    let header = lang.pick(
        "| 个人信息类型 | 报告字段 | 使用目的 | 用途说明 | 收集频率 | Linux 来源 | Android 来源 | Windows 来源 | macOS / iOS 来源 | 网页 / 小程序来源 |",
        "| Personal information type | Report fields | Purpose | Use | Frequency | Linux source | Android source | Windows source | macOS / iOS source | Web / mini-program source |",
    );
    let mut out = String::new();
    let _ = writeln!(out, "{header}");
    let _ = writeln!(out, "|---|---|---|---|---|---|---|---|---|---|");
    for row in rows(catalog) {
        let Some(first) = row.first() else { continue };
        let sep = lang.pick("、", ", ");
        let labels: Vec<&str> = row.iter().map(|e| e.label.get(lang)).collect();
        let fields: Vec<String> = row.iter().map(|e| format!("`{}`", e.field)).collect();
        let s = first.sources;
        let _ = writeln!(
            out,
            "| {} | {} | {} (`{}`) | {} | {} | {} | {} | {} | {} | {} |",
            cell(&labels.join(sep)),
            fields.join(", "),
            cell(catalog::purpose_label(first.purpose, lang)),
            first.purpose,
            cell(first.used_for(lang)),
            cell(first.frequency.describe(lang)),
            cell(s.linux.get(lang)),
            cell(s.android.get(lang)),
            cell(s.windows.get(lang)),
            cell(s.apple.get(lang)),
            cell(s.web.get(lang)),
        );
    }
    out
}

/// The never-read list as a Markdown table in `lang`.
pub fn never_read_table(lang: Lang) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}",
        lang.pick(
            "| 从不读取的信息 | 所在位置（举例） |",
            "| Never read | Where it lives (examples) |"
        )
    );
    let _ = writeln!(out, "|---|---|");
    for n in NEVER_READ {
        let _ = writeln!(
            out,
            "| {} | {} |",
            cell(n.what.get(lang)),
            cell(n.sources.get(lang))
        );
    }
    out
}

/// The section `PRIVACY.md` embeds: the catalog table and the never-read list, in zh-CN then en.
pub fn catalog_section(catalog: &Catalog) -> String {
    let mut out = String::new();
    for (i, lang) in Lang::ALL.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let title = match lang {
            Lang::ZhCn => format!("### 收集的信息（数据目录第 {} 版）", catalog.version()),
            Lang::En => format!(
                "### What is read (data catalog version {})",
                catalog.version()
            ),
        };
        let _ = writeln!(out, "{title}\n");
        out.push_str(&catalog_table(catalog, *lang));
        let _ = writeln!(out, "\n#### {}\n", lang.pick("从不读取", "Never read"));
        out.push_str(&never_read_table(*lang));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_fields_that_share_a_row() {
        let table = catalog_table(&Catalog::current(), Lang::En);
        let lines: Vec<&str> = table.lines().collect();
        // Header, rule, device, os.type, OS, IP, network, metered+constrained, cellular
        // generation, NAT64, screen.
        assert_eq!(lines.len(), 11, "{table}");
        assert!(lines[2].starts_with(
            "| Device brand, Device manufacturer, Device model, Device model code | \
             `device.brand`, `device.manufacturer`, `device.model`, `device.model_identifier` | \
             Compatibility (`compatibility`) |"
        ));
        assert!(
            lines[10].contains(
                "accelerometer /sys/bus/iio/devices/\\*/{name, label, location, in_accel_\\*"
            ),
            "{}",
            lines[10]
        );
    }

    #[test]
    fn escapes_cells() {
        assert_eq!(cell("a|b*c<d>"), "a\\|b\\*c&lt;d&gt;");
    }
}
