/* fuzz_json: json_load_buffer on any bytes (trees with positions). */
#include "config.h"

#include "load/json_load.h"

#define FUZZ_LOAD json_load_buffer
#define FUZZ_NAME "fuzz.json"
#include "fuzz_load.h"
