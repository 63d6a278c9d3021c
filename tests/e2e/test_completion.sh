# Bash completion (share/bash-completion/rescuewiz): sourced in bash, its function called the way bash calls
# it (COMP_WORDS, COMP_CWORD; the command, the word and the one before as arguments), with the real binary.

# fake_rescuewiz [FAIL]: ./bin/rescuewiz, the real binary except for `inspect --json`, which lists the
# candidates of a rescue VM with two disks attached (in the shape of src/report/json.c), or fails with FAIL
fake_rescuewiz() {
	mkdir -p bin
	cat > bin/candidates.json <<'EOF'
{
  "candidates": [
    {
      "path": "/dev/sdc",
      "size": 2147483648,
      "model": "Virtual Disk",
      "generation": 2,
      "refused": false,
      "found": "Windows Server 2019, Gen2 (UEFI)",
      "windows": "Windows Server 2019 Datacenter"
    },
    {
      "path": "/dev/sdd",
      "size": 1073741824,
      "model": "Virtual Disk",
      "generation": 0,
      "refused": true,
      "found": "no partition table",
      "windows": null
    }
  ]
}
EOF
	cat > bin/rescuewiz <<EOF
#!/bin/sh
if [ "\$1 \$2" = "inspect --json" ]; then
	[ -n "${1:-}" ] && exit 3
	exec cat "$PWD/bin/candidates.json"
fi
exec "$RW" "\$@"
EOF
	chmod +x bin/rescuewiz
}

test_completion_is_registered_for_rescuewiz() {
	expect_eq registration "complete -F _rescuewiz rescuewiz" \
		"$(bash -c '. "$1"; complete -p rescuewiz' - "$TOP/share/bash-completion/rescuewiz")"
}

test_completion_of_command_names() {
	expect_eq ru run "$(completions "$RW" ru)"
	expect_eq all "inspect rollback run train triage validate wizard" "$(completions "$RW" '')"
	expect_eq nothing "" "$(completions "$RW" x)"
}

test_completion_of_the_first_word_as_an_option() {
	expect_eq --v --version "$(completions "$RW" --v)"
	# rescuewiz --disk DEV is the wizard on screen, so its options come first too
	expect_eq --r --runbook "$(completions "$RW" --r)"
	# not --dry-run, an option of run that the table of commands mentions
	expect_eq --d --disk "$(completions "$RW" --d)"
}

test_completion_of_options_per_command() {
	expect_eq "run --d" "--defaults --disk --dry-run" "$(completions "$RW" run x --d)"
	expect_eq "inspect --" "--bcd --boot --disk --help --json --system --windows" "$(completions "$RW" inspect --)"
	expect_eq "wizard --" "--boot --disk --help --ignore-bad-logs --runbook --windows --wizards" \
		"$(completions "$RW" wizard --)"
	expect_eq "rollback --" "--force --help" "$(completions "$RW" rollback --)"
	expect_eq "validate --" "--help" "$(completions "$RW" validate --)"
}

test_completion_of_wizard_names_after_run_and_wizard() {
	local names
	names=$(wizard_names "$TOP/wizards")
	expect_eq "run" "$names" "$(completions "$RW" run '')"
	expect_eq "wizard n" nmi-crash-dump "$(completions "$RW" wizard n)"
	expect_eq "after --disk" "$names" "$(completions "$RW" run --disk x.img --defaults '')"
	expect_eq "without a command" "$names" "$(completions "$RW" --disk x.img '')"
	# one wizard per run: nothing after it but options
	expect_eq "a second one" "" "$(completions "$RW" run nmi-crash-dump '')"
}

