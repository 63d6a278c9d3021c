#include "core/tool_env.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

void tool_read_output(int fd, char *out, size_t len)
{
	size_t got = 0;
	char sink[4096];
	ssize_t n;
	while ((n = read(fd, out && got + 1 < len ? out + got : sink,
			 out && got + 1 < len ? len - 1 - got : sizeof sink)) > 0 || (n < 0 && errno == EINTR))
		if (n > 0 && out && got + 1 < len)
			got += (size_t)n;
	if (out && len)
		out[got] = '\0';
}
