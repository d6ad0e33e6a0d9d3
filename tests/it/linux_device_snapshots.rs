//! Linux device facts from snapshots, with exact values: linux-hardware.org's 94 hand-picked
//! hard cases (`../shared/corpus/linux-dmi/samples.tsv`), ARM boards
//! (`../shared/corpus/arm-boards/`: Raspberry Pi device trees and SoC boards in DMI), device-tree
//! machines, what is and is not read, bad input, and this machine.

use crate::linux_device_support;

use std::collections::HashMap;

use devprobe::source::{Live, Query, Recording, Snapshot};
use devprobe::{Collector, Consent, Device, Field, OmitReason, Platform, Purpose, Report};
use linux_device_support::{corpus, device, dmi_snapshot, read_tsv, report};

type Expected<'a> = (
    Option<&'a str>,
    Option<&'a str>,
    Option<&'a str>,
    Option<&'a str>,
);

/// Checks brand, manufacturer, model and model identifier.
#[track_caller]
fn check(case: &str, device: &Device, (brand, manufacturer, model, identifier): Expected<'_>) {
    let got = (
        device.brand.as_deref(),
        device.manufacturer.as_deref(),
        device.model.as_deref(),
        device.model_identifier.as_deref(),
    );
    assert_eq!(got, (brand, manufacturer, model, identifier), "{case}");
}

/// Label → brand, manufacturer, model, model identifier.
type Sample = (
    &'static str,
    Option<&'static str>,
    Option<&'static str>,
    Option<&'static str>,
    Option<&'static str>,
);

