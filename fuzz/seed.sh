#!/usr/bin/env bash
# Fills fuzz/corpus/<target>/ with seed inputs from the repository's fixtures (tests/fixtures),
# the shared corpus (../shared/corpus, when present) and the committed crash regressions
# (fuzz/regressions/<target>/). The corpora are generated, not committed (.gitignore). Each seed
# is named after its content's hash, so running this again adds nothing twice.
#   bash fuzz/seed.sh
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
out=fuzz/corpus
corpus=../shared/corpus
snapshots=tests/fixtures

# first N: the first N lines of standard input. Unlike `head`, it reads to the end, so the
# command before it in a pipeline never gets SIGPIPE (exit 141, fatal under pipefail).
first() {
  awk -v n="$1" 'NR <= n'
}

# seed TARGET FILE...: copies each non-empty file (at most 1 MiB) into the target's corpus.
seed() {
  local target=$1 f sum
  shift
  mkdir -p "$out/$target"
  for f in "$@"; do
    [ -f "$f" ] && [ -s "$f" ] || continue
    [ "$(stat -c %s "$f")" -le 1048576 ] || continue
    sum=$(sha1sum < "$f" | cut -c1-16)
    cp "$f" "$out/$target/seed-$sum"
  done
}

# seed_text TARGET: one seed per line of standard input that is not empty.
seed_text() {
  local target=$1 line sum
  mkdir -p "$out/$target"
  while IFS= read -r line; do
    [ -n "$line" ] || continue
    sum=$(printf '%s' "$line" | sha1sum | cut -c1-16)
    printf '%b' "$line" > "$out/$target/seed-$sum"
  done
}

files_named() { # DIR NAME-PATTERN...: files under DIR whose name matches any pattern
  local dir=$1
  shift
  [ -d "$dir" ] || return 0
  local args=() p
  for p in "$@"; do args+=(-o -name "$p"); done
  find "$dir" -type f \( "${args[@]:1}" \) | sort
}

mapfile -t f < <(files_named "$corpus/linux-release" os-release)
seed os_release "${f[@]}"
mapfile -t f < <(files_named "$corpus/linux-release" '*-release' '*_release' '*-version' '*_version' lsb-release version release)
seed release_files "${f[@]}"
mapfile -t f < <(files_named "$snapshots" 'in_accel_*' 'in_anglvel_*')
seed iio "${f[@]}"
mapfile -t f < <(files_named "$snapshots" modes status)
seed drm "${f[@]}"
mapfile -t f < <(files_named "$corpus/android" getprop.txt; files_named "$snapshots" getprop.txt)
seed getprop "${f[@]}"
mapfile -t f < <(files_named "$corpus/android" build.prop default.prop prop.default; files_named "$snapshots" build.prop)
seed build_prop "${f[@]}"
mapfile -t f < <(files_named "$snapshots" sysctl.txt)
seed sysctl "${f[@]}"
mapfile -t f < <(files_named "$snapshots" registry.txt)
seed reg_query "${f[@]}"
mapfile -t f < <(files_named "$snapshots" sys_vendor product_name product_version product_family board_vendor board_name model)
seed dmi "${f[@]}"
mapfile -t f < <(files_named "$snapshots" ip_route.txt ip6_route.txt)
seed ip_route "${f[@]}"
mapfile -t f < <(files_named "$snapshots" ip_rule.txt ip6_rule.txt)
seed ip_rule "${f[@]}"
mapfile -t f < <(files_named "$snapshots" netstat_rn.txt)
seed netstat "${f[@]}"

# Values from the corpus tables, written in the formats the parsers read.
if [ -f "$corpus/orientation/iio_vectors.tsv" ]; then
  tail -n +2 "$corpus/orientation/iio_vectors.tsv" | cut -f2-5 | tr '\t' '\n' | sort -u | seed_text iio
fi
printf '%s\n' '0, -1, 0; -1, 0, 0; 0, 0, 1' '1, 0, 0; 0, 1, 0; 0, 0, 1' '0.0383203125' '1e-06' '-256' \
  | seed_text iio
