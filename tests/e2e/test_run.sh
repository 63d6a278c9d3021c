# run and rollback: the real binary applies nmi-crash-dump to the test disks; the result is read back with
# hivexget from the disk itself (ntfs-3g read-only mount, mtools for the ESP), never with our own reader.

# full export of a hive by hivexml (an independent reader): one key or value per line, file offsets dropped
export_hive() {
	hivexml "$1" | sed -E 's#<byte_runs>(<byte_run [^>]*/>)*</byte_runs>##g' | tr '<' '\n' | grep -v '^/' | sort > "$2"
}

test_run_fixes_gen1_disk() {
	use gen1
	answers loader="$LOADER_A" space=4G dump='%SystemRoot%\MEMORY.DMP' console=yes
	run_rw 0 run nmi-crash-dump --disk "$IMG" --answers answers.yaml --runbook rb
	grep -q "applied and verified" out.txt
	# a line per action of apply, so a log shows how far it got
	grep -qF "[5 of 6 done] Verifying \Boot\BCD from a fresh read-only mount" out.txt
	# the runbook was written twice (before the first write, and at the end): the sums cover every backup
	(cd rb/backup && sha256sum -c --quiet SHA256SUMS)
	expect_eq "backups summed" "$(ls rb/backup | grep -vc SHA256SUMS)" "$(wc -l < rb/backup/SHA256SUMS)"
	system_on_disk "$IMG" SYSTEM
	check_nmi_values SYSTEM '%SystemRoot%\MEMORY.DMP'
	bcd_on_disk "$IMG" BCD
	expect_eq ems 01 "$(hivexsh BCD <<< "cd Objects\\$LOADER_A\\Elements\\260000b0
lsval" | sed -n 's/^"Element"=hex(3):\(.*\)/\1/p')"
	expect_eq bootems 01 "$(hivexsh BCD <<< "cd Objects\\$BOOTMGR\\Elements\\16000020
lsval" | sed -n 's/^"Element"=hex(3):\(.*\)/\1/p')"
	expect_eq emsport 01,00,00,00,00,00,00,00 "$(hivexsh BCD <<< 'cd Objects\{0ce4991b-e6b3-4b16-b23c-5e0d9250e5d9}\Elements\15000022
lsval' | sed -n 's/^"Element"=hex(3):\(.*\)/\1/p')"
	no_mounts_left "$IMG"
}

test_run_fixes_gen2_disk_creating_emssettings() {
	use gen2
	answers space=8G dump='F:\MEMORY.DMP'
	run_rw 0 run nmi-crash-dump --disk "$IMG" --answers answers.yaml --defaults --runbook rb
	system_on_disk "$IMG" SYSTEM
	check_nmi_values SYSTEM 'F:\MEMORY.DMP'
	bcd_on_disk "$IMG" BCD
	expect_eq emssettings-type "$((0x20100000))" "$(hivexget BCD '\Objects\{0ce4991b-e6b3-4b16-b23c-5e0d9250e5d9}\Description' Type)"
	hivexget BCD '\Objects\{7ea2e1ac-2e61-4728-aaa3-896d9d0a9f0e}\Elements\14000006' Element | grep -q '{0ce4991b-e6b3-4b16-b23c-5e0d9250e5d9}'
	# what inspect now says about the chosen loader: on, with port and speed inherited
	run_rw 0 inspect --json --disk "$IMG"
	expect_eq emsport 1 "$(jqr out.txt ".bcd.objects[] | select(.guid == \"$LOADER_A\") | .ems.emsport.value")"
	expect_eq emsbaud 115200 "$(jqr out.txt ".bcd.objects[] | select(.guid == \"$LOADER_A\") | .ems.emsbaudrate.value")"
}

test_nothing_else_changes_in_the_hives() {
	use gen1
	answers loader="$LOADER_A" space=4G dump='%SystemRoot%\MEMORY.DMP' console=no
	run_rw 0 run nmi-crash-dump --disk "$IMG" --answers answers.yaml --runbook rb
	system_on_disk "$IMG" SYSTEM
	export_hive "$FIX/gen1.hives/SYSTEM" before.xml
	export_hive SYSTEM after.xml
	# the only differences: the CrashControl values we set, in each of the two control sets
	diff before.xml after.xml > changes.txt || true
	expect_eq removed 2 "$(grep -c '^< value type="int32" key="CrashDumpEnabled" value="7"' changes.txt)"
	expect_eq added-nmi 2 "$(grep -c '^> value type="int32" key="NMICrashDump" value="1"' changes.txt)"
	expect_eq added-enabled 2 "$(grep -c '^> value type="int32" key="CrashDumpEnabled" value="1"' changes.txt)"
	expect_eq other-changes 0 "$(grep '^[<>]' changes.txt | grep -vc -e 'key="CrashDumpEnabled"' -e 'key="NMICrashDump"')"
	expect_eq hostname broken-vm "$(hivexget SYSTEM 'ControlSet001\Services\Tcpip\Parameters' Hostname)"
}

