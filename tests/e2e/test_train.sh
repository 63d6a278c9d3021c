# rescuewiz train: every shipped lesson is solvable (its ideal answers score 100 unattended), a known wrong
# answer scores less with its explanation, and the disk the builder makes holds what the lesson promises,
# read with independent tools (sgdisk, mtools, ntfs-3g, hivexget). Lesson files are read here with Python's
# YAML reader, not with ours.

LESSONS=$TOP/share/scenarios

# lesson_field LESSON EXPR: a Python expression over the lesson's YAML as `l`
lesson_field() {
	python3 -c 'import sys, yaml; l = yaml.safe_load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$LESSONS/$1.yaml" "$2"
}

ready_lessons() {
	local f
	for f in "$LESSONS"/*.yaml; do
		[ "$(lesson_field "$(basename "$f" .yaml)" "'waiting' in l")" = False ] && basename "$f" .yaml
	done
}

# answers_of LESSON [STEP=VALUE,...]: the lesson's ideal answers as an answers file, some of them replaced
answers_of() {
	python3 - "$LESSONS/$1.yaml" "${2:-}" <<-'PY'
	import sys, yaml
	l = yaml.safe_load(open(sys.argv[1]))
	a = dict(l['answers'])
	for kv in filter(None, sys.argv[2].split(',')):
	    k, v = kv.split('=', 1)
	    a[k] = v
	print(yaml.safe_dump({'wizard': l['wizard'], 'answers': {k: str(v) for k, v in a.items()}}))
	PY
}

test_train_lists_every_lesson() {
	XDG_STATE_HOME=$PWD/state run_rw 0 train
	local n
	for n in $(cd "$LESSONS" && ls *.yaml | sed 's/\.yaml$//'); do expect_text out.txt "$n"; done
	XDG_STATE_HOME=$PWD/state run_rw 0 train --json
	expect_eq lessons "$(ls "$LESSONS"/*.yaml | wc -l)" "$(jqr out.txt 'length')"
	expect_eq nmi-gen2 "not done" "$(jqr out.txt '.[] | select(.lesson == "nmi-gen2") | .status')"
	expect_eq "no lesson waits" "" "$(jqr out.txt '.[] | select(.status | startswith("waiting")) | .lesson')"
	# a lesson that waits for something says what (every shipped one can be taken)
	waiting_lesson
	RESCUEWIZ_SHARE=$PWD/share XDG_STATE_HOME=$PWD/state run_rw 0 train
	expect_text out.txt "waiting: needs a wizard that is being written"
}

# share/scenarios/waiting.yaml: nmi-gen2 marked waiting
waiting_lesson() {
	mkdir -p share/scenarios
	{ sed 's/^lesson: nmi-gen2$/lesson: waiting/' "$LESSONS/nmi-gen2.yaml"; echo "waiting: needs a wizard that is being written"; } \
		> share/scenarios/waiting.yaml
}

test_train_refuses_a_disk_and_a_waiting_lesson() {
	run_rw 2 train nmi-gen2 --disk /dev/sda
	expect_text err.txt "never on a disk you name"
	answers_of nmi-gen2 > a.yaml
	waiting_lesson
	run_rw 2 train --unattended ./share/scenarios/waiting.yaml --answers a.yaml
	expect_text err.txt "lesson waiting can not be taken yet: needs a wizard that is being written"
	run_rw 2 train nmi-gen2
	expect_text err.txt "a lesson needs a terminal"
}

test_train_says_it_needs_root() {
	answers_of nmi-gen2 > a.yaml
	chmod 644 a.yaml
	local rc=0
	setpriv --reuid=65534 --regid=65534 --clear-groups env XDG_STATE_HOME=/nonexistent \
		"$RW" train --unattended nmi-gen2 --answers "$PWD/a.yaml" > out.txt 2> err.txt || rc=$?
	expect_eq exit 3 "$rc"
	expect_text err.txt "needs root: run it with sudo"
}

test_train_every_lesson_ideal_answers_score_100() {
	local l
	for l in $(ready_lessons); do
		answers_of "$l" > "$l.yaml"
		XDG_STATE_HOME=$PWD/state run_rw 0 train --unattended "$l" --answers "$l.yaml" --json
		if [ "$(jqr out.txt .score)" != 100 ]; then
			echo "lesson $l: ideal answers score $(jqr out.txt .score)"
			jqr out.txt '.checks[] | select(.passed | not) | "\(.what): found \(.found)"'
			jqr out.txt '.result'
			return 1
		fi
		expect_eq "$l state mode" 600 "$(stat -c %a "state/rescuewiz/training/$l.json")"
	done
	XDG_STATE_HOME=$PWD/state run_rw 0 train --json
	expect_eq "nmi-gen2 done" done "$(jqr out.txt '.[] | select(.lesson == "nmi-gen2") | .status')"
	no_mounts_left /dev/null
}

# LESSON|STEP=VALUE[,STEP=VALUE]|SCORE|TEXT: a known wrong answer, the score it gets and a line the result shows
WRONG_ANSWERS=(
	"nmi-gen2|loader={3b1a6c2e-8d4f-11ee-9a01-00155d000002}|45|That is the old entry"
	"nmi-gen2|type=complete,room=accept|85|A complete dump needs RAM + 257 MB"
	"nmi-gen1|type=complete,room=accept|85|A complete dump needs RAM + 257 MB in the page file on C:"
	"serial-console-inherit|loader={3b1a6c2e-8d4f-11ee-9a01-00155d000002}|45|That is the old entry"
	"dump-too-big|type=complete,room=accept|40|A complete dump of 16 GiB needs 16.3 GB"
	"two-loaders|loader={3b1a6c2e-8d4f-11ee-9a01-00155d000001}|10|The default entry boots a volume that is not"
	"last-known-good|target=1|0|ControlSet001 is the set that fails"
	"pagefile-on-temp-disk|room=accept|20|Kept as it is, the dump has nowhere to go"
	"boot-loop|loader={3b1a6c2e-8d4f-11ee-9a01-00155d000002}|0|the default entry, the one that boots, keeps"
	"stop-0x7e-dump|copy=none|20|Copying nothing leaves the only evidence"
	"stop-0x7e-dump|copy=2|50|The minidump names rwtest.sys"
	"select-002|loader={3b1a6c2e-8d4f-11ee-9a01-00155d000002}|70|Select and the control"
	"dirty-system-hive|type=complete,room=accept|85|The logs were replayed"
)
# The refusal lessons (bitlocker-refused, hibernated-refused, chkdsk-due-refused) have no wrong answer: the disk is refused
# before the first question, whatever the answers file says (test_train_a_refusal_lesson_scores_by_refusing).

test_train_a_wrong_answer_scores_less_with_its_explanation() {
	local row l kv want text
	for row in "${WRONG_ANSWERS[@]}"; do
		IFS='|' read -r l kv want text <<< "$row"
		answers_of "$l" "$kv" > wrong.yaml
		XDG_STATE_HOME=$PWD/state run_rw 0 train --unattended "$l" --answers wrong.yaml
		expect_text out.txt "Score: $want of 100"
		expect_text out.txt "$text"
		expect_text out.txt "Debrief:"
	done
}

# the dump lesson: the copies its checks pass on are the files ntfscat reads from the image, and a run that
# copies nothing fails the checks on what the runbook lists, not on the answer
test_train_the_dump_lesson_checks_the_copies_against_the_disk() {
	answers_of stop-0x7e-dump > a.yaml
	XDG_STATE_HOME=$PWD/state run_rw 0 train --unattended stop-0x7e-dump --answers a.yaml --keep --json
	expect_eq score 100 "$(jqr out.txt .score)"
	local kept
	kept=$(sed -n 's/^rescuewiz: kept //p' err.txt)
	[ -d "$kept/runbook" ] || { echo "no runbook kept in '$kept'"; return 1; }
	"$RW" build-disk stop-0x7e-dump d.img --expect d.expect > /dev/null
	. ./d.expect
	local l f sum
	l=$(losetup -f --show -r -o "$P2_START" --sizelimit "$P2_SIZE" "$kept/disk.img")
	for f in /Windows/MEMORY.DMP /Windows/Minidump/112426-01.dmp; do
		ntfscat "$l" "$f" > "disk.${f##*/}" || { losetup -d "$l"; return 1; }
	done
	losetup -d "$l"
	for f in MEMORY.DMP 112426-01.dmp; do
		sum=$(sha256sum < "disk.$f" | cut -d' ' -f1)
		expect_eq "$f copy" "$sum" "$(sha256sum < "$kept/runbook/dumps/$f" | cut -d' ' -f1)"
		expect_eq "$f runbook" "$sum" "$(jqr "$kept/runbook/runbook.json" ".copies[] | select(.to | endswith(\"/$f\")) | .sha256")"
		expect_text out.txt "copied as $f, sha256 ${sum:0:16}... as on the disk"
	done
	# the dump is a complete bitmap kernel dump of a 0x7E at an address in rwtest.sys; the minidump names it
	expect_eq signature PAGEDU64 "$(head -c 8 disk.MEMORY.DMP)"
	expect_eq bugcheck 7e000000 "$(od -An -tx1 -j $((0x38)) -N4 disk.MEMORY.DMP | tr -d ' ')"
	expect_eq "dump type 6" 06000000 "$(od -An -tx1 -j $((0xf98)) -N4 disk.MEMORY.DMP | tr -d ' ')"
	expect_eq summary SDMPDUMP "$(dd if=disk.MEMORY.DMP bs=1 skip=$((0x2000)) count=8 status=none)"
	expect_eq size $((0x3000 + 256 * 4096)) "$(stat -c %s disk.MEMORY.DMP)"
	expect_eq "minidump names rwtest.sys" True "$(python3 -c 'import sys; print("\\drivers\\rwtest.sys".encode("utf-16-le") in open(sys.argv[1], "rb").read())' disk.112426-01.dmp)"
	rm -rf "$kept"
	# nothing copied: both copied checks fail, saying so
	answers_of stop-0x7e-dump copy=none > none.yaml
	XDG_STATE_HOME=$PWD/state run_rw 0 train --unattended stop-0x7e-dump --answers none.yaml
	expect_text out.txt "[FAIL] \\Windows\\MEMORY.DMP was copied out, its sha256 the disk's (found: (not copied: the runbook lists no copy))"
	expect_text out.txt "[pass] nothing was written to the disk (it is evidence)"
	no_mounts_left d.img
}

