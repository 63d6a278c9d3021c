#!/bin/bash
# make bench, apply: the NMI wizard applied in operator-folder mode (backup, seal, write, verify, runbook) to
# a SYSTEM hive of about 100 MB, one of about 12 MB and a dirty one of about 100 MB (its logs replayed first,
# as on most real disks), with a real-format BCD store, against the floor (cp of the files + sync) and
# against hivexregedit --merge of the same CrashControl edits + sync (the Perl tool over the same library,
# which keeps no backup, verifies nothing and ignores the logs); then the large case in disk mode, on the
# Gen1 image through ntfs-3g, beside the same references through ntfs-3g. Prints times and ratios; no pass/fail.
# Needs root (the BCD store and SOFTWARE hive come from the test disk builder, which uses loop devices).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
rw=$top/build/rescuewiz
if ! command -v hivexregedit > /dev/null; then
	echo "apply: skipped (hivexregedit is missing: make deps installs libwin-hivex-perl)"
	exit 0
fi
# shellcheck source=bench/lib.sh
. "$top/bench/lib.sh"
bench_disk apply
hives=$work/disks/gen1.hives

# system_hive OUT SERVICES: a SYSTEM hive with two control sets of SERVICES services, each with a 3 KB value
system_hive() {
	local i
	{
		printf '[Select]\n"Current"=dword:1\n"Default"=dword:1\n"LastKnownGood"=dword:2\n"Failed"=dword:0\n'
		for i in 1 2; do
			printf '[ControlSet%03d\\Control\\CrashControl]\n"CrashDumpEnabled"=dword:7\n' "$i"
			printf '"DumpFile"=expand_sz:%%SystemRoot%%\\MEMORY.DMP\n"AutoReboot"=dword:1\n'
			printf '[ControlSet%03d\\Control\\Session Manager\\Memory Management]\n' "$i"
			printf '"PagingFiles"=multi_sz:?:\\pagefile.sys\n"ExistingPageFiles"=multi_sz:\\??\\C:\\pagefile.sys\n'
			awk -v cs="$i" -v n="$2" 'BEGIN {
				blob = "ab"; for (k = 1; k < 3000; k++) blob = blob " ab"
				for (k = 0; k < n; k++)
					printf "[ControlSet%03d\\Services\\Svc%05d]\n\"Start\"=dword:3\n\"Data\"=binary:%s\n", cs, k, blob
			}'
		done
		printf '[MountedDevices]\n'
	} > "$work/spec"
	"$top/build/tests/fixtures/mkhive" "$1" SYSTEM "$work/spec"
}

nmi_answers "$work/answers.yaml"
cat > "$work/edits.reg" << 'EOF'
Windows Registry Editor Version 5.00

[HKEY_LOCAL_MACHINE\SYSTEM\ControlSet001\Control\CrashControl]
"CrashDumpEnabled"=dword:00000001
"NMICrashDump"=dword:00000001
"DumpFile"=hex(2):25,00,53,00,79,00,73,00,74,00,65,00,6d,00,52,00,6f,00,6f,00,74,00,25,00,5c,00,4d,00,45,00,4d,00,4f,00,52,00,59,00,2e,00,44,00,4d,00,50,00,00,00

[HKEY_LOCAL_MACHINE\SYSTEM\ControlSet002\Control\CrashControl]
"CrashDumpEnabled"=dword:00000001
"NMICrashDump"=dword:00000001
"DumpFile"=hex(2):25,00,53,00,79,00,73,00,74,00,65,00,6d,00,52,00,6f,00,6f,00,74,00,25,00,5c,00,4d,00,45,00,4d,00,4f,00,52,00,59,00,2e,00,44,00,4d,00,50,00,00,00
EOF

now() { date +%s%N; }
ms() { echo $((($2 - $1) / 1000000)); }
# median N...: the middle one of the caller's $runs numbers
median() { printf '%s\n' "$@" | sort -n | sed -n "$(((runs + 1) / 2))p"; }

# timed CMD...: the milliseconds of CMD + sync, from a settled state (written back, page cache dropped)
timed() {
	local a b
	sync
	echo 1 > /proc/sys/vm/drop_caches
	a=$(now)
	"$@" > "$work/out.txt" 2>&1 || { echo "apply: $1 failed:" >&2; tail -3 "$work/out.txt" >&2; exit 1; }
	sync
	b=$(now)
	ms "$a" "$b"
}