#[rustfmt::skip]
const SAMPLES: &[Sample] = &[
    ("nb_lenovo_thinkpad", Some("Lenovo"), Some("LENOVO"), Some("ThinkPad T14s Gen 1"), Some("20UJ001TRT")),
    ("nb_lenovo_thinkpad_x1", Some("Lenovo"), Some("LENOVO"), Some("ThinkPad X1 Carbon 7th"), Some("20QES0H400")),
    ("nb_lenovo_ideapad", Some("Lenovo"), Some("LENOVO"), Some("IdeaPad 5 15ALC05"), Some("82LN")),
    ("nb_lenovo_legion", Some("Lenovo"), Some("LENOVO"), Some("Legion 7 16IAX7"), Some("82TD")),
    ("nb_lenovo_lenovo_version_only", Some("Lenovo"), Some("LENOVO"), Some("Lenovo ideapad 100-14IBY"), Some("80MH")),
    ("nb_dell_xps", Some("Dell"), Some("Dell Inc."), Some("XPS 13 9360"), Some("XPS 13 9360")),
    ("nb_dell_latitude", Some("Dell"), Some("Dell Inc."), Some("Latitude 7390"), Some("Latitude 7390")),
    ("nb_dell_inspiron", Some("Dell"), Some("Dell Inc."), Some("Inspiron 3793"), Some("Inspiron 3793")),
    ("nb_dell_alienware", Some("Alienware"), Some("Alienware"), Some("Alienware 17 R4"), Some("Alienware 17 R4")),
    ("nb_hp_elitebook", Some("HP"), Some("HP"), Some("HP EliteBook 830 G5"), Some("HP EliteBook 830 G5")),
    ("nb_hp_laptop", Some("HP"), Some("HP"), Some("HP Laptop 15-ra0xx"), Some("HP Laptop 15-ra0xx")),
    ("nb_hewlett_packard_pavilion", Some("HP"), Some("Hewlett-Packard"), Some("HP Pavilion dv6 Notebook PC"), Some("HP Pavilion dv6 Notebook PC")),
    ("hp_pavilion_vendor", Some("HP"), Some("HP-Pavilion"), Some("KJ357AA-B14 a6310.be"), Some("KJ357AA-B14 a6310.be")),
    ("nb_acer_aspire", Some("Acer"), Some("Acer"), Some("Aspire A515-43"), Some("Aspire A515-43")),
    ("nb_acer_nitro", Some("Acer"), Some("Acer"), Some("Nitro AN515-55"), Some("Nitro AN515-55")),
    ("nb_acer_inc", Some("Acer"), Some("Acer, inc."), Some("Aspire 6530G"), Some("Aspire 6530G")),
    ("nb_packard_bell", Some("Packard Bell"), Some("Packard Bell"), Some("EasyNote TE11HC"), Some("EasyNote TE11HC")),
    ("nb_emachines", Some("eMachines"), Some("eMachines"), Some("eME728"), Some("eME728")),
    ("nb_asus_zenbook", Some("ASUS"), Some("ASUSTeK COMPUTER INC."), Some("ZenBook UX425QA_UM425QA"), Some("ZenBook UX425QA_UM425QA")),
    ("nb_asus_vivobook", Some("ASUS"), Some("ASUSTeK COMPUTER INC."), Some("VivoBook_ASUSLaptop X509DA_D509DA"), Some("VivoBook_ASUSLaptop X509DA_D509DA")),
    ("dt_asus_vendor_system_product_name", Some("ASUS"), Some("ASUS"), Some("PRIME B550-PLUS"), Some("PRIME B550-PLUS")),
    ("nb_asus_rog", Some("ASUS"), Some("ASUSTeK COMPUTER INC."), Some("ROG Strix G512LV_G512LV"), Some("ROG Strix G512LV_G512LV")),
    ("nb_apple_macbookpro", Some("Apple"), Some("Apple Inc."), Some("MacBook Pro (Retina, 13-inch, Late 2013/Mid 2014)"), Some("MacBookPro11,1")),
    ("nb_apple_macbookair", Some("Apple"), Some("Apple Inc."), Some("MacBook Air (13-inch, Early 2015/2017)"), Some("MacBookAir7,2")),
    ("nb_apple_macbook", Some("Apple"), Some("Apple Inc."), Some("MacBook (13-inch, Early/Mid 2009)"), Some("MacBook5,2")),
    ("aio_apple_imac", Some("Apple"), Some("Apple Inc."), Some("iMac (Retina 5K, 27-inch, 2017)"), Some("iMac18,3")),
    ("mini_apple_macmini", Some("Apple"), Some("Apple Inc."), Some("Mac mini (Mid 2014)"), Some("Macmini7,1")),
    ("dt_apple_macpro", Some("Apple"), Some("Apple Inc."), Some("Mac Pro (Late 2013)"), Some("MacPro6,1")),
    ("nb_samsung", Some("Samsung"), Some("SAMSUNG ELECTRONICS CO., LTD."), Some("300V3A/300V4A/300V5A/200A4B/200A5B"), Some("300V3A/300V4A/300V5A/200A4B/200A5B")),
    ("nb_toshiba", Some("Toshiba"), Some("TOSHIBA"), Some("SATELLITE L870-196"), Some("SATELLITE L870-196")),
    ("nb_huawei_matebook", Some("Huawei"), Some("HUAWEI"), Some("NBLK-WAX9X"), Some("NBLK-WAX9X")),
    // linux-hardware.org files TIMI as "Timi"; TIMI is not on the canonical list, so it keeps its spelling.
    ("nb_xiaomi_timi", Some("TIMI"), Some("TIMI"), Some("Redmi Book Pro 14S"), Some("Redmi Book Pro 14S")),
    ("nb_honor", Some("Honor"), Some("HONOR"), Some("MRA-XXX"), Some("MRA-XXX")),
    ("nb_framework", Some("Framework"), Some("Framework"), Some("Laptop"), Some("Laptop")),
    ("nb_system76", Some("System76"), Some("System76"), Some("Gazelle"), Some("Gazelle")),
    ("nb_tuxedo", Some("TUXEDO"), Some("TUXEDO"), Some("P7xxTM1"), Some("P7xxTM1")),
    ("nb_razer", Some("Razer"), Some("Razer"), Some("Blade 14 (2022) - RZ09-0427"), Some("Blade 14 (2022) - RZ09-0427")),
    ("nb_msi_long", Some("MSI"), Some("Micro-Star International Co., Ltd."), Some("Katana GF76 11UD"), Some("Katana GF76 11UD")),
    ("nb_google_chromebook", Some("Google"), Some("Google"), Some("Treeya"), Some("Treeya")),
    ("nb_google_upper", Some("Google"), Some("GOOGLE"), Some("Reks"), Some("Reks")),
    ("nb_chuwi", Some("Chuwi"), Some("CHUWI?Innovation?And?Technology(ShenZhen)co.,Ltd"), Some("GemiBook Pro"), Some("GemiBook Pro")),
    ("nb_sony_vaio", Some("Sony"), Some("Sony Corporation"), Some("VPCCA15FX"), Some("VPCCA15FX")),
    ("nb_fujitsu", Some("Fujitsu"), Some("FUJITSU"), Some("LIFEBOOK A530"), Some("LIFEBOOK A530")),
    ("fujitsu_siemens", Some("Fujitsu Siemens"), Some("FUJITSU SIEMENS"), Some("ESPRIMO C5730"), Some("ESPRIMO C5730")),
    ("nb_lg", Some("LG"), Some("LG Electronics"), Some("15Z970-E.BH71P1"), Some("15Z970-E.BH71P1")),
    ("nb_medion", Some("Medion"), Some("MEDION"), Some("Akoya P5320 E MD8875/2436"), Some("Akoya P5320 E MD8875/2436")),
    // Clevo barebones name no maker ("Notebook"): no brand rather than a generic word.
    ("nb_clevo_notebook_vendor", None, None, Some("NS5x_NS7xAU"), Some("NS5x_NS7xAU")),
    ("nb_valve_steamdeck", Some("Valve"), Some("Valve"), Some("Steam Deck"), Some("Jupiter")),
    ("nb_starlabs", Some("Star Labs"), Some("Star Labs"), Some("StarBook"), Some("StarBook")),
    ("nb_positivo", Some("Positivo Informatica"), Some("Positivo Informatica SA"), Some("H14BT58"), Some("H14BT58")),
    ("nb_empty_vendor", None, None, None, None),
    ("nb_tobefilled", Some("Intel"), Some("INTEL Corporation"), Some("ChiefRiver"), Some("ChiefRiver")),
    ("nb_default_string", Some("Intel"), Some("INTEL Corporation"), Some("SKYBAY"), Some("SKYBAY")),
    ("dt_asus_system_manufacturer", Some("ASUS"), Some("ASUSTeK COMPUTER INC."), Some("Z170 PRO GAMING"), Some("Z170 PRO GAMING")),
    ("dt_asus_all_series", Some("ASUS"), Some("ASUS"), Some("B85M-E"), Some("B85M-E")),
    ("dt_asrock_tobefilled", Some("ASRock"), Some("ASRock"), Some("B450 Gaming K4"), Some("B450 Gaming K4")),
    ("dt_default_string", None, None, None, None),
    ("dt_gigabyte", Some("Gigabyte"), Some("Gigabyte Technology Co., Ltd."), Some("B450M DS3H"), Some("B450M DS3H")),
    // MSI desktops: the board name spells out the MS-xxxx code of the product name.
    ("dt_msi_ms7", Some("MSI"), Some("Micro-Star International Co., Ltd"), Some("B450 TOMAHAWK MAX II (MS-7C02)"), Some("MS-7C02")),
    ("dt_msi_short", Some("MSI"), Some("MSI"), Some("A55M-E35 (MS-7721)"), Some("MS-7721")),
    ("dt_dell_optiplex", Some("Dell"), Some("Dell Inc."), Some("OptiPlex 7010"), Some("OptiPlex 7010")),
    ("dt_hp_elitedesk", Some("HP"), Some("HP"), Some("HP EliteDesk 705 G2 SFF"), Some("HP EliteDesk 705 G2 SFF")),
    ("dt_hp_compaq", Some("HP"), Some("Hewlett-Packard"), Some("HP Compaq 6005 Pro SFF PC"), Some("HP Compaq 6005 Pro SFF PC")),
    ("dt_lenovo_thinkcentre", Some("Lenovo"), Some("LENOVO"), Some("ThinkCentre M71e"), Some("3157H2U")),
    ("dt_biostar", Some("BIOSTAR Group"), Some("BIOSTAR Group"), Some("G31-M7 TE"), Some("G31-M7 TE")),
    ("dt_ecs", Some("ECS"), Some("ECS"), Some("G33T_M"), Some("G33T_M")),
    ("invalid_product", Some("Lenovo"), Some("LENOVO"), Some("VIUU4"), Some("VIUU4")),
    ("oem_vendor", None, None, Some("I42IL1"), Some("I42IL1")),
    ("dt_empty_vendor", Some("Intel"), Some("Intel Corporation"), Some("DQ45CB"), Some("DQ45CB")),
    ("dt_intel_corp_board", Some("Intel"), Some("Intel Corporation"), Some("Jasper Lake Client Platform"), Some("Jasper Lake Client Platform")),
    ("vm_qemu", Some("QEMU"), Some("QEMU"), Some("Standard PC (Q35 + ICH9, 2009)"), Some("Standard PC (Q35 + ICH9, 2009)")),
    ("vm_redhat_kvm", Some("Red Hat"), Some("Red Hat"), Some("KVM"), Some("KVM")),
    // The product only repeats the vendor: no model beyond the brand.
    ("vm_bochs", Some("Bochs"), Some("Bochs"), None, None),
    ("mini_intel_nuc", Some("Intel"), Some("Intel(R) Client Systems"), Some("NUC12WSKi5"), Some("NUC12WSKi5")),
    ("mini_beelink_azw", Some("AZW"), Some("AZW"), Some("GTR"), Some("GTR")),
    // "Fanless Mini PC" is a kind of machine, not a maker; the board name is a revision.
    ("stick_pc", None, None, Some("PCG02 GLE"), Some("PCG02 GLE")),
    ("srv_supermicro", Some("Supermicro"), Some("Supermicro"), Some("Super Server"), Some("Super Server")),
    ("srv_dell_poweredge", Some("Dell"), Some("Dell Inc."), Some("PowerEdge T130"), Some("PowerEdge T130")),
    ("hpe_proliant_microserver", Some("HPE"), Some("HPE"), Some("ProLiant MicroServer Gen10"), Some("ProLiant MicroServer Gen10")),
    ("srv_hp_proliant", Some("HP"), Some("HP"), Some("ProLiant DL360 Gen9"), Some("ProLiant DL360 Gen9")),
    ("srv_lenovo_thinksystem", Some("Lenovo"), Some("Lenovo"), Some("ThinkSystem SR590"), Some("7X99CTO1WW")),
    ("srv_fujitsu_primergy", Some("Fujitsu"), Some("FUJITSU"), Some("PRIMERGY TX1320 M1"), Some("PRIMERGY TX1320 M1")),
    ("tab_surface_pro", Some("Microsoft"), Some("Microsoft Corporation"), Some("Surface Pro 7"), Some("Surface Pro 7")),
    ("tab_surface_go", Some("Microsoft"), Some("Microsoft Corporation"), Some("Surface Go"), Some("Surface Go")),
    ("conv_lenovo_yoga", Some("Lenovo"), Some("LENOVO"), Some("ThinkPad L13 Yoga Gen 2"), Some("20VK0019US")),
    ("conv_hp_spectre", Some("HP"), Some("HP"), Some("HP Spectre x360 2-in-1 Laptop 16-f0xxx"), Some("HP Spectre x360 2-in-1 Laptop 16-f0xxx")),
    ("tab_generic", None, None, Some("Cherry Trail CR"), Some("Cherry Trail CR")),
    // U-Boot copied the device tree into DMI; the board revision is not part of the name.
    ("soc_rpi4", Some("Raspberry Pi"), Some("raspberrypi,4-model-b"), Some("Raspberry Pi 4 Model B"), Some("raspberrypi,4-model-b")),
    // Vendor fields junk: the brand comes from the model name, and there is no raw vendor.
    ("soc_jetson", Some("NVIDIA"), None, Some("NVIDIA Jetson Xavier NX for DSBOARD-NX2"), Some("NVIDIA Jetson Xavier NX for DSBOARD-NX2")),
    ("soc_pinebook", Some("PINE64"), Some("PINE64"), Some("Pinebook Pro"), Some("Pinebook Pro")),
    ("soc_radxa", Some("Radxa"), Some("Radxa"), Some("ROCK 5 Model B"), Some("ROCK 5 Model B")),
    ("soc_unknown_product", None, None, None, None),
    ("soc_libre", Some("Libre Computer"), Some("libre-computer"), Some("aml-s905x-cc"), Some("aml-s905x-cc")),
    ("fw_sophos", Some("Sophos"), Some("Sophos"), Some("SG"), Some("SG")),
];