test_second_run_changes_nothing() {
	use gen1
	answers loader="$LOADER_A" space=4G dump='%SystemRoot%\MEMORY.DMP' console=yes
	run_rw 0 run nmi-crash-dump --disk "$IMG" --answers answers.yaml --runbook rb1
	local sum
	sum=$(sha256sum < "$IMG")
	run_rw 1 run nmi-crash-dump --disk "$IMG" --answers answers.yaml --runbook rb2
	grep -q "nothing to do" out.txt
	expect_eq "image untouched" "$sum" "$(sha256sum < "$IMG")"
}

test_dry_run_writes_nothing_and_shows_commands() {
	use gen2
	local sum
	sum=$(sha256sum < "$IMG")
	answers space=8G dump='%SystemRoot%\MEMORY.DMP'
	run_rw 0 run nmi-crash-dump --disk "$IMG" --answers answers.yaml --defaults --dry-run --runbook rb
	expect_eq "image untouched" "$sum" "$(sha256sum < "$IMG")"
	grep -q 'REG ADD "HKLM\\BROKENSYSTEM\\ControlSet003\\Control\\CrashControl" /v NMICrashDump /t REG_DWORD /d "1" /f' out.txt
	grep -q "/ems $LOADER_A ON" out.txt
	grep -q 'EMSBAUDRATE:115200' rb/commands.txt
	expect_eq result "dry run: nothing written" "$(jqr rb/runbook.json .result)"
	expect_eq mode 700 "$(stat -c %a rb)"
	expect_eq backup-mode 600 "$(stat -c %a rb/backup/SYSTEM)"
	(cd rb/backup && sha256sum -c --quiet SHA256SUMS)
}

test_answers_file_replays_the_run() {
	use gen1
	answers loader="$LOADER_A" space=4G dump='%SystemRoot%\MEMORY.DMP' console=yes
	run_rw 0 run nmi-crash-dump --disk "$IMG" --answers answers.yaml --dry-run --runbook rb1
	run_rw 0 run nmi-crash-dump --disk "$IMG" --answers rb1/answers.yaml --dry-run --runbook rb2
	expect_eq same-plan "$(jqr rb1/runbook.json '[.edits[].after] | join("|")')" "$(jqr rb2/runbook.json '[.edits[].after] | join("|")')"
}

test_missing_answer_names_the_step() {
	use gen1
	answers loader="$LOADER_A"
	run_rw 2 run nmi-crash-dump --disk "$IMG" --answers answers.yaml --runbook rb
	grep -q "no answer for step 'console'" err.txt
}

test_defaults_stop_where_there_is_no_safe_answer() {
	use gen2
	run_rw 2 run nmi-crash-dump --disk "$IMG" --defaults --runbook rb
	grep -q "step 'dump'" err.txt
	grep -q "no safe recommendation" err.txt
}

test_invalid_answer_is_refused() {
	use gen1
	answers loader='{00000000-0000-0000-0000-000000000000}' console=yes space=4G dump='%SystemRoot%\MEMORY.DMP'
	run_rw 2 run nmi-crash-dump --disk "$IMG" --answers answers.yaml --runbook rb
	grep -q "not a Windows boot loader" err.txt
	answers loader="$WINRE"
	run_rw 2 run nmi-crash-dump --disk "$IMG" --answers answers.yaml --runbook rb2
	grep -q "not a Windows boot loader" err.txt
}

test_refused_disks_are_not_written() {
	local v code
	for v in bitlocker hibernated corrupt ntfs-dirty; do
		use $v
		local sum
		sum=$(sha256sum < "$IMG")
		answers loader="$LOADER_A" space=4G dump='%SystemRoot%\MEMORY.DMP' console=yes
		code=0
		"$RW" run nmi-crash-dump --disk "$IMG" --answers answers.yaml --defaults --runbook "rb-$v" > out.txt 2> err.txt || code=$?
		expect_eq "$v exit" 3 "$code"
		expect_eq "$v untouched" "$sum" "$(sha256sum < "$IMG")"
		test -f "rb-$v/runbook.md"
		rm -f "$IMG"
	done
}

test_rollback_restores_byte_identical_files() {
	use gen1
	answers loader="$LOADER_A" space=4G dump='%SystemRoot%\MEMORY.DMP' console=yes
	run_rw 0 run nmi-crash-dump --disk "$IMG" --answers answers.yaml --runbook rb
	run_rw 0 rollback rb
	system_on_disk "$IMG" SYSTEM
	bcd_on_disk "$IMG" BCD
	cmp SYSTEM "$FIX/gen1.hives/SYSTEM"
	cmp BCD "$FIX/gen1.hives/BCD"
}

test_rollback_refuses_a_file_changed_since() {
	use gen1
	answers loader="$LOADER_A" space=4G dump='%SystemRoot%\MEMORY.DMP' console=no
	run_rw 0 run nmi-crash-dump --disk "$IMG" --answers answers.yaml --runbook rb1
	answers loader="$LOADER_A" space=4G dump='F:\MEMORY.DMP' console=no
	run_rw 0 run nmi-crash-dump --disk "$IMG" --answers answers.yaml --runbook rb2
	run_rw 3 rollback rb1
	grep -q "changed since" err.txt
	run_rw 0 rollback --force rb1
}

