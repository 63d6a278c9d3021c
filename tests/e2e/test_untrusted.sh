# The disk is untrusted input: damaged hives (random bytes overwritten, truncations) must give a report or
# a refusal, never a crash; the binary under test is the ASan/UBSan build, which fails loudly on any
# out-of-bounds read.

mutate() { # mutate SRC DEST SEED COUNT: COUNT random bytes of DEST replaced, deterministically from SEED
	cp "$1" "$2"
	local size i
	size=$(stat -c %s "$2")
	RANDOM=$3
	for ((i = 0; i < $4; i++)); do
		printf "\\x$(printf %02x $((RANDOM % 256)))" |
			dd of="$2" bs=1 seek=$(((RANDOM * 32768 + RANDOM) % size)) conv=notrunc status=none
	done
}

check_survives() { # check_survives ARGS...: exit 0 or 3 and no sanitizer report
	local code=0
	"$RW" inspect --json "$@" > out.txt 2> err.txt || code=$?
	if [ "$code" != 0 ] && [ "$code" != 3 ]; then
		echo "inspect $* exited $code"; head -n 30 err.txt; return 1
	fi
	if grep -q -e 'AddressSanitizer' -e 'runtime error' err.txt; then
		echo "inspect $*: sanitizer report"; head -n 30 err.txt; return 1
	fi
	jq -e . out.txt > /dev/null || { echo "inspect $*: the JSON does not parse"; return 1; }
}

test_damaged_bcd_and_system_hives_never_crash() {
	local seed
	for seed in $(seq 1 60); do
		mutate "$FIX/gen1.hives/BCD" BCD "$seed" $((seed % 40 + 1))
		mutate "$FIX/gen2.hives/SYSTEM" SYSTEM "$((seed + 1000))" $((seed % 40 + 1))
		check_survives --bcd BCD --system SYSTEM
	done
}

test_damaged_logs_never_crash() {
	local seed
	cp "$FIX/dirty.hives/SYSTEM" SYSTEM
	for seed in $(seq 1 40); do
		mutate "$FIX/dirty.hives/SYSTEM.LOG1" SYSTEM.LOG1 "$seed" $((seed % 12 + 1))
		check_survives --system SYSTEM
	done
}

test_truncated_hives_never_crash() {
	local n
	for n in 0 100 511 512 4095 4096 4100 8191 8192 12000; do
		head -c "$n" "$FIX/gen1.hives/BCD" > BCD
		head -c "$n" "$FIX/gen1.hives/SYSTEM" > SYSTEM
		check_survives --bcd BCD --system SYSTEM
	done
}

# A file on the volume that is not a regular file is never opened as if it were: a FIFO named like a
# transaction log or a hive would make open(2) wait forever for a writer, a device would be read as data.
test_special_files_named_like_hives_logs_and_dumps_never_hang() {
	cp "$FIX/dirty.hives/SYSTEM" SYSTEM
	mkfifo SYSTEM.LOG1
	timeout 30 "$RW" inspect --json --system SYSTEM > out.txt 2> err.txt || { echo "inspect with a FIFO log: exit $?"; cat err.txt; return 1; }
	expect_eq "the FIFO log" "a FIFO, not a regular file: rescuewiz does not read it" \
		"$(jqr out.txt '.. | objects | select(.name? == "LOG1") | .problem')"
	mkfifo BCD
	local code=0
	timeout 30 "$RW" inspect --bcd BCD > out.txt 2> err.txt || code=$?
	expect_eq "inspect of a FIFO as the BCD store" 3 "$code"
	grep -q "a FIFO, not a regular file" out.txt
	# the same on an NTFS volume (ntfs-3g makes FIFOs and devices): a FIFO log, a FIFO hiberfil.sys, a
	# character device among the minidumps
	use gen1
	mkdir -p m
	mount -t ntfs-3g -o "loop,offset=$WIN_START,sizelimit=$WIN_SIZE" "$IMG" m
	rm m/Windows/System32/config/SYSTEM.LOG1
	mkfifo m/Windows/System32/config/SYSTEM.LOG1 m/hiberfil.sys
	mkdir -p m/Windows/Minidump
	mknod m/Windows/Minidump/crash.dmp c 1 5
	umount_loop m
	timeout 60 "$RW" inspect --json --disk "$IMG" > out.txt 2> err.txt || { echo "inspect of the disk: exit $?"; cat err.txt; return 1; }
	if jqr out.txt '.dumps[].path' | grep -q crash.dmp; then echo "a device was taken for a dump"; return 1; fi
	jqr out.txt '.dumps[].path' | grep -qF '\Windows\MEMORY.DMP'
	no_mounts_left "$IMG"
}

test_hive_strings_reach_the_terminal_escaped() {
	hostile_system SYSTEM
	run_rw 0 inspect --system SYSTEM
	no_raw_controls out.txt err.txt
	grep -qF "$HOSTILE_SHOWN" out.txt
	if grep -q '^REFUSED: fake line' out.txt; then echo "the hive printed a line of its own"; return 1; fi
	# on the disk: the plan run prints, and the runbook
	hostile_disk
	answers loader="$LOADER_A" space=4G dump='%SystemRoot%\MEMORY.DMP' console=yes
	run_rw 0 run nmi-crash-dump --disk "$IMG" --answers answers.yaml --dry-run --runbook rb
	no_raw_controls out.txt err.txt rb/runbook.md rb/commands.txt
	grep -qF "$HOSTILE_SHOWN" out.txt
	# the Edits table of runbook.md: the '|' from the disk is escaped, each row keeps its three columns
	grep -F 'ControlSet001\Control\CrashControl\DumpFile' rb/runbook.md | grep -qF 'fake line\|cell |'
	if grep '^|' rb/runbook.md | sed 's/\\|//g' | awk -F'|' 'NF != 5 { bad = 1 } END { exit !bad }'; then
		echo "a table row of runbook.md has a column too many:"; grep '^|' rb/runbook.md; return 1
	fi
	expect_eq "the value as the disk has it, in runbook.json" "$HOSTILE" \
		"$(jqr rb/runbook.json '.edits[] | select(.key == "ControlSet001\\Control\\CrashControl" and .value == "DumpFile") | .before' | sed 's/^REG_EXPAND_SZ //')"
}
