# The 0x7E wizard on the test disks, in batch mode: the dumps copied out of the dumps variant are checked
# with sha256sum against the files read with ntfscat (not ntfs-3g, not our reader), the disk is unchanged
# byte for byte; with no dump it configures CrashControl as the NMI wizard does (hivexget).

# the files the copy must hold: every dump of the dumps variant that is not zeros
DUMPS_COPIED='022126-01.dmp 112426-01.dmp pagefile.sys dd.sys'

# sums_from_disk: sha256sum of each dump as ntfscat reads it from the image, "SUM  NAME" sorted by name
sums_from_disk() {
	local l f
	l=$(losetup -f --show -r -o "$WIN_START" --sizelimit "$WIN_SIZE" "$IMG")
	mkdir -p disk
	for f in "/Windows/Minidump/022126-01.dmp" "/Windows/Minidump/112426-01.dmp" /pagefile.sys /dd.sys; do
		ntfscat "$l" "$f" > "disk/${f##*/}" || { losetup -d "$l"; return 1; }
	done
	losetup -d "$l"
	(cd disk && sha256sum $DUMPS_COPIED | sort -k2)
}

test_stop_0x7e_copies_every_dump_verified_and_leaves_the_disk_unchanged() {
	use dumps
	keep_image
	printf "wizard: stop-0x7e\nanswers:\n  copy: 'all'\n" > answers.yaml
	run_rw 0 run stop-0x7e --disk "$IMG" --answers answers.yaml --runbook rb
	expect_text out.txt "done: no edits"
	expect_eq files "$(echo $DUMPS_COPIED | tr ' ' '\n' | sort | tr '\n' ' ')" "$(ls rb/dumps | sort | tr '\n' ' ')"
	sums_from_disk > disk.sums
	(cd rb/dumps && sha256sum $DUMPS_COPIED | sort -k2) > copy.sums
	diff disk.sums copy.sums
	# the runbook: each copy with its size and sha256, as sha256sum and stat see the copy
	local f
	for f in $DUMPS_COPIED; do
		expect_eq "$f sha256" "$(sha256sum < "rb/dumps/$f" | cut -d' ' -f1)" \
			"$(jqr rb/runbook.json ".copies[] | select(.to | endswith(\"/$f\")) | .sha256")"
		expect_eq "$f size" "$(stat -c %s "rb/dumps/$f")" \
			"$(jqr rb/runbook.json ".copies[] | select(.to | endswith(\"/$f\")) | .size")"
		expect_eq "$f mode" 600 "$(stat -c %a "rb/dumps/$f")"
	done
	expect_text rb/runbook.md "## Dumps copied off the disk"
	expect_text rb/runbook.md "| dumps.found | \`yes\` |"
	# the NMI steps were skipped, and say so
	expect_text rb/runbook.md "| apply.skipped | \`yes\` |"
	image_unchanged
	no_mounts_left "$IMG"
}

# answers.yaml of the runbook replays the run: same choice, the skipped steps skipped again
test_stop_0x7e_answers_file_replays_the_copy() {
	use dumps
	printf "wizard: stop-0x7e\nanswers:\n  copy: '1,3'\n" > answers.yaml
	run_rw 0 run stop-0x7e --disk "$IMG" --answers answers.yaml --runbook rb1
	expect_eq answers "  copy: '1,3'" "$(grep '^  ' rb1/answers.yaml)"
	run_rw 0 run stop-0x7e --disk "$IMG" --answers rb1/answers.yaml --runbook rb2
	expect_eq replayed "$(ls rb1/dumps)" "$(ls rb2/dumps)"
	expect_eq count 2 "$(ls rb2/dumps | wc -l)"
	diff <(cd rb1/dumps && sha256sum *) <(cd rb2/dumps && sha256sum *)
}

# a folder without room for the dumps: refused before anything is copied, saying what to do
test_stop_0x7e_refuses_a_folder_without_room() {
	use dumps
	mkdir small
	mount -t tmpfs -o size=2m tmpfs small
	printf "wizard: stop-0x7e\nanswers:\n  copy: 'all to %s/small'\n" "$PWD" > answers.yaml
	local rc=0
	run_rw 2 run stop-0x7e --disk "$IMG" --answers answers.yaml --runbook rb || rc=1
	local left
	left=$(ls small | wc -l)
	umount small
	[ "$rc" = 0 ] || return 1
	expect_text err.txt "MiB free, the copy needs"
	expect_text err.txt "Attach a data disk to this rescue VM"
	expect_eq "files in the small folder" 0 "$left"
	# a file already in the folder is never overwritten: the run stops, the file is the operator's
	mkdir mine
	printf 'mine' > mine/dd.sys
	printf "wizard: stop-0x7e\nanswers:\n  copy: 'all to %s/mine'\n" "$PWD" > answers.yaml
	run_rw 2 run stop-0x7e --disk "$IMG" --answers answers.yaml --runbook rb2
	expect_text err.txt "dd.sys exists already: a copy never replaces a file"
	expect_eq "the operator's file" mine "$(cat mine/dd.sys)"
	no_mounts_left "$IMG"
}

# no dump on the disk: the NMI wizard's steps (included) configure the dump, value for value as the NMI
# wizard itself does on another copy of the same disk
test_stop_0x7e_with_no_dump_configures_crash_control_like_the_nmi_wizard() {
	use gen1
	mkdir -p m
	mount -t ntfs-3g -o "loop,offset=$WIN_START,sizelimit=$WIN_SIZE" "$IMG" m
	rm -f m/Windows/MEMORY.DMP m/Windows/Minidump/*
	umount_loop m
	cp --sparse=always "$IMG" nmi.img
	local w
	for w in stop-0x7e nmi-crash-dump; do
		printf "wizard: %s\nanswers:\n  loader: '%s'\n  space: '4G'\n  dump: '%%SystemRoot%%\\\\MEMORY.DMP'\n" \
			"$w" "$LOADER_A" > "$w.yaml"
		printf "  console: 'yes'\n  type: 'complete'\n  room: 'accept'\n" >> "$w.yaml"
	done
	run_rw 0 run stop-0x7e --disk "$IMG" --answers stop-0x7e.yaml --runbook rb
	expect_text out.txt "applied and verified"
	expect_text rb/runbook.md "| dumps.found | \`no\` |"
	expect_text rb/runbook.md "| copy.skipped | \`yes\` |"
	system_on_disk "$IMG" SYSTEM
	check_nmi_values SYSTEM '%SystemRoot%\MEMORY.DMP'
	run_rw 0 run nmi-crash-dump --disk "$PWD/nmi.img" --answers nmi-crash-dump.yaml --runbook rb-nmi
	system_on_disk "$PWD/nmi.img" SYSTEM.nmi
	local cs
	for cs in $CONTROL_SETS; do
		diff <(hivexsh SYSTEM <<< "cd $cs\\Control\\CrashControl
lsval" | sort) <(hivexsh SYSTEM.nmi <<< "cd $cs\\Control\\CrashControl
lsval" | sort)
	done
	no_mounts_left "$IMG"
}
