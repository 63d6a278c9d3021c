# The ncurses wizard, driven in tmux like an operator would (fixed size, escape-time 0): keys in,
# screen text out with capture-pane; the disk checked afterwards with hivexget.

# tui_start WIDTH HEIGHT ARGS...: the real binary in a private tmux server, monochrome unless TUI_ENV says
# otherwise; everything it writes to the terminal is also kept in pane.log. It runs under `sh tui.sh`, a
# parent that does not put the terminal back itself (an interactive shell would), and that ignores SIGINT,
# so a Ctrl-C ends only rescuewiz and the script still records its exit status and `stty -a` after it.
tui_start() {
	local w=$1 h=$2
	shift 2
	SOCK=$PWD/tmux.sock
	cat > tui.sh << EOF
trap '' INT
stty -a > stty.before
env ${TUI_ENV:-TERM=xterm NO_COLOR=1} RESCUEWIZ_WIZARDS=$RESCUEWIZ_WIZARDS $RW $*
echo EXIT=\$? > exit.txt
stty -a > stty.after
sleep 60
EOF
	tmux -f /dev/null -S "$SOCK" new-session -d -x "$w" -y "$h" "sh tui.sh"
	tmux -S "$SOCK" set -g escape-time 0 > /dev/null
	tmux -S "$SOCK" pipe-pane -o "cat >> $PWD/pane.log"
}

# terminal_given_back: after the binary ended, the terminal is as it was before (modes, main screen, cursor)
terminal_given_back() {
	local i
	for i in $(seq 20); do [ -f stty.after ] && break; sleep 0.1; done
	diff stty.before stty.after || { echo "the terminal modes changed (stty -a before and after)"; return 1; }
	expect_eq alternate-after 0 "$(tmux -S "$SOCK" display -p '#{alternate_on}')"
	expect_eq cursor-after 1 "$(tmux -S "$SOCK" display -p '#{cursor_flag}')"
}

# ctrl_c_ends_it: Ctrl-C ends the binary with 130 and gives the terminal back; the tmux server goes
ctrl_c_ends_it() {
	keys C-c
	wait_exit
	expect_eq exit "EXIT=130" "$(cat exit.txt)"
	terminal_given_back
	tui_stop
}

keys() { # keys KEY...: one key at a time, as a person types
	local k
	for k in "$@"; do
		tmux -S "$SOCK" send-keys "$k"
		sleep 0.15
	done
}

type_text() {
	tmux -S "$SOCK" send-keys -l "$1"
}

screen() {
	tmux -S "$SOCK" capture-pane -p
}

wait_for() { # wait_for TEXT [SECONDS]: until the screen shows it (10 s unless told)
	local i
	for i in $(seq $((${2:-10} * 10))); do
		screen | grep -qF -- "$1" && return 0
		sleep 0.1
	done
	echo "the screen never showed '$1'; it shows:"
	screen
	return 1
}

wait_exit() { # until the binary has ended (5 s at most)
	local i
	for i in $(seq 50); do
		[ -f exit.txt ] && return 0
		sleep 0.1
	done
	echo "rescuewiz did not end"
	return 1
}

# same_screen NAME: the screen as stored in tests/e2e/screens/NAME.txt (trailing blanks dropped), so a change
# of layout shows up as a diff in review; UPDATE_SCREENS=1 rewrites the stored one
same_screen() {
	local stored=$TOP/tests/e2e/screens/$1.txt
	screen | sed 's/[ ]*$//' > "$1.txt"
	if [ -n "${UPDATE_SCREENS:-}" ]; then
		cp "$1.txt" "$stored"
		return 0
	fi
	diff -u "$stored" "$1.txt" || { echo "screen $1 differs from $stored (UPDATE_SCREENS=1 to accept)"; return 1; }
}

# selected: the line of the choice the screen has selected (marked with >)
selected() {
	screen | grep '^  > ' || true
}

# the CrashDumpEnabled the walk chose (the dump type step's recommendation), from the runbook (jq)
dump_type_chosen() {
	jqr rb/runbook.json '.answers[] | select(.step == "type" and .field == "crash_dump_enabled") | .value'
}

quit_writes_nothing() { # on a step screen: q and y, the closing message, exit status 1
	keys q y
	wait_for "Quit: nothing was written"
	keys Enter
	wait_exit
	tui_stop
	expect_eq exit "EXIT=1" "$(cat exit.txt)"
}

