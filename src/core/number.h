/* Numbers typed by an operator or found in a file, parsed strictly: decimal or 0x hex digits only, no sign,
 * no spaces, no exponent, no trailing text, no overflow. strtoull alone accepts "-1" (as a huge number),
 * leading spaces and "0x" with nothing after it; none of that may become a registry value. */
#ifndef RW_CORE_NUMBER_H
#define RW_CORE_NUMBER_H

#include <stdbool.h>
#include <stdint.h>

bool number_parse(const char *text, uint64_t *out);
/* number_parse and min <= value <= max */
bool number_in_range(const char *text, uint64_t min, uint64_t max, uint64_t *out);

#endif
