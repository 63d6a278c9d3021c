#include "diskgen/tool.h"

#include "core/tool_env.h"

#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

int tool_run(char *const argv[], const char *input, char *out, size_t len, struct rw_error *e)
{
	int in[2], outp[2];
	if (pipe2(in, O_CLOEXEC) != 0)
		return rw_fail(e, RW_EXIT_USAGE, "%s: no pipe: %s", argv[0], strerror(errno));
	if (pipe2(outp, O_CLOEXEC) != 0) {
		close(in[0]);
		close(in[1]);
		return rw_fail(e, RW_EXIT_USAGE, "%s: no pipe: %s", argv[0], strerror(errno));
	}
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, in[0], STDIN_FILENO);
	posix_spawn_file_actions_adddup2(&fa, outp[1], STDOUT_FILENO);
	posix_spawn_file_actions_adddup2(&fa, outp[1], STDERR_FILENO);
	char **env = tool_environment();
	pid_t pid;
	int rc = env ? posix_spawnp(&pid, argv[0], &fa, NULL, argv, env) : ENOMEM;
	posix_spawn_file_actions_destroy(&fa);
	free(env);
	close(in[0]);
	close(outp[1]);
	if (rc != 0) {
		close(in[1]);
		close(outp[0]);
		return rw_fail(e, RW_EXIT_USAGE, "%s could not be started (%s): install it (see rescuewiz(8), TRAIN)",
			       argv[0], strerror(rc));
	}
	/* inputs are a partition script, far below a pipe's buffer: no need to interleave with reading */
	if (input && write(in[1], input, strlen(input)) < 0)
		input = NULL;
	close(in[1]);
	char said[600];
	tool_read_output(outp[0], out ? out : said, out ? len : sizeof said);
	close(outp[0]);
	int status;
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return 0;
	char *text = out ? out : said;
	for (char *c = text; *c; c++)
		if ((unsigned char)*c < 0x20 || (unsigned char)*c == 0x7f)
			*c = ' ';
	return rw_fail(e, RW_EXIT_USAGE, "%s failed (%s %d): %.400s", argv[0], WIFEXITED(status) ? "exit" : "signal",
		       WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status), *text ? text : "(it said nothing)");
}