# dirty_hive HIVE: HIVE becomes dirty as a crashed VM leaves it (the disk builder's hive_make_dirty): a change
# only LOG1 holds, which apply replays before it edits; HIVE.LOG1 and HIVE.LOG2 beside it
dirty_hive() {
	printf '[ControlSet001\\Control\\CrashControl]\n"AutoReboot"=dword:0\n' > "$work/logged.spec"
	"$top/build/tests/fixtures/mkdirty" "$1" "$work/logged.spec" "$1.dirty" "$1.LOG1" "$1.LOG2" "$1.expected"
	mv "$1.dirty" "$1"
}

# by_hand DIR FILE...: the disk work of a safe replace done with coreutils, each FILE of DIR in turn: a copy
# to a backup folder made durable, then a new copy beside the file made durable, renamed over it, the folder
# synced. It is what apply cannot do less than (its bytes are the old ones: no edit, no hash, no check).
by_hand() {
	local dir=$1 f
	shift
	mkdir -p "$dir/backup"
	for f in "$@"; do
		cp "$dir/$f" "$dir/backup/$f" && sync "$dir/backup/$f"
		cp "$dir/backup/$f" "$dir/$f.new" && sync "$dir/$f.new"
		mv "$dir/$f.new" "$dir/$f" && sync "$dir"
	done
}

# one SIZE-NAME SERVICES [dirty]: the four ways, RUNS times each, in turns, each from a settled state, on
# fresh copies; the medians. A dirty hive has its logs copied along (by cp too); hivexregedit ignores them.
one() {
	# 11 runs: on a shared VM one run in five can take twice as long, and a median of 5 moved by 20 %
	local name=$1 runs=${BENCH_RUNS:-11} i ours=() floor=() perl=() hand=() logs=()
	system_hive "$work/SYSTEM" "$2"
	rm -f "$work/SYSTEM.LOG1" "$work/SYSTEM.LOG2"
	if [ "${3:-}" = dirty ]; then
		dirty_hive "$work/SYSTEM"
		logs=("$work/SYSTEM.LOG1" "$work/SYSTEM.LOG2")
	fi
	local size
	size=$(stat -c %s "$work/SYSTEM")
	for ((i = 0; i < runs; i++)); do
		rm -rf "$work/t"
		mkdir -p "$work/t/win/Windows/System32/config" "$work/t/boot/Boot" "$work/t/cp" "$work/t/perl" \
			"$work/t/hand"
		cp "$work/SYSTEM" "${logs[@]}" "$work/t/win/Windows/System32/config/"
		cp "$hives/SOFTWARE" "$work/t/win/Windows/System32/config/SOFTWARE"
		cp "$hives/BCD" "$work/t/boot/Boot/BCD"
		cp "$work/SYSTEM" "$work/t/perl/SYSTEM"
		cp "$work/SYSTEM" "$hives/BCD" "$work/t/hand/"
		# each command starts from the same state (its inputs on disk, none in the page cache) and the order
		# turns each run: on a VM, what one command leaves in memory changes the cost of the next one's writes
		local k
		for k in 0 1 2 3; do
			case $(((i + k) % 4)) in
			0) ours+=("$(timed "$rw" run nmi-crash-dump --windows "$work/t/win" --boot "$work/t/boot" \
				--answers "$work/answers.yaml" --runbook "$work/t/rb")") ;;
			1) floor+=("$(timed cp "$work/SYSTEM" "${logs[@]}" "$hives/BCD" "$work/t/cp/")") ;;
			2) perl+=("$(timed hivexregedit --merge --prefix 'HKEY_LOCAL_MACHINE\SYSTEM' "$work/t/perl/SYSTEM" \
				"$work/edits.reg")") ;;
			3) hand+=("$(timed by_hand "$work/t/hand" SYSTEM BCD)") ;;
			esac
		done
	done
	local o f p h
	o=$(median "${ours[@]}") f=$(median "${floor[@]}") p=$(median "${perl[@]}") h=$(median "${hand[@]}")
	echo "apply of the NMI wizard, SYSTEM hive of $((size / 1048576)) MB ($name), median of $runs runs:"
	echo "  rescuewiz run (backup, seal, write, verify, runbook): $o ms"
	echo "  cp of the files + sync (the floor):                   $f ms"
	echo "  hivexregedit --merge + sync (no backup, no verify):   $p ms"
	echo "  by hand: backup, sync, new copy, sync, mv, sync:      $h ms (the disk work of a safe replace)"
	awk -v o="$o" -v f="$f" -v p="$p" -v h="$h" 'BEGIN {
		printf "  ratio rescuewiz/floor: %.2f (target <= 2.5 on the large hive)\n", o / (f ? f : 1)
		printf "  ratio rescuewiz/hivexregedit: %.2f (target < 1 on the ~12 MB hive)\n", o / (p ? p : 1)
		printf "  ratio rescuewiz/by hand: %.2f; by hand/floor: %.2f\n", o / (h ? h : 1), h / (f ? f : 1)
	}'
}

