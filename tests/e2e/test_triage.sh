# triage on the dumps test disk (rescuewiz build-disk --variant dumps): the real binary, its JSON read
# with jq against what the builder wrote (dumps.expect), files read back out of the image with ntfscat.

triage_json() { # triage_json VARIANT: triage --json --disk on a private copy; the report in triage.json
	use "$1"
	run_rw 0 triage --json --disk "$IMG"
	cp out.txt triage.json
}

dump_of() { # dump_of PATH: the jq filter of one entry of triage.json
	echo ".dumps[] | select(.path == \"${1//\\/\\\\}\")"
}

test_triage_json_judges_every_dump_of_the_disk() {
	triage_json dumps
	expect_eq count 5 "$(jqr triage.json '.dumps | length')"
	expect_eq memory-dmp "memory-dmp no-dump false" "$(jqr triage.json "$(dump_of '\Windows\MEMORY.DMP') | \"\(.where) \(.verdict) \(.complete)\"")"
	jqr triage.json "$(dump_of '\Windows\MEMORY.DMP') | .reason" | grep -q zeroed
	expect_eq minidump "minidump complete true" "$(jqr triage.json "$(dump_of "$DUMPS_MINI") | \"\(.where) \(.verdict) \(.complete)\"")"
	expect_eq minidump-cut "minidump-incomplete false" "$(jqr triage.json "$(dump_of "$DUMPS_MINI_CUT") | \"\(.verdict) \(.complete)\"")"
	expect_eq page-file "page-file complete $DUMPS_PAGEFILE_SIZE" \
		"$(jqr triage.json "$(dump_of "$DUMPS_PAGEFILE") | \"\(.where) \(.verdict) \(.size)\"")"
	expect_eq page-file-bugcheck "$DUMPS_PAGEFILE_BUGCHECK NMI_HARDWARE_FAILURE nmi-crash-dump" \
		"$(jqr triage.json "$(dump_of "$DUMPS_PAGEFILE") | .bugcheck | \"\(.code) \(.name) \(.wizard)\"")"
	expect_eq page-file-type "bitmap kernel" "$(jqr triage.json "$(dump_of "$DUMPS_PAGEFILE") | .type")"
	expect_eq ddf "dedicated-dump-file truncated $DUMPS_DDF_EXPECTED" \
		"$(jqr triage.json "$(dump_of "$DUMPS_DDF_PATH") | \"\(.where) \(.verdict) \(.expected_size)\"")"
	expect_eq ddf-bugcheck "$DUMPS_DDF_BUGCHECK INACCESSIBLE_BOOT_DEVICE" \
		"$(jqr triage.json "$(dump_of "$DUMPS_DDF_PATH") | .bugcheck | \"\(.code) \(.name)\"")"
	expect_eq ddf-ram $((262144 * 4096)) "$(jqr triage.json "$(dump_of "$DUMPS_DDF_PATH") | .ram_bytes")"
	expect_eq partition "$WINDOWS_PART" "$(jqr triage.json "[.dumps[].partition] | unique | join(\" \")")"
}

test_triage_minidump_explains_its_stop_and_names_the_driver() {
	triage_json dumps
	local m
	m=$(dump_of "$DUMPS_MINI")
	expect_eq code "$DUMPS_MINI_BUGCHECK" "$(jqr triage.json "$m.bugcheck.code")"
	expect_eq name "$DUMPS_MINI_NAME" "$(jqr triage.json "$m.bugcheck.name")"
	expect_eq p2 "$DUMPS_MINI_P2" "$(jqr triage.json "$m.bugcheck.params[1]")"
	expect_eq params 4 "$(jqr triage.json "$m.bugcheck.params | length")"
	jqr triage.json "$m.bugcheck.meaning[0]" | grep -q '^exception code: 0xC0000005, access violation'
	expect_eq module "${DUMPS_MINI_DRIVER##*\\} $DUMPS_MINI_DRIVER 2" \
		"$(jqr triage.json "$m.module | \"\(.name) \(.path) \(.parameter)\"")"
	expect_eq facts "64 x64 17763 4 server" \
		"$(jqr triage.json "$m | \"\(.bits) \(.machine) \(.build) \(.processors) \(.product_type)\"")"
	expect_eq time "$DUMPS_TIME" "$(jqr triage.json "$m.time")"
	expect_eq uptime 3600 "$(jqr triage.json "$m.uptime_seconds")"
	expect_eq ram null "$(jqr triage.json "$m.ram_bytes")"
	expect_eq wizard "stop-0x7e true" "$(jqr triage.json "$m.bugcheck | \"\(.wizard) \(.collect_dump)\"")"
	jqr triage.json "$m.bugcheck.first_steps" | grep -q "Collect the memory dump"
}