test_train_a_refusal_lesson_scores_by_refusing() {
	answers_of bitlocker-refused > a.yaml
	XDG_STATE_HOME=$PWD/state run_rw 0 train --unattended bitlocker-refused --answers a.yaml
	expect_text out.txt "Score: 100 of 100"
	expect_text out.txt "[pass] nothing was written to the image (found: the image is unchanged)"
	expect_text out.txt "BitLocker"
	answers_of chkdsk-due-refused > c.yaml
	XDG_STATE_HOME=$PWD/state run_rw 0 train --unattended chkdsk-due-refused --answers c.yaml
	expect_text out.txt "Score: 100 of 100"
	expect_text out.txt "is marked dirty"
	# the disk's dirty flag as ntfsinfo, not rescuewiz, reads it
	"$RW" build-disk chkdsk-due-refused c.img --expect c.expect > /dev/null
	. ./c.expect
	local l
	l=$(losetup -r -f --show -o "$P2_START" --sizelimit "$P2_SIZE" c.img)
	ntfsinfo -f -m "$l" > ntfsinfo.txt 2>&1 || true
	losetup -d "$l"
	expect_text ntfsinfo.txt "Volume Flags: 0x0001 DIRTY"
}

# the disk of a lesson, built alone, read back with tools that are not rescuewiz
test_train_lesson_disks_hold_what_the_lessons_promise() {
	"$RW" build-disk select-002 s.img --hives hives --expect s.expect > out.txt
	. ./s.expect
	expect_eq sparse yes "$([ "$(du -k s.img | cut -f1)" -lt 102400 ] && echo yes)"
	sgdisk -p s.img > gpt.txt
	expect_text gpt.txt "EF00  EFI system partition"
	expect_text gpt.txt "0C01  Microsoft reserved"
	expect_text gpt.txt "0700  Basic data partition"
	MTOOLS_SKIP_CHECK=1 mdir -i "s.img@@$P2_START" ::EFI/Microsoft/Boot > esp.txt
	expect_text esp.txt "BCD"
	WIN_START=$P4_START WIN_SIZE=$P4_SIZE system_on_disk s.img SYSTEM
	expect_eq current 2 "$(hivexget SYSTEM '\Select' Current)"
	expect_eq sets "ControlSet001 ControlSet002 ControlSet003" "$(hivexsh SYSTEM <<< 'ls' | grep ControlSet | sort | tr '\n' ' ' | sed 's/ $//')"
	expect_eq nmi-001 1 "$(hivexget SYSTEM 'ControlSet001\Control\CrashControl' NMICrashDump)"
	bcd_on_disk s.img BCD
	# Gen2 without {emssettings}, as the lesson says
	if hivexget BCD '\Objects\{0ce4991b-e6b3-4b16-b23c-5e0d9250e5d9}\Description' Type 2> /dev/null; then
		echo "the Gen2 disk has an {emssettings}"; return 1
	fi
	# Gen1 with BitLocker: the signature where NTFS has its OEM name; the other volume is a plain NTFS
	"$RW" build-disk bitlocker-refused b.img --expect b.expect > out.txt
	. ./b.expect
	expect_eq fve "-FVE-FS-" "$(dd if=b.img bs=1 skip=$((P2_START + 3)) count=8 status=none)"
	local l
	l=$(losetup -f --show -r -o "$P1_START" --sizelimit "$P1_SIZE" b.img)
	ntfsinfo -m "$l" > sr.txt 2>&1 || true
	losetup -d "$l"
	expect_text sr.txt "Volume Name: System Reserved"
	# the dirty hive: the logs hold the values the primary has not
	"$RW" build-disk dirty-system-hive d.img --hives dh --expect d.expect > out.txt
	expect_eq primary-old 7 "$(hivexget dh/SYSTEM 'ControlSet001\Control\CrashControl' CrashDumpEnabled)"
	expect_eq replayed-new 2 "$(hivexget dh/SYSTEM.expected 'ControlSet001\Control\CrashControl' CrashDumpEnabled)"
	expect_eq log1-size yes "$([ "$(stat -c %s dh/SYSTEM.LOG1)" -gt 4096 ] && echo yes)"
	no_mounts_left s.img
	no_mounts_left b.img
}