# c_mount IMG: C: of the Gen1 image mounted read-write on $work/m, as ntfs-3g mounts it by default
c_mount() {
	mount -t ntfs-3g -o "loop,offset=$P2_START,sizelimit=$P2_SIZE" "$1" "$work/m"
}

# ntfs_floor IMG: the hive written once onto C: through ntfs-3g (mount, cp, sync, umount)
ntfs_floor() {
	c_mount "$1" || return
	local rc=0
	cp "$work/SYSTEM" "$work/m/Windows/System32/config/SYSTEM.copy" && sync || rc=1
	umount "$work/m" && return $rc
}

# ntfs_by_hand IMG DIR: the safe replace of by_hand through ntfs-3g, the backup in DIR on this VM's disk
ntfs_by_hand() {
	local c=$work/m/Windows/System32/config
	c_mount "$1" || return
	local rc=0
	mkdir -p "$2" && cp "$c/SYSTEM" "$2/SYSTEM" && sync "$2/SYSTEM" &&
		cp "$2/SYSTEM" "$c/SYSTEM.new" && sync "$c/SYSTEM.new" &&
		mv "$c/SYSTEM.new" "$c/SYSTEM" && sync "$c" || rc=1
	umount "$work/m" && return $rc
}

# disk_mode: the large case as on a rescue VM, the hive on C: of the Gen1 image: rescuewiz run --disk (which
# finds, mounts, backs up, writes through ntfs-3g, verifies through a fresh mount and unmounts) against the
# floor and the by-hand replace through ntfs-3g, each on a fresh copy of the image, in turns
disk_mode() {
	local runs=${BENCH_RUNS:-11} i k ours=() floor=() hand=()
	system_hive "$work/SYSTEM" 3000
	cp --sparse=always "$work/disks/gen1.img" "$work/big.img"
	mkdir -p "$work/m"
	c_mount "$work/big.img"
	cp "$work/SYSTEM" "$work/m/Windows/System32/config/SYSTEM"
	umount "$work/m"
	for ((i = 0; i < runs; i++)); do
		for k in 0 1 2; do
			rm -rf "$work/rbd" "$work/hand"
			cp --sparse=always "$work/big.img" "$work/d.img"
			case $(((i + k) % 3)) in
			0) ours+=("$(timed "$rw" run nmi-crash-dump --disk "$work/d.img" --answers "$work/answers.yaml" \
				--runbook "$work/rbd")") ;;
			1) floor+=("$(timed ntfs_floor "$work/d.img")") ;;
			2) hand+=("$(timed ntfs_by_hand "$work/d.img" "$work/hand")") ;;
			esac
		done
	done
	rm -f "$work/d.img" "$work/big.img"
	local o f h
	o=$(median "${ours[@]}") f=$(median "${floor[@]}") h=$(median "${hand[@]}")
	echo "apply of the NMI wizard in disk mode, the same large SYSTEM hive on C: of the Gen1 image, median of $runs runs:"
	echo "  rescuewiz run --disk (mounts, backup, seal, write, verify, runbook):     $o ms"
	echo "  ntfs-3g mount, cp of the hive onto C:, sync, umount (the floor):         $f ms"
	echo "  by hand through ntfs-3g: mount, backup, sync, new copy, sync, mv, umount: $h ms"
	awk -v o="$o" -v f="$f" -v h="$h" 'BEGIN {
		printf "  ratio rescuewiz/floor: %.2f; rescuewiz/by hand: %.2f; by hand/floor: %.2f (no target: a reference)\n",
			o / (f ? f : 1), o / (h ? h : 1), h / (f ? f : 1)
	}'
}

one large 3000
one medium 750
one dirty-large 3000 dirty
disk_mode
