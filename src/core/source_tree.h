/* The source tree the running binary was built in: build/rescuewiz and build/asan/rescuewiz sit one or two
 * levels below the tree that holds src/main.c, so a binary run from any directory finds the repository's
 * wizards/ and share/. An installed binary has no such tree above it. */
#ifndef RW_CORE_SOURCE_TREE_H
#define RW_CORE_SOURCE_TREE_H

#include <stddef.h>

/* The tree's folder joined with `sub` ("wizards", "share") in out; "" when the binary is not in a tree. */
void source_tree_folder(const char *sub, char *out, size_t len);

#endif
