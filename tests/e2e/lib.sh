# Helpers for end-to-end tests. Each test runs in its own temp folder (the current directory) with:
#   $RW   the rescuewiz binary under test      $FIX  the folder of test disks (rescuewiz build-disk --list)
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

# mounts_of IMG: "MOUNTPOINT OPTIONS SUPER_OPTIONS" of every mount backed by a loop device of this image (other
# tests, of this tree or another, may have mounts of their own at the same time: only this image's count)
mounts_of() {
	local dev
	for dev in $(losetup -j "$1" -O NAME -n 2> /dev/null); do
		awk -v dev="$dev" '{ for (i = 7; i <= NF; i++) if ($i == "-") { if ($(i + 2) == dev) print $5, $6, $(i + 3); break } }' /proc/self/mountinfo
	done
}

# wait_mounted IMG MODE: until the image has a mount that is MODE (ro or rw), 20 s at most; prints its mount point
wait_mounted() {
	local i line
	for i in $(seq 200); do
		line=$(mounts_of "$1" | awk -v mode="$2" '$2 ~ "^" mode "(,|$)" { print $1; exit }')
		[ -n "$line" ] && { echo "$line"; return 0; }
		sleep 0.1
	done
	echo "no $2 mount of $1 appeared" >&2
	return 1
}

# unmount_image IMG: what a killed run left mounted of this image (SIGKILL leaves ntfs-3g running)
unmount_image() {
	local m
	for m in $(mounts_of "$1" | cut -d' ' -f1); do umount "$m"; done
	for m in $(seq 50); do losetup -j "$1" | grep -q . || return 0; sleep 0.1; done
}

# no_mounts_left IMG: nothing of this image is still mounted or attached
no_mounts_left() {
	if mounts_of "$1" | grep -q .; then
		echo "a mount of $1 is still there:"; mounts_of "$1"
		return 1
	fi
	if losetup -j "$1" | grep -q .; then
		echo "a loop device is still attached to $1:"; losetup -j "$1"
		return 1
	fi
}

# as_nobody CMD...: runs a command as the unprivileged user nobody
as_nobody() {
	setpriv --reuid=nobody --regid=nogroup --clear-groups -- "$@"
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

# answers ANSWERS...: writes answers.yaml from step=value pairs; unless told otherwise a complete dump (type)
# kept as it is where the test disk has no room for it (room), as the manual procedure asks
answers() {
	printf 'wizard: nmi-crash-dump\nanswers:\n' > answers.yaml
	local kv
	for kv in "$@"; do printf "  %s: '%s'\n" "${kv%%=*}" "${kv#*=}" >> answers.yaml; done
	case " $* " in *" type="*) ;; *) printf "  type: 'complete'\n" >> answers.yaml ;; esac
	case " $* " in *" room="*) ;; *) printf "  room: 'accept'\n" >> answers.yaml ;; esac
}

# utf16_hex TEXT: the text in UTF-16LE with its NUL, as hivexsh's "hex:TYPE:" values take it (aa,bb,...)
utf16_hex() {
	printf '%s\0' "$1" | iconv -f UTF-8 -t UTF-16LE | od -An -tx1 -v | tr -s ' \n' ',' | sed 's/^,//; s/,$//'
}

# A DumpFile that tries to retitle the terminal, clear it, print a line of its own and break a table
HOSTILE=$'C:\\x\e]0;pwned\a\e[2J\nREFUSED: fake line|cell'
HOSTILE_SHOWN='C:\x\x1b]0;pwned\x07\x1b[2J\x0a'

hostile_system() { # hostile_system OUT: the gen1 SYSTEM hive with that DumpFile in ControlSet001
	cp "$FIX/gen1.hives/SYSTEM" "$1"
	hivexsh -w "$1" << HIVEX
cd ControlSet001\\Control\\CrashControl
setval 1
DumpFile
hex:2:$(utf16_hex "$HOSTILE")
commit
HIVEX
}

# no_raw_controls FILE...: not one ESC, BEL or other control character (but line breaks and tabs) in them
no_raw_controls() {
	local f
	for f in "$@"; do
		if LC_ALL=C grep -q "$(printf '[\001-\010\013-\037\177]')" "$f"; then
			echo "$f holds raw control characters:"; LC_ALL=C grep -n "$(printf '[\001-\010\013-\037\177]')" "$f" | cat -v; return 1
		fi
	done
}

hostile_disk() { # hostile_disk: the gen1 disk ($IMG) with that SYSTEM hive on it
	hostile_system hostile.SYSTEM
	use gen1
	mkdir -p m
	mount -t ntfs-3g -o "loop,offset=$WIN_START,sizelimit=$WIN_SIZE" "$IMG" m
	cp hostile.SYSTEM m/Windows/System32/config/SYSTEM
	umount_loop m
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