# from the dump step on: the recommended place and room, then apply typed on the review
apply_from_the_dump_step() {
	wait_for "Where should Windows write the dump?"
	keys Enter
	wait_for "Can the dump really be written?"
	keys Enter
	wait_for "Nothing is written until you type apply"
	keys a
	type_text apply
	keys Enter
}

tui_stop() {
	tmux -S "$SOCK" kill-server 2> /dev/null || true
}

test_tui_walks_the_gen1_repair_going_back_once() {
	use gen1
	tui_start 80 24 wizard nmi-crash-dump --disk "$IMG" --runbook rb
	wait_for "step 1 of 8"
	keys Enter
	wait_for "Windows Server 2016  [default]  (recommended)"
	same_screen gen1-choose-bcd
	keys Enter
	wait_for "Show the boot menu on the serial console too?"
	keys Enter
	wait_for "8 GiB (from the header of \\Windows\\MEMORY.DMP)"
	same_screen gen1-check-space
	keys Enter
	wait_for "Which dump should Windows write?"
	same_screen gen1-dump-type
	keys Enter
	wait_for "Where should Windows write the dump?"
	keys Escape
	wait_for "Which dump should Windows write?"
	keys Escape
	wait_for "Is there room for a dump?"
	keys Enter
	wait_for "Which dump should Windows write?"
	keys Enter
	wait_for "D:\\MEMORY.DMP"
	keys Down Enter
	wait_for "Can the dump really be written?"
	same_screen gen1-dump-room
	keys Enter
	wait_for "Nothing is written until you type apply"
	same_screen gen1-review
	screen | grep -qF "REG_EXPAND_SZ %SystemRoot%\\MEMORY.DMP -> REG_EXPAND_SZ D:\\MEMORY.DMP"
	# the rest of the list a page down, and the commands wrapped to the width, none cut off
	keys c
	wait_for "CrashDumpEnabled /t REG_DWORD /d \"3\" /f"
	keys NPage NPage
	wait_for "bcdedit /store S:\\Boot\\BCD /emssettings EMSBAUDRATE:115200"
	keys c PPage PPage
	# a word other than apply writes nothing and says so
	keys a
	type_text yes
	keys Enter
	wait_for '"yes" is not apply: nothing was written.'
	keys a
	type_text apply
	keys Enter
	wait_for "Applied and verified"
	# the result: what was verified, what to do next (from the wizard file), where the runbook is
	wait_for "verified \\Windows\\System32\\config\\SYSTEM with a fresh read-only mount"
	wait_for "Next: Detach the disk"
	wait_for "Runbook: rb"
	keys Enter
	wait_exit
	tui_stop
	expect_eq exit "EXIT=0" "$(cat exit.txt)"
	grep -q "^## Next" rb/runbook.md
	system_on_disk "$IMG" SYSTEM
	# 8 GiB of RAM and 1.5 GiB free: only a small dump has room, and that is what was recommended
	expect_eq dump-type 3 "$(dump_type_chosen)"
	check_nmi_values SYSTEM 'D:\MEMORY.DMP' 3
}

test_tui_quit_before_apply_writes_nothing() {
	use gen2
	local sum
	sum=$(sha256sum < "$IMG")
	tui_start 80 24 wizard nmi-crash-dump --disk "$IMG" --runbook rb
	wait_for "step 1 of 8"
	keys Enter Enter Enter
	wait_for "Is there room for a dump?"
	keys q
	wait_for "Nothing has been written to the disk"
	keys y
	wait_for "Quit: nothing was written to the disk."
	keys Enter
	wait_exit
	tui_stop
	expect_eq exit "EXIT=1" "$(cat exit.txt)"
	expect_eq untouched "$sum" "$(sha256sum < "$IMG")"
}

test_tui_help_and_back() {
	use gen1
	tui_start 120 40 wizard nmi-crash-dump --disk "$IMG" --runbook rb
	wait_for "step 1 of 8"
	keys Enter
	wait_for "Which Windows boot entry"
	keys F1
	wait_for "recovery (WinRE) entries are left"
	keys Enter
	wait_for "Which Windows boot entry"
	keys '?'
	wait_for "recovery (WinRE) entries are left"
	tui_stop
	# NO_COLOR: not one colour escape reached the terminal
	if grep -aqP '\x1b\[[34][0-7]m' pane.log; then echo "colour escapes in spite of NO_COLOR"; return 1; fi
}

