# inspect on every test disk: the real binary, its JSON read with jq, hive values cross-checked with hivexget
# on the bare hives the builder made, partitions with blkid, file contents with ntfscat/mtools.

inspect_json() { # inspect_json VARIANT [EXIT]: runs inspect --json on a private copy; json in out.txt
	local img
	disk "$1"; img=$IMG
	run_rw "${2:-0}" inspect --json --disk "$img"
	cp out.txt report.json
}

test_gen1_layout_and_partitions() {
	inspect_json gen1
	expect_eq generation 1 "$(jqr report.json .layout.generation)"
	expect_eq table dos "$(jqr report.json .disk.partition_table)"
	expect_eq signature 0x12345678 "$(jqr report.json .disk.mbr_signature)"
	expect_eq partitions 2 "$(jqr report.json '.disk.partitions | length')"
	expect_eq p1-start "$P1_START" "$(jqr report.json '.disk.partitions[0].start')"
	expect_eq p2-start "$P2_START" "$(jqr report.json '.disk.partitions[1].start')"
	expect_eq p1-active true "$(jqr report.json '.disk.partitions[0].bootable')"
	# blkid, independently, sees the same file systems and labels
	expect_eq p2-label "$(blkid -p -O "$P2_START" -s LABEL -o value gen1.img)" "$(jqr report.json '.disk.partitions[1].label')"
	expect_eq p2-fs ntfs "$(jqr report.json '.disk.partitions[1].fs')"
	expect_eq bcd-partition 1 "$(jqr report.json .layout.bcd_partition)"
	expect_eq windows-partition 2 "$(jqr report.json .layout.windows_partition)"
	expect_eq letter C: "$(jqr report.json '.disk.partitions[1].letter')"
}

test_gen1_bcd_objects_and_devices() {
	inspect_json gen1
	expect_eq objects "$NOBJECTS" "$(jqr report.json '.bcd.objects | length')"
	expect_eq default "$DEFAULT" "$(jqr report.json .bcd.default)"
	expect_eq bcd-path '\Boot\BCD' "$(jqr report.json .bcd.file.path)"
	local a=".bcd.objects[] | select(.guid == \"$LOADER_A\")"
	expect_eq loader-type 0x10200003 "$(jqr report.json "$a.type")"
	expect_eq loader-default true "$(jqr report.json "$a.is_default")"
	expect_eq loader-boots 2 "$(jqr report.json "$a.elements[\"21000001\"].location.partition")"
	expect_eq loader-style mbr "$(jqr report.json "$a.elements[\"21000001\"].style")"
	expect_eq loader-offset "$P2_START" "$(jqr report.json "$a.elements[\"21000001\"].offset")"
	expect_eq winre true "$(jqr report.json ".bcd.objects[] | select(.guid == \"$WINRE\") | .is_winre")"
	expect_eq winre-file '\Recovery\WindowsRE\Winre.wim' \
		"$(jqr report.json ".bcd.objects[] | select(.guid == \"$WINRE\") | .elements[\"21000001\"].file")"
	expect_eq winre-device ramdisk \
		"$(jqr report.json ".bcd.objects[] | select(.guid == \"$WINRE\") | .elements[\"21000001\"].type")"
	expect_eq loader-not-winre false "$(jqr report.json "$a.is_winre")"
	expect_eq bootmgr-alias '{bootmgr}' "$(jqr report.json ".bcd.objects[] | select(.guid == \"$BOOTMGR\") | .alias")"
	# {emssettings} exists on Gen1 and is reached through the loader's inherit chain
	expect_eq bootems-from '{emssettings}' "$(jqr report.json '.bcd.objects[] | select(.alias == "{bootmgr}") | .ems.bootems.from')"
	expect_eq ems-unset null "$(jqr report.json "$a.ems.ems.value")"
}

test_bcd_description_matches_hivexget() {
	inspect_json gen1
	local want
	want=$(hivexget "$FIX/gen1.hives/BCD" "\\Objects\\$LOADER_A\\Elements\\12000004" Element)
	expect_eq description "$want" "$(jqr report.json ".bcd.objects[] | select(.guid == \"$LOADER_A\") | .description")"
}