# the builder's promise: the minidump on the image is the one triage read (ntfscat, not ntfs-3g), and
# triage of that one file says the same
test_triage_of_one_file_matches_the_disk() {
	use dumps
	local l
	l=$(losetup -f --show -r -o "$WIN_START" --sizelimit "$WIN_SIZE" "$IMG")
	ntfscat "$l" "/Windows/Minidump/${DUMPS_MINI##*\\}" > mini.dmp || { losetup -d "$l"; return 1; }
	losetup -d "$l"
	run_rw 0 triage --json mini.dmp
	expect_eq where file "$(jqr out.txt '.dumps[0].where')"
	expect_eq verdict complete "$(jqr out.txt '.dumps[0].verdict')"
	expect_eq module "${DUMPS_MINI_DRIVER##*\\}" "$(jqr out.txt '.dumps[0].module.name')"
	expect_eq nmi null "$(jqr out.txt '.nmi')"
	run_rw 0 triage mini.dmp
	grep -qF "Stop        $(printf '0x%08X' "$DUMPS_MINI_BUGCHECK") $DUMPS_MINI_NAME" out.txt ||
		{ echo "no Stop line:"; cat out.txt; return 1; }
}

test_triage_reports_nmi_crash_dump_of_the_wrong_type() {
	triage_json dumps
	local p='.problems[] | select(.code == "nmi-crash-dump-type") | .message'
	expect_eq problems 2 "$(jqr triage.json "[$p] | length")"
	jqr triage.json "$p" | grep -q "^$DUMPS_NMI_QWORD_SET\\\\Control\\\\CrashControl\\\\NMICrashDump is REG_QWORD (8 bytes)"
	jqr triage.json "$p" | grep -q "^$DUMPS_NMI_SZ_SET\\\\Control\\\\CrashControl\\\\NMICrashDump is REG_SZ, not the documented REG_DWORD"
	jqr triage.json ".nmi[] | select(.control_set == \"$DUMPS_NMI_QWORD_SET\") | .state" | grep -q "the HAL ignores it"
	expect_eq boots "$DUMPS_NMI_QWORD_SET" "$(jqr triage.json '.nmi[] | select(.boots) | .control_set')"
	# inspect says the same, from the same snapshot
	run_rw 0 inspect --json --disk "$IMG"
	expect_eq inspect-problems 2 "$(jqr out.txt '[.problems[] | select(.code == "nmi-crash-dump-type")] | length')"
}

test_triage_text_report_fits_80_columns() {
	use dumps
	run_rw 0 triage --disk "$IMG"
	awk 'length > 80 { print length ": " $0; bad = 1 } END { exit bad }' out.txt
	grep -qF "Verdict     truncated: 1024 KiB of 1024 MiB present" out.txt || { cat out.txt; return 1; }
	grep -qF "$DUMPS_DDF_PATH  (dedicated-dump-file, partition $WINDOWS_PART" out.txt
	grep -qF "Driver      ${DUMPS_MINI_DRIVER##*\\}, holding P2" out.txt
	grep -qF "Wizard      nmi-crash-dump: rescuewiz wizard nmi-crash-dump --disk" out.txt
	grep -q "^Health of the disk" out.txt
}

# the existing disks keep a zero page file: it is looked at, holds no dump, and inspect does not list it
test_empty_page_file_is_no_dump() {
	triage_json gen1
	expect_eq page-file "no-dump" "$(jqr triage.json "$(dump_of '\pagefile.sys') | .verdict")"
	expect_eq memory-dmp "complete 0x00000080" "$(jqr triage.json "$(dump_of '\Windows\MEMORY.DMP') | \"\(.verdict) \(.bugcheck.code)\"")"
	run_rw 0 triage --disk "$IMG"
	grep -qF "no dump left here" out.txt
	run_rw 0 inspect --json --disk "$IMG"
	expect_eq inspect-dumps 2 "$(jqr out.txt '.dumps | length')"
}