test_tui_refused_disk_says_why_and_writes_nothing() {
	use bitlocker
	local sum
	sum=$(sha256sum < "$IMG")
	tui_start 80 24 wizard nmi-crash-dump --disk "$IMG" --runbook rb
	wait_for "can not be repaired as it is. Nothing was written."
	same_screen bitlocker-refused
	screen | grep -q "BitLocker"
	keys Enter
	wait_exit
	tui_stop
	expect_eq exit "EXIT=3" "$(cat exit.txt)"
	expect_eq untouched "$sum" "$(sha256sum < "$IMG")"
}

test_tui_survives_a_resize() {
	use gen1
	tui_start 120 40 wizard nmi-crash-dump --disk "$IMG" --runbook rb
	wait_for "step 1 of 8"
	keys Enter
	wait_for "Which Windows boot entry"
	tmux -S "$SOCK" resize-window -x 80 -y 24
	sleep 0.3
	keys Down
	wait_for "Which Windows boot entry"
	tmux -S "$SOCK" resize-window -x 60 -y 20
	wait_for "needs a terminal of at least 80x24"
	tmux -S "$SOCK" resize-window -x 100 -y 30
	keys Down
	wait_for "Which Windows boot entry"
	keys Enter
	wait_for "Show the boot menu"
	# a resize while an answer is typed keeps what was typed
	keys Enter
	wait_for "Is there room for a dump?"
	keys Down Enter
	wait_for "RAM of the broken VM"
	type_text 12
	tmux -S "$SOCK" resize-window -x 80 -y 24
	sleep 0.3
	type_text G
	keys Enter
	wait_for "Which dump should Windows write?"
	quit_writes_nothing
	grep -qF '| space.ram_bytes | `12884901888` | operator |' rb/runbook.md
}

test_tui_start_screens_pick_the_disk_and_the_wizard_by_symptom() {
	use gen1
	tui_start 80 24 --runbook rb
	# rescuewiz alone on a terminal: no candidate disk here, so the image path is typed
	wait_for "Which disk is the OS disk of the broken VM?"
	keys Enter
	# typing mistakes mended with the line editor: Left, Delete and Backspace
	type_text "${IMG}xy"
	keys Left DC BSpace Enter
	wait_for "What does the broken VM show?"
	# the help says what each wizard does (its summary; the first ones fit on the screen)
	keys F1
	wait_for "bootstatuspolicy IgnoreAllFailures and recoveryenabled"
	keys Enter
	wait_for "What does the broken VM show?"
	# the last choice types the symptom, however many wizards come before it; a symptom that fits several
	# wizards is not taken for the first of them: the list comes back with them named, the first selected
	keys End Enter
	type_text "0x7"
	keys Enter
	wait_for '"0x7" fits 2 wizards'
	screen | grep -q "Stop 0x7E"
	keys End Enter
	type_text "0x80"
	keys Enter
	wait_for "step 1 of 8"
	screen | grep -q "Hardware malfunction (NMI)"
	quit_writes_nothing
}

# Gen2, two loaders: the other loader is chosen after going back from the review, and only it gets EMS; a
# non-recommended answer is still selected when the operator comes back to its step
test_tui_walks_the_gen2_repair_changing_an_answer() {
	use gen2
	tui_start 120 40 wizard nmi-crash-dump --disk "$IMG" --runbook rb
	wait_for "step 1 of 8"
	keys Enter
	wait_for "Windows Server 2019 (old)"
	keys Enter
	wait_for "Show the boot menu on the serial console too?"
	keys Down Enter
	wait_for "Is there room for a dump?"
	keys Escape
	wait_for "Show the boot menu on the serial console too?"
	selected | grep -q "No" || { echo "the answer given before is not selected:"; screen; return 1; }
	keys Enter Enter
	wait_for "Which dump should Windows write?"
	keys Enter
	wait_for "Where should Windows write the dump?"
	keys Enter
	wait_for "Can the dump really be written?"
	keys Enter
	wait_for "Nothing is written until you type apply"
	screen | grep -qF "BCD: $LOADER_A ems"
	keys Escape Escape Escape Escape Escape Escape
	wait_for "Which Windows boot entry gets the serial console?"
	selected | grep -q "Windows Server 2019  \[default\]" || { echo "loader A is not selected:"; screen; return 1; }
	keys Down Enter Enter Enter Enter Enter Enter
	wait_for "Nothing is written until you type apply"
	same_screen gen2-review
	screen | grep -qiF "$LOADER_B" || { echo "the review does not name loader B:"; screen; return 1; }
	keys c
	wait_for "REG ADD"
	keys a
	type_text apply
	keys Enter
	wait_for "Applied and verified"
	grep -q "Writing the edits" pane.log || { echo "no progress screen was shown"; return 1; }
	grep -q "Verifying" pane.log || { echo "the progress screen never said it verified"; return 1; }
	keys Enter
	wait_exit
	tui_stop
	expect_eq exit "EXIT=0" "$(cat exit.txt)"
	system_on_disk "$IMG" SYSTEM
	check_nmi_values SYSTEM '%SystemRoot%\MEMORY.DMP' "$(dump_type_chosen)"
	bcd_on_disk "$IMG" BCD
	# loader A never got EMS: the element is still missing (hivexget fails on a missing value)
	if hivexget BCD "\\Objects\\$LOADER_A\\Elements\\260000b0" Element > /dev/null 2>&1; then
		echo "loader A got an ems element although loader B was chosen"; return 1
	fi
	# loader B's 4-byte boolean is now bcdedit's 1 byte
	expect_eq ems-b 01 "$(hivexsh BCD <<< "cd Objects\\$LOADER_B\\Elements\\260000b0
lsval" | sed -n 's/^"Element"=hex(3):\(.*\)/\1/p')"
}