#[test]
fn linux_hardware_org_hard_cases() {
    let Some(dir) = corpus("linux-dmi") else {
        return;
    };
    let rows = read_tsv(&dir.join("samples.tsv"));
    assert_eq!(rows.len(), SAMPLES.len());
    for row in &rows {
        let label = row["label"].as_str();
        let (_, b, m, model, id) = SAMPLES.iter().find(|s| s.0 == label).unwrap();
        check(label, &device(dmi_snapshot(row)), (*b, *m, *model, *id));
    }
}

/// DMI sys_vendor and product_name → brand, model, model identifier, for the SoC boards
/// linux-hardware.org saw (`soc_reports_linuxhw.tsv`).
type SocBoard = (
    &'static str,
    &'static str,
    Option<&'static str>,
    Option<&'static str>,
    Option<&'static str>,
);

#[rustfmt::skip]
const SOC_BOARDS: &[SocBoard] = &[
    ("Advantech", "VEGA-6301M", Some("Advantech"), Some("VEGA-6301M"), Some("VEGA-6301M")),
    ("Aquarius Production Company", "MBM", Some("Aquarius Production Company"), Some("MBM"), Some("MBM")),
    ("Broadcom", "Broadcom platform", Some("Broadcom"), Some("Broadcom platform"), Some("Broadcom platform")),
    ("EAECIS", "DF35", Some("EAECIS"), Some("DF35"), Some("DF35")),
    ("Edelweiss", "TF307-MB-S-D", Some("Edelweiss"), Some("TF307-MB-S-D"), Some("TF307-MB-S-D")),
    ("Elpitech", "ET101-1.1", Some("Elpitech"), Some("ET101-1.1"), Some("ET101-1.1")),
    ("Elpitech", "ET101-A1", Some("Elpitech"), Some("ET101-A1"), Some("ET101-A1")),
    ("Elpitech", "ET151-2", Some("Elpitech"), Some("ET151-2"), Some("ET151-2")),
    ("Elpitech", "ET171", Some("Elpitech"), Some("ET171"), Some("ET171")),
    ("GEDU", "YourLand", Some("GEDU"), Some("YourLand"), Some("YourLand")),
    ("GreatWall", "DF", Some("GreatWall"), Some("DF"), Some("DF")),
    ("Greatwall", "GW-001M1A-FTF", Some("Greatwall"), Some("GW-001M1A-FTF"), Some("GW-001M1A-FTF")),
    ("Greatwall", "GW-XXXXXX-XXX", Some("Greatwall"), Some("GW-XXXXXX-XXX"), Some("GW-XXXXXX-XXX")),
    ("GreatWall", "世恒TD120A2", Some("GreatWall"), Some("世恒TD120A2"), Some("世恒TD120A2")),
    ("GreatWall", "世恒D80F3", Some("GreatWall"), Some("世恒D80F3"), Some("世恒D80F3")),
    ("HANWEI", "FT-208-COME-B", Some("HANWEI"), Some("FT-208-COME-B"), Some("FT-208-COME-B")),
    ("HUAWEI", "HUAWEIPGU-WBY0", Some("Huawei"), Some("HUAWEIPGU-WBY0"), Some("HUAWEIPGU-WBY0")),
    ("HUAWEI", "HUAWEI PGU-WBY0", Some("Huawei"), Some("HUAWEI PGU-WBY0"), Some("HUAWEI PGU-WBY0")),
    ("HUAWEI", "W515 PGUV-WBY0", Some("Huawei"), Some("W515 PGUV-WBY0"), Some("W515 PGUV-WBY0")),
    ("Hardkernel Co., Ltd.", "ODROID-C2", Some("Hardkernel"), Some("ODROID-C2"), Some("ODROID-C2")),
    ("Unknown", "Unknown Product", None, None, None),
    ("Inspur", "CE520F", Some("Inspur"), Some("CE520F"), Some("CE520F")),
    ("NCI", "PC BLICK101", Some("NCI"), Some("PC BLICK101"), Some("PC BLICK101")),
    ("NVIDIA", "NVIDIA Jetson Orin NX Engineering Reference Developer Kit", Some("NVIDIA"), Some("NVIDIA Jetson Orin NX Engineering Reference Developer Kit"), Some("NVIDIA Jetson Orin NX Engineering Reference Developer Kit")),
    ("NVIDIA", "NVIDIA Jetson Orin Nano Developer Kit", Some("NVIDIA"), Some("NVIDIA Jetson Orin Nano Developer Kit"), Some("NVIDIA Jetson Orin Nano Developer Kit")),
    ("Orange Pi", "Orange Pi 5", Some("Orange Pi"), Some("Orange Pi 5"), Some("Orange Pi 5")),
    ("Unknown", "Edgepoint Tactical (Ketzal) r0.0", None, Some("Edgepoint Tactical (Ketzal) r0.0"), Some("Edgepoint Tactical (Ketzal) r0.0")),
    ("Unknown", "NVIDIA Jetson Orin NX Engineering Reference Developer Kit", Some("NVIDIA"), Some("NVIDIA Jetson Orin NX Engineering Reference Developer Kit"), Some("NVIDIA Jetson Orin NX Engineering Reference Developer Kit")),
    ("Unknown", "NVIDIA Jetson Orin Nano Developer Kit", Some("NVIDIA"), Some("NVIDIA Jetson Orin Nano Developer Kit"), Some("NVIDIA Jetson Orin Nano Developer Kit")),
    ("Unknown", "NVIDIA Jetson Xavier NX Developer Kit", Some("NVIDIA"), Some("NVIDIA Jetson Xavier NX Developer Kit"), Some("NVIDIA Jetson Xavier NX Developer Kit")),
    ("Unknown", "NVIDIA Jetson Xavier NX for DSBOARD-NX2", Some("NVIDIA"), Some("NVIDIA Jetson Xavier NX for DSBOARD-NX2"), Some("NVIDIA Jetson Xavier NX for DSBOARD-NX2")),
    ("Unknown", "NVIDIA Orin NX Developer Kit", Some("NVIDIA"), Some("NVIDIA Orin NX Developer Kit"), Some("NVIDIA Orin NX Developer Kit")),
    ("Unknown", "NVIDIA Orin Nano Developer Kit", Some("NVIDIA"), Some("NVIDIA Orin Nano Developer Kit"), Some("NVIDIA Orin Nano Developer Kit")),
    ("N/A", "N/A", None, Some("Kunpeng Desktop Board"), Some("Kunpeng Desktop Board")),
    ("PINE64", "Pinebook Pro", Some("PINE64"), Some("Pinebook Pro"), Some("Pinebook Pro")),
    ("Not Specified", "Not Specified", None, None, None),
    ("Radxa", "ROCK 5 Model B", Some("Radxa"), Some("ROCK 5 Model B"), Some("ROCK 5 Model B")),
    // linux-hardware.org filed this one under Radxa ROCK 5B; its DMI says a Dell Vostro 5470.
    ("Dell Inc.", "Vostro 5470", Some("Dell"), Some("Vostro 5470"), Some("Vostro 5470")),
    ("", "", None, None, None),
    // U-Boot's defaults; with a device tree present the model comes from it (see below).
    ("raspberrypi", "rpi", Some("Raspberry Pi"), Some("rpi"), Some("rpi")),
    ("Raspberry Pi Foundation", "Raspberry Pi 4 Model B", Some("Raspberry Pi"), Some("Raspberry Pi 4 Model B"), Some("Raspberry Pi 4 Model B")),
    ("raspberrypi,400", "Raspberry Pi 400 Rev 1.0", Some("Raspberry Pi"), Some("Raspberry Pi 400"), Some("raspberrypi,400")),
    ("Raspberry Pi Foundation", "Raspberry Pi 5 Model B", Some("Raspberry Pi"), Some("Raspberry Pi 5 Model B"), Some("Raspberry Pi 5 Model B")),
    ("Rockchip Electronics", "RK3588", Some("Rockchip Electronics"), Some("RK3588"), Some("RK3588")),
    ("SolidRun", "Bedrock R7000", Some("SolidRun"), Some("Bedrock R7000"), Some("Bedrock R7000")),
    // Sony UK builds Raspberry Pis under contract; the brand is Raspberry Pi.
    ("Sony UK", "Raspberry Pi 3 Model B", Some("Raspberry Pi"), Some("Raspberry Pi 3 Model B"), Some("Raspberry Pi 3 Model B")),
    ("Sony UK", "Raspberry Pi 4 Model B", Some("Raspberry Pi"), Some("Raspberry Pi 4 Model B"), Some("Raspberry Pi 4 Model B")),
    ("T-Platforms", "TF307-MB", Some("T-Platforms"), Some("TF307-MB"), Some("TF307-MB")),
    ("T-Platforms", "TF307-MB-S-C", Some("T-Platforms"), Some("TF307-MB-S-C"), Some("TF307-MB-S-C")),
    ("THTF", "ChaoXiangQ620-T1", Some("THTF"), Some("ChaoXiangQ620-T1"), Some("ChaoXiangQ620-T1")),
    ("khadas", "VIM3", Some("Khadas"), Some("VIM3"), Some("VIM3")),
    ("libre-computer", "aml-s905x-cc", Some("Libre Computer"), Some("aml-s905x-cc"), Some("aml-s905x-cc")),
    ("libre-computer", "roc-rk3328-cc", Some("Libre Computer"), Some("roc-rk3328-cc"), Some("roc-rk3328-cc")),
    ("pine64", "Pine64 PinePhonePro", Some("PINE64"), Some("Pine64 PinePhonePro"), Some("Pine64 PinePhonePro")),
    ("pine64,pinebook-pro", "Pine64 Pinebook Pro", Some("PINE64"), Some("Pine64 Pinebook Pro"), Some("pine64,pinebook-pro")),
    ("pine64,rockpro64-v2.1", "Pine64 RockPro64 v2.1", Some("PINE64"), Some("Pine64 RockPro64"), Some("pine64,rockpro64-v2.1")),
    ("raspberrypi,4-model-b", "Raspberry Pi 4 Model B Rev 1.1", Some("Raspberry Pi"), Some("Raspberry Pi 4 Model B"), Some("raspberrypi,4-model-b")),
    ("raspberrypi,4-model-b", "Raspberry Pi 4 Model B Rev 1.4", Some("Raspberry Pi"), Some("Raspberry Pi 4 Model B"), Some("raspberrypi,4-model-b")),
    ("raspberrypi,4-model-b", "Raspberry Pi 4 Model B Rev 1.5", Some("Raspberry Pi"), Some("Raspberry Pi 4 Model B"), Some("raspberrypi,4-model-b")),
    ("theobroma-systems", "puma_rk3399", Some("theobroma-systems"), Some("puma_rk3399"), Some("puma_rk3399")),
];

