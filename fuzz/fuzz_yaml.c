/* fuzz_yaml: yaml_load_buffer on any bytes (trees with positions). */
#include "config.h"

#include "load/yaml_load.h"

#define FUZZ_LOAD yaml_load_buffer
#define FUZZ_NAME "fuzz.yaml"
#include "fuzz_load.h"