# Ctrl-C in the middle: the terminal is given back (no alternate screen, cursor visible), nothing is mounted
# and the disk is unchanged
test_tui_ctrl_c_restores_the_terminal_and_writes_nothing() {
	use gen1
	local sum
	sum=$(sha256sum < "$IMG")
	tui_start 80 24 wizard nmi-crash-dump --disk "$IMG" --runbook rb
	wait_for "step 1 of 8"
	keys Enter
	wait_for "Which Windows boot entry"
	expect_eq alternate-during 1 "$(tmux -S "$SOCK" display -p '#{alternate_on}')"
	ctrl_c_ends_it
	no_mounts_left "$IMG"
	expect_eq untouched "$sum" "$(sha256sum < "$IMG")"
}

# rescuewiz alone, on its first screen (the disk list) and on the second (the symptom), with a disk
# typed: Ctrl-C gives the terminal back as the shell had it
test_tui_ctrl_c_on_the_start_screens_gives_the_terminal_back() {
	use gen1
	tui_start 80 24 --runbook rb
	wait_for "Which disk is the OS disk of the broken VM?"
	expect_eq alternate-during 1 "$(tmux -S "$SOCK" display -p '#{alternate_on}')"
	ctrl_c_ends_it
	rm -f exit.txt stty.before stty.after
	tui_start 80 24 --runbook rb2
	wait_for "Which disk is the OS disk of the broken VM?"
	keys Enter
	type_text "$IMG"
	keys Enter
	wait_for "What does the broken VM show?"
	ctrl_c_ends_it
}

# Ctrl-C while apply writes SYSTEM (stopped there by RESCUEWIZ_FAULT=system-rename:wait, C: mounted
# read-write): the terminal comes back, C: is unmounted and its loop device detached, and the hive is the
# old one (the new one waits in its temp file, which goes too)
test_tui_ctrl_c_while_apply_writes_unmounts_and_detaches() {
	use gen1
	TUI_ENV="TERM=xterm NO_COLOR=1 RESCUEWIZ_FAULT=system-rename:wait" tui_start 80 24 wizard nmi-crash-dump --disk "$IMG" --runbook rb
	wait_for "step 1 of 8"
	keys Enter Enter Enter Enter Enter
	apply_from_the_dump_step
	wait_for "Writing the edits"
	wait_mounted "$IMG" rw > /dev/null
	ctrl_c_ends_it
	no_mounts_left "$IMG"
	system_on_disk "$IMG" SYSTEM
	cmp -s SYSTEM "$FIX/gen1.hives/SYSTEM" || { echo "SYSTEM is not the old hive"; return 1; }
	mkdir -p m
	mount -t ntfs-3g -o "ro,loop,offset=$WIN_START,sizelimit=$WIN_SIZE" "$IMG" m
	local left
	left=$(ls m/Windows/System32/config | grep -c rescuewiz-new || true)
	umount_loop m
	expect_eq "temp files left on C:" 0 "$left"
}