# the loader's path is the library element 12000002 (22000002 is its systemroot), as bcdedit reads them
test_loader_path_and_systemroot_match_hivexget() {
	inspect_json gen1
	local a=".bcd.objects[] | select(.guid == \"$LOADER_A\")" path root
	path=$(hivexget "$FIX/gen1.hives/BCD" "\\Objects\\$LOADER_A\\Elements\\12000002" Element)
	root=$(hivexget "$FIX/gen1.hives/BCD" "\\Objects\\$LOADER_A\\Elements\\22000002" Element)
	expect_eq path "$path" "$(jqr report.json "$a.elements[\"12000002\"]")"
	expect_eq systemroot "$root" "$(jqr report.json "$a.elements[\"22000002\"]")"
	run_rw 0 inspect --disk "$IMG"
	grep -qF "path       $path" out.txt || { echo "the text report does not show path $path:"; cat out.txt; return 1; }
}

test_gen1_system_hive_matches_hivexget() {
	inspect_json gen1
	expect_eq current "$CURRENT" "$(jqr report.json .system.select.current)"
	expect_eq lkg "$LAST_KNOWN_GOOD" "$(jqr report.json .system.select.last_known_good)"
	expect_eq control-sets "$CONTROL_SETS" "$(jqr report.json '[.system.control_sets[].name] | join(" ")')"
	local cs
	for cs in $CONTROL_SETS; do
		expect_eq "$cs CrashDumpEnabled" \
			"$(hivexget "$FIX/gen1.hives/SYSTEM" "$cs\\Control\\CrashControl" CrashDumpEnabled | sed 's/^dword:0x0*//')" \
			"$(jqr report.json ".system.control_sets[] | select(.name == \"$cs\") | .crash_control.CrashDumpEnabled")"
		expect_eq "$cs DumpFile" \
			"$(hivexget "$FIX/gen1.hives/SYSTEM" "$cs\\Control\\CrashControl" DumpFile)" \
			"$(jqr report.json ".system.control_sets[] | select(.name == \"$cs\") | .crash_control.DumpFile")"
		expect_eq "$cs DumpFile type" REG_EXPAND_SZ \
			"$(jqr report.json ".system.control_sets[] | select(.name == \"$cs\") | .crash_control_types.DumpFile")"
		expect_eq "$cs NMICrashDump" null \
			"$(jqr report.json ".system.control_sets[] | select(.name == \"$cs\") | .crash_control.NMICrashDump")"
	done
	expect_eq paging '?:\pagefile.sys' "$(jqr report.json '.system.control_sets[0].paging_files | join("|")')"
}

test_gen1_mounted_devices_resolve_to_partitions() {
	inspect_json gen1
	local c='.system.mounted_devices[] | select(.letter == "C:")'
	expect_eq c-kind mbr "$(jqr report.json "$c.kind")"
	expect_eq c-signature 0x12345678 "$(jqr report.json "$c.mbr_signature")"
	expect_eq c-partition 2 "$(jqr report.json "$c.location.partition")"
	expect_eq d-elsewhere false "$(jqr report.json '.system.mounted_devices[] | select(.letter == "D:") | .location.on_this_disk')"
	expect_eq e-other other "$(jqr report.json '.system.mounted_devices[] | select(.letter == "E:") | .kind')"
}

test_gen1_dumps_and_free_space() {
	inspect_json gen1
	expect_eq dumps 2 "$(jqr report.json '.dumps | length')"
	expect_eq memory-dmp-bugcheck 0x00000080 "$(jqr report.json '.dumps[] | select(.path == "\\Windows\\MEMORY.DMP") | .header.bugcheck')"
	expect_eq memory-dmp-ram 8589934592 "$(jqr report.json '.dumps[] | select(.path == "\\Windows\\MEMORY.DMP") | .header.ram_bytes')"
	expect_eq minidump 0x0000007e "$(jqr report.json '.dumps[] | select(.path | test("Minidump")) | .header.bugcheck')"
	local free
	free=$(jqr report.json '.volumes[] | select(.holds_windows) | .free_bytes')
	[ "$free" -gt 1000000000 ] || { echo "free space of C: is $free"; return 1; }
}

# software_on_image IMG OUT: the SOFTWARE hive of the Windows partition, read with ntfscat (ntfsprogs, not the
# ntfs-3g mount rescuewiz uses) through a read-only loop device
software_on_image() {
	local l
	l=$(losetup -f --show -r -o "$WIN_START" --sizelimit "$WIN_SIZE" "$1")
	ntfscat "$l" /Windows/System32/config/SOFTWARE > "$2" || { losetup -d "$l"; return 1; }
	losetup -d "$l"
}

