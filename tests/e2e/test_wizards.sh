# The wizards serial-console, last-known-good, irp-stack-size and boot-loop, run unattended by the real
# binary on both test disks; every result is read back from the disk itself with hivexget and hivexsh.

EMSSETTINGS='{0ce4991b-e6b3-4b16-b23c-5e0d9250e5d9}'

# answers_for WIZARD STEP=VALUE...: writes answers.yaml for WIZARD
answers_for() {
	printf 'wizard: %s\nanswers:\n' "$1" > answers.yaml
	shift
	local kv
	for kv in "$@"; do printf "  %s: '%s'\n" "${kv%%=*}" "${kv#*=}" >> answers.yaml; done
}

# hives_off PREFIX: copies SYSTEM and BCD off the image to PREFIX.SYSTEM and PREFIX.BCD
hives_off() {
	system_on_disk "$IMG" "$1.SYSTEM"
	bcd_on_disk "$IMG" "$1.BCD"
}

# select_value NAME: Select\NAME of the SYSTEM hive on the image, as it is now
select_value() {
	system_on_disk "$IMG" select.SYSTEM
	hivexget select.SYSTEM Select "$1"
}

# plain_run WIZARD: the answers of an ordinary run of WIZARD on the disk in use, in answers.yaml, and a
# line its plan must print, in $PLAN_LINE
plain_run() {
	case $1 in
	serial-console) answers_for "$1" loader="$LOADER_A"; PLAN_LINE="/ems $LOADER_A ON" ;;
	last-known-good)
		answers_for "$1" target="$(select_value LastKnownGood)"
		PLAN_LINE='REG ADD "HKLM\BROKENSYSTEM\Select" /v Current /t REG_DWORD' ;;
	irp-stack-size) answers_for "$1" size=20; PLAN_LINE='/v IrpStackSize /t REG_DWORD /d "20" /f' ;;
	boot-loop) answers_for "$1" loader="$LOADER_A"; PLAN_LINE="/set $LOADER_A recoveryenabled off" ;;
	esac
}

# applies WIZARD: runs WIZARD with answers.yaml and the runbook rb; it must say it verified
applies() {
	run_rw 0 run "$1" --disk "$IMG" --answers answers.yaml --runbook rb
	expect_eq result "applied and verified" "$(jqr rb/runbook.json .result)"
}

# --- what every wizard does the same way: dry run, second run, rollback ---

dry_run_writes_nothing() { # dry_run_writes_nothing WIZARD
	plain_run "$1"
	keep_image
	run_rw 0 run "$1" --disk "$IMG" --answers answers.yaml --dry-run --runbook rb
	image_unchanged
	local changes
	changes=$(sed -n 's/^Plan: [0-9]* edits, \([0-9]*\) change something$/\1/p' out.txt)
	[ "${changes:-0}" -gt 0 ] || { echo "no plan that changes something:"; cat out.txt; return 1; }
	expect_text out.txt "$PLAN_LINE"
	expect_eq result "dry run: nothing written" "$(jqr rb/runbook.json .result)"
}

second_run_has_nothing_to_do() { # second_run_has_nothing_to_do WIZARD
	plain_run "$1"
	applies "$1"
	keep_image
	run_rw 1 run "$1" --disk "$IMG" --answers answers.yaml --runbook rb2
	expect_text out.txt "nothing to do"
	image_unchanged
}

rollback_restores_the_hives() { # rollback_restores_the_hives WIZARD
	plain_run "$1"
	hives_off before
	applies "$1"
	hives_off applied
	if cmp -s before.SYSTEM applied.SYSTEM && cmp -s before.BCD applied.BCD; then
		echo "$1 changed neither hive: nothing to roll back"; return 1
	fi
	run_rw 0 rollback rb
	hives_off after
	cmp before.SYSTEM after.SYSTEM
	cmp before.BCD after.BCD
}

# --- serial-console ---

