//! Brand canonicalization shared by every platform: the consumer brand as the maker writes it
//! ("LENOVO" → "Lenovo", "Hewlett-Packard" → "HP", "ASUSTeK COMPUTER INC." → "ASUS",
//! "lge" → "LG"), legal suffixes dropped for brands not in the table ("VMware, Inc." →
//! "VMware"). The canonical spellings are those of `../shared/corpus/README.md`; the table is in
//! [`table`].
//!
//! Input is any vendor or brand string: a DMI `sys_vendor`, a Windows `SystemManufacturer`, an
//! Android `ro.product.brand`, or a device-tree `compatible` entry (`raspberrypi,4-model-b`,
//! which U-Boot copies into DMI on ARM boards).

mod table;

use crate::parse::dmi;

pub(crate) use table::model_brand;

/// The canonical brand for a raw vendor or brand string, or `None` when the string is empty,
/// placeholder junk, or a generic word that names no maker ("Notebook", "Desktop").
///
/// Examples: `"LENOVO"` → `"Lenovo"`, `"HP-Pavilion"` → `"HP"`, `"Intel(R) Client Systems"` →
/// `"Intel"`, `"raspberrypi,400"` → `"Raspberry Pi"`, `"CLEVO CO."` → `"CLEVO"`,
/// `"To Be Filled By O.E.M."` → `None`.
pub(crate) fn canonical_brand(raw: &str) -> Option<String> {
    let cleaned = dmi::clean(raw)?;
    let unmarked = strip_marks(&cleaned);
    // A device-tree compatible entry: the vendor prefix decides.
    if let Some((prefix, _board)) = split_compatible(&unmarked) {
        return table::dt_vendor_brand(prefix).map(str::to_owned);
    }
    // Old ABIT boards name their maker by its web address.
    if let Some(label) = url_label(&unmarked) {
        return Some(table::lookup(&label.to_lowercase()).map_or(label, str::to_owned));
    }
    let bare = strip_legal_suffixes(&unmarked);
    let only_legal_form = LEGAL_SUFFIXES.contains(&bare.to_lowercase().as_str());
    if bare.is_empty() || only_legal_form || is_generic(&bare) || dmi::is_placeholder(&bare) {
        return None;
    }
    if let Some(name) = table::lookup(&bare.to_lowercase()) {
        return Some(name.to_owned());
    }
    // U-Boot names the vendor by its device-tree prefix on ARM boards ("khadas").
    if let Some(name) = table::dt_vendor_brand(&bare) {
        return Some(name.to_owned());
    }
    Some(bare)
}

/// The first label of a web address's host: "http://www.abit.com.tw/" → "abit".
fn url_label(s: &str) -> Option<String> {
    let lower = s.to_lowercase();
    let rest = ["http://", "https://", "www."]
        .iter()
        .find_map(|p| lower.strip_prefix(p))?;
    let host = rest.strip_prefix("www.").unwrap_or(rest);
    let label = host.split(['.', '/']).next().filter(|l| !l.is_empty())?;
    Some(label.to_owned())
}

/// Words that follow a maker's name in its company name, not in a product's.
const CORPORATE_WORDS: &[&str] = &[
    "international",
    "computer",
    "computers",
    "technology",
    "technologies",
    "electronics",
    "corporation",
    "corp",
    "company",
    "co",
    "ltd",
    "inc",
    "group",
    "systems",
    "product",
    "products",
    "client",
];

/// Whether `value` names only a maker, not a product: "LENOVO", "Micro-Star International",
/// "ASUSTeK COMPUTER INC.", "Lenovo Product", or the raw `vendor` itself ("Pegatron" as a
/// product name by "Pegatron"). "HP Notebook" and "Lenovo G580" name products.
pub(crate) fn is_just_brand(value: &str, vendor: Option<&str>) -> bool {
    let Some(cleaned) = dmi::clean(value) else {
        return false;
    };
    if vendor.is_some_and(|v| v.eq_ignore_ascii_case(&cleaned)) {
        return true;
    }
    let lower = strip_marks(&cleaned).to_lowercase();
    let Some((_, rest)) = table::lookup_with_rest(&lower) else {
        return false;
    };
    rest.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .all(|w| CORPORATE_WORDS.contains(&w))
}

/// `vendor,board` as a device-tree `compatible` entry writes it: lower case, no blanks.
pub(crate) fn split_compatible(s: &str) -> Option<(&str, &str)> {
    let (vendor, board) = s.split_once(',')?;
    let ok = |part: &str, extra: &str| {
        !part.is_empty()
            && part
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || extra.contains(c))
    };
    (ok(vendor, "-_") && ok(board, "-_.+,")).then_some((vendor, board))
}

