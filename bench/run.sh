#!/bin/bash
# make bench: how long rescuewiz takes to read hives, against hivexml reading the same files (the reference:
# it walks every key and value with the same library). Prints the times and the ratio; no pass/fail.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
rw=$top/build/rescuewiz
# a SYSTEM hive of a realistic size: many control-set keys and values, made from nothing
{
	printf '[Select]\n"Current"=dword:1\n"Default"=dword:1\n"LastKnownGood"=dword:2\n'
	for cs in 1 2; do
		for i in $(seq 1 1500); do
			printf '[ControlSet%03d\\Services\\Driver%04d]\n"Start"=dword:%d\n"ImagePath"=expand_sz:system32\\drivers\\d%04d.sys\n' \
				"$cs" "$i" $((i % 5)) "$i"
		done
		printf '[ControlSet%03d\\Control\\CrashControl]\n"CrashDumpEnabled"=dword:7\n' "$cs"
	done
} > "$work/spec"
"$top/build/tests/fixtures/mkhive" "$work/SYSTEM" ROOT "$work/spec"
size=$(stat -c %s "$work/SYSTEM")
runs=20
t0=$(date +%s%N)
for _ in $(seq $runs); do "$rw" inspect --json --system "$work/SYSTEM" > /dev/null; done
t1=$(date +%s%N)
for _ in $(seq $runs); do hivexml "$work/SYSTEM" > /dev/null; done
t2=$(date +%s%N)
ours=$(((t1 - t0) / runs / 1000)) ref=$(((t2 - t1) / runs / 1000))
echo "SYSTEM hive of $size bytes (3000 service keys), mean of $runs runs:"
echo "  rescuewiz inspect --json --system: $ours us"
echo "  hivexml (reference, full walk):    $ref us"
awk -v a="$ours" -v b="$ref" 'BEGIN { printf "  ratio rescuewiz/hivexml: %.2f\n", a / b }'
bash "$top/bench/apply.sh"
bash "$top/bench/copy.sh"
bash "$top/bench/disk.sh"