# check_serial_console BCD LOADER: EMS on LOADER at COM1 115200, the boot menu on the console for 10 s
check_serial_console() {
	expect_eq ems 01 "$(bcd_element "$1" "$2" 260000b0)"
	expect_eq emsport "$(le64 1)" "$(bcd_element "$1" "$EMSSETTINGS" 15000022)"
	expect_eq emsbaudrate "$(le64 115200)" "$(bcd_element "$1" "$EMSSETTINGS" 15000023)"
	reachable "$1" "$2" "$EMSSETTINGS"
	expect_eq bootems 01 "$(bcd_element "$1" "$BOOTMGR" 16000020)"
	expect_eq displaybootmenu 01 "$(bcd_element "$1" "$BOOTMGR" 26000020)"
	expect_eq timeout "$(le64 10)" "$(bcd_element "$1" "$BOOTMGR" 25000004)"
}

# reachable BCD FROM TO: TO is in the inherit list (14000006) of FROM or of an object inherited from there
reachable() {
	local to=${3,,} seen=" " g
	local todo=("${2,,}")
	while [ ${#todo[@]} -gt 0 ]; do
		g=${todo[0]}
		todo=("${todo[@]:1}")
		[ "$g" = "$to" ] && return 0
		case $seen in *" $g "*) continue ;; esac
		seen+="$g "
		todo+=($(hivexget "$1" "\\Objects\\$g\\Elements\\14000006" Element 2> /dev/null | tr 'A-F' 'a-f'))
	done
	echo "$3 is not reachable from $2 through inherit lists (looked at:$seen)"
	return 1
}

# serial_console_on LOADER: applies serial-console to LOADER and checks the BCD store and the SYSTEM hive
serial_console_on() {
	answers_for serial-console loader="$1"
	hives_off before
	applies serial-console
	hives_off after
	check_serial_console after.BCD "$1"
	expect_eq "SYSTEM untouched" "$(sha256sum < before.SYSTEM)" "$(sha256sum < after.SYSTEM)"
}

test_serial_console_turns_on_ems_on_gen1() {
	use gen1
	serial_console_on "$LOADER_A"
}

test_serial_console_creates_emssettings_on_gen2() {
	use gen2
	serial_console_on "$LOADER_A"
	if hivexget before.BCD "\\Objects\\$EMSSETTINGS\\Description" Type > /dev/null 2>&1; then
		echo "gen2 has {emssettings} already: this test shows nothing"; return 1
	fi
	expect_eq emssettings-type "$((0x20100000))" "$(hivexget after.BCD "\\Objects\\$EMSSETTINGS\\Description" Type)"
}

# every element of a BCD object, one line each: id and bytes
object_elements() { # object_elements BCD OBJECT
	local id
	for id in $(hivexsh "$1" <<< "cd Objects\\$2\\Elements
ls"); do
		echo "$id $(bcd_element "$1" "$2" "$id")"
	done
}

test_serial_console_on_loader_b_changes_only_b() {
	use gen2
	serial_console_on "$LOADER_B"
	object_elements before.BCD "$LOADER_A" > a-before.txt
	object_elements after.BCD "$LOADER_A" > a-after.txt
	diff a-before.txt a-after.txt
	expect_eq "A without ems" "" "$(bcd_element after.BCD "$LOADER_A" 260000b0)"
}

test_serial_console_dry_run_writes_nothing() { on_both_disks dry_run_writes_nothing serial-console; }
test_serial_console_second_run_has_nothing_to_do() { on_both_disks second_run_has_nothing_to_do serial-console; }
test_serial_console_rollback_restores_the_hives() { on_both_disks rollback_restores_the_hives serial-console; }

test_serial_console_is_found_from_any_working_directory() {
	use gen2
	answers_for serial-console loader="$LOADER_A"
	local here=$PWD rc=0
	(cd /tmp && env -u RESCUEWIZ_WIZARDS "$TOP/build/rescuewiz" run serial-console --disk "$IMG" \
		--answers "$here/answers.yaml" --dry-run --runbook "$here/rb") > out.txt 2> err.txt || rc=$?
	expect_eq exit 0 "$rc"
	expect_eq wizard serial-console "$(jqr rb/runbook.json .wizard)"
	expect_text out.txt "/ems $LOADER_A ON"
}

# --- last-known-good ---

# boots_last_known_good: the run turns Select\Current and Default to LastKnownGood, Failed to the old current
boots_last_known_good() {
	local current lkg
	current=$(select_value Current)
	lkg=$(select_value LastKnownGood)
	[ "$lkg" != "$current" ] || { echo "the disk's last known good set is its current one ($current)"; return 1; }
	answers_for last-known-good target="$lkg"
	applies last-known-good
	expect_eq Current "$lkg" "$(select_value Current)"
	expect_eq Default "$lkg" "$(select_value Default)"
	expect_eq Failed "$current" "$(select_value Failed)"
	expect_eq LastKnownGood "$lkg" "$(select_value LastKnownGood)"
}

test_last_known_good_boots_the_last_good_set() { on_both_disks boots_last_known_good; }

refuses_the_current_set() {
	local current
	current=$(select_value Current)
	answers_for last-known-good target="$current"
	keep_image
	run_rw 2 run last-known-good --disk "$IMG" --answers answers.yaml --runbook rb-current
	expect_text err.txt "$(printf ControlSet%03d "$current") is the control set Windows boots now: going to it changes nothing"
	image_unchanged
}

test_last_known_good_refuses_the_current_set() { on_both_disks refuses_the_current_set; }
test_last_known_good_dry_run_writes_nothing() { on_both_disks dry_run_writes_nothing last-known-good; }
# Not "nothing to do" (exit 1) as for the other wizards: the set it went to is the current one now, so the
# same answer meets the refuse-if; without it, Select\Failed would become that set too.
second_run_is_refused() {
	boots_last_known_good
	refuses_the_current_set
}
test_last_known_good_second_run_is_refused() { on_both_disks second_run_is_refused; }
test_last_known_good_rollback_restores_the_hives() { on_both_disks rollback_restores_the_hives last-known-good; }

# --- irp-stack-size ---

# check_irp_stack_size N: IrpStackSize is a REG_DWORD N in every control set of the SYSTEM hive on the image
check_irp_stack_size() {
	local cs
	system_on_disk "$IMG" SYSTEM
	for cs in $CONTROL_SETS; do
		hivexsh SYSTEM <<< "cd $cs\\Services\\LanmanServer\\Parameters
lsval" > vals.txt
		grep -qx "\"IrpStackSize\"=dword:$(printf %08x "$1")" vals.txt || { echo "$cs: no DWORD IrpStackSize $1:"; cat vals.txt; return 1; }
	done
}

sets_the_answered_size() {
	answers_for irp-stack-size size=24
	applies irp-stack-size
	check_irp_stack_size 24
}

# the value is missing on the test disks: Windows uses 15, the recommendation is 15 + 3
takes_the_recommendation() {
	run_rw 0 run irp-stack-size --disk "$IMG" --defaults --runbook rb
	expect_eq result "applied and verified" "$(jqr rb/runbook.json .result)"
	check_irp_stack_size 18
	expect_eq source default "$(jqr rb/runbook.json '.answers[] | select(.step == "size" and .field == "value") | .source')"
}

refuses_sizes_out_of_range() {
	local size
	keep_image
	for size in 51 big; do
		answers_for irp-stack-size size="$size"
		run_rw 2 run irp-stack-size --disk "$IMG" --answers answers.yaml --runbook "rb-$size"
		expect_text err.txt "'$size' is not a whole number from 11 to 50"
	done
	image_unchanged
}

test_irp_stack_size_is_set_in_every_control_set() { on_both_disks sets_the_answered_size; }
test_irp_stack_size_defaults_to_18() { on_both_disks takes_the_recommendation; }
test_irp_stack_size_refuses_51_and_words() { on_both_disks refuses_sizes_out_of_range; }
test_irp_stack_size_dry_run_writes_nothing() { on_both_disks dry_run_writes_nothing irp-stack-size; }
test_irp_stack_size_second_run_has_nothing_to_do() { on_both_disks second_run_has_nothing_to_do irp-stack-size; }
test_irp_stack_size_rollback_restores_the_hives() { on_both_disks rollback_restores_the_hives irp-stack-size; }

# --- boot-loop ---

# check_boots_normally LOADER: the BCD store on the image no longer sends LOADER to recovery or Safe Mode
check_boots_normally() {
	bcd_on_disk "$IMG" BCD
	expect_eq bootstatuspolicy "$(le64 1)" "$(bcd_element BCD "$1" 250000e0)"
	expect_eq recoveryenabled 00 "$(bcd_element BCD "$1" 16000009)"
	expect_eq safeboot "" "$(bcd_element BCD "$1" 25000080)"
	expect_eq safebootalternateshell "" "$(bcd_element BCD "$1" 26000081)"
}

ignores_failures_and_recovery() {
	answers_for boot-loop loader="$LOADER_A"
	applies boot-loop
	check_boots_normally "$LOADER_A"
}

# A wizard of the test's own puts LOADER in the state of a VM that loops: Safe Mode (Minimal, with the
# alternate shell), every failure shown, recovery on. The test disks hold none of that.
loops_into_safe_mode() { # loops_into_safe_mode LOADER
	cat > looping.yaml <<-'EOF'
	wizard: looping
	title: Make a loader loop into Safe Mode (test only)
	summary: Sets safeboot Minimal, safebootalternateshell, bootstatuspolicy DisplayAllFailures, recoveryenabled.
	next: Run boot-loop.
	steps:
	  - id: loader
	    kind: choose-bcd
	    title: Which entry?
	  - id: apply
	    kind: apply
	    title: Apply
	    edits:
	      - bcd:
	          object: '${loader.id}'
	          set: {safeboot: Minimal, safebootalternateshell: true, bootstatuspolicy: DisplayAllFailures, recoveryenabled: true}
	EOF
	answers_for looping loader="$1"
	run_rw 0 run ./looping.yaml --disk "$IMG" --answers answers.yaml --runbook rb-looping
	bcd_on_disk "$IMG" BCD
	expect_eq "safeboot Minimal" "$(le64 0)" "$(bcd_element BCD "$1" 25000080)"
	expect_eq safebootalternateshell 01 "$(bcd_element BCD "$1" 26000081)"
	expect_eq "bootstatuspolicy DisplayAllFailures" "$(le64 0)" "$(bcd_element BCD "$1" 250000e0)"
	expect_eq recoveryenabled 01 "$(bcd_element BCD "$1" 16000009)"
}

leaves_safe_mode() {
	local loader=$LOADER_A
	[ "$GENERATION" = 2 ] && loader=$LOADER_B
	loops_into_safe_mode "$loader"
	answers_for boot-loop loader="$loader"
	applies boot-loop
	check_boots_normally "$loader"
}

test_boot_loop_ignores_failures_and_turns_off_recovery() { on_both_disks ignores_failures_and_recovery; }
test_boot_loop_removes_safeboot_set_before() { on_both_disks leaves_safe_mode; }
test_boot_loop_dry_run_writes_nothing() { on_both_disks dry_run_writes_nothing boot-loop; }
test_boot_loop_second_run_has_nothing_to_do() { on_both_disks second_run_has_nothing_to_do boot-loop; }
test_boot_loop_rollback_restores_the_hives() { on_both_disks rollback_restores_the_hives boot-loop; }

# --- run --json ---

# run --json prints the outcome as one JSON object and nothing else, applied or refused
test_run_json_prints_one_object_with_the_result() {
	use gen1
	local wizard
	for wizard in serial-console last-known-good irp-stack-size boot-loop; do
		plain_run "$wizard"
		run_rw 0 run "$wizard" --disk "$IMG" --answers answers.yaml --json --runbook "rb-$wizard"
		expect_eq "$wizard objects" 1 "$(jq -s length out.txt)"
		expect_eq "$wizard result" "applied and verified" "$(jq -er .result out.txt)"
		expect_eq "$wizard wizard" "$wizard" "$(jqr out.txt .wizard)"
	done
	answers_for irp-stack-size size=51
	run_rw 2 run irp-stack-size --disk "$IMG" --answers answers.yaml --json --runbook rb-refused
	expect_eq "refused objects" 1 "$(jq -s length out.txt)"
	expect_eq "refused result" stopped "$(jq -er .result out.txt)"
}
