/*
 * Tests of the media-type parser and the schemaFormat classifier: names
 * in any case, suffixes, parameters (quoted, spaced, empty), junk.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "model/mediatype.h"

static void
parses_type_subtype_suffix(void **state)
{
	struct mediatype mt;

	(void)state;
	assert_int_equal(mediatype_parse(&mt, "application/schema+json"), 0);
	assert_string_equal(mt.type, "application");
	assert_string_equal(mt.subtype, "schema");
	assert_string_equal(mt.suffix, "json");
	assert_int_equal(mt.n_params, 0);
	assert_int_equal(mediatype_parse(&mt, "Application/VND.Apache.Avro"),
	                 0);
	assert_string_equal(mt.type, "application");
	assert_string_equal(mt.subtype, "vnd.apache.avro");
	assert_string_equal(mt.suffix, "");
	/* The suffix follows the last '+'. */
	assert_int_equal(mediatype_parse(&mt, "a/b+c+d"), 0);
	assert_string_equal(mt.subtype, "b+c");
	assert_string_equal(mt.suffix, "d");
}

static void
parses_parameters(void **state)
{
	struct mediatype mt;

	(void)state;
	assert_int_equal(
	        mediatype_parse(&mt,
	                        "  application/SCHEMA+JSON ;VERSION=Draft-07 "
	                        "; charset=\"utf-8\";;q=\"a\\\"b; c\" ;"),
	        0);
	assert_string_equal(mt.subtype, "schema");
	assert_string_equal(mt.suffix, "json");
	assert_int_equal(mt.n_params, 3);
	/* Names fold, values keep their case; quotes and escapes undone. */
	assert_string_equal(mt.params[0].name, "version");
	assert_string_equal(mediatype_param(&mt, "Version"), "Draft-07");
	assert_string_equal(mediatype_param(&mt, "charset"), "utf-8");
	assert_string_equal(mediatype_param(&mt, "q"), "a\"b; c");
	assert_null(mediatype_param(&mt, "vers"));
	assert_null(mediatype_param(&mt, "versions"));
}

static void
rejects_junk(void **state)
{
	static const char *const bad[] = {
	        "",
	        "   ",
	        "application",
	        "application/",
	        "/json",
	        "application/json;version",
	        "application/json;version=",
	        "application/json;=1",
	        "application/json;v=\"open",
	        "application/json x",
	        "application/json;v=1 2",
	        "appli cation/json",
	        "application/json;a=1;b=2;c=3;d=4;e=5;f=6;g=7;h=8;i=9",
	};
	struct mediatype mt;
	char longname[300];
	size_t i;

	(void)state;
	assert_int_equal(mediatype_parse(&mt, NULL), -1);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (mediatype_parse(&mt, bad[i]) != -1)
			fail_msg("'%s' parsed", bad[i]);
	memset(longname, 'x', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	memcpy(longname, "application/", 12);
	assert_int_equal(mediatype_parse(&mt, longname), -1);
}

static void
classifies_schema_formats(void **state)
{
	static const struct {
		const char *f;
		enum mediatype_format want;
	} cases[] = {
	        {"", MEDIATYPE_JSON_SCHEMA},
	        {"application/vnd.aai.asyncapi;version=2.6.0",
	         MEDIATYPE_JSON_SCHEMA},
	        {"application/vnd.aai.asyncapi+json;version=3.0.0",
	         MEDIATYPE_JSON_SCHEMA},
	        {"application/vnd.aai.asyncapi+yaml", MEDIATYPE_JSON_SCHEMA},
	        {"application/schema+json;version=draft-07",
	         MEDIATYPE_JSON_SCHEMA},
	        {"application/SCHEMA+JSON;version=draft-07",
	         MEDIATYPE_JSON_SCHEMA},
	        {" Application/Schema+Yaml ; version = draft-07",
	         MEDIATYPE_JSON_SCHEMA},
	        {"application/schema+xml", MEDIATYPE_OTHER},
	        {"application/schema", MEDIATYPE_OTHER},
	        {"application/vnd.oai.openapi;version=3.0.0",
	         MEDIATYPE_OPENAPI},
	        {"application/vnd.oai.openapi+json;version=3.0.0",
	         MEDIATYPE_OPENAPI},
	        {"application/vnd.apache.avro;version=1.9.0", MEDIATYPE_AVRO},
	        {"application/vnd.apache.avro+yaml;version=1.9.0",
	         MEDIATYPE_AVRO},
	        {"APPLICATION/VND.APACHE.AVRO+JSON", MEDIATYPE_AVRO},
	        {"application/raml+yaml;version=1.0", MEDIATYPE_RAML},
	        {"application/vnd.google.protobuf;version=3",
	         MEDIATYPE_PROTOBUF},
	        {"application/json", MEDIATYPE_OTHER},
	        {"text/schema+json", MEDIATYPE_OTHER},
	        {"application/vnd.apache.avrox", MEDIATYPE_OTHER},
	        {"application/vnd.apache.avro x", MEDIATYPE_OTHER},
	        {"avro", MEDIATYPE_OTHER},
	        {"   ", MEDIATYPE_OTHER},
	};
	size_t i;

	(void)state;
	assert_int_equal(mediatype_schema_format(NULL), MEDIATYPE_JSON_SCHEMA);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		if (mediatype_schema_format(cases[i].f) != cases[i].want)
			fail_msg("'%s': %d, expected %d", cases[i].f,
			         (int)mediatype_schema_format(cases[i].f),
			         (int)cases[i].want);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(parses_type_subtype_suffix),
	        cmocka_unit_test(parses_parameters),
	        cmocka_unit_test(rejects_junk),
	        cmocka_unit_test(classifies_schema_formats),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
