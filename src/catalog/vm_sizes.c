#include "catalog/vm_sizes.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "core/number.h"
#include "wizard/yamldoc.h"

/* One pass over {azure-vm-sizes: {NAME: MiB}}: every entry checked; the one named (when name is not NULL)
 * is returned. */
static int walk(const char *file, const char *name, uint64_t *bytes, struct rw_error *e)
{
	struct yamldoc y;
	static const char *const keys[] = {"azure-vm-sizes", NULL};
	if (yamldoc_load(&y, file, e) != 0)
		return -1;
	yaml_node_t *root = yamldoc_root(&y), *table = NULL;
	int rc = yamldoc_check_keys(&y, root, "the size table", keys, e);
	if (rc == 0 && (!(table = yamldoc_get(&y, root, "azure-vm-sizes")) || table->type != YAML_MAPPING_NODE))
		rc = yamldoc_fail(&y, table ? table : root, e, "'azure-vm-sizes' must map size names to MiB");
	int found = 0;
	for (yaml_node_pair_t *p = rc == 0 ? table->data.mapping.pairs.start : NULL;
	     p && p < table->data.mapping.pairs.top && rc == 0; p++) {
		yaml_node_t *kn = yamldoc_node(&y, p->key), *vn = yamldoc_node(&y, p->value);
		const char *size = yamldoc_scalar(kn), *mib = yamldoc_scalar(vn);
		uint64_t v;
		if (!size || strncmp(size, "Standard_", 9))
			rc = yamldoc_fail(&y, kn, e, "a size name starts with Standard_");
		else if (!mib || !number_in_range(mib, 256, 64ULL << 20, &v))
			rc = yamldoc_fail(&y, vn, e, "the memory of %s must be a whole number of MiB (256 to 67108864)", size);
		else if (name && !found && !strcasecmp(size, name)) {
			*bytes = v << 20;
			found = 1;
		}
	}
	yamldoc_free(&y);
	return rc == 0 ? found : -1;
}

int vm_size_ram(const char *file, const char *name, uint64_t *bytes, struct rw_error *e)
{
	return walk(file, name, bytes, e);
}

int vm_sizes_validate(const char *file, struct rw_error *e)
{
	uint64_t ignored;
	return walk(file, NULL, &ignored, e) < 0 ? -1 : 0;
}
