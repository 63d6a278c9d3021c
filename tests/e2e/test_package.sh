# The Debian package (debian/): built by dpkg-buildpackage from a copy of the tracked files, so the build
# leaves the tree as it is; checked by lintian; unpacked with dpkg -x into a scratch root (the machine's own
# /usr is never touched) and its binary run from there. Also make install with PREFIX and DESTDIR.

# package: builds the .deb once per e2e run (into $FIX/package, shared by these tests) and unpacks it into
# ./root. Sets DEB (the .deb), ROOT (the scratch root) and INSTALLED (the installed binary).
package() {
	local out=$FIX/package
	if [ ! -e "$out/built" ]; then
		rm -rf "$out"
		mkdir -p "$out/src/rescuewiz"
		if git -C "$TOP" rev-parse --is-inside-work-tree > /dev/null 2>&1; then
			# the tracked files as they are now, edits included; deleted ones are left out
			(cd "$TOP" && git ls-files -z | tar --null --ignore-failed-read -T - -cf - 2> /dev/null) |
				tar -C "$out/src/rescuewiz" -xf -
		else
			(cd "$TOP" && tar --exclude=./build -cf - .) | tar -C "$out/src/rescuewiz" -xf -
		fi
		# not the flags of the make that runs these tests: the package build is a make of its own
		if ! (cd "$out/src/rescuewiz" && env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL dpkg-buildpackage -us -uc -b) \
			> "$out/build.log" 2>&1; then
			echo "dpkg-buildpackage -us -uc -b failed:"
			tail -n 40 "$out/build.log"
			return 1
		fi
		touch "$out/built"
	fi
	DEB=$(echo "$out"/src/rescuewiz_*.deb)
	[ -f "$DEB" ] || { echo "no rescuewiz_*.deb was built: $DEB"; return 1; }
	ROOT=$PWD/root
	dpkg -x "$DEB" "$ROOT"
	INSTALLED=$ROOT/usr/sbin/rescuewiz
}

test_package_has_no_lintian_errors() {
	package
	local changes
	changes=$(echo "$FIX"/package/src/rescuewiz_*.changes)
	# the .changes: the .deb, its dbgsym and the buildinfo; warnings are shown in the log, errors fail
	lintian --fail-on error --tag-display-limit 0 "$changes" > lintian.txt 2>&1 || {
		echo "lintian reports errors:"
		cat lintian.txt
		return 1
	}
	cat lintian.txt
}

test_package_depends_on_what_rescuewiz_runs() {
	package
	local depends p
	depends=$(dpkg-deb -f "$DEB" Depends | tr ',' '\n' | sed 's/^ *//; s/ .*//')
	# the libraries from ${shlibs:Depends}, the programs by name
	for p in libhivex0 libmount1 libblkid1 libyaml-0-2 libjson-c5 libncursesw6 ntfs-3g mtools util-linux mount; do
		printf '%s\n' "$depends" | grep -qx -- "$p" || { echo "Depends has no $p: $(dpkg-deb -f "$DEB" Depends)"; return 1; }
	done
}

test_package_binary_is_the_packaged_version() {
	package
	local version
	version=$(dpkg-deb -f "$DEB" Version)
	expect_eq --version "rescuewiz ${version%-*}" "$("$INSTALLED" --version)"
}

test_package_man_page_is_installed_gzipped() {
	package
	local man=$ROOT/usr/share/man/man8/rescuewiz.8.gz
	[ -f "$man" ] || { echo "no $man; usr/share/man holds:"; find "$ROOT/usr/share/man"; return 1; }
	gzip -t "$man"
	expect_eq title ".TH RESCUEWIZ 8" "$(zcat "$man" | head -n 1 | cut -d ' ' -f 1-3)"
	[ ! -e "$ROOT/usr/share/man/man8/rescuewiz.8" ] || { echo "an uncompressed man page is installed too"; return 1; }
	[ ! -e "$ROOT/usr/share/rescuewiz/man" ] || { echo "the man page's source is installed as data"; return 1; }
}