# ---- faults: the fault points are the names the binary lists (RESCUEWIZ_FAULT=list, src/core/fault.h),
# never a list typed here. An error and a kill at each point; the points a first failure leads to (the
# restore of the backups) after that failure; the points of rollback; full file systems. Old hives are the
# fixture's ($FIX/VARIANT.hives), new ones what a good run wrote (new/).

FAULT_HIVES="SYSTEM SOFTWARE BCD"

# fault_setup VARIANT: the disk and a pristine copy of it, the answers, and a good run (runbook good-VARIANT/) whose
# hives go to new/ and whose fault points, in order, to points.txt
fault_setup() {
	V=$1
	use "$V"
	cp --sparse=always "$IMG" pristine.img
	answers loader="$LOADER_A" space=8G dump='%SystemRoot%\MEMORY.DMP' console=yes
	RESCUEWIZ_FAULT=list run_rw 0 run nmi-crash-dump --disk "$IMG" --answers answers.yaml --defaults --runbook "good-$V"
	fault_points > points.txt
	[ -s points.txt ] || { echo "$V: a good run passed no fault point"; return 1; }
	hives_on_disk "$IMG" new
}

# fault_points: the fault points the last command passed (err.txt), each once, in order
fault_points() {
	sed -n 's/^rescuewiz: fault point //p' err.txt | awk '!seen[$0]++'
}

# hives_on_disk IMG DIR: SYSTEM and SOFTWARE from the Windows volume and the BCD store, into DIR
hives_on_disk() {
	mkdir -p "$2" m
	mount -t ntfs-3g -o "ro,loop,offset=$WIN_START,sizelimit=$WIN_SIZE" "$1" m
	cp m/Windows/System32/config/SYSTEM m/Windows/System32/config/SOFTWARE "$2/"
	umount m
	bcd_on_disk "$1" "$2/BCD"
}

# temps_on_disk IMG: the temp files (*.rescuewiz-new) on the Windows volume and, on Gen1, the boot partition
# (the Gen2 ESP is written with mtools, from its scratch folder)
temps_on_disk() {
	local part parts=("$WIN_START:$WIN_SIZE")
	[ "$GENERATION" = 2 ] || parts+=("$P1_START:$P1_SIZE")
	mkdir -p m
	for part in "${parts[@]}"; do
		mount -t ntfs-3g -o "ro,loop,offset=${part%:*},sizelimit=${part#*:}" "$1" m
		find m -name '*.rescuewiz-new'
		umount_loop m
	done
}

# unmount_leftovers: what a killed rescuewiz left mounted or attached of this test's image (only that: other
# runs may be mounting their own images at the same time)
unmount_leftovers() {
	local loop m
	sleep 0.2
	for loop in $(losetup -n -O NAME -j "$IMG"); do
		for m in $(findmnt -rn -S "$loop" -o TARGET); do umount "$m"; done
		losetup -d "$loop" 2> /dev/null || true
	done
}

# fault_command SPEC ARGS...: rescuewiz ARGS with RESCUEWIZ_FAULT=SPEC; exit status in $code
fault_command() {
	local spec=$1
	shift
	code=0
	RESCUEWIZ_FAULT="$spec" "$RW" "$@" > out.txt 2> err.txt || code=$?
	unmount_leftovers
}

# fault_run SPEC RUNBOOK: the good run's repair again on a pristine copy of the disk, with SPEC injected
fault_run() {
	cp --sparse=always pristine.img "$IMG"
	fault_command "$1" run nmi-crash-dump --disk "$IMG" --answers answers.yaml --defaults --runbook "$2"
}

# hives_are WHAT old|old-or-new: the disk's hives now, checked against the old and new ones
hives_are() {
	local h
	hives_on_disk "$IMG" now
	for h in $FAULT_HIVES; do
		cmp -s "now/$h" "$FIX/$V.hives/$h" && continue
		[ "$2" = old-or-new ] && cmp -s "now/$h" "new/$h" && continue
		echo "$1: $h is not the $2 one"
		return 1
	done
}

