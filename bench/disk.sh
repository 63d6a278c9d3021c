#!/bin/bash
# make bench, disk: the times an operator waits for on a disk image, each beside a reference where one exists.
#  - inspect of a Gen1 disk image (what the first screen needs) against doing it by hand: blkid, an ntfs-3g
#    read-only mount of C:, hivexget of Select\Current and of the BCD store's default entry, umount;
#  - a dry run of the NMI wizard on the same image (no reference: nothing else plans it);
#  - log replay: inspect of a dirty SYSTEM hive against inspect of the same hive clean; the difference is
#    the replay, shown in MB of log per second (no reference: hivex does not replay logs).
# Prints times and ratios; no pass/fail. Needs root (loop devices, mounts).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
rw=$top/build/rescuewiz
# shellcheck source=bench/lib.sh
. "$top/bench/lib.sh"
bench_disk disk
img=$work/disks/gen1.img
runs=5
now() { date +%s%N; }
median() { sort -n | sed -n "$(((runs + 1) / 2))p"; }

# time_of COMMAND...: the median of $runs runs, in ms
time_of() {
	local i a b
	for ((i = 0; i < runs; i++)); do
		a=$(now)
		"$@" > "$work/last.txt" 2>&1 || { echo "disk: $* failed:" >&2; tail -3 "$work/last.txt" >&2; exit 1; }
		b=$(now)
		echo $(((b - a) / 1000000))
	done | median
}

by_hand() {
	mkdir -p "$work/m"
	blkid -p "$img" > /dev/null
	mount -t ntfs-3g -o "ro,loop,offset=$P2_START,sizelimit=$P2_SIZE" "$img" "$work/m"
	hivexget "$work/m/Windows/System32/config/SYSTEM" Select Current
	umount "$work/m"
	mount -t ntfs-3g -o "ro,loop,offset=$P1_START,sizelimit=$P1_SIZE" "$img" "$work/m"
	hivexget "$work/m/Boot/BCD" 'Objects\{9dea862c-5cdd-4e70-acc1-f32b344d4795}\Elements\23000003' Element
	umount "$work/m"
}

ours=$(time_of "$rw" inspect --disk "$img")
ref=$(time_of by_hand)
echo "inspect of a Gen1 disk image (the first screen), median of $runs runs:"
echo "  rescuewiz inspect --disk:                        $ours ms"
echo "  by hand (blkid, two ntfs-3g mounts, hivexget):   $ref ms"
awk -v a="$ours" -v b="$ref" 'BEGIN { printf "  ratio rescuewiz/by hand: %.2f\n", a / (b ? b : 1) }'

nmi_answers "$work/answers.yaml"
dry() { rm -rf "$work/rb"; "$rw" run nmi-crash-dump --disk "$img" --answers "$work/answers.yaml" --dry-run --runbook "$work/rb"; }
echo "dry run of the NMI wizard on the same image: $(time_of dry) ms (median of $runs runs)"

# a dirty SYSTEM hive: 400 values set after the last flush live only in its logs
awk 'BEGIN {
	print "[ControlSet001\\Services\\Bench]"
	for (k = 0; k < 400; k++) printf "\"V%05d\"=expand_sz:%%SystemRoot%%\\system32\\drivers\\bench%05d.sys\n", k, k
}' > "$work/dirty.spec"
mkdir -p "$work/dirty"
"$top/build/tests/fixtures/mkdirty" "$work/disks/gen1.hives/SYSTEM" "$work/dirty.spec" "$work/dirty/SYSTEM" \
	"$work/dirty/SYSTEM.LOG1" "$work/dirty/SYSTEM.LOG2" "$work/dirty/expected" > /dev/null
log_bytes=$(($(stat -c %s "$work/dirty/SYSTEM.LOG1") + $(stat -c %s "$work/dirty/SYSTEM.LOG2")))
dirty=$(time_of "$rw" inspect --json --system "$work/dirty/SYSTEM")
clean=$(time_of "$rw" inspect --json --system "$work/disks/gen1.hives/SYSTEM")
echo "log replay: $((log_bytes / 1024)) KiB of logs, median of $runs runs:"
echo "  inspect of the dirty hive (logs replayed): $dirty ms"
echo "  inspect of the same hive clean:            $clean ms"
awk -v d="$dirty" -v c="$clean" -v b="$log_bytes" 'BEGIN {
	t = (d - c) / 1000; if (t <= 0.001) t = 0.001
	printf "  replay: %.1f MB of log per second\n", b / 1048576 / t
}'
