# Helpers for end-to-end tests. Each test runs in its own temp folder (the current directory) with:
#   $RW   the rescuewiz binary under test      $FIX  the folder of test disks (see tests/fixtures/README.md)
#   $TOP  the source tree

# disk VARIANT: a private sparse copy of a test disk, its path in $IMG; loads VARIANT.expect (what the
# builder put there) into the shell.
disk() {
	cp --sparse=always "$FIX/$1.img" "./$1.img"
	. "$FIX/$1.expect"
	IMG="$PWD/$1.img"
}

# expect_eq WHAT EXPECTED ACTUAL
expect_eq() {
	if [ "$2" != "$3" ]; then
		echo "expected $1 = '$2', got '$3'"
		return 1
	fi
}

# expect_text FILE TEXT: FILE holds TEXT (a fixed string); else says so and shows FILE
expect_text() {
	grep -qF -- "$2" "$1" && return 0
	echo "expected '$2' in $1, which holds:"
	head -n 40 "$1"
	return 1
}

# jqr FILE FILTER: one raw value from a JSON file (jq is the independent reader of our output)
jqr() {
	jq -r "$2" "$1"
}

# run_rw EXPECTED_EXIT ARGS...: runs the binary, keeps stdout in out.txt and stderr in err.txt
run_rw() {
	local want=$1
	shift
	local rc=0
	"$RW" "$@" > out.txt 2> err.txt || rc=$?
	if [ "$rc" != "$want" ]; then
		echo "rescuewiz $* exited $rc, expected $want"
		echo "--- stdout"; head -n 40 out.txt
		echo "--- stderr"; cat err.txt
		return 1
	fi
}

# no_mounts_left: nothing of ours is still mounted or attached
no_mounts_left() {
	if grep -q rescuewiz /proc/self/mountinfo; then
		echo "a rescuewiz mount is still there:"; grep rescuewiz /proc/self/mountinfo
		return 1
	fi
	if losetup -j "$1" | grep -q .; then
		echo "a loop device is still attached to $1:"; losetup -j "$1"
		return 1
	fi
}

# umount_loop DIR: unmounts DIR and waits (up to 2 s) until its loop device is gone. ntfs-3g holds the
# autoclear loop device until its process exits, a moment after umount returns (src/disk/volume.c waits
# the same way); meanwhile libmount 2.38 re-uses that device for the next mount of the same partition,
# read-only, and the binary's mount then fails or reads whatever takes the device over.
umount_loop() {
	local dev i
	dev=$(findmnt -n -o SOURCE "$1")
	umount "$1"
	for ((i = 0; i < 200; i++)); do
		[ -e "/sys/block/${dev#/dev/}/loop/backing_file" ] || return 0
		sleep 0.01
	done
}

# system_on_disk IMG OUT: copies the SYSTEM hive out of the image's Windows partition
system_on_disk() {
	local start=$WIN_START size=$WIN_SIZE
	mkdir -p m
	mount -t ntfs-3g -o "ro,loop,offset=$start,sizelimit=$size" "$1" m
	cp m/Windows/System32/config/SYSTEM "$2"
	umount_loop m
}

# bcd_on_disk IMG OUT
bcd_on_disk() {
	if [ "$GENERATION" = 2 ]; then
		MTOOLS_SKIP_CHECK=1 mcopy -o -n -i "$1@@$P2_START" ::EFI/Microsoft/Boot/BCD "$2"
	else
		mkdir -p m
		mount -t ntfs-3g -o "ro,loop,offset=$P1_START,sizelimit=$P1_SIZE" "$1" m
		cp m/Boot/BCD "$2"
		umount_loop m
	fi
}

use() { # use VARIANT: disk copy + where its Windows partition is
	disk "$1"
	if [ "$GENERATION" = 2 ]; then WIN_START=$P4_START WIN_SIZE=$P4_SIZE; else WIN_START=$P2_START WIN_SIZE=$P2_SIZE; fi
}

check_nmi_values() { # check_nmi_values SYSTEM_FILE DUMPFILE [CRASHDUMPENABLED]: every control set has the values
	local cs
	for cs in $CONTROL_SETS; do
		expect_eq "$cs NMICrashDump" 1 "$(hivexget "$1" "$cs\\Control\\CrashControl" NMICrashDump)"
		expect_eq "$cs CrashDumpEnabled" "${3:-1}" "$(hivexget "$1" "$cs\\Control\\CrashControl" CrashDumpEnabled)"
		expect_eq "$cs DumpFile" "$2" "$(hivexget "$1" "$cs\\Control\\CrashControl" DumpFile)"
		hivexsh "$1" <<< "cd $cs\\Control\\CrashControl
lsval" > vals.txt
		grep -q '^"DumpFile"=str(2):' vals.txt || { echo "$cs DumpFile is not REG_EXPAND_SZ:"; cat vals.txt; return 1; }
		grep -q '^"NMICrashDump"=dword:00000001' vals.txt || { echo "$cs NMICrashDump is not a DWORD 1:"; cat vals.txt; return 1; }
	done
}

# bcd_element BCD_FILE OBJECT ELEMENT: the element's bytes as hivexsh shows them (01 or 0a,00,...), nothing
# when the element is not there
bcd_element() {
	hivexsh "$1" 2> /dev/null <<< "cd Objects\\$2\\Elements\\$3
lsval" | sed -n 's/^"Element"=hex(3):\(.*\)/\1/p'
}

# le64 N: an 8-byte little-endian integer as hivexsh shows it (10 -> 0a,00,00,00,00,00,00,00)
le64() {
	local i s=""
	for ((i = 0; i < 8; i++)); do s+=$(printf '%02x,' $((($1 >> (8 * i)) & 255))); done
	echo "${s%,}"
}

# keep_image, then image_unchanged: $IMG is byte for byte what it was at keep_image. (cmp of two sparse
# copies takes a third of the time of two sha256sums of the 2 GiB image.)
keep_image() {
	cp --sparse=always "$IMG" kept.img
}
image_unchanged() {
	cmp "$IMG" kept.img || { echo "$IMG changed"; return 1; }
	rm -f kept.img
}

# on_both_disks COMMAND...: COMMAND on a copy of gen1, then of gen2, each in a folder of its own
on_both_disks() {
	local g
	for g in gen1 gen2; do
		echo "--- $* on $g"
		mkdir "$g"
		cd "$g"
		use "$g"
		"$@"
		rm -f "$IMG"
		cd ..
	done
}