# the builder's promise: the SOFTWARE hive on the image holds the WIN_* values of the .expect file
check_software_on_image() { # check_software_on_image VARIANT
	local cv='Microsoft\Windows NT\CurrentVersion' shown
	use "$1"
	software_on_image "$IMG" SOFTWARE
	expect_eq ProductName "$WIN_PRODUCT" "$(hivexget SOFTWARE "$cv" ProductName)"
	expect_eq EditionID "$WIN_EDITION" "$(hivexget SOFTWARE "$cv" EditionID)"
	expect_eq CurrentBuild "$WIN_BUILD" "$(hivexget SOFTWARE "$cv" CurrentBuild)"
	expect_eq UBR "$WIN_UBR" "$(hivexget SOFTWARE "$cv" UBR)"
	shown=$(hivexget SOFTWARE "$cv" DisplayVersion 2> /dev/null) || shown=
	expect_eq DisplayVersion "$WIN_DISPLAY_VERSION" "$shown"
}

test_gen1_software_hive_on_the_image_is_what_the_builder_says() {
	check_software_on_image gen1
}

test_gen2_software_hive_on_the_image_is_what_the_builder_says() {
	check_software_on_image gen2
}

# inspect names the Windows of the SOFTWARE hive: text report, JSON (read with jq) and the Found line
check_windows_named() { # check_windows_named VARIANT "Gen1 (BIOS)"|"Gen2 (UEFI)"
	local described
	inspect_json "$1"
	described="$WIN_PRODUCT, build $WIN_BUILD.$WIN_UBR"
	expect_eq product "$WIN_PRODUCT" "$(jqr report.json .windows.product)"
	expect_eq edition "$WIN_EDITION" "$(jqr report.json .windows.edition)"
	expect_eq build "$WIN_BUILD" "$(jqr report.json .windows.build)"
	expect_eq ubr "$WIN_UBR" "$(jqr report.json .windows.ubr)"
	expect_eq display-version "${WIN_DISPLAY_VERSION:-null}" "$(jqr report.json .windows.display_version)"
	expect_eq software-path '\Windows\System32\config\SOFTWARE' "$(jqr report.json .windows.file.path)"
	expect_eq found "$described, $2" "$(jqr report.json .found)"
	run_rw 0 inspect --disk "$IMG"
	grep -qxF "Found       $described, $2" out.txt || { echo "no Found line for $described:"; cat out.txt; return 1; }
	grep -qxF "Product     $described" out.txt || { echo "no Product line for $described:"; cat out.txt; return 1; }
	grep -qxF "Edition     $WIN_EDITION, installation type Server" out.txt || { echo "no Edition line:"; cat out.txt; return 1; }
}

test_gen1_windows_is_named_with_its_build() {
	check_windows_named gen1 "Gen1 (BIOS)"
}

# the boot entry says Windows Server 2019: the name comes from SOFTWARE (2022), not from BCD
test_gen2_windows_is_named_with_its_build() {
	check_windows_named gen2 "Gen2 (UEFI)"
}

test_runbook_names_the_windows() {
	use gen2
	printf "wizard: nmi-crash-dump\nanswers:\n  space: '8G'\n  dump: '%%SystemRoot%%\\MEMORY.DMP'\n" > answers.yaml
	run_rw 0 run nmi-crash-dump --disk "$IMG" --answers answers.yaml --defaults --dry-run --runbook rb
	grep -qxF -- "- Windows: $WIN_PRODUCT, build $WIN_BUILD.$WIN_UBR" rb/runbook.md ||
		{ echo "runbook.md does not name the Windows:"; cat rb/runbook.md; return 1; }
}

# a folder of the operator's with the Windows tree of the gen1 disk's hives; SOFTWARE as given
windows_folder() { # windows_folder SOFTWARE_FILE|""
	mkdir -p win/Windows/System32/config
	cp "$FIX/gen1.hives/SYSTEM" win/Windows/System32/config/SYSTEM
	if [ -n "$1" ]; then cp "$1" win/Windows/System32/config/SOFTWARE; fi
}

test_damaged_software_hive_is_only_a_warning() {
	head -c 6000 "$FIX/gen1.hives/SOFTWARE" > SOFTWARE
	windows_folder SOFTWARE
	run_rw 0 inspect --json --windows win
	expect_eq problem "warn software-unreadable" "$(jqr out.txt '.problems[] | select(.code | test("software")) | "\(.severity) \(.code)"')"
	expect_eq state invalid "$(jqr out.txt .windows.file.health.state)"
	expect_eq product null "$(jqr out.txt .windows.product)"
	expect_eq control-sets 2 "$(jqr out.txt '.system.control_sets | length')"
	expect_eq refused false "$(jqr out.txt .refused)"
}

