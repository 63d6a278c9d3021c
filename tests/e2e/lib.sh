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
