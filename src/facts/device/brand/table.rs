//! The brand table: canonical spellings and the vendor strings that mean them.
//!
//! Keys are lower case and match the whole vendor string or its start up to a separator
//! ("hp" matches "hp-pavilion" but not "hpe"); the longest matching key wins, so
//! "fujitsu siemens" beats "fujitsu" and "hewlett packard enterprise" beats "hewlett packard".
//! Spellings follow each maker's own marketing (`../shared/corpus/README.md`).

/// Canonical name and the lower-case keys that mean it.
const BRANDS: &[(&str, &[&str])] = &[
    ("Lenovo", &["lenovo"]),
    (
        "HP",
        &["hp", "hewlett-packard", "hewlett packard", "hewlettpackard"],
    ),
    (
        "HPE",
        &[
            "hpe",
            "hewlett packard enterprise",
            "hewlett-packard enterprise",
        ],
    ),
    ("Dell", &["dell"]),
    ("ASUS", &["asus", "asustek", "asustek computer"]),
    ("Acer", &["acer"]),
    ("MSI", &["msi", "micro-star", "micro star", "microstar"]),
    ("Gigabyte", &["gigabyte"]),
    ("ASRock", &["asrock"]),
    ("Apple", &["apple"]),
    ("Samsung", &["samsung"]),
    ("Toshiba", &["toshiba"]),
    ("Huawei", &["huawei"]),
    ("Honor", &["honor"]),
    ("Xiaomi", &["xiaomi"]),
    ("Redmi", &["redmi"]),
    ("POCO", &["poco"]),
    ("OnePlus", &["oneplus"]),
    ("OPPO", &["oppo"]),
    ("realme", &["realme"]),
    ("vivo", &["vivo"]),
    ("LG", &["lg", "lge", "lg electronics"]),
    ("Sony", &["sony"]),
    ("Fujitsu", &["fujitsu"]),
    ("Fujitsu Siemens", &["fujitsu siemens", "fujitsu-siemens"]),
    ("Microsoft", &["microsoft"]),
    ("Google", &["google"]),
    ("Intel", &["intel"]),
    ("Supermicro", &["supermicro", "super micro"]),
    ("Medion", &["medion", "medionpc"]),
    ("Packard Bell", &["packard bell", "packardbell"]),
    ("TUXEDO", &["tuxedo"]),
    ("System76", &["system76"]),
    ("Framework", &["framework"]),
    ("Razer", &["razer"]),
    ("Alienware", &["alienware"]),
    ("Infinix", &["infinix"]),
    ("Motorola", &["motorola"]),
    ("Nokia", &["nokia"]),
    ("ZTE", &["zte"]),
    // Not in the README's list; here for a spelling or a glued legal suffix.
    ("Compaq", &["compaq"]),
    ("ECS", &["ecs", "elitegroup"]),
    ("ABIT", &["abit"]),
    (
        "Schenker",
        &[
            "schenker",
            "schenkertechnologiesgmbh",
            "schenkertechnologies",
        ],
    ),
    ("Chuwi", &["chuwi"]),
    ("NVIDIA", &["nvidia"]),
    ("Raspberry Pi", &["raspberrypi", "raspberry pi"]),
    ("PINE64", &["pine64"]),
    (
        "Libre Computer",
        &["libre-computer", "libre computer", "libretech"],
    ),
];

/// Device-tree `compatible` vendor prefixes (the Linux `vendor-prefixes.yaml` names) whose
/// brand is not simply the prefix looked up in [`BRANDS`].
const DT_VENDORS: &[(&str, &str)] = &[
    ("hardkernel", "Hardkernel"),
    ("radxa", "Radxa"),
    ("rockchip", "Rockchip"),
    ("khadas", "Khadas"),
    ("xunlong", "Orange Pi"),
    ("friendlyarm", "FriendlyElec"),
    ("sinovoip", "Banana Pi"),
    ("beagle", "BeagleBoard.org"),
    ("ti", "Texas Instruments"),
    ("fsl", "NXP"),
    ("nxp", "NXP"),
    ("qcom", "Qualcomm"),
    ("allwinner", "Allwinner"),
    ("amlogic", "Amlogic"),
    ("starfive", "StarFive"),
    ("sifive", "SiFive"),
    ("milkv", "Milk-V"),
    ("sipeed", "Sipeed"),
    ("solidrun", "SolidRun"),
    ("toradex", "Toradex"),
    ("kontron", "Kontron"),
    ("olimex", "Olimex"),
    ("tsd", "Theobroma Systems"),
];

/// Model-name starts that decide the brand whatever the vendor says: Raspberry Pi boards are
/// built by contract manufacturers ("Sony UK", "Embest") that firmware names as the vendor.
const MODEL_BRANDS: &[(&str, &str)] = &[("raspberry pi", "Raspberry Pi")];

/// The canonical name for a lower-case vendor string with legal suffixes removed.
pub(super) fn lookup(lower: &str) -> Option<&'static str> {
    lookup_with_rest(lower).map(|(name, _)| name)
}

/// The canonical name and what follows the matched key ("micro-star international" →
/// `("MSI", " international")`).
pub(super) fn lookup_with_rest(lower: &str) -> Option<(&'static str, &str)> {
    let mut best: Option<(usize, &'static str)> = None;
    for (name, keys) in BRANDS {
        for key in *keys {
            let Some(rest) = lower.strip_prefix(key) else {
                continue;
            };
            let at_boundary = rest.chars().next().is_none_or(|c| !c.is_alphanumeric());
            if at_boundary && best.is_none_or(|(len, _)| key.len() > len) {
                best = Some((key.len(), name));
            }
        }
    }
    best.and_then(|(len, name)| Some((name, lower.get(len..)?)))
}

/// The brand a device-tree vendor prefix (`raspberrypi`, `pine64`, `fsl`) stands for.
pub(super) fn dt_vendor_brand(prefix: &str) -> Option<&'static str> {
    DT_VENDORS
        .iter()
        .find(|(p, _)| *p == prefix)
        .map(|(_, name)| *name)
        .or_else(|| {
            BRANDS
                .iter()
                .find(|(_, keys)| keys.contains(&prefix))
                .map(|(name, _)| *name)
        })
}

/// The brand a model name itself carries.
///
/// `override_vendor` is true for names that decide the brand whatever the vendor says
/// ("Raspberry Pi 4 Model B" made by "Sony UK"); otherwise the model's first word must be a
/// brand of the table ("NVIDIA Jetson Orin Nano Developer Kit" → NVIDIA), for machines whose
/// vendor fields are junk.
pub(crate) fn model_brand(model: &str) -> Option<(&'static str, bool)> {
    let lower = model.to_lowercase();
    for (start, name) in MODEL_BRANDS {
        if let Some(rest) = lower.strip_prefix(start)
            && rest.chars().next().is_none_or(|c| !c.is_alphanumeric())
        {
            return Some((name, true));
        }
    }
    let first = lower.split_whitespace().next()?;
    BRANDS
        .iter()
        .find(|(_, keys)| keys.contains(&first))
        .map(|(name, _)| (*name, false))
}