# a hive that opens but has no Microsoft\Windows NT\CurrentVersion: not a SOFTWARE hive
test_software_hive_without_current_version_is_only_a_warning() {
	windows_folder "$FIX/gen1.hives/SYSTEM"
	run_rw 0 inspect --json --windows win
	expect_eq problem "warn software-unreadable" "$(jqr out.txt '.problems[] | select(.code | test("software")) | "\(.severity) \(.code)"')"
	expect_eq readable false "$(jqr out.txt .windows.file.readable)"
	jqr out.txt '.problems[] | select(.code == "software-unreadable") | .message' | grep -q "not a SOFTWARE hive"
}

# without SOFTWARE the Windows is named as the default boot entry names it (read here with hivexget)
test_missing_software_hive_is_only_a_warning() {
	local name
	windows_folder ""
	mkdir -p boot/Boot
	cp "$FIX/gen1.hives/BCD" boot/Boot/BCD
	. "$FIX/gen1.expect"
	run_rw 0 inspect --json --windows win --boot boot
	expect_eq problem "warn no-software" "$(jqr out.txt '.problems[] | select(.code | test("software")) | "\(.severity) \(.code)"')"
	expect_eq windows null "$(jqr out.txt .windows)"
	expect_eq control-sets 2 "$(jqr out.txt '.system.control_sets | length')"
	name=$(hivexget "$FIX/gen1.hives/BCD" "\\Objects\\$LOADER_A\\Elements\\12000004" Element)
	expect_eq found "$name, Gen1 (BIOS); warning: no-software" "$(jqr out.txt .found)"
	run_rw 0 inspect --windows win
	grep -q "holds no Windows.System32.config.SOFTWARE" out.txt
}

test_gen2_layout_esp_and_loaders() {
	inspect_json gen2
	expect_eq generation 2 "$(jqr report.json .layout.generation)"
	expect_eq table gpt "$(jqr report.json .disk.partition_table)"
	expect_eq disk-guid "$DISK_GUID" "$(jqr report.json .disk.disk_guid)"
	expect_eq roles "recovery esp msr basic-data" "$(jqr report.json '[.disk.partitions[].role] | join(" ")')"
	expect_eq esp-guid "$P_ESP_GUID" "$(jqr report.json '.disk.partitions[1].guid')"
	expect_eq bcd-on-esp 2 "$(jqr report.json .layout.bcd_partition)"
	expect_eq bcd-path '\EFI\Microsoft\Boot\BCD' "$(jqr report.json .bcd.file.path)"
	expect_eq os-loaders 3 "$(jqr report.json '[.bcd.objects[] | select(.is_os_loader)] | length')"
	local a=".bcd.objects[] | select(.guid == \"$LOADER_A\")"
	expect_eq loader-style gpt "$(jqr report.json "$a.elements[\"21000001\"].style")"
	expect_eq loader-partition-guid "$P_WINDOWS_GUID" "$(jqr report.json "$a.elements[\"21000001\"].partition_guid")"
	expect_eq loader-boots 4 "$(jqr report.json "$a.elements[\"21000001\"].location.partition")"
	# no {emssettings} at all on this store: nothing to inherit
	expect_eq no-emssettings 0 "$(jqr report.json '[.bcd.objects[] | select(.alias == "{emssettings}")] | length')"
	expect_eq emsport-unset null "$(jqr report.json "$a.ems.emsport.value")"
}

test_gen2_upper_case_guid_and_four_byte_boolean() {
	inspect_json gen2
	local b=".bcd.objects[] | select(.guid == \"$LOADER_B\")"
	expect_eq key-as-stored "${LOADER_B^^}" "$(jqr report.json "$b.key_name")"
	expect_eq ems-four-bytes true "$(jqr report.json "$b.elements[\"260000b0\"]")"
	expect_eq ems-effective true "$(jqr report.json "$b.ems.ems.value")"
	expect_eq displayorder true "$(jqr report.json "$b.in_displayorder")"
}

test_gen2_three_control_sets_and_gpt_letters() {
	inspect_json gen2
	expect_eq control-sets 3 "$(jqr report.json '.system.control_sets | length')"
	expect_eq lkg 3 "$(jqr report.json .system.select.last_known_good)"
	local c='.system.mounted_devices[] | select(.letter == "C:")'
	expect_eq c-kind gpt "$(jqr report.json "$c.kind")"
	expect_eq c-guid "$P_WINDOWS_GUID" "$(jqr report.json "$c.partition_guid")"
	expect_eq c-partition 4 "$(jqr report.json "$c.location.partition")"
}