test_completion_of_lesson_names_after_train() {
	local names
	names=$(wizard_names "$TOP/share/scenarios")
	expect_eq "train" "$names" "$(completions "$RW" train '')"
	expect_eq "train stop" stop-0x7e-dump "$(completions "$RW" train stop)"
	expect_eq "train nmi-" "nmi-gen1 nmi-gen2" "$(completions "$RW" train nmi-)"
	expect_eq "after options" "$names" "$(completions "$RW" train --unattended --answers a.yaml --json '')"
	# one lesson per train: nothing after it but options
	expect_eq "a second one" "" "$(completions "$RW" train nmi-gen2 '')"
	expect_eq "not after run" "" "$(completions "$RW" run stop-0x7e-d)"
	# the lessons the binary reads: RESCUEWIZ_SHARE's first
	mkdir -p share/scenarios
	sed 's/^lesson: nmi-gen2$/lesson: my-lesson/' "$TOP/share/scenarios/nmi-gen2.yaml" > share/scenarios/my-lesson.yaml
	expect_eq "RESCUEWIZ_SHARE" my-lesson "$(RESCUEWIZ_SHARE=$PWD/share completions "$RW" train my)"
	expect_eq "not without it" "" "$(completions "$RW" train my)"
}

test_completion_of_wizards_in_the_folder_of_wizards() {
	mkdir mine
	cp "$TOP/wizards/nmi-crash-dump.yaml" mine/my-fix.yaml
	expect_eq "--wizards mine" my-fix "$(completions "$RW" run --wizards mine my)"
	expect_eq "not without it" "" "$(completions "$RW" run my)"
}

test_completion_of_wizards_in_the_installed_folder() {
	# make install with this folder as PREFIX, so the installed folder is a real one
	make -s -C "$TOP" install PREFIX="$PWD/prefix" > install.log
	unset RESCUEWIZ_WIZARDS
	expect_eq "installed" "$(wizard_names "$TOP/wizards")" \
		"$(COMPLETION=prefix/share/bash-completion/completions/rescuewiz completions "$RW" run '')"
	expect_eq "source tree's, not installed" "" "$(completions "$RW" run '')"
}

test_completion_of_option_values_by_their_usage_word() {
	mkdir here
	cd here || return 1
	mkdir folder
	touch answers.yaml
	# FILE: files and folders (a path goes through them); DIR: folders only
	expect_eq "--answers FILE" "answers.yaml folder" "$(completions "$RW" run x --answers '')"
	expect_eq "--runbook DIR" folder "$(completions "$RW" run x --runbook '')"
	expect_eq "--system FILE" "answers.yaml folder" "$(completions "$RW" inspect --system '')"
	expect_eq "rollback RUNBOOK" folder "$(completions "$RW" rollback '')"
	expect_eq "validate FILE" "answers.yaml folder" "$(completions "$RW" validate '')"
}

test_completion_of_disks_from_inspect() {
	fake_rescuewiz
	mkdir here
	cd here || return 1
	expect_eq "--disk" "/dev/sdc /dev/sdd" "$(completions ../bin/rescuewiz inspect --disk '')"
	touch sdc.img
	expect_eq "--disk s" "sdc.img" "$(completions ../bin/rescuewiz run x --disk s)"
	expect_eq "--disk /dev/sdd" "/dev/sdd" "$(completions ../bin/rescuewiz wizard --disk /dev/sdd)"
}

test_completion_of_disks_from_the_real_binary() {
	# whatever this machine has attached: the completion offers what inspect lists, nothing else
	mkdir here
	cd here || return 1
	run_rw 0 inspect --json
	expect_eq "--disk" "$(jqr out.txt '.candidates[].path' | sort | paste -sd ' ' -)" \
		"$(completions "$RW" inspect --disk /dev/)"
}

test_completion_of_disks_from_lsblk_when_inspect_fails() {
	fake_rescuewiz fail
	cat > bin/lsblk <<'EOF'
#!/bin/sh
[ "$*" = "-dno NAME,TYPE" ] || exit 1
printf 'vda  disk\nsdc  disk\nsr0  rom\nloop0 loop\n'
EOF
	chmod +x bin/lsblk
	mkdir here
	cd here || return 1
	expect_eq "--disk" "/dev/sdc /dev/vda" "$(PATH="$PWD/../bin:$PATH" completions ../bin/rescuewiz inspect --disk '')"
}
