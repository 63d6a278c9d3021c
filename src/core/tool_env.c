#include "core/tool_env.h"

#include <stdlib.h>
#include <string.h>

extern char **environ;

char **tool_environment(void)
{
	size_t n = 0;
	while (environ[n])
		n++;
	char **env = calloc(n + 3, sizeof *env);
	if (!env)
		return NULL;
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (strncmp(environ[i], "MTOOLS_SKIP_CHECK=", 18) && strncmp(environ[i], "LC_ALL=", 7))
			env[k++] = environ[i];
	env[k++] = "MTOOLS_SKIP_CHECK=1";
	env[k++] = "LC_ALL=C";
	return env;
}