printf '%s\n' '1920x1080\n1680x1050\n' '1080x1920i' 'connected\n' 'disconnected\n' 'unknown' | seed_text drm
if [ -f "$corpus/apple/mac_models.tsv" ]; then
  { tail -n +2 "$corpus/apple/mac_models.tsv" | cut -f1 | first 40 | sed 's/^/hw.model: /'
    tail -n +2 "$corpus/apple/ios_models.tsv" | cut -f1 | first 40 | sed 's/^/hw.machine = /'
  } | seed_text sysctl
fi
printf '%s\n' 'kern.osproductversion: 14.4.1\nkern.osversion: 23E224\nhw.model: Mac14,2' | seed_text sysctl
if [ -f "$corpus/windows/builds.tsv" ]; then
  tail -n +2 "$corpus/windows/builds.tsv" | cut -f1,3 | first 60 | while IFS=$'\t' read -r build version; do
    printf '%s\n' "HKEY_LOCAL_MACHINE\\\\SOFTWARE\\\\Microsoft\\\\Windows NT\\\\CurrentVersion\\n    CurrentBuildNumber    REG_SZ    $build\\n    DisplayVersion    REG_SZ    $version\\n    UBR    REG_DWORD    0x1234\\n"
  done | seed_text reg_query
fi
printf '%s\n' 'HKEY_LOCAL_MACHINE\\HARDWARE\\DESCRIPTION\\System\\BIOS\n    SystemManufacturer    REG_SZ    LENOVO\n    SystemProductName    REG_SZ    20UJ001TRT\n' \
  | seed_text reg_query
if [ -f "$corpus/linux-dmi/junk_candidates.tsv" ]; then
  tail -n +2 "$corpus/linux-dmi/junk_candidates.tsv" | cut -f3 | sort -u | first 300 | seed_text dmi
fi
if [ -f "$corpus/linux-dmi/samples.tsv" ]; then
  tail -n +2 "$corpus/linux-dmi/samples.tsv" | cut -f7-13 | tr '\t' '\n' | sort -u | first 300 | seed_text dmi
fi

printf '%s\n' \
  '22 27 0:21 / /proc rw,relatime - proc proc rw\n27 1 254:0 / / rw,relatime - ext4 /dev/vda rw' \
  '1205 1204 0:52 /lxcfs/proc/uptime /proc/uptime rw,nosuid shared:1 master:2 - fuse.lxcfs lxcfs rw' \
  '1221 1203 0:61 / /mnt/my\\134040disk rw - fuse.sshfs host: rw' \
  | seed_text mountinfo

seed_text user_agent <<'EOF'
Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36
Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:125.0) Gecko/20100101 Firefox/125.0
Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15
Mozilla/5.0 (iPhone; CPU iPhone OS 17_5_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.49(0x18003135) NetType/WIFI Language/zh_CN
Mozilla/5.0 (Linux; Android 14; 2211133C Build/UKQ1.230705.002; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/111.0.5563.116 Mobile Safari/537.36 MicroMessenger/8.0.42.2460(0x28002A35)
Mozilla/5.0 (Linux; U; Android 4.4.2; en-us; SAMSUNG SM-G900F Build/KOT49H) AppleWebKit/534.30
iOS 16.1
iPhone 14 Pro<iPhone15,2>
EOF
seed_text grant_json <<'EOF'
{"purposes":["compatibility","connectivity"],"catalog_version":1,"subject":{"kind":"adult"},"granted_at":"2026-11-29T06:30:00Z"}
{"purposes":["video_orientation"],"catalog_version":1,"subject":{"kind":"minor","guardian_consent":true},"granted_at":"x"}
{"purposes":[],"catalog_version":1,"granted_at":""}
{"purposes":["tracking"],"catalog_version":1,"granted_at":"x"}
{"purposes":["server_selection","server_selection"],"catalog_version":4294967295,"granted_at":"x"}
{"purposes":["compatibility"],"catalog_version":0,"granted_at":"x","extra":1}
EOF

# Crash inputs found earlier, kept so every run replays them first.
for dir in fuzz/regressions/*/; do
  [ -d "$dir" ] || continue
  target=$(basename "$dir")
  mapfile -t f < <(find "$dir" -type f | sort)
  seed "$target" "${f[@]}"
done

cd "$root"
for d in "$out"/*/; do
  printf '%-18s %5d seeds\n' "$(basename "$d")" "$(find "$d" -type f | wc -l)"
done
