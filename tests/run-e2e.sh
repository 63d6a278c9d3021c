#!/bin/bash
# End-to-end: builds the test disks once (the product's own builder: rescuewiz build-disk --variant), then runs every test_* function of
# tests/e2e/test_*.sh in its own subshell and temp folder, with the real binary (ASan/UBSan build).
# Prints "e2e: N passed, N failed, N skipped".
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
export RW="$top/build/asan/rescuewiz" TOP="$top" RESCUEWIZ_WIZARDS="$top/wizards"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export LSAN_OPTIONS="suppressions=$top/tests/lsan.supp:print_suppressions=0"
results=$(mktemp)
trap 'rm -f "$results"; [ -n "${FIX:-}" ] && rm -rf "$FIX"' EXIT

all_tests() {
	for f in tests/e2e/test_*.sh; do
		(. "$f"; declare -F | awk '{print $3}' | grep '^test_' | grep -- "${E2E_ONLY:-}" | sed "s|^|$f |")
	done
}

if [ "$(id -u)" != 0 ]; then
	n=$(all_tests | wc -l)
	echo "e2e: $n tests skipped: they need root (loop devices, ntfs-3g mounts); run sudo make check"
	echo "0 0 $n" > "${E2E_COUNTS:-/dev/null}"
	exit 0
fi

export FIX
FIX=$(mktemp -d "${TMPDIR:-/var/tmp}/rescuewiz-fixtures.XXXXXX")
start=$(date +%s)
# E2E_ONLY=PATTERN runs only the tests whose names hold it (while working on them)
# build_disks: every named disk (rescuewiz build-disk --list) as $FIX/NAME.img, NAME.expect (what the disk
# holds, as shell variables) and NAME.hives/ (its hives as they were written)
build_disks() {
	local v
	for v in $("$RW" build-disk --list | awk '{print $1}'); do
		echo "building $v"
		"$RW" build-disk --variant "$v" "$FIX/$v.img" --hives "$FIX/$v.hives" --expect "$FIX/$v.expect" || return 1
	done
}
if ! build_disks > "$FIX/build.log" 2>&1; then
	echo "e2e: building the test disks failed:"
	tail -n 30 "$FIX/build.log"
	echo "0 1 0" > "${E2E_COUNTS:-/dev/null}"
	exit 1
fi
echo "  test disks built in $(( $(date +%s) - start )) s"

while read -r file name; do
	work=$(mktemp -d "${TMPDIR:-/var/tmp}/rescuewiz-e2e.XXXXXX")
	# not inside an `if`: there bash would ignore `set -e` in the test, and a failed check could pass
	(
		cd "$work" || exit 1
		. "$top/tests/e2e/lib.sh"
		. "$top/$file"
		set -e
		"$name"
	) > "$work/.log" 2>&1
	rc=$?
	# a screen test that failed half-way leaves its tmux server and the binary in it: end them
	[ -S "$work/tmux.sock" ] && tmux -S "$work/tmux.sock" kill-server 2> /dev/null
	if [ "$rc" = 0 ]; then
		echo "ok" >> "$results"
		echo "  ok    ${file#tests/e2e/} $name"
	else
		echo "fail" >> "$results"
		echo "  FAIL  ${file#tests/e2e/} $name"
		sed 's/^/        /' "$work/.log" | tail -n 25
	fi
	rm -rf "$work"
done < <(all_tests)

passed=$(grep -c '^ok' "$results")
failed=$(grep -c '^fail' "$results")
echo "e2e: $passed passed, $failed failed, 0 skipped"
echo "$passed $failed 0" > "${E2E_COUNTS:-/dev/null}"
[ "$failed" = 0 ]