# tmux: a trainee walks the Gen2 NMI lesson at 80x24 with one hint and one wrong turn (a complete dump that
# has no room) corrected with Esc; the last screen's score and checks are compared with a stored one
test_train_walks_the_gen2_nmi_lesson_on_screen() {
	. "$TOP/tests/e2e/test_tui.sh" # its tmux helpers
	TUI_ENV="TERM=xterm NO_COLOR=1 XDG_STATE_HOME=$PWD/state" tui_start 80 24 train nmi-gen2
	wait_for "*** The system has halted ***" 60
	same_screen train-nmi-gen2-first
	keys Enter
	wait_for "step 1 of 8" 30
	screen | grep -qF "h hint" || { echo "the status line does not offer the hint key:"; screen; return 1; }
	keys h
	wait_for "Hint 1 of 2 (costs 10 points)"
	keys Enter Enter
	wait_for "Which Windows boot entry gets the serial console?"
	keys Enter
	wait_for "Show the boot menu on the serial console too?"
	keys Enter
	wait_for "Is there room for a dump?"
	keys Enter
	wait_for "Which dump should Windows write?"
	keys Home Enter
	wait_for "Where should Windows write the dump?"
	keys Enter
	wait_for "Can the dump really be written?"
	keys Escape Escape
	wait_for "Which dump should Windows write?"
	keys End Enter
	apply_from_the_dump_step
	wait_for "Score: 90 of 100" 60
	same_screen train-nmi-gen2-last
	keys Enter
	wait_exit
	tui_stop
	expect_eq exit "EXIT=0" "$(cat exit.txt)"
	expect_eq saved 90 "$(jqr state/rescuewiz/training/nmi-gen2.json .score)"
	expect_eq type small "$(jqr state/rescuewiz/training/nmi-gen2.json '.answers[] | select(.step == "type") | .yours')"
	expect_eq wrong-turns 0 "$(jqr state/rescuewiz/training/nmi-gen2.json '.wrong_turns | length')"
}