test_inspect_lists_the_dump_left_in_the_page_file() {
	use dumps
	run_rw 0 inspect --json --disk "$IMG"
	expect_eq page-file "page-file complete $DUMPS_PAGEFILE_BUGCHECK" \
		"$(jqr out.txt ".dumps[] | select(.path == \"\\\\pagefile.sys\") | \"\(.where) \(.verdict) \(.header.bugcheck)\"")"
	expect_eq memory-dmp no-dump "$(jqr out.txt '.dumps[] | select(.path == "\\Windows\\MEMORY.DMP") | .verdict')"
}

# an operator's folder with the hives and no dump: why an NMI left none, control set by control set
test_no_complete_dump_explains_the_nmi_halt() {
	mkdir -p win/Windows/System32/config
	cp "$FIX/gen1.hives/SYSTEM" win/Windows/System32/config/SYSTEM
	run_rw 0 triage --windows win
	grep -q "^No complete dump on this disk" out.txt || { cat out.txt; return 1; }
	# the report's words, wrapped or not
	tr -s ' \n' '  ' < out.txt > words.txt
	grep -qF '"NMI: Channel Check / IOCHK"' words.txt
	grep -qF '"NMI: Parity Check / Memory Parity Error"' words.txt
	grep -qF "ControlSet001 (boots) NMICrashDump not set" words.txt
	grep -qF "rescuewiz wizard nmi-crash-dump --windows win --boot DIR" words.txt
	run_rw 0 triage --json --windows win
	expect_eq dumps 0 "$(jqr out.txt '.dumps | length')"
	expect_eq nmi-sets 2 "$(jqr out.txt '.nmi | length')"
}

test_triage_writes_nothing_and_leaves_no_mount() {
	use dumps
	local before
	before=$(sha256sum < "$IMG")
	run_rw 0 triage --disk "$IMG"
	run_rw 0 triage --json --disk "$IMG"
	expect_eq sha256 "$before" "$(sha256sum < "$IMG")"
	no_mounts_left "$IMG"
}

test_triage_usage_and_refusals() {
	run_rw 2 triage
	grep -q "give one of --disk DEV, --windows DIR or a dump file" err.txt
	run_rw 2 triage --disk x --windows y
	run_rw 2 triage /nonexistent/x.dmp
	grep -q "/nonexistent/x.dmp" err.txt
	run_rw 2 triage "$TOP/share"
	grep -q "is not a file" err.txt
	disk nowin
	run_rw 3 triage --json --disk "$IMG"
	expect_eq dumps 0 "$(jqr out.txt '.dumps | length')"
	grep -q "no Windows installation" err.txt
	run_rw 0 triage --help
	grep -q "^usage: rescuewiz triage" out.txt
}

test_validate_takes_the_catalog() {
	run_rw 0 validate "$TOP/share/stopcodes.yaml" "$TOP/wizards/boot-loop.yaml"
	grep -q "stopcodes.yaml: ok (stop-code catalog, [0-9]* codes" out.txt
	sed 's/^    name: NMI_HARDWARE_FAILURE/    nmae: NMI_HARDWARE_FAILURE/' "$TOP/share/stopcodes.yaml" > stopcodes.yaml
	run_rw 2 validate stopcodes.yaml
	local line
	line=$(grep -n 'nmae: NMI_HARDWARE_FAILURE' stopcodes.yaml | cut -d: -f1)
	grep -q "^stopcodes.yaml:$line:5: unknown key 'nmae' in a stop code" err.txt || { cat err.txt; return 1; }
}

# a catalog that does not load leaves the names of a few codes, and every report says so
test_broken_catalog_falls_back_to_builtin_names() {
	mkdir share
	printf 'stopcodes:\n  - code: 0x7G\n' > share/stopcodes.yaml
	use dumps
	RESCUEWIZ_SHARE=$PWD/share run_rw 0 triage --json --disk "$IMG"
	jqr out.txt .catalog.problem | grep -q "stop-code catalog is invalid (.*stopcodes.yaml:2:11:"
	expect_eq twin-name "$DUMPS_MINI_NAME" "$(jqr out.txt "$(dump_of "$DUMPS_MINI") | .bugcheck.name")"
	expect_eq no-meaning null "$(jqr out.txt "$(dump_of "$DUMPS_MINI") | .bugcheck.first_steps")"
	RESCUEWIZ_SHARE=$PWD/share run_rw 0 triage --disk "$IMG"
	grep -q "^  warning     the stop-code catalog is invalid" out.txt
}