#[test]
fn soc_boards_in_dmi() {
    let Some(dir) = corpus("arm-boards") else {
        return;
    };
    let rows = read_tsv(&dir.join("soc_reports_linuxhw.tsv"));
    assert_eq!(rows.len(), 70);
    for row in &rows {
        let dmi: HashMap<String, String> = [
            ("sys_vendor", "dmi_sys_vendor"),
            ("product_name", "dmi_product_name"),
            ("product_family", "dmi_family"),
            ("board_vendor", "dmi_board_vendor"),
            ("board_name", "dmi_board_name"),
        ]
        .iter()
        .map(|(file, column)| {
            (
                (*file).to_owned(),
                row.get(*column).cloned().unwrap_or_default(),
            )
        })
        .collect();
        let (vendor, product) = (&dmi["sys_vendor"], &dmi["product_name"]);
        let (_, _, brand, model, id) = SOC_BOARDS
            .iter()
            .find(|s| s.0 == vendor && s.1 == product)
            .unwrap_or_else(|| panic!("{vendor:?} / {product:?} is not in SOC_BOARDS"));
        let d = device(dmi_snapshot(&dmi));
        let got = (
            d.brand.as_deref(),
            d.model.as_deref(),
            d.model_identifier.as_deref(),
        );
        assert_eq!(got, (*brand, *model, *id), "{vendor} / {product}");
    }
}

