# The ncurses wizard, driven in tmux like an operator would (fixed size, escape-time 0): keys in,
# screen text out with capture-pane; the disk checked afterwards with hivexget.

tui_start() { # tui_start WIDTH HEIGHT ARGS...: the real binary in a private tmux server
	local w=$1 h=$2
	shift 2
	SOCK=$PWD/tmux.sock
	tmux -f /dev/null -S "$SOCK" new-session -d -x "$w" -y "$h" \
		"TERM=xterm NO_COLOR=1 RESCUEWIZ_WIZARDS=$RESCUEWIZ_WIZARDS $RW $*; echo EXIT=\$? > exit.txt; sleep 60"
	tmux -S "$SOCK" set -g escape-time 0 > /dev/null
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

wait_for() { # wait_for TEXT: until the screen shows it (10 s at most)
	local i
	for i in $(seq 100); do
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

tui_stop() {
	tmux -S "$SOCK" kill-server 2> /dev/null || true
}

test_tui_walks_the_gen1_repair_going_back_once() {
	use gen1
	tui_start 80 24 wizard nmi-crash-dump --disk "$IMG" --runbook rb
	wait_for "step 1 of 6"
	keys Enter
	wait_for "Windows Server 2016  [default]  (recommended)"
	same_screen gen1-choose-bcd
	keys Enter
	wait_for "Show the boot menu on the serial console too?"
	keys Enter
	wait_for "8 GiB (from the header of \\Windows\\MEMORY.DMP)"
	same_screen gen1-check-space
	keys Enter
	wait_for "Where should Windows write the dump?"
	keys Escape
	wait_for "Is there room for a dump?"
	keys Enter
	wait_for "D:\\MEMORY.DMP"
	keys Down Enter
	wait_for "Nothing is written until you type apply"
	same_screen gen1-review
	screen | grep -qF "REG_EXPAND_SZ %SystemRoot%\\MEMORY.DMP -> REG_EXPAND_SZ D:\\MEMORY.DMP"
	keys a
	type_text apply
	keys Enter
	wait_for "Applied and verified"
	keys Enter
	wait_exit
	tui_stop
	expect_eq exit "EXIT=0" "$(cat exit.txt)"
	system_on_disk "$IMG" SYSTEM
	check_nmi_values SYSTEM 'D:\MEMORY.DMP'
}

test_tui_quit_before_apply_writes_nothing() {
	use gen2
	local sum
	sum=$(sha256sum < "$IMG")
	tui_start 80 24 wizard nmi-crash-dump --disk "$IMG" --runbook rb
	wait_for "step 1 of 6"
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
	wait_for "step 1 of 6"
	keys Enter
	wait_for "Which Windows boot entry"
	keys F1
	wait_for "recovery (WinRE) entries are left"
	keys Enter
	wait_for "Which Windows boot entry"
	keys '?'
	wait_for "recovery (WinRE) entries are left"
	tui_stop
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
	wait_for "step 1 of 6"
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
	tui_stop
}

test_tui_start_screens_pick_the_disk_and_the_wizard_by_symptom() {
	use gen1
	tui_start 80 24 --runbook rb
	# rescuewiz alone on a terminal: no candidate disk here, so the image path is typed
	wait_for "Which disk is the OS disk of the broken VM?"
	keys Enter
	type_text "$IMG"
	keys Enter
	wait_for "What does the broken VM show?"
	keys Down Enter
	type_text "0x7E"
	keys Enter
	wait_for "step 1 of 6"
	screen | grep -q "Hardware malfunction (NMI)"
	keys q y
	wait_for "Quit: nothing was written"
	keys Enter
	wait_exit
	tui_stop
	expect_eq exit "EXIT=1" "$(cat exit.txt)"
}