# tmux: the 0x7E lesson at 80x24: the dumps found, every one copied, score 100 with each check passed; the
# step count leaves out the NMI steps that finding a dump skips
test_train_walks_the_0x7e_lesson_on_screen() {
	. "$TOP/tests/e2e/test_tui.sh" # its tmux helpers
	TUI_ENV="TERM=xterm NO_COLOR=1 XDG_STATE_HOME=$PWD/state" tui_start 80 24 train stop-0x7e-dump
	wait_for "What failed: rwtest.sys" 60
	keys Enter
	wait_for "Which dumps are on the disk?" 30
	screen | grep -qF '\Windows\MEMORY.DMP (memory-dmp, 1 MiB): complete; bug check 0x7E' ||
		{ echo "the dump step does not show the complete MEMORY.DMP:"; screen; return 1; }
	# a title longer than the bar ends in "..." before the step count
	screen | head -1 | grep -qE 'or c\.\.\. +step 1 of 10$' || { echo "title bar:"; screen | head -1; return 1; }
	keys Enter
	wait_for "Which dumps should be copied off the disk?"
	screen | head -1 | grep -q 'step 2 of 2$' || { echo "the skipped steps are counted:"; screen | head -1; return 1; }
	expect_eq recommended "> Copy every dump  (recommended)" "$(selected | sed "s/^ *//")"
	keys Enter
	wait_for "Score: 100 of 100" 60
	for c in '[pass] \Windows\MEMORY.DMP was copied out' '[pass] the minidump was copied out' \
		'[pass] nothing was written to the disk'; do
		screen | grep -qF "$c" || { echo "not on the last screen: $c"; screen; return 1; }
	done
	keys Enter
	wait_exit
	tui_stop
	expect_eq exit "EXIT=0" "$(cat exit.txt)"
	expect_eq saved 100 "$(jqr state/rescuewiz/training/stop-0x7e-dump.json .score)"
	nothing_of_here_mounted
}