test_gen2_bcd_read_through_mtools_is_the_bytes_on_the_esp() {
	inspect_json gen2
	# the store mtools copies out, read by hivexget, has the description inspect shows
	MTOOLS_SKIP_CHECK=1 mcopy -n -i "gen2.img@@$P2_START" ::EFI/Microsoft/Boot/BCD ./BCD
	expect_eq description "$(hivexget ./BCD "\\Objects\\$LOADER_A\\Elements\\12000004" Element)" \
		"$(jqr report.json ".bcd.objects[] | select(.guid == \"$LOADER_A\") | .description")"
}

test_single_partition_gen1() {
	inspect_json gen1-single
	expect_eq partitions 1 "$(jqr report.json '.disk.partitions | length')"
	expect_eq bcd-partition 1 "$(jqr report.json .layout.bcd_partition)"
	expect_eq windows-partition 1 "$(jqr report.json .layout.windows_partition)"
	expect_eq loader-boots 1 "$(jqr report.json ".bcd.objects[] | select(.guid == \"$LOADER_A\") | .elements[\"21000001\"].location.partition")"
}

test_mixed_case_paths_are_found() {
	inspect_json mixedcase
	expect_eq bcd-as-found '\boot\bcd' "$(jqr report.json .bcd.file.path)"
	expect_eq system-as-found '\WINDOWS\System32\CONFIG\system' "$(jqr report.json .system.file.path)"
	expect_eq objects "$NOBJECTS" "$(jqr report.json '.bcd.objects | length')"
}

test_disk_without_windows_is_refused() {
	inspect_json nowin 3
	expect_eq refused true "$(jqr report.json .refused)"
	expect_eq code no-windows "$(jqr report.json '.problems[] | select(.severity == "refuse") | .code')"
	grep -q "no Windows installation" err.txt
}

test_disk_without_partition_table_is_refused() {
	local img
	disk notable; img=$IMG
	run_rw 3 inspect --disk "$img"
	grep -q "no partition table found" err.txt
	grep -q "$img" err.txt
}

test_bitlocker_volume_is_refused() {
	inspect_json bitlocker 3
	expect_eq code bitlocker "$(jqr report.json '.problems[] | select(.severity == "refuse") | .code')"
	expect_eq found "not to be repaired as it is; refused: bitlocker" "$(jqr report.json .found)"
	expect_eq flagged true "$(jqr report.json '.disk.partitions[1].bitlocker')"
	grep -q "dislocker" err.txt
}

test_hibernated_windows_is_refused() {
	inspect_json hibernated 3
	expect_eq code hibernated "$(jqr report.json '.problems[] | select(.severity == "refuse") | .code')"
	expect_eq volume true "$(jqr report.json '.volumes[] | select(.holds_windows) | .hibernated')"
}

test_dirty_hive_is_reported_with_its_logs() {
	inspect_json dirty
	expect_eq state dirty "$(jqr report.json .system.file.health.state)"
	expect_eq newer true "$(jqr report.json .system.file.health.logs_hold_newer_data)"
	expect_eq log1 "new 1" "$(jqr report.json '.system.file.health.logs[] | select(.name == "LOG1") | "\(.format) \(.entries)"')"
	expect_eq log2 empty "$(jqr report.json '.system.file.health.logs[] | select(.name == "LOG2") | .format')"
	expect_eq note hive-replayed "$(jqr report.json '.problems[0].code')"
	# the values shown are those after replay: what the builder's expected hive holds, read by hivexget
	expect_eq from-log "$(hivexget "$FIX/dirty.hives/SYSTEM.expected" 'ControlSet001\Control\CrashControl' CrashDumpEnabled)" \
		"$(jqr report.json '.system.control_sets[0].crash_control.CrashDumpEnabled')"
}

test_truncated_system_hive_is_refused() {
	inspect_json corrupt 3
	expect_eq code hive-corrupt "$(jqr report.json '.problems[] | select(.severity == "refuse") | .code')"
	expect_eq state invalid "$(jqr report.json .system.file.health.state)"
	grep -q "SYSTEM hive" err.txt
}

test_damaged_bcd_is_refused() {
	inspect_json corrupt-bcd 3
	expect_eq code hive-corrupt "$(jqr report.json '.problems[] | select(.severity == "refuse") | .code')"
	grep -q "BCD hive" err.txt
}

