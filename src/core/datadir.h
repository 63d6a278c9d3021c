/* Where rescuewiz's data lives: wizards/ and share/ of the source tree the running binary was built in
 * (build/rescuewiz run from any directory finds them), else the installed folder. */
#ifndef RW_CORE_DATADIR_H
#define RW_CORE_DATADIR_H

#include <stdbool.h>
#include <stddef.h>

/* DIR/sub of the source tree above the binary (one that holds src/main.c); false for an installed binary. */
bool datadir_source_tree(const char *sub, char *out, size_t len);
/* A file of share/: $RESCUEWIZ_SHARE/name, the source tree's share/name, or the installed one; false with
 * out naming where it was looked for. */
bool datadir_share_file(const char *name, char *out, size_t len);
/* The same for a folder of share/ (scenarios) */
bool datadir_share_dir(const char *name, char *out, size_t len);

#endif