# Ctrl-C on a lesson's step screen: exit 130, the terminal given back, and the scratch folder gone whole
# (the image, runbook/ and read-back/), nothing mounted
test_train_ctrl_c_in_a_lesson_leaves_no_scratch_folder() {
	. "$TOP/tests/e2e/test_tui.sh"
	mkdir scratch
	TUI_ENV="TERM=xterm NO_COLOR=1 XDG_STATE_HOME=$PWD/state TMPDIR=$PWD/scratch" tui_start 80 24 train stop-0x7e-dump
	wait_for "What failed: rwtest.sys" 60
	keys Enter
	wait_for "Which dumps are on the disk?" 30
	keys Enter
	wait_for "Which dumps should be copied off the disk?"
	[ -d scratch/rescuewiz-train.*/runbook ] || { echo "no runbook folder while the lesson runs:"; ls -R scratch; return 1; }
	ctrl_c_ends_it
	expect_eq scratch "" "$(ls -A scratch)"
	nothing_of_here_mounted
}

# nothing_of_here_mounted: no mount and no loop device of a file under the test's folder
nothing_of_here_mounted() {
	! grep -qF "$PWD" /proc/self/mounts || { echo "still mounted:"; grep -F "$PWD" /proc/self/mounts; return 1; }
	! losetup -a | grep -qF "$PWD" || { echo "still attached:"; losetup -a | grep -F "$PWD"; return 1; }
}