/// A device tree as Linux exposes it, under `root`.
fn device_tree(root: &str, model: Option<&str>, compatible: &str) -> Snapshot {
    let mut snap = Snapshot::new(Platform::Linux).file(
        &format!("{root}/compatible"),
        compatible.replace("\\0", "\0"),
    );
    if let Some(model) = model {
        snap = snap.file(&format!("{root}/model"), format!("{model}\0"));
    }
    snap
}

#[test]
fn raspberry_pi_compatible_strings_name_the_board() {
    let Some(dir) = corpus("arm-boards") else {
        return;
    };
    let rows = read_tsv(&dir.join("rpi_devicetree_compatible.tsv"));
    assert_eq!(rows.len(), 22);
    for row in &rows {
        let compatible = &row["compatible_string_as_read(NUL-separated shown as \\0)"];
        let first = format!("raspberrypi,{}", row["board_model"]);
        let d = device(device_tree("/proc/device-tree", None, compatible));
        let name = row["device_name"].as_str();
        check(
            name,
            &d,
            (
                Some("Raspberry Pi"),
                Some("raspberrypi"),
                Some(name),
                Some(&first),
            ),
        );
    }
}

#[test]
fn raspberry_pi_device_tree_models() {
    for (model, compatible, expected) in [
        (
            "Raspberry Pi 4 Model B Rev 1.4",
            "raspberrypi,4-model-b\\0brcm,bcm2711\\0",
            "Raspberry Pi 4 Model B",
        ),
        (
            "Raspberry Pi 4 Model B Rev 1.1",
            "raspberrypi,4-model-b\\0brcm,bcm2711\\0",
            "Raspberry Pi 4 Model B",
        ),
        (
            "Raspberry Pi 400 Rev 1.0",
            "raspberrypi,400\\0brcm,bcm2711\\0",
            "Raspberry Pi 400",
        ),
        (
            "Raspberry Pi 5 Model B Rev 1.0",
            "raspberrypi,5-model-b\\0brcm,bcm2712\\0",
            "Raspberry Pi 5 Model B",
        ),
        (
            "Raspberry Pi 3 Model B Rev 1.2",
            "raspberrypi,3-model-b\\0brcm,bcm2837\\0",
            "Raspberry Pi 3 Model B",
        ),
    ] {
        let first = compatible.split("\\0").next().unwrap();
        for root in ["/proc/device-tree", "/sys/firmware/devicetree/base"] {
            let d = device(device_tree(root, Some(model), compatible));
            check(
                model,
                &d,
                (
                    Some("Raspberry Pi"),
                    Some("raspberrypi"),
                    Some(expected),
                    Some(first),
                ),
            );
        }
    }
}

