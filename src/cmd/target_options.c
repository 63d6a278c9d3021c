#include "cmd/target_options.h"

bool target_option(int c, const char *arg, struct target_options *o)
{
	switch (c) {
	case 'd': o->req.disk = arg; return true;
	case 'w': o->req.windows_dir = arg; return true;
	case 'b': o->req.boot_dir = arg; return true;
	case 'r': o->runbook = arg; return true;
	case 'I': o->req.ignore_bad_logs = true; return true;
	case 'W': o->wizards = arg; return true;
	default: return false;
	}
}
