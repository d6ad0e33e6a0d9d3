#!/usr/bin/env bash
# Windows, for real: builds the `report` example for x86_64-pc-windows-gnu (mingw-w64 linker from
# .cargo/config.toml), runs the library's unit tests and the example under Wine, each case in a
# fresh WINEPREFIX whose registry is shaped with `wine reg add`, and checks the JSON printed.
#   bash .ci/windows.sh            (from anywhere; needs root for apt-get on a fresh machine)
# Cases:
#   thinkpad_11_23h2  a Lenovo ThinkPad X1 Carbon Gen 9 on Windows 11 23H2 whose ProductName says
#                     "Windows 10 Pro": with Wine's default version (its RtlGetVersion then pairs
#                     the registry's CurrentVersion 6.1 with the registry's build, 6.1.22631),
#                     with `winecfg /v win10` (10.0.22631), and with a per-program version of
#                     win8 (RtlGetVersion says 6.2.9200, as under a compatibility shim): the
#                     registry's build wins every time.
#   wine_default      Wine as installed: Windows 7 SP1, empty BIOS strings; nothing may panic and
#                     the device facts are omitted with reasons.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
# No Mono or Gecko download prompts when a prefix is created: nothing here needs them.
export CARGO_TERM_COLOR=never WINEDEBUG=-all WINEDLLOVERRIDES='mscoree=;mshtml='
step() { printf '\n== windows: %s\n' "$*"; }
target=x86_64-pc-windows-gnu
run_sh=$root/../shared/tools/wine/run.sh