# An error at each fault point: the run fails (exit 4) and every hive is the old one again. A point first
# reached after such a failure (the restore) gets an error after it too: then each hive is old or new, and
# rollback brings the old ones back.
test_an_error_at_each_fault_point_restores_the_old_hives() {
	local v spec prefix point q i cases=0 npoints=0
	for v in gen1 gen2; do
		fault_setup "$v"
		declare -A seen=() after=()
		local level=() next=()
		while read -r point; do seen[$point]=1; level+=("|$point"); done < points.txt
		while [ ${#level[@]} -gt 0 ]; do
			after=()
			for i in "${!level[@]}"; do
				prefix=${level[i]%|*} point=${level[i]#*|}
				spec=${prefix:+$prefix,}$point
				fault_run "$spec,list" "rb-$cases"
				if [ -z "$prefix" ]; then
					# before the first write: refused (3), nothing written; after it: rolled back (4)
					hives_are "$v $spec" old
					case $code in
					3) case "$(jqr "rb-$cases/runbook.json" .result)" in refused*) ;; *) echo "$v $spec: exit 3 but not refused"; return 1 ;; esac ;;
					4) grep -q "rolled back" "rb-$cases/runbook.md" ;;
					*) echo "$v $spec: exit $code, not 3 (nothing written) or 4 (rolled back)"; return 1 ;;
					esac
				else
					expect_eq "$v $spec exit" 4 "$code"
					hives_are "$v $spec" old-or-new
					run_rw 0 rollback "rb-$cases"
					hives_are "$v $spec, then rollback" old
				fi
				# the last failure that leads to a new point is the one it is tested after
				for q in $(fault_points); do [ -n "${seen[$q]:-}" ] || after[$q]=$spec; done
				cases=$((cases + 1))
			done
			next=()
			for q in $(printf '%s\n' "${!after[@]}" | sort); do seen[$q]=1; next+=("${after[$q]}|$q"); done
			level=("${next[@]}")
		done
		npoints=$((npoints + ${#seen[@]}))
		unset seen after
	done
	echo "fault points (gen1 + gen2): $npoints, error cases: $cases"
}

# A kill -9 at each fault point, the restore's too (after an error at the last point of a good run): each
# hive is exactly the old or the new one, and rollback with the runbook of the killed run brings the old ones
# back (runbook.json says "apply in progress" before the first write) and leaves no half-written temp file.
# Every point is checked before the failures of rollback are reported.
test_a_kill_at_each_fault_point_leaves_old_or_new_hives() {
	local v spec last point cases=0
	local -a failed=()
	for v in gen1 gen2; do
		fault_setup "$v"
		last=$(tail -n 1 points.txt)
		fault_run "$last,list" "rb-restore-$v"
		local specs=()
		while read -r point; do specs+=("$point:kill"); done < points.txt
		for point in $(fault_points); do
			grep -qxF "$point" points.txt || specs+=("$last,$point:kill")
		done
		for spec in "${specs[@]}"; do
			fault_run "$spec" "rb-$cases"
			expect_eq "$v $spec killed" 137 "$code"
			hives_are "$v $spec" old-or-new
			fault_command "" rollback "rb-$cases"
			# killed before its first write (no runbook.json yet): nothing to roll back (1), the hives old
			if [ "$code" = 1 ] && grep -q "stopped before it wrote anything" err.txt; then
				hives_are "$v $spec, stopped before writing" old
			else
				[ "$code" = 0 ] || failed+=("$v $spec: rollback exited $code: $(head -c 200 err.txt)")
				[ "$code" != 0 ] || hives_are "$v $spec, then rollback" old
				[ "$code" != 0 ] || [ -z "$(temps_on_disk "$IMG")" ] ||
					failed+=("$v $spec: rollback left a temp file: $(temps_on_disk "$IMG")")
			fi
			cases=$((cases + 1))
		done
	done
	echo "kill cases: $cases"
	[ ${#failed[@]} = 0 ] || { printf '%s\n' "${failed[@]}"; return 1; }
}

# A run killed after the new SYSTEM was written beside the old one but before the runbook named it: the
# runbook lists the hive without sha256_after, so rollback knows the run never replaced it. Changed by
# somebody else then, it is refused (without --force), and --force puts the backup back.
test_rollback_refuses_a_hive_the_killed_run_never_replaced_that_changed() {
	use gen1
	local config=win/Windows/System32/config
	mkdir -p "$config" boot/Boot
	cp "$FIX/gen1.hives/SYSTEM" "$FIX/gen1.hives/SOFTWARE" "$config/"
	cp "$FIX/gen1.hives/BCD" boot/Boot/
	answers loader="$LOADER_A" space=4G dump='%SystemRoot%\MEMORY.DMP' console=yes
	fault_command system-record:kill run nmi-crash-dump --windows win --boot boot --answers answers.yaml --runbook rb
	expect_eq killed 137 "$code"
	expect_eq result "apply in progress" "$(jqr rb/runbook.json .result)"
	expect_eq "SYSTEM listed" SYSTEM "$(jqr rb/runbook.json '.files[0].hive')"
	expect_eq "no sha256_after" null "$(jqr rb/runbook.json '.files[0].sha256_after')"
	cmp "$config/SYSTEM" "$FIX/gen1.hives/SYSTEM"
	printf 'changed' | dd of="$config/SYSTEM" bs=1 seek=8192 conv=notrunc status=none
	run_rw 3 rollback rb
	grep -q "stopped before it replaced it): somebody else changed it" err.txt
	run_rw 0 rollback --force rb
	cmp "$config/SYSTEM" "$FIX/gen1.hives/SYSTEM"
}

# An error and a kill at each fault point of rollback: each hive is old or new, and rollback again brings
# the old ones back.
test_a_fault_in_rollback_leaves_old_or_new_hives_and_rollback_again_restores() {
	local v point mode cases=0
	for v in gen1 gen2; do
		fault_setup "$v"
		cp --sparse=always "$IMG" applied.img
		RESCUEWIZ_FAULT=list run_rw 0 rollback "good-$v"
		hives_are "$v rollback" old
		fault_points > rollback-points.txt
		[ -s rollback-points.txt ] || { echo "$v: rollback passed no fault point"; return 1; }
		while read -r point; do
			for mode in "" ":kill"; do
				cp --sparse=always applied.img "$IMG"
				fault_command "$point$mode" rollback "good-$v"
				# an error before rollback's first write leaves the disk as it was (3), after it rolls back (4)
				case "$mode:$code" in
				:3 | :4 | :kill:137) ;;
				*) echo "$v rollback $point$mode: exit $code"; return 1 ;;
				esac
				hives_are "$v rollback $point$mode" old-or-new
				run_rw 0 rollback "good-$v"
				hives_are "$v rollback $point$mode, then rollback" old
				cases=$((cases + 1))
			done
		done < rollback-points.txt
	done
	echo "rollback fault cases: $cases"
}

# The runbook's file system fills up (a tmpfs of 4 KiB, then of each size in pages from a little less than the
# backups need to a little more than the whole runbook): each hive is old or new, and when one is new,
# rollback brings the old ones back.
test_a_full_runbook_folder_leaves_old_or_new_hives_that_rollback_restores() {
	fault_setup gen1
	local backups need kb sizes=0 written=0
	backups=$(du -sk good-gen1/backup | cut -f1)
	need=$(du -sk good-gen1 | cut -f1)
	mkdir rbfs
	for kb in 4 $(seq $((backups - 8)) 4 $((need + 8))); do
		mount -t tmpfs -o "size=${kb}k,mode=0700" tmpfs rbfs
		fault_run "" rbfs/rb
		hives_are "runbook on ${kb}k" old-or-new
		if ! hives_are "runbook on ${kb}k" old > /dev/null; then
			written=$((written + 1))
			echo "runbook on ${kb}k: run exit $code, hives written"
			fault_command "" rollback rbfs/rb
			expect_eq "runbook on ${kb}k: rollback exit ($(head -c 200 err.txt))" 0 "$code"
			hives_are "runbook on ${kb}k, then rollback" old
		fi
		umount rbfs
		sizes=$((sizes + 1))
	done
	echo "runbook folder sizes: $sizes (backups ${backups}k, runbook ${need}k), hives written in $written"
}

# The volumes the hives are on fill up (the operator's folders on small tmpfs, SYSTEM's and then BCD's
# volume full): the run fails, each hive is the old one, and no temp file is left beside it.
test_a_full_target_volume_leaves_the_old_hives() {
	V=gen1
	use gen1
	answers loader="$LOADER_A" space=4G dump='%SystemRoot%\MEMORY.DMP' console=yes
	local full h
	mkdir -p m win boot
	for full in win boot; do
		mount -t tmpfs -o size=4m tmpfs win
		mount -t tmpfs -o size=4m tmpfs boot
		mount -t ntfs-3g -o "ro,loop,offset=$P2_START,sizelimit=$P2_SIZE" "$IMG" m
		cp -r m/. win/
		umount m
		mount -t ntfs-3g -o "ro,loop,offset=$P1_START,sizelimit=$P1_SIZE" "$IMG" m
		cp -r m/. boot/
		umount m
		dd if=/dev/zero of="$full/fill" bs=4k 2> /dev/null || true
		code=0
		"$RW" run nmi-crash-dump --windows win --boot boot --answers answers.yaml --runbook "rb-$full" > out.txt 2> err.txt || code=$?
		expect_eq "$full full: exit" 4 "$code"
		grep -q "No space left on device" "rb-$full/runbook.md"
		for h in SYSTEM SOFTWARE; do cmp win/Windows/System32/config/$h "$FIX/gen1.hives/$h"; done
		cmp boot/Boot/BCD "$FIX/gen1.hives/BCD"
		if find win boot -name '*.rescuewiz-new' | grep .; then echo "$full full: a temp file is left"; return 1; fi
		umount win boot
	done
}

# le32 FILE OFFSET: a little-endian dword of a file, read with od
le32() {
	od -An -tu4 -j "$2" -N4 "$1" | tr -d ' '
}

test_dirty_hive_is_replayed_then_edited() {
	use dirty
	answers loader="$LOADER_A" space=1G console=yes
	run_rw 0 run nmi-crash-dump --disk "$IMG" --answers answers.yaml --defaults --runbook rb
	system_on_disk "$IMG" SYSTEM
	# the change only the log held is there, and ours on top of it
	expect_eq from-log 3 "$(hivexget SYSTEM 'ControlSet001\Services\NewDriver' Start)"
	check_nmi_values SYSTEM '%SystemRoot%\MEMORY.DMP'
	# the base block is clean, and above every sequence number in the log: Windows will not replay it again
	local log_seq
	log_seq=$(le32 "$FIX/dirty.hives/SYSTEM.LOG1" $((512 + 12)))
	expect_eq clean "$(le32 SYSTEM 4)" "$(le32 SYSTEM 8)"
	[ "$(le32 SYSTEM 4)" -gt "$log_seq" ] || { echo "sequence $(le32 SYSTEM 4) is not above the log's $log_seq"; return 1; }
	grep -q "replayed" rb/runbook.md
	# the originals are listed with the digests the snapshot took as it copied them; the replayed copy, made
	# from them, is not an original and stays in memory
	(cd rb/backup && sha256sum -c --quiet SHA256SUMS)
	grep -q "  SYSTEM$" rb/backup/SHA256SUMS
	grep -q "  SYSTEM.LOG1$" rb/backup/SHA256SUMS
	if ls rb/backup | grep -q replayed; then echo "a replayed copy in backup/: $(ls rb/backup)"; return 1; fi
}

test_dirty_hive_with_a_corrupt_log_is_refused_unless_accepted() {
	use dirty
	mkdir -p m
	mount -t ntfs-3g -o "loop,offset=$P2_START,sizelimit=$P2_SIZE" "$IMG" m
	printf '\377\377\377\377' | dd of=m/Windows/System32/config/SYSTEM.LOG1 bs=1 seek=1100 conv=notrunc status=none
	umount m
	answers loader="$LOADER_A" space=1G console=yes
	local sum
	sum=$(sha256sum < "$IMG")
	run_rw 3 run nmi-crash-dump --disk "$IMG" --answers answers.yaml --defaults --runbook rb1
	grep -q -- "--ignore-bad-logs" err.txt
	# refused before the answers are looked at: an answers file that answers nothing gets the same refusal
	printf 'wizard: nmi-crash-dump\nanswers: {}\n' > none.yaml
	run_rw 3 run nmi-crash-dump --disk "$IMG" --answers none.yaml --runbook rb0
	grep -q -- "--ignore-bad-logs" err.txt
	expect_eq untouched "$sum" "$(sha256sum < "$IMG")"
	run_rw 0 run nmi-crash-dump --disk "$IMG" --answers answers.yaml --defaults --ignore-bad-logs --runbook rb2
	grep -q "ignore-bad-logs" rb2/runbook.md
	system_on_disk "$IMG" SYSTEM
	check_nmi_values SYSTEM '%SystemRoot%\MEMORY.DMP'
}

test_validate_reports_the_shipped_wizard_and_broken_ones() {
	run_rw 0 validate "$TOP"/wizards/*.yaml "$TOP/tests/fixtures/wizards/every-construct.yaml"
	expect_eq validated "$(($(ls "$TOP"/wizards/*.yaml | wc -l) + 1))" "$(grep -c ': ok (wizard ' out.txt)"
	printf 'wizard: x\ntitle: t\nsteps:\n  - id: a\n    kind: reboot\n    title: A\n' > bad.yaml
	run_rw 2 validate bad.yaml
	expect_eq message "bad.yaml:5:11: unknown step kind 'reboot' (known: detect-layout, choose-bcd, check-space, choose-dump, confirm, choose-control-set, enter-number, choose-dump-type, check-dump-room, find-dumps, copy-dumps, apply)" "$(cat err.txt)"
}

test_dump_letter_off_this_disk_is_allowed_with_a_warning() {
	use gen2
	answers space=8G dump='F:\MEMORY.DMP'
	run_rw 0 run nmi-crash-dump --disk "$IMG" --answers answers.yaml --defaults --dry-run --runbook rb
	expect_eq warning "F: is not in MountedDevices: Windows has not seen it yet, and its free space can not be checked from here" \
		"$(jqr rb/runbook.json '.answers[] | select(.step == "dump" and .field == "warning") | .value')"
}

test_run_on_folders_the_operator_mounted() {
	use gen1
	mkdir -p win boot
	mount -t ntfs-3g -o "loop,offset=$P2_START,sizelimit=$P2_SIZE" "$IMG" win
	mount -t ntfs-3g -o "loop,offset=$P1_START,sizelimit=$P1_SIZE" "$IMG" boot
	answers loader="$LOADER_A" space=4G dump='%SystemRoot%\MEMORY.DMP' console=yes
	local rc=0
	"$RW" run nmi-crash-dump --windows win --boot boot --answers answers.yaml --runbook rb > out.txt 2> err.txt || rc=$?
	cp win/Windows/System32/config/SYSTEM SYSTEM
	cp boot/Boot/BCD BCD
	umount win boot
	expect_eq exit 0 "$rc"
	check_nmi_values SYSTEM '%SystemRoot%\MEMORY.DMP'
	expect_eq ems 01 "$(hivexsh BCD <<< "cd Objects\\$LOADER_A\\Elements\\260000b0
lsval" | sed -n 's/^"Element"=hex(3):\(.*\)/\1/p')"
}

test_nothing_else_changes_in_the_bcd_store() {
	use gen1
	answers loader="$LOADER_A" space=4G dump='%SystemRoot%\MEMORY.DMP' console=yes
	run_rw 0 run nmi-crash-dump --disk "$IMG" --answers answers.yaml --runbook rb
	bcd_on_disk "$IMG" BCD
	export_hive "$FIX/gen1.hives/BCD" before.xml
	export_hive BCD after.xml
	diff before.xml after.xml > changes.txt || true
	# added: the loader's ems element, {bootmgr}'s bootems, {emssettings}' port and speed (their keys and
	# values); nothing removed, since Gen1's {emssettings} exists and is inherited already
	expect_eq removed 0 "$(grep -c '^<' changes.txt)"
	expect_eq new-keys 4 "$(grep -c '^> node name="1[56]0000[2b][023]"\|^> node name="260000b0"' changes.txt)"
	expect_eq other-additions 0 "$(grep '^>' changes.txt | grep -vc -e 'node name="\(260000b0\|16000020\|15000022\|15000023\)"' -e 'key="Element"')"
}

test_run_names_every_folder_searched_for_a_missing_wizard() {
	mkdir mine
	run_rw 2 run no-such-wizard --disk nothing.img --defaults --wizards "$PWD/mine"
	grep -qF "no wizard 'no-such-wizard' (looked for no-such-wizard.yaml in $PWD/mine, $RESCUEWIZ_WIZARDS" err.txt
	grep -qF "/share/rescuewiz/wizards" err.txt
}

test_run_reports_a_broken_wizard_with_its_line_and_column() {
	printf 'wizard: x\ntitle: t\nsteps:\n  - id: apply\n    kind: apply\n    title: A\n    edits:\n      - registry: {hive: SYSTEM, key: Select, set: {Current: {dword: 1}}}\n' > mine.yaml
	run_rw 2 run ./mine.yaml --disk nothing.img --defaults
	grep -qF "./mine.yaml:8:19: say which control sets the key is under" err.txt
	[ ! -e rescuewiz-runbook-x-* ] || { echo "a runbook folder was made for a wizard that does not load"; return 1; }
}

test_run_and_wizard_share_the_target_rules() {
	run_rw 2 run nmi-crash-dump --windows "$PWD" --defaults
	grep -qF -- "--windows DIR and --boot DIR go together" err.txt
	run_rw 2 wizard nmi-crash-dump --windows "$PWD"
	grep -qF -- "--windows DIR and --boot DIR go together" err.txt
	run_rw 2 run nmi-crash-dump --disk x.img --windows "$PWD" --boot "$PWD" --defaults
	grep -qF "give either --disk or --windows with --boot, not both" err.txt
}

# commands.txt is a batch file for cmd.exe: a dump path the operator typed with & % ^ ( ) and blanks (all
# allowed in Windows paths) is one quoted argument with its % doubled; a path Windows would not take is
# refused at its step; a value no quoting makes safe (a double quote) becomes a REM line without the value
test_commands_txt_gives_cmd_exe_nothing_to_run() {
	use gen2
	answers space=8G dump='D:\R&D 100%\a^b (x)\MEMORY.DMP'
	run_rw 0 run nmi-crash-dump --disk "$IMG" --answers answers.yaml --defaults --dry-run --runbook rb
	grep -qxF 'REG ADD "HKLM\BROKENSYSTEM\ControlSet001\Control\CrashControl" /v DumpFile /t REG_EXPAND_SZ /d "D:\R&D 100%%\a^b (x)\MEMORY.DMP" /f' rb/commands.txt
	grep -qx 'SETLOCAL DisableDelayedExpansion' rb/commands.txt
	local bad n=0
	for bad in 'D:\a"&calc&"b.dmp' 'D:\a|calc.dmp' 'D:\a>C:\x.dmp' 'D:\a?.dmp' 'D:\*.dmp' 'D:\a:b.dmp'; do
		n=$((n + 1))
		answers space=8G dump="$bad"
		run_rw 2 run nmi-crash-dump --disk "$IMG" --answers answers.yaml --defaults --dry-run --runbook "rb-bad$n"
		grep -q "is not a dump file path" err.txt
	done
	cat > quoting.yaml << 'YAML'
wizard: quoting
title: A value with a double quote
steps:
  - id: apply
    kind: apply
    title: Apply
    edits:
      - registry: {hive: SYSTEM, key: Select, control-sets: none, set: {Note: {sz: 'a" & calc & "b'}}}
YAML
	run_rw 0 run ./quoting.yaml --disk "$IMG" --defaults --dry-run --runbook rbq
	grep -qx 'REM left out: the data of this edit holds a double quote, .*' rbq/commands.txt
	if grep -q calc rbq/commands.txt; then echo "the value reached commands.txt:"; cat rbq/commands.txt; return 1; fi
}

# The runbook holds the only copy of the original hives: a run never writes into the folder of another
test_a_runbook_folder_is_never_written_over() {
	use gen1
	answers loader="$LOADER_A" space=4G dump='%SystemRoot%\MEMORY.DMP' console=yes
	run_rw 0 run nmi-crash-dump --disk "$IMG" --answers answers.yaml --dry-run --runbook rb1
	local before
	before=$(cd rb1 && find . -type f -exec sha256sum {} + | sort)
	run_rw 2 run nmi-crash-dump --disk "$IMG" --answers answers.yaml --dry-run --runbook rb1
	grep -q "rb1 already holds files: the runbook of an earlier run is never written over" err.txt
	expect_eq "rb1 untouched" "$before" "$(cd rb1 && find . -type f -exec sha256sum {} + | sort)"
	# an empty folder is taken; a link to one, or a file, is not
	mkdir empty
	run_rw 0 run nmi-crash-dump --disk "$IMG" --answers answers.yaml --dry-run --runbook empty
	test -f empty/backup/SYSTEM
	mkdir elsewhere
	ln -s elsewhere link
	run_rw 2 run nmi-crash-dump --disk "$IMG" --answers answers.yaml --dry-run --runbook link
	grep -q "it is a link or not a folder" err.txt
	expect_eq "nothing through the link" "" "$(ls elsewhere)"
	# two runs in the same second: the folder named after that second exists, the run takes NAME-2
	local t stamp
	t=$(date -u +%s)
	for stamp in $t $((t + 1)) $((t + 2)); do
		mkdir "rescuewiz-runbook-nmi-crash-dump-$(date -u -d "@$stamp" +%Y%m%d-%H%M%S)"
		touch "rescuewiz-runbook-nmi-crash-dump-$(date -u -d "@$stamp" +%Y%m%d-%H%M%S)/mine"
	done
	run_rw 0 run nmi-crash-dump --disk "$IMG" --answers answers.yaml --dry-run
	local made
	made=$(sed -n 's/.*Runbook: //p' out.txt)
	case "$made" in *-2) ;; *) echo "the run took '$made', not a -2 folder"; return 1 ;; esac
	test -f "$made/runbook.json"
	expect_eq "earlier folders untouched" 3 "$(ls rescuewiz-runbook-nmi-crash-dump-*/mine | wc -l)"
}

# Before the first byte goes to the disk, the backups, their sums and a runbook.json that says "apply in
# progress" with what will be written are on disk: a kill at any write step leaves a runbook that rollback
# finishes, putting back exactly the original hives
test_a_kill_while_writing_is_finished_by_rollback() {
	use gen1
	cp --sparse=always "$IMG" pristine.img
	answers loader="$LOADER_A" space=4G dump='%SystemRoot%\MEMORY.DMP' console=yes
	local point code
	for point in system-write system-rename system bcd-write bcd-rename bcd; do
		cp --sparse=always pristine.img "$IMG"
		code=0
		RESCUEWIZ_FAULT="$point:kill" "$RW" run nmi-crash-dump --disk "$IMG" --answers answers.yaml --runbook "rb-$point" > out.txt 2> err.txt || code=$?
		expect_eq "$point: killed" 137 "$code"
		unmount_image "$IMG"
		expect_eq "$point: result" "apply in progress" "$(jqr "rb-$point/runbook.json" .result)"
		expect_eq "$point: files to write" "SYSTEM BCD" "$(jqr "rb-$point/runbook.json" '[.files[].hive] | join(" ")')"
		(cd "rb-$point/backup" && sha256sum -c --quiet SHA256SUMS)
		run_rw 0 rollback "rb-$point"
		system_on_disk "$IMG" SYSTEM
		bcd_on_disk "$IMG" BCD
		cmp SYSTEM "$FIX/gen1.hives/SYSTEM" || { echo "$point: SYSTEM is not the original"; return 1; }
		cmp BCD "$FIX/gen1.hives/BCD" || { echo "$point: BCD is not the original"; return 1; }
	done
}

# A failure before the first write (here: the runbook can not record the apply) writes nothing, not even
# a "restore" of hives that were never written, and says the disk was not changed
test_a_failure_before_writing_writes_nothing() {
	use gen1
	local sum
	sum=$(sha256sum < "$IMG")
	answers loader="$LOADER_A" space=4G dump='%SystemRoot%\MEMORY.DMP' console=yes
	RESCUEWIZ_FAULT=before-writing run_rw 3 run nmi-crash-dump --disk "$IMG" --answers answers.yaml --runbook rb
	grep -q "refused: nothing written" out.txt
	if grep -q "putting the backups back" out.txt || grep -q "from its backup" rb/runbook.md; then
		echo "a restore was written although nothing had been"; cat out.txt; return 1
	fi
	expect_eq untouched "$sum" "$(sha256sum < "$IMG")"
	expect_eq result "refused: nothing written" "$(jqr rb/runbook.json .result)"
	if grep -q '^## Next' rb/runbook.md; then echo "runbook.md tells what to do next with a disk not changed"; return 1; fi
}