test_inspect_writes_nothing_and_leaves_no_mount() {
	local img before
	disk gen2; img=$IMG
	before=$(sha256sum < "$img")
	run_rw 0 inspect --disk "$img"
	expect_eq sha256 "$before" "$(sha256sum < "$img")"
	no_mounts_left "$img"
}

test_interrupted_inspect_leaves_no_mount() {
	local img i
	disk gen1; img=$IMG
	for i in 1 2 3 4 5; do
		"$RW" inspect --disk "$img" > /dev/null 2>&1 &
		sleep "0.0$((i * 2))"
		kill -INT $! 2> /dev/null || true
		wait $! || true
	done
	sleep 0.5
	no_mounts_left "$img"
}

# Stopped with a volume mounted (RESCUEWIZ_FAULT=mounted:wait), then ended by kill, a hang-up, Ctrl-\ or
# Ctrl-C: it dies of that signal, with nothing mounted or attached left behind. env --default-signal gives it
# the signals as a foreground program gets them (a script's background job starts with SIGQUIT ignored).
test_signals_with_a_volume_mounted_leave_no_mount() {
	local sig code pid
	disk gen1
	for sig in TERM HUP QUIT INT; do
		RESCUEWIZ_FAULT=mounted:wait env --default-signal="$sig" "$RW" inspect --disk "$IMG" > out.txt 2> err.txt &
		pid=$!
		wait_mounted "$IMG" ro > /dev/null || { kill -INT "$pid"; cat err.txt; return 1; }
		kill -"$sig" "$pid"
		code=0
		wait "$pid" || code=$?
		expect_eq "exit on SIG$sig" $((128 + $(kill -l "$sig"))) "$code"
		no_mounts_left "$IMG"
	done
}

test_text_report_fits_80_columns() {
	local v img
	for v in gen1 gen2 dirty bitlocker; do
		disk $v; img=$IMG
		"$RW" inspect --disk "$img" > "$v.txt" 2> /dev/null || true
		if awk 'length > 80 { print FILENAME ": " length ": " $0; bad = 1 } END { exit bad }' "$v.txt"; then :; else return 1; fi
		grep -q "^Health" "$v.txt"
	done
}

test_bare_hive_files() {
	. "$FIX/gen2.expect"
	run_rw 0 inspect --json --bcd "$FIX/gen2.hives/BCD" --system "$FIX/gen2.hives/SYSTEM"
	expect_eq objects "$NOBJECTS" "$(jqr out.txt '.bcd.objects | length')"
	expect_eq control-sets 3 "$(jqr out.txt '.system.control_sets | length')"
	expect_eq no-disk null "$(jqr out.txt .disk)"
	expect_eq not-located false "$(jqr out.txt ".bcd.objects[] | select(.guid == \"$LOADER_A\") | .elements[\"21000001\"].location.on_this_disk")"
}

test_operator_mounted_folders() {
	local img
	disk gen1; img=$IMG
	mkdir -p win boot
	mount -t ntfs-3g -o "ro,loop,offset=$P2_START,sizelimit=$P2_SIZE" "$img" win
	mount -t ntfs-3g -o "ro,loop,offset=$P1_START,sizelimit=$P1_SIZE" "$img" boot
	local rc=0
	"$RW" inspect --json --windows win --boot boot > out.txt 2> err.txt || rc=$?
	umount win boot
	expect_eq exit 0 "$rc"
	expect_eq generation 1 "$(jqr out.txt .layout.generation)"
	expect_eq default "$DEFAULT" "$(jqr out.txt .bcd.default)"
	expect_eq control-sets 2 "$(jqr out.txt '.system.control_sets | length')"
}

test_usage_errors() {
	run_rw 2 inspect --colour
	run_rw 2 inspect --disk /nonexistent/disk.img
	grep -q "/nonexistent/disk.img" err.txt
	run_rw 2 inspect --disk x --windows y
	run_rw 2 frobnicate
	run_rw 0 --version
	grep -q "^rescuewiz " out.txt
}

test_ntfs_volume_marked_dirty_is_refused() {
	inspect_json ntfs-dirty 3
	expect_eq code ntfs-dirty "$(jqr report.json '.problems[] | select(.severity == "refuse") | .code')"
	expect_eq flagged true "$(jqr report.json '.volumes[] | select(.partition == 2) | .ntfs_dirty')"
	expect_eq clean-one false "$(jqr report.json '.volumes[] | select(.partition == 1) | .ntfs_dirty')"
}
