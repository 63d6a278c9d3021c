# Nobody but root reaches what rescuewiz mounts: the volumes of the broken VM hold its hives (SYSTEM with
# the boot key), and while apply has C: mounted read-write another user must not plant files on it. The
# binary is stopped in the middle of its work (RESCUEWIZ_FAULT=POINT:wait) with a mount live, and the user
# nobody tries to get in.

# nobody_is_kept_out MOUNTPOINT: nobody can list, read or create anything there
nobody_is_kept_out() {
	local mnt=$1 f
	for f in "$mnt" "$mnt/Windows" "$mnt/Windows/System32/config"; do
		if as_nobody ls "$f" > /dev/null 2>&1; then echo "nobody can list $f"; return 1; fi
	done
	for f in "$mnt/Windows/System32/config/SYSTEM" "$mnt/Boot/BCD"; do
		if as_nobody cat "$f" > /dev/null 2>&1; then echo "nobody can read $f"; return 1; fi
	done
	if as_nobody touch "$mnt/planted" 2> /dev/null || [ -e "$mnt/planted" ]; then
		echo "nobody can create a file on the mount"; return 1
	fi
}

# the_mount_is_root_only MOUNTPOINT: its folder is root's alone, and the mount itself lets nobody in even
# with that folder opened up for a moment (no allow_other, files not world-readable)
the_mount_is_root_only() {
	local mnt=$1 folder
	folder=$(dirname "$mnt")
	expect_eq "folder of $mnt" "700 root" "$(stat -c '%a %U' "$folder")" || return 1
	nobody_is_kept_out "$mnt" || return 1
	chmod 755 "$folder"
	local rc=0
	nobody_is_kept_out "$mnt" || rc=$?
	chmod 700 "$folder"
	[ "$rc" = 0 ] || return 1
	if mounts_of "$IMG" | grep -q allow_other; then echo "mounted with allow_other:"; mounts_of "$IMG"; return 1; fi
}

# stop_and_check PID IMG: Ctrl-C ends the stopped binary, which unmounts and detaches on its way out (a
# failed check above stops it too, so no binary is left waiting)
stop_and_check() {
	local code=0
	kill -INT "$1"
	wait "$1" || code=$?
	expect_eq "exit on Ctrl-C" 130 "$code"
	no_mounts_left "$2"
}

test_nobody_can_read_a_read_only_mount_of_inspect() {
	use gen1
	RESCUEWIZ_FAULT=mounted:wait "$RW" inspect --disk "$IMG" > out.txt 2> err.txt &
	local pid=$! mnt
	mnt=$(wait_mounted "$IMG" ro) || { kill -INT "$pid"; return 1; }
	the_mount_is_root_only "$mnt" || { stop_and_check "$pid" "$IMG"; return 1; }
	stop_and_check "$pid" "$IMG"
}

test_nobody_can_plant_a_file_while_apply_writes() {
	use gen1
	answers loader="$LOADER_A" space=4G dump='%SystemRoot%\MEMORY.DMP' console=yes
	RESCUEWIZ_FAULT=system-rename:wait "$RW" run nmi-crash-dump --disk "$IMG" --answers answers.yaml --runbook rb > out.txt 2> err.txt &
	local pid=$! mnt
	mnt=$(wait_mounted "$IMG" rw) || { kill -INT "$pid"; return 1; }
	the_mount_is_root_only "$mnt" || { stop_and_check "$pid" "$IMG"; return 1; }
	stop_and_check "$pid" "$IMG"
}