/// Vendor strings that name a kind of machine, not a maker (Clevo barebones say "Notebook").
fn is_generic(bare: &str) -> bool {
    const GENERIC: &[&str] = &[
        "notebook",
        "laptop",
        "desktop",
        "computer",
        "pc",
        "system",
        "systems",
        "generic",
        "white label",
        "whitebox",
        "chassis manufacture",
        "motherboard",
        "mainboard",
        "mini pc",
        "fanless mini pc",
    ];
    GENERIC.contains(&bare.to_lowercase().as_str())
}

/// Drops trademark marks: "Intel(R) Client Systems" → "Intel Client Systems".
fn strip_marks(s: &str) -> String {
    let mut out = s.to_owned();
    for mark in ["(R)", "(r)", "(TM)", "(tm)", "®", "™"] {
        out = out.replace(mark, "");
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Legal-form words, lower case, as they end a company name.
const LEGAL_SUFFIXES: &[&str] = &[
    "gmbh & co. kg",
    "gmbh & co.kg",
    "gmbh&co.kg",
    "co., ltd",
    "co.,ltd",
    "co. ltd",
    "co.ltd",
    "co ltd",
    "co., limited",
    "company limited",
    "pty ltd",
    "pte ltd",
    "pvt ltd",
    "sdn bhd",
    "corporation",
    "incorporated",
    "limited",
    "gmbh",
    "corp",
    "inc",
    "ltd",
    "ltda",
    "llc",
    "l.l.c",
    "plc",
    "s.p.a",
    "s.r.l",
    "srl",
    "s.a",
    "sa",
    "b.v",
    "bv",
    "n.v",
    "ag",
    "kg",
    "co",
    "oy",
    "ab",
    "a/s",
    "k.k",
    "kk",
];

/// "Acer, Inc." → "Acer", "Shenzhen Meigao Electronic Equipment Co.,Ltd" → "Shenzhen Meigao
/// Electronic Equipment", "Wortmann_AG" → "Wortmann". A suffix only counts after a separator,
/// so "Nikko" and "Abbco" keep their letters.
fn strip_legal_suffixes(s: &str) -> String {
    let mut out = s.trim().to_owned();
    loop {
        let trimmed = out.trim_end_matches(|c: char| c == '.' || c == ',' || c.is_whitespace());
        let lower = trimmed.to_lowercase();
        let cut = LEGAL_SUFFIXES.iter().find_map(|suffix| {
            let head_len = lower.strip_suffix(suffix)?.len();
            let boundary = lower.get(..head_len)?.chars().next_back()?;
            (!boundary.is_alphanumeric() && head_len > 0).then_some(head_len)
        });
        let Some(head_len) = cut else {
            return trimmed.to_owned();
        };
        // Lower-casing can change byte lengths outside ASCII; cut the original only when safe.
        let next = if lower.len() == trimmed.len() {
            trimmed.get(..head_len)
        } else {
            None
        };
        let Some(next) = next else {
            return trimmed.to_owned();
        };
        let next = next.trim_end_matches(|c: char| !c.is_alphanumeric() && c != ')');
        if next.is_empty() {
            return trimmed.to_owned();
        }
        out = next.to_owned();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn check(raw: &str, expected: Option<&str>) {
        assert_eq!(
            canonical_brand(raw).as_deref(),
            expected,
            "canonical_brand({raw:?})"
        );
    }

    #[test]
    fn readme_spellings() {
        check("LENOVO", Some("Lenovo"));
        check("Hewlett-Packard", Some("HP"));
        check("HP", Some("HP"));
        check("ASUSTeK COMPUTER INC.", Some("ASUS"));
        check("ASUSTeK Computer Inc.", Some("ASUS"));
        check("asus", Some("ASUS"));
        check("Micro-Star International Co., Ltd.", Some("MSI"));
        check("MICRO-STAR INTERNATIONAL CO.,LTD", Some("MSI"));
        check("lge", Some("LG"));
        check("LGE", Some("LG"));
        check("LG Electronics", Some("LG"));
        check("Dell Inc.", Some("Dell"));
        check("Gigabyte Technology Co., Ltd.", Some("Gigabyte"));
        check("GIGABYTE", Some("Gigabyte"));
        check("SAMSUNG ELECTRONICS CO., LTD.", Some("Samsung"));
        check("samsung", Some("Samsung"));
        check("TOSHIBA", Some("Toshiba"));
        check("Apple Inc.", Some("Apple"));
        check("Sony Corporation", Some("Sony"));
        check("FUJITSU", Some("Fujitsu"));
        check("Microsoft Corporation", Some("Microsoft"));
        check("GOOGLE", Some("Google"));
        check("google", Some("Google"));
        check("Intel(R) Client Systems", Some("Intel"));
        check("Intel Corporation", Some("Intel"));
        check("Supermicro", Some("Supermicro"));
        check("MEDION", Some("Medion"));
        check("Packard Bell BV", Some("Packard Bell"));
        check("TUXEDO", Some("TUXEDO"));
        check("System76, Inc.", Some("System76"));
        check("HUAWEI", Some("Huawei"));
        check("HONOR", Some("Honor"));
        check("XIAOMI", Some("Xiaomi"));
        check("OnePlus", Some("OnePlus"));
        check("oppo", Some("OPPO"));
        check("Realme", Some("realme"));
        check("vivo", Some("vivo"));
        check("POCO", Some("POCO"));
        check("Redmi", Some("Redmi"));
        check("motorola", Some("Motorola"));
        check("HMD Global", Some("HMD Global"));
        check("Nokia", Some("Nokia"));
        check("zte", Some("ZTE"));
        check("INFINIX MOBILITY LIMITED", Some("Infinix"));
    }

    #[test]
    fn variants_seen_in_dmi() {
        check("HP-Pavilion", Some("HP"));
        check("Hewlett Packard", Some("HP"));
        check("HPE", Some("HPE"));
        check("Compaq-Presario", Some("Compaq"));
        check("MEDIONPC", Some("Medion"));
        check("SchenkerTechnologiesGmbH", Some("Schenker"));
        check(
            "CHUWI Innovation And Technology(ShenZhen)co.,Ltd",
            Some("Chuwi"),
        );
        check("TIMI", Some("TIMI"));
        check("FUJITSU SIEMENS", Some("Fujitsu Siemens"));
        check("FUJITSU CLIENT COMPUTING LIMITED", Some("Fujitsu"));
        check("Acer, inc.", Some("Acer"));
        check("Apple Computer, Inc.", Some("Apple"));
        check("Dell Computer Corporation", Some("Dell"));
        check("ASRock", Some("ASRock"));
        check("ASRockRack", Some("ASRockRack"));
        check("raspberrypi", Some("Raspberry Pi"));
        check("Raspberry Pi Foundation", Some("Raspberry Pi"));
        check("raspberrypi,4-model-b", Some("Raspberry Pi"));
        check("pine64,pinebook-pro", Some("PINE64"));
        check("nVIDIA", Some("NVIDIA"));
        check("fsl,imx8mm-evk", Some("NXP"));
        check("khadas", Some("Khadas"));
        check("Rockchip Electronics", Some("Rockchip Electronics"));
        check("ELITEGROUP COMPUTER SYSTEM CO.,LTD.", Some("ECS"));
        check("http://www.abit.com.tw/", Some("ABIT"));
        check("www.example.org", Some("example"));
    }

    #[test]
    fn unknown_brands_lose_only_legal_suffixes() {
        check("VMware, Inc.", Some("VMware"));
        check("innotek GmbH", Some("innotek"));
        check("QEMU", Some("QEMU"));
        check("Red Hat", Some("Red Hat"));
        check("CLEVO CO.", Some("CLEVO"));
        check("Hardkernel Co., Ltd.", Some("Hardkernel"));
        check("Positivo Informatica SA", Some("Positivo Informatica"));
        check("Itautec S.A.", Some("Itautec"));
        check("Wortmann_AG", Some("Wortmann"));
        check("CSL-Computer GmbH & Co. KG", Some("CSL-Computer"));
        check(
            "Shenzhen Meigao Electronic Equipment Co.,Ltd",
            Some("Shenzhen Meigao Electronic Equipment"),
        );
        check("SIEMENS AG", Some("SIEMENS"));
        check("BESSTAR TECH LIMITED", Some("BESSTAR TECH"));
        check("AZW", Some("AZW"));
        check("DEPO Computers", Some("DEPO Computers"));
        check("Abbco", Some("Abbco"));
        check("Nikko", Some("Nikko"));
    }

    #[test]
    fn junk_and_generic_vendors_are_none() {
        for junk in [
            "",
            "  ",
            "To Be Filled By O.E.M.",
            "System manufacturer",
            "Default string",
            "OEM",
            "O.E.M",
            "Not Specified",
            "Notebook",
            "Standard",
            "Unknown",
            "N/A",
            "empty",
            "$(DEFAULT_STRING)",
            "Inc.",
            "acme,board-1",
            "Fanless Mini PC",
        ] {
            check(junk, None);
        }
    }

    #[test]
    fn maker_names_are_not_products() {
        assert!(is_just_brand("LENOVO", None));
        assert!(is_just_brand("Lenovo Product", None));
        assert!(is_just_brand("Micro-Star International", None));
        assert!(is_just_brand("ASUSTeK COMPUTER INC.", None));
        assert!(is_just_brand("Intel", None));
        assert!(is_just_brand("Pegatron", Some("Pegatron")));
        assert!(!is_just_brand("HP Notebook", None));
        assert!(!is_just_brand("Lenovo G580", None));
        assert!(!is_just_brand("Laptop", Some("Framework")));
        assert!(!is_just_brand(
            "Surface Pro 7",
            Some("Microsoft Corporation")
        ));
    }
}
