#include <inttypes.h>
#include <stdio.h>
#include <time.h>

#include "report/report.h"

const char *report_size(uint64_t b, char *buf, size_t len)
{
	static const char *const unit[] = {"B", "KiB", "MiB", "GiB", "TiB"};
	double v = (double)b;
	int u = 0;
	while (v >= 1024 && u < 4) {
		v /= 1024;
		u++;
	}
	if (u == 0 || v >= 100 || v == (double)(uint64_t)v)
		snprintf(buf, len, "%.0f %s", v, unit[u]);
	else
		snprintf(buf, len, "%.1f %s", v, unit[u]);
	return buf;
}

const char *report_time(time_t t, char *buf, size_t len)
{
	struct tm tm;
	if (!gmtime_r(&t, &tm) || !strftime(buf, len, "%Y-%m-%d %H:%M:%SZ", &tm))
		snprintf(buf, len, "?");
	return buf;
}

/* CrashDumpEnabled values: Microsoft, "Overview of memory dump file options for Windows" */
const char *report_crash_dump_kind(uint64_t v)
{
	switch (v) {
	case 0: return "none";
	case 1: return "complete";
	case 2: return "kernel";
	case 3: return "small";
	case 7: return "automatic";
	default: return "unknown";
	}
}
