#!/bin/sh
# bench/refshapes.sh: writes an AsyncAPI 3.0 document whose $refs form one
# generated shape, to stdout. For `make bench` (cost per shape and size)
# and tests/refshapes.sh (the 20k shapes validate, and the budget fires).
#
#   bench/refshapes.sh SHAPE N
#
# Shapes (N component schemas or refs; every shape is reached from the one
# message's payload, so the model, the checks and the renderer see it all):
#   chain    S0 -> S1 -> ... -> S(N-1): N pure refs, one chain
#   pointer  S(i).properties.a is a $ref to '#/.../S(i-1)/properties/a':
#            N pointers that each cross one ref (a chain of pointers)
#   fanin    N schemas each with a property that refs one Deep schema
#            (30 levels of nested objects)
#   fanout   one Root schema with N properties, each a ref to its own leaf
#   allof    S(i) = allOf [$ref S(i+1), $ref R(i)], R(i) = $ref S(i+1):
#            refs to refs inside allOf, each level reached twice, in
#            blocks of 25 levels (each a DAG of 2^25 paths, so nothing may
#            expand it per path; deeper nesting hits the validator's
#            documented depth limit); the payload reaches the first block
#   oneof    S(i) = oneOf [$ref R(i), {type: string}], R(i) = $ref S(i+1):
#            refs to refs inside oneOf, in blocks of 25 levels
#   doubling like allof, but each S(i) is an object whose properties a and b
#            both ref S(i+1): the rendering shape (N about 40)
# The output depends on the arguments only. Exit 2 on usage errors.

set -u

if [ $# -ne 2 ]; then
	echo "usage: bench/refshapes.sh chain|pointer|fanin|fanout|allof|oneof|doubling N" >&2
	exit 2
fi
case $2 in
'' | *[!0-9]*) echo "refshapes: N must be a number" >&2; exit 2 ;;
esac
case $1 in
chain | pointer | fanin | fanout | allof | oneof | doubling) ;;
*) echo "refshapes: unknown shape '$1'" >&2; exit 2 ;;
esac

awk -v shape="$1" -v n="$2" '
function ref(ind, target) {
	printf "%s$ref: \"#/components/schemas/%s\"\n", ind, target
}
BEGIN {
	if (n < 1) n = 1
	block = 25
	root = "S0"
	if (shape == "pointer") root = "S" (n - 1)
	if (shape == "fanout") root = "Root"
	print "asyncapi: 3.0.0"
	print "info:"
	printf "  title: Ref shape %s %d\n", shape, n
	print "  version: 1.0.0"
	print "  description: A generated document whose refs form one shape."
	print "channels:"
	print "  shape:"
	print "    address: shape"
	print "    messages:"
	print "      m:"
	print "        payload:"
	ref("          ", root)
	print "operations:"
	print "  onShape:"
	print "    action: receive"
	print "    channel:"
	print "      $ref: \"#/channels/shape\""
	print "components:"
	print "  schemas:"
	if (shape == "chain") {
		for (i = 0; i < n - 1; i++) {
			printf "    S%d:\n", i
			ref("      ", "S" (i + 1))
		}
		printf "    S%d:\n      type: string\n", n - 1
	} else if (shape == "pointer") {
		print "    S0:\n      type: object\n      properties:\n        a:\n          type: string"
		for (i = 1; i < n; i++) {
			printf "    S%d:\n      type: object\n      properties:\n        a:\n", i
			ref("          ", "S" (i - 1) "/properties/a")
		}
	} else if (shape == "fanin") {
		print "    Deep:"
		ind = "      "
		for (d = 0; d < 30; d++) {
			printf "%stype: object\n%sproperties:\n%s  d%d:\n", ind, ind, ind, d
			ind = ind "    "
		}
		printf "%stype: string\n", ind
		for (i = 0; i < n; i++) {
			printf "    S%d:\n      type: object\n      properties:\n        deep:\n", i
			ref("          ", "Deep")
		}
	} else if (shape == "fanout") {
		print "    Root:\n      type: object\n      properties:"
		for (i = 0; i < n; i++) {
			printf "        p%d:\n", i
			ref("          ", "L" i)
		}
		for (i = 0; i < n; i++)
			printf "    L%d:\n      type: string\n      maxLength: %d\n", i, i + 1
	} else if (shape == "allof" || shape == "oneof") {
		for (i = 0; i < n; i++) {
			if ((i + 1) % block == 0 || i == n - 1) {
				printf "    S%d:\n      type: object\n", i
				continue
			}
			printf "    S%d:\n      %s:\n", i, shape == "allof" ? "allOf" : "oneOf"
			if (shape == "allof") {
				printf "        - "
				ref("", "S" (i + 1))
			}
			printf "        - "
			ref("", "R" i)
			if (shape == "oneof")
				print "        - type: string"
			printf "    R%d:\n", i
			ref("      ", "S" (i + 1))
		}
	} else if (shape == "doubling") {
		for (i = 0; i < n - 1; i++) {
			printf "    S%d:\n      type: object\n      properties:\n", i
			printf "        a:\n"
			ref("          ", "S" (i + 1))
			printf "        b:\n"
			ref("          ", "S" (i + 1))
		}
		printf "    S%d:\n      type: string\n", n - 1
	}
}'