# A failure while writing (injected after the BCD write): the error screen says it was rolled back and that
# nothing was lost; both hives are byte for byte the old ones
test_tui_write_failure_is_rolled_back_on_screen() {
	use gen1
	TUI_ENV="TERM=xterm NO_COLOR=1 RESCUEWIZ_FAULT=bcd" tui_start 80 24 wizard nmi-crash-dump --disk "$IMG" --runbook rb
	wait_for "step 1 of 8"
	keys Enter Enter Enter Enter Enter
	apply_from_the_dump_step
	wait_for "failed and rolled back"
	screen | grep -q "nothing was lost" || { echo "the screen does not say nothing was lost:"; screen; return 1; }
	keys Enter
	wait_exit
	tui_stop
	expect_eq exit "EXIT=4" "$(cat exit.txt)"
	system_on_disk "$IMG" SYSTEM
	bcd_on_disk "$IMG" BCD
	cmp SYSTEM "$FIX/gen1.hives/SYSTEM"
	cmp BCD "$FIX/gen1.hives/BCD"
}

# An ASCII-only locale with colours on (TERM with colours, no NO_COLOR): the same screens, plain ASCII bytes
test_tui_ascii_locale_with_colour() {
	use gen1
	TUI_ENV="TERM=xterm-256color LANG=C LC_ALL=C" tui_start 80 24 wizard nmi-crash-dump --disk "$IMG" --runbook rb
	wait_for "step 1 of 8"
	keys Enter Enter Enter
	wait_for "Is there room for a dump?"
	wait_for "Not enough room"
	screen | grep -q '\[#*\.*\] 1.5 GiB free, 8 GiB needed' || { echo "no space bar:"; screen; return 1; }
	if screen | LC_ALL=C grep -q '[^ -~]'; then
		echo "the screen holds bytes outside printable ASCII:"; screen | LC_ALL=C grep -n '[^ -~]'; return 1
	fi
	# colours were drawn (ECMA-48 foreground or background escapes); the monochrome runs draw none
	grep -aqP '\x1b\[[34][0-7]m' pane.log || { echo "no colour escapes in the terminal output"; return 1; }
	quit_writes_nothing
}

# A dirty SYSTEM hive whose log is damaged: refused on the first screen, before any question, naming the way
# out; with --ignore-bad-logs the walk goes on
test_tui_dirty_hive_with_a_damaged_log_is_refused_up_front() {
	use dirty
	mkdir -p m
	mount -t ntfs-3g -o "loop,offset=$P2_START,sizelimit=$P2_SIZE" "$IMG" m
	printf '\377\377\377\377' | dd of=m/Windows/System32/config/SYSTEM.LOG1 bs=1 seek=1100 conv=notrunc status=none
	umount_loop m
	local sum
	sum=$(sha256sum < "$IMG")
	tui_start 80 24 wizard nmi-crash-dump --disk "$IMG" --runbook rb
	wait_for "can not be repaired as it is"
	wait_for "--ignore-bad-logs"
	keys Enter
	wait_exit
	tui_stop
	expect_eq exit "EXIT=3" "$(cat exit.txt)"
	expect_eq untouched "$sum" "$(sha256sum < "$IMG")"
	rm -f exit.txt
	tui_start 80 24 wizard nmi-crash-dump --disk "$IMG" --runbook rb2 --ignore-bad-logs
	wait_for "step 1 of 8"
	tui_stop
}

# make demo on a terminal: the sample Gen2 disk is built, the wizard walks the whole repair on it, and the
# runbook and the disk's new values are shown at the end
test_make_demo_walks_the_repair() {
	SOCK=$PWD/tmux.sock
	tmux -f /dev/null -S "$SOCK" new-session -d -x 100 -y 50 \
		"cd $TOP && TERM=xterm NO_COLOR=1 DEMO_DIR=$PWD/demo sh tests/demo.sh; echo EXIT=\$? > $PWD/exit.txt; sleep 60"
	tmux -S "$SOCK" set -g escape-time 0 > /dev/null
	wait_for "step 1 of 8" 30
	keys Enter Enter Enter Enter Enter Enter Enter
	wait_for "Nothing is written until you type apply"
	keys a
	type_text apply
	keys Enter
	wait_for "Applied and verified"
	keys Enter
	wait_exit
	wait_for "=== what the disk says now"
	wait_for "NMICrashDump         REG_DWORD     1"
	screen | grep -q "console    ems on"
	tui_stop
	expect_eq exit "EXIT=0" "$(cat exit.txt)"
	grep -q "applied and verified" demo/runbook/runbook.md
	# the demo disk (8 GiB RAM, 1.4 GiB free) ends with a dump that can be written: the recommended type fits
	# and nothing had to be accepted as it is; the disk holds that type (hivexget)
	expect_eq demo-room ok "$(jqr demo/runbook/runbook.json '.answers[] | select(.step == "room" and .field == "choice") | .value')"
	. demo/gen2.expect
	WIN_START=$P4_START WIN_SIZE=$P4_SIZE system_on_disk demo/gen2.img SYSTEM
	expect_eq demo-dump-type "$(jqr demo/runbook/runbook.json '.answers[] | select(.step == "type" and .field == "crash_dump_enabled") | .value')" \
		"$(hivexget SYSTEM 'ControlSet001\Control\CrashControl' CrashDumpEnabled)"
}