#[test]
fn other_device_tree_boards() {
    let pinebook = device(device_tree(
        "/proc/device-tree",
        Some("Pine64 Pinebook Pro"),
        "pine64,pinebook-pro\\0rockchip,rk3399\\0",
    ));
    check(
        "pinebook pro",
        &pinebook,
        (
            Some("PINE64"),
            Some("pine64"),
            Some("Pine64 Pinebook Pro"),
            Some("pine64,pinebook-pro"),
        ),
    );
    let odroid = device(device_tree(
        "/proc/device-tree",
        Some("Hardkernel ODROID-N2"),
        "hardkernel,odroid-n2\\0amlogic,g12b\\0",
    ));
    check(
        "odroid n2",
        &odroid,
        (
            Some("Hardkernel"),
            Some("hardkernel"),
            Some("Hardkernel ODROID-N2"),
            Some("hardkernel,odroid-n2"),
        ),
    );
    // An unknown vendor prefix names no brand; the model still stands.
    let unknown = device(device_tree(
        "/proc/device-tree",
        Some("Acme Board 1"),
        "acme,board-1\\0",
    ));
    check(
        "unknown vendor",
        &unknown,
        (None, None, Some("Acme Board 1"), Some("acme,board-1")),
    );
}

#[test]
fn u_boot_dmi_yields_to_the_device_tree() {
    // U-Boot on a Raspberry Pi 4 fills DMI from its defaults ("raspberrypi", "rpi").
    let snap = device_tree(
        "/proc/device-tree",
        Some("Raspberry Pi 4 Model B Rev 1.4"),
        "raspberrypi,4-model-b\\0brcm,bcm2711\\0",
    )
    .file("/sys/class/dmi/id/sys_vendor", "raspberrypi\n")
    .file("/sys/class/dmi/id/product_name", "rpi\n")
    .file("/sys/class/dmi/id/board_name", "rpi\n");
    check(
        "u-boot rpi4",
        &device(snap),
        (
            Some("Raspberry Pi"),
            Some("raspberrypi"),
            Some("Raspberry Pi 4 Model B"),
            Some("raspberrypi,4-model-b"),
        ),
    );
}