test_package_installs_every_wizard_and_they_validate() {
	package
	local dir=$ROOT/usr/share/rescuewiz/wizards f
	expect_eq wizards "$(wizard_names "$TOP/wizards")" "$(wizard_names "$dir")"
	for f in "$dir"/*.yaml; do
		"$INSTALLED" validate "$f" > out.txt
		grep -q "^$f: ok (wizard $(basename "$f" .yaml)," out.txt || { cat out.txt; return 1; }
	done
}

# share_data: the files of share/ that are the program's data (not the man page's or the completion's
# source), relative to share/, one a line
share_data() {
	(cd "$TOP/share" && find . -type f ! -path './man/*' ! -path './bash-completion/*' | sed 's|^\./||' | sort)
}

test_package_installs_the_share_data_and_it_validates() {
	package
	local f
	[ -n "$(share_data)" ] || { echo "share/ has no data files: nothing to check"; return 1; }
	for f in $(share_data); do
		cmp "$TOP/share/$f" "$ROOT/usr/share/rescuewiz/$f"
		case $f in *.yaml) "$INSTALLED" validate "$ROOT/usr/share/rescuewiz/$f" ;; esac
	done
}

test_package_binary_looks_for_wizards_in_usr_share() {
	package
	use gen2
	unset RESCUEWIZ_WIZARDS
	local rc=0
	"$INSTALLED" run no-such-wizard --disk "$IMG" --defaults --dry-run > out.txt 2> err.txt || rc=$?
	expect_eq exit 2 "$rc"
	# the folder compiled in is the one the package installs the wizards to (PREFIX=/usr at build time)
	grep -qF "looked for no-such-wizard.yaml in /usr/share/rescuewiz/wizards;" err.txt || { cat err.txt; return 1; }
}

test_package_run_finds_the_installed_wizards_with_wizards_dir() {
	package
	use gen2
	unset RESCUEWIZ_WIZARDS
	local dir=$ROOT/usr/share/rescuewiz/wizards name
	# every wizard of the tree, by name, from the installed folder
	for name in $(wizard_names "$TOP/wizards"); do
		"$INSTALLED" run "$name" --wizards "$dir" --disk "$IMG" --defaults --dry-run --json > out.txt 2> err.txt || true
		if grep -q "no wizard" err.txt || [ "$(jqr out.txt .wizard)" != "$name" ]; then
			echo "run $name --wizards $dir did not run it:"
			cat out.txt err.txt
			return 1
		fi
		expect_eq "$name dry run" true "$(jqr out.txt .dry_run)"
	done
}

test_package_completion_lists_the_installed_wizards() {
	package
	local script=$ROOT/usr/share/bash-completion/completions/rescuewiz
	# make install wrote the package's folder into it
	grep -qx "_rescuewiz_datadir='/usr/share/rescuewiz'" "$script" || { grep -n datadir "$script"; return 1; }
	unset RESCUEWIZ_WIZARDS
	# ...which is not this machine's /usr here: point it at the scratch root
	sed "s|^_rescuewiz_datadir=.*|_rescuewiz_datadir='$ROOT/usr/share/rescuewiz'|" "$script" > completion
	expect_eq "run" "$(wizard_names "$TOP/wizards")" \
		"$(COMPLETION=$PWD/completion completions "$INSTALLED" run '')"
	expect_eq "commands" "inspect rollback run train triage validate wizard" "$(COMPLETION=$PWD/completion completions "$INSTALLED" '')"
}

test_make_install_honours_prefix_and_destdir() {
	make -s -C "$TOP" install DESTDIR="$PWD/stage" PREFIX=/opt/rw > install.log
	local p=$PWD/stage/opt/rw f
	for f in sbin/rescuewiz share/man/man8/rescuewiz.8 share/bash-completion/completions/rescuewiz; do
		[ -f "$p/$f" ] || { echo "make install put no $f under DESTDIR/PREFIX:"; find stage; return 1; }
	done
	[ -x "$p/sbin/rescuewiz" ] || { echo "sbin/rescuewiz is not executable"; return 1; }
	expect_eq wizards "$(wizard_names "$TOP/wizards")" "$(wizard_names "$p/share/rescuewiz/wizards")"
	for f in $(share_data); do
		cmp "$TOP/share/$f" "$p/share/rescuewiz/$f"
	done
	grep -qx "_rescuewiz_datadir='/opt/rw/share/rescuewiz'" "$p/share/bash-completion/completions/rescuewiz" || {
		echo "the completion does not name PREFIX's wizard folder:"; grep -n datadir "$p/share/bash-completion/completions/rescuewiz"
		return 1; }
	# the completion's and the man page's sources are not data of the program
	if [ -e "$p/share/rescuewiz/bash-completion" ] || [ -e "$p/share/rescuewiz/man" ]; then
		echo "share/ sources installed as data:"; find "$p/share/rescuewiz"; return 1
	fi
	expect_eq "nothing outside DESTDIR/PREFIX" "opt" "$(ls stage)"
}
