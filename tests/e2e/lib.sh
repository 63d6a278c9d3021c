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

# system_on_disk IMG OUT: copies the SYSTEM hive out of the image's Windows partition
system_on_disk() {
	local start=$WIN_START size=$WIN_SIZE
	mkdir -p m
	mount -t ntfs-3g -o "ro,loop,offset=$start,sizelimit=$size" "$1" m
	cp m/Windows/System32/config/SYSTEM "$2"
	umount m
}

# bcd_on_disk IMG OUT
bcd_on_disk() {
	if [ "$GENERATION" = 2 ]; then
		MTOOLS_SKIP_CHECK=1 mcopy -o -n -i "$1@@$P2_START" ::EFI/Microsoft/Boot/BCD "$2"
	else
		mkdir -p m
		mount -t ntfs-3g -o "ro,loop,offset=$P1_START,sizelimit=$P1_SIZE" "$1" m
		cp m/Boot/BCD "$2"
		umount m
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

# completions WORD...: what is offered for the last word of the command line "WORD...", sorted, on one line;
# WORD 1 is the binary (bash passes the command as typed). $COMPLETION is the script, the tree's by default.
completions() {
	(
		# shellcheck disable=SC1090
		. "${COMPLETION:-$TOP/share/bash-completion/rescuewiz}"
		COMP_WORDS=("$@")
		COMP_CWORD=$(($# - 1))
		COMP_LINE="$*"
		COMP_POINT=${#COMP_LINE}
		_rescuewiz "$1" "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
		[ "${#COMPREPLY[@]}" = 0 ] || printf '%s\n' "${COMPREPLY[@]}"
	) | sort | paste -sd ' ' -
}

# wizard_names DIR: the names of the wizard files in DIR (NAME.yaml), sorted, on one line
wizard_names() {
	find "$1" -maxdepth 1 -name '*.yaml' -printf '%f\n' | sed 's/\.yaml$//' | sort | paste -sd ' ' -
}