step "setup"
need=()
command -v x86_64-w64-mingw32-gcc >/dev/null || need+=(gcc-mingw-w64-x86-64)
command -v wine >/dev/null || need+=(wine64 wine)
command -v python3 >/dev/null || need+=(python3)
if [ ${#need[@]} -gt 0 ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi
rustup target add "$target" x86_64-pc-windows-msvc >/dev/null 2>&1
[ -x "$run_sh" ] || { echo "missing $run_sh (../shared/tools)"; exit 1; }
wine --version

if [ ! -f .ci/targets.sh ]; then
  # .ci/targets.sh lints and checks every target; without it, at least the Windows ones.
  step "clippy $target, check x86_64-pc-windows-msvc"
  cargo clippy -q --all-targets --target "$target" -- -D warnings
  cargo check -q --all-targets --target x86_64-pc-windows-msvc
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/devprobe-windows.XXXXXX")
cleanup() {
  for p in "$work"/prefix-*; do
    [ -d "$p" ] && WINEPREFIX=$p wineserver -k >/dev/null 2>&1 || true
  done
  rm -rf "$work"
}
trap cleanup EXIT

step "unit tests under Wine (live Windows source included)"
WINEPREFIX=$work/prefix-tests CARGO_TARGET_X86_64_PC_WINDOWS_GNU_RUNNER=$run_sh \
  cargo test -q --lib --target "$target"

step "build the report example"
cargo build -q --example report --target "$target"
exe=$root/target/$target/debug/examples/report.exe

# new_prefix NAME [WINECFG_VERSION]: a fresh prefix with a persistent wineserver, so values added
# under the volatile HKLM\HARDWARE survive until the report runs.
new_prefix() {
  export WINEPREFIX=$work/prefix-$1
  wineboot --init >/dev/null 2>&1
  if [ -n "${2:-}" ]; then wine winecfg /v "$2" >/dev/null 2>&1; fi
  # wineboot leaves a non-persistent server behind; replace it with a persistent one.
  wineserver -k >/dev/null 2>&1 || true
  wineserver -p
}
reg_sz() { wine reg add "$1" /v "$2" /t REG_SZ /d "$3" /f >/dev/null 2>&1; }
reg_dword() { wine reg add "$1" /v "$2" /t REG_DWORD /d "$3" /f >/dev/null 2>&1; }
run_report() {
  # --capture records what the live source answered (Wine's RtlGetVersion, display mode, ...).
  # A generous deadline: Wine starts threads slowly, and a loaded machine must not turn the
  # values this script checks into timed_out.
  "$run_sh" "$exe" --pretty --purposes all --deadline 10000 --capture "Z:$work/capture-$1" \
    >"$work/$1.json" 2>"$work/$1.err" \
    || { cat "$work/$1.err"; echo "report.exe failed for $1"; exit 1; }
  if grep -qi panick "$work/$1.err"; then cat "$work/$1.err"; exit 1; fi
  wineserver -k >/dev/null 2>&1 || true
  cat "$work/$1.json"
  for f in windows_version.json display.json; do
    printf '%s (what Wine answered): ' "$f"
    tr -d ' \n' <"$work/capture-$1/$f" 2>/dev/null || printf 'none'
    echo
  done
}

BIOS='HKLM\HARDWARE\DESCRIPTION\System\BIOS'
CV='HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion'
thinkpad() {
  reg_sz "$BIOS" SystemManufacturer LENOVO
  reg_sz "$BIOS" SystemProductName 20XW0055US
  reg_sz "$BIOS" SystemVersion 'ThinkPad X1 Carbon Gen 9'
  reg_sz "$BIOS" SystemFamily 'ThinkPad X1 Carbon Gen 9'
  reg_sz "$BIOS" SystemSKU 'LENOVO_MT_20XW_BU_Think_FM_ThinkPad X1 Carbon Gen 9'
  reg_sz "$CV" CurrentBuildNumber 22631
  reg_sz "$CV" CurrentBuild 22631
  reg_dword "$CV" UBR 4460
  reg_sz "$CV" DisplayVersion 23H2
  reg_sz "$CV" EditionID Professional
  reg_sz "$CV" InstallationType Client
  reg_sz "$CV" ProductName 'Windows 10 Pro'
}

step "case thinkpad_11_23h2, Wine's default kernel answer"
new_prefix thinkpad-win7
thinkpad
run_report thinkpad_win7

step "case thinkpad_11_23h2, winecfg /v win10"
new_prefix thinkpad-win10 win10
thinkpad
run_report thinkpad_win10

step "case thinkpad_11_23h2, RtlGetVersion shimmed to 6.2.9200"
new_prefix thinkpad-shim
thinkpad
wine reg add 'HKCU\Software\Wine\AppDefaults\report.exe' /v Version /d win8 /f >/dev/null 2>&1
run_report thinkpad_shim

step "case wine_default (empty BIOS strings)"
new_prefix default
run_report wine_default

step "check the JSON"
python3 - "$work" <<'PY'
import json, sys, pathlib
work = pathlib.Path(sys.argv[1])
failures = []
def load(name):
    return json.loads((work / f"{name}.json").read_text())
def expect(case, r, path, want):
    node = r
    for part in path.split("."):
        node = node.get(part) if isinstance(node, dict) else None
    if node != want:
        failures.append(f"{case}: {path} = {node!r}, expected {want!r}")
def omitted(r):
    return {o["field"]: o["reason"] for o in r["omitted"]}
FIELDS = ["device.brand", "device.manufacturer", "device.model", "device.model_identifier",
          "os.type", "os.id", "os.name", "os.version", "os.build_id", "os.display_version",
          "os.sdk_level", "os.kernel_version", "network.ip", "network.connection_type",
          "network.connection_subtype", "network.vpn", "network.online", "network.ipv4",
          "network.ipv6", "screen.orientation", "screen.rotation_degrees"]
def accounted(case, r):
    om = omitted(r)
    for f in FIELDS:
        group, name = f.split(".")
        present = name in r.get(group, {}) or (f == "os.type" and "type" in r.get("os", {}))
        if present == (f in om):
            failures.append(f"{case}: {f} is {'both present and omitted' if present else 'neither present nor omitted'}")
def screen(case, r):
    # Wine's EnumDisplaySettingsW without an X display: its null driver's 1024x768 mode with
    # DM_DISPLAYORIENTATION set to DMDO_DEFAULT.
    print(f"{case}: screen {r.get('screen')}")
    expect(case, r, "screen.orientation", "landscape_primary")
    expect(case, r, "screen.rotation_degrees", 0)
    expect(case, r, "screen.source", "display")

kernel = json.loads((work / "capture-thinkpad_shim" / "windows_version.json").read_text())
if (kernel["major"], kernel["minor"], kernel["build"]) != (6, 2, 9200):
    failures.append(f"thinkpad_shim: Wine's RtlGetVersion said {kernel}, not the 6.2.9200 shim")

for case in ["thinkpad_win7", "thinkpad_win10", "thinkpad_shim"]:
    r = load(case)
    accounted(case, r)
    expect(case, r, "platform", "windows")
    expect(case, r, "os.type", "windows")
    expect(case, r, "os.id", "windows")
    expect(case, r, "os.name", "Windows 11 Pro")
    expect(case, r, "os.version", "11")
    expect(case, r, "os.build_id", "22631.4460")
    expect(case, r, "os.display_version", "23H2")
    expect(case, r, "os.kernel_version", "10.0.22631")
    expect(case, r, "device.brand", "Lenovo")
    expect(case, r, "device.manufacturer", "LENOVO")
    expect(case, r, "device.model", "ThinkPad X1 Carbon Gen 9")
    expect(case, r, "device.model_identifier", "20XW0055US")
    screen(case, r)

r = load("wine_default")
accounted("wine_default", r)
om = omitted(r)
for f in ["device.brand", "device.manufacturer", "device.model", "device.model_identifier"]:
    if om.get(f) != "not_found":
        failures.append(f"wine_default: {f} omitted as {om.get(f)!r}, expected 'not_found'")
expect("wine_default", r, "os.name", "Windows 7")
expect("wine_default", r, "os.version", "7")
expect("wine_default", r, "os.build_id", "7601")
expect("wine_default", r, "os.kernel_version", "6.1.7601")
if om.get("os.display_version") != "not_found":
    failures.append(f"wine_default: os.display_version omitted as {om.get('os.display_version')!r}")
if r.get("network", {}).get("connection_type") not in ("wired", "unavailable"):
    failures.append(f"wine_default: network {r.get('network')!r}")
screen("wine_default", r)

if failures:
    print("\n".join(failures))
    sys.exit(1)
print("windows: 4 Wine cases passed")
PY