/// Every query a collect with `compatibility` granted makes on `snapshot`.
fn queries(snapshot: Snapshot) -> (Report, Vec<Query>) {
    let consent = Consent::new();
    consent.grant([Purpose::Compatibility]);
    let rec = std::sync::Arc::new(Recording::new(snapshot));
    let report = Collector::builder(consent)
        .source(rec.clone())
        .build()
        .collect()
        .unwrap();
    (report, rec.queries())
}

const FORBIDDEN: &[&str] = &[
    "/sys/class/dmi/id/product_serial",
    "/sys/class/dmi/id/product_uuid",
    "/sys/class/dmi/id/board_serial",
    "/sys/class/dmi/id/chassis_serial",
    "/sys/class/dmi/id/board_asset_tag",
    "/sys/class/dmi/id/chassis_asset_tag",
    "/etc/machine-id",
];

fn device_queries(all: &[Query]) -> Vec<String> {
    all.iter()
        .map(|q| q.name().to_owned())
        .filter(|n| {
            n.starts_with("/sys/class/dmi") || n.contains("device-tree") || n.contains("devicetree")
        })
        .collect()
}

#[test]
fn a_laptop_with_uefi_firmware_never_touches_the_device_tree() {
    // A ThinkPad X13s boots Linux with a device tree, but its UEFI firmware fills DMI properly:
    // DMI wins, and the device tree is not read at all.
    let snap = device_tree(
        "/proc/device-tree",
        Some("Lenovo ThinkPad X13s"),
        "lenovo,thinkpad-x13s\\0qcom,sc8280xp\\0",
    )
    .file("/sys/class/dmi/id/sys_vendor", "LENOVO\n")
    .file("/sys/class/dmi/id/product_name", "21BXCTO1WW\n")
    .file("/sys/class/dmi/id/product_version", "ThinkPad X13s Gen 1\n")
    .file("/sys/class/dmi/id/product_serial", "SERIAL123\n")
    .file(
        "/sys/class/dmi/id/product_uuid",
        "3f1b8d6e-0000-0000-0000-000000000000\n",
    );
    let (report, queries) = queries(snap);
    check(
        "thinkpad x13s",
        &report.device,
        (
            Some("Lenovo"),
            Some("LENOVO"),
            Some("ThinkPad X13s Gen 1"),
            Some("21BXCTO1WW"),
        ),
    );
    assert_eq!(
        device_queries(&queries),
        [
            "/sys/class/dmi/id/sys_vendor",
            "/sys/class/dmi/id/product_version",
            "/sys/class/dmi/id/product_name"
        ]
    );
}

#[test]
fn no_identifier_is_ever_read() {
    let Some(dir) = corpus("linux-dmi") else {
        return;
    };
    for row in read_tsv(&dir.join("samples.tsv")) {
        let mut snap = dmi_snapshot(&row);
        for path in FORBIDDEN {
            snap = snap.file(path, "SECRET\n");
        }
        let (report, queries) = queries(snap);
        for q in &queries {
            assert!(
                !FORBIDDEN.contains(&q.name()),
                "{} read {q:?}",
                row["label"]
            );
        }
        let json = report.to_json().unwrap();
        assert!(!json.contains("SECRET"), "{json}");
    }
}

#[test]
fn this_debian_vm_without_dmi_reports_not_found() {
    let (report, _) = queries(Snapshot::new(Platform::Linux));
    for f in [
        Field::DeviceBrand,
        Field::DeviceManufacturer,
        Field::DeviceModel,
        Field::DeviceModelIdentifier,
    ] {
        assert_eq!(report.omission(f), Some(OmitReason::NotFound), "{f}");
    }
    if std::path::Path::new("/sys/class/dmi/id").exists()
        || std::path::Path::new("/proc/device-tree").exists()
    {
        eprintln!("skipped the live half: this machine has DMI or a device tree");
        return;
    }
    let consent = Consent::new();
    consent.grant([Purpose::Compatibility]);
    let live = Collector::builder(consent)
        .source(Live::new())
        .build()
        .collect()
        .unwrap();
    assert_eq!(live.device, Device::default());
    for f in [
        Field::DeviceBrand,
        Field::DeviceManufacturer,
        Field::DeviceModel,
        Field::DeviceModelIdentifier,
    ] {
        assert_eq!(live.omission(f), Some(OmitReason::NotFound), "{f}");
    }
}

#[test]
fn without_a_compatible_the_device_tree_model_is_not_looked_up() {
    // x86 without DMI (a VM): the root's `compatible`, which every device tree has, is missing
    // under both roots, so there is no device tree and its `model` is not looked up. Nor are
    // the other DMI files once their directory is found missing.
    let (report, queries) = queries(Snapshot::new(Platform::Linux));
    assert_eq!(report.device, Device::default());
    assert_eq!(
        device_queries(&queries),
        [
            "/sys/class/dmi/id/sys_vendor",
            "/sys/class/dmi/id",
            "/proc/device-tree/compatible",
            "/sys/firmware/devicetree/base/compatible",
        ]
    );
}

