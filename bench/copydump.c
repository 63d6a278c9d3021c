/* bench/copy.sh's driver: copies one file with the copy of copy-dumps (core/copy.c: large reads, sequential
 * advice, fsync, sha256 of the source and of the copy read back) and prints "BYTES NANOSECONDS". */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/copy.h"

int main(int argc, char **argv)
{
	if (argc != 4) {
		fprintf(stderr, "usage: copydump FILE FOLDER NAME\n");
		return 2;
	}
	struct rw_error e = {0};
	struct copy_result r;
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	int fd = copy_open_source(argv[1], &e);
	if (fd < 0 || copy_verified(fd, argv[2], argv[3], NULL, &r, &e) != 0) {
		fprintf(stderr, "copydump: %s\n", e.text);
		return 1;
	}
	close(fd);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("%llu %lld\n", (unsigned long long)r.bytes,
	       (long long)(t1.tv_sec - t0.tv_sec) * 1000000000LL + (t1.tv_nsec - t0.tv_nsec));
	return 0;
}