# the start screens' first choice: the crash dumps of the disk on a screen of their own, scrolled to the end,
# then back at the symptom question with the wizard the newest complete dump calls for selected
test_tui_triage_screen_from_the_start_screen() {
	use dumps
	local sum
	sum=$(sha256sum < "$IMG")
	tui_start 80 24 wizard --disk "$IMG" --runbook rb
	wait_for "What does the broken VM show?"
	selected | grep -qF "Look at the crash dumps on this disk"
	keys Enter
	wait_for "The crash dumps on this disk"
	wait_for "Verdict     no dump: zeroed (the first 8 bytes are zero)"
	wait_for "more below: Down or PgDn"
	keys NPage
	wait_for "the driver \\SystemRoot\\System32\\drivers\\rwtest.sys"
	keys End
	wait_for "Health of the disk"
	screen | grep -q "NMICrashDump is REG_SZ"
	# F1 says what the screen shows, any key comes back to it
	keys F1
	wait_for "at the start of pagefile.sys"
	keys Enter
	wait_for "Health of the disk"
	keys Escape
	wait_for "The crash dumps call for: Stop 0x7E (system thread exception)"
	selected | grep -qF "Stop 0x7E (system thread exception) - copy the dump out"
	quit_writes_nothing
	expect_eq untouched "$sum" "$(sha256sum < "$IMG")"
}

# A hive value that tries to retitle the window, clear the screen and print a line of its own (lib.sh,
# hostile_disk) is shown escaped on the step that shows it: no row of its own, no title, no escape sent
test_tui_shows_hive_strings_escaped() {
	hostile_disk
	tui_start 80 24 wizard nmi-crash-dump --disk "$IMG" --runbook rb
	wait_for "step 1 of 8"
	keys Enter Enter Enter Enter Enter
	wait_for "Where should Windows write the dump?"
	wait_for 'DumpFile now: C:\x\x1b]0;pwned\x07\x1b[2J\x0aREFUSED: fake line|cell'
	if screen | grep -q '^ *REFUSED: fake line'; then echo "the hive printed a row of its own:"; screen; return 1; fi
	if [ "$(tmux -S "$SOCK" display -p '#{pane_title}')" = pwned ]; then echo "the hive retitled the window"; return 1; fi
	if grep -aqP '\x1b\]0;pwned' pane.log; then echo "the escape sequence reached the terminal"; return 1; fi
	quit_writes_nothing
}

# the 0x7E wizard on the dumps disk: the dumps with their verdicts, every one copied (the recommendation),
# the NMI steps skipped, the result says nothing was written to the disk; the copies hold what the disk does
test_tui_stop_0x7e_copies_the_dumps_and_writes_nothing_to_the_disk() {
	use dumps
	keep_image
	tui_start 100 30 wizard stop-0x7e --disk "$IMG" --runbook rb
	wait_for "Which dumps are on the disk?"
	wait_for "4 dumps on the disk"
	keys Enter
	wait_for "Which dumps should be copied off the disk?"
	selected | grep -q "Copy every dump" || { echo "the recommendation is not selected:"; screen; return 1; }
	keys Enter
	wait_for "Nothing was written to the disk" 30
	keys Enter
	wait_exit
	tui_stop
	expect_eq exit "EXIT=0" "$(cat exit.txt)"
	expect_eq copies 4 "$(ls rb/dumps | wc -l)"
	expect_eq dd.sys "$(jqr rb/runbook.json '.copies[] | select(.to | endswith("/dd.sys")) | .sha256')" \
		"$(sha256sum < rb/dumps/dd.sys | cut -d' ' -f1)"
	image_unchanged
}