#[test]
fn dmi_files_are_looked_up_one_by_one_when_their_directory_is_there() {
    // The kernel creates a DMI file only for a string the firmware set: without
    // `sys_vendor`, the others are still read when the directory exists.
    let snap = Snapshot::new(Platform::Linux)
        .file("/sys/class/dmi/id/board_vendor", "ASUSTeK COMPUTER INC.\n")
        .file("/sys/class/dmi/id/board_name", "PRIME B450M-A\n");
    let (report, queries) = queries(snap);
    assert_eq!(report.device.brand.as_deref(), Some("ASUS"));
    assert_eq!(report.device.model.as_deref(), Some("PRIME B450M-A"));
    let dmi = device_queries(&queries);
    assert_eq!(
        dmi.get(..3),
        Some(
            &[
                "/sys/class/dmi/id/sys_vendor".to_owned(),
                "/sys/class/dmi/id".to_owned(),
                "/sys/class/dmi/id/board_vendor".to_owned(),
            ][..]
        )
    );
    assert!(dmi.contains(&"/sys/class/dmi/id/board_name".to_owned()));
}

const DMI: &str = "/sys/class/dmi/id";

#[track_caller]
fn check_omitted(case: &str, snapshot: Snapshot, field: Field, reason: OmitReason) {
    let report = report(snapshot);
    assert_eq!(
        report.omission(field),
        Some(reason),
        "{case}: {:?}",
        report.device
    );
}

#[test]
fn bad_input_gives_omissions_not_panics() {
    let megabyte = vec![b'A'; 1024 * 1024];
    let empty = [
        "sys_vendor",
        "product_name",
        "product_version",
        "product_family",
        "board_vendor",
        "board_name",
    ]
    .iter()
    .fold(Snapshot::new(Platform::Linux), |s, f| {
        s.file(&format!("{DMI}/{f}"), "")
    });
    check_omitted(
        "empty files",
        empty.clone(),
        Field::DeviceBrand,
        OmitReason::NotFound,
    );
    check_omitted(
        "empty files",
        empty,
        Field::DeviceModel,
        OmitReason::NotFound,
    );
    let huge = Snapshot::new(Platform::Linux).file(&format!("{DMI}/sys_vendor"), &megabyte);
    check_omitted(
        "1 MiB vendor",
        huge,
        Field::DeviceBrand,
        OmitReason::Malformed,
    );
    let garbage = Snapshot::new(Platform::Linux)
        .file(
            &format!("{DMI}/sys_vendor"),
            b"\x7fELF\x02\x01\x01\x00\x00\x00",
        )
        .file(&format!("{DMI}/product_name"), b"\x00\x9b\x1b[2J");
    check_omitted(
        "binary vendor",
        garbage.clone(),
        Field::DeviceBrand,
        OmitReason::Malformed,
    );
    check_omitted(
        "binary product",
        garbage,
        Field::DeviceModel,
        OmitReason::Malformed,
    );
    let dirs = Snapshot::new(Platform::Linux)
        .dir(&format!("{DMI}/sys_vendor"))
        .dir(&format!("{DMI}/product_name"))
        .dir("/proc/device-tree/model");
    check_omitted(
        "directories",
        dirs.clone(),
        Field::DeviceBrand,
        OmitReason::Unreadable,
    );
    check_omitted(
        "directories",
        dirs,
        Field::DeviceModel,
        OmitReason::Unreadable,
    );
    let bad_tree = Snapshot::new(Platform::Linux)
        .file("/proc/device-tree/model", b"\x01\x02\x03")
        .dir("/proc/device-tree/compatible");
    check_omitted(
        "binary device tree",
        bad_tree,
        Field::DeviceModel,
        OmitReason::Malformed,
    );
}

#[test]
fn one_bad_file_does_not_spoil_the_others() {
    // Garbage in sys_vendor: the board vendor still names the maker.
    let snap = Snapshot::new(Platform::Linux)
        .file(&format!("{DMI}/sys_vendor"), b"\xff\xfe\x00\x01")
        .file(&format!("{DMI}/product_name"), vec![b'x'; 1024 * 1024])
        .file(&format!("{DMI}/board_vendor"), "ASUSTeK COMPUTER INC.\n")
        .file(&format!("{DMI}/board_name"), "PRIME B550-PLUS\n");
    check(
        "bad system fields",
        &device(snap),
        (
            Some("ASUS"),
            Some("ASUSTeK COMPUTER INC."),
            Some("PRIME B550-PLUS"),
            Some("PRIME B550-PLUS"),
        ),
    );
    // Not UTF-8: old firmware writes ISO 8859-1.
    let latin1 = Snapshot::new(Platform::Linux)
        .file(
            &format!("{DMI}/sys_vendor"),
            b"Positivo Inform\xe1tica SA\n",
        )
        .file(&format!("{DMI}/product_name"), b"Master D580\n");
    check(
        "latin-1 vendor",
        &device(latin1),
        (
            Some("Positivo Informática"),
            Some("Positivo Informática SA"),
            Some("Master D580"),
            Some("Master D580"),
        ),
    );
}

#[test]
fn arbitrary_bytes_never_panic() {
    // A small deterministic generator: every file gets bytes of every kind.
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let files = [
        "sys_vendor",
        "product_name",
        "product_version",
        "product_family",
        "board_vendor",
        "board_name",
    ];
    for _ in 0..300 {
        let mut snap = Snapshot::new(Platform::Linux);
        for f in files.iter().map(|f| format!("{DMI}/{f}")).chain([
            "/proc/device-tree/model".into(),
            "/proc/device-tree/compatible".into(),
        ]) {
            let len = (next() % 80) as usize;
            let bytes: Vec<u8> = (0..len).map(|_| (next() % 256) as u8).collect();
            snap = snap.file(&f, bytes);
        }
        let report = report(snap);
        for v in [
            &report.device.brand,
            &report.device.manufacturer,
            &report.device.model,
            &report.device.model_identifier,
        ]
        .into_iter()
        .flatten()
        {
            assert!(!v.is_empty() && !v.chars().any(char::is_control), "{v:?}");
        }
    }
}
