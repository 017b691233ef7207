#!/bin/bash -eu
# ClusterFuzzLite's build script: gcfuzz's OSS-Fuzz build (see
# scripts/oss-fuzz-build.sh --help), against the CPython the Dockerfile
# checked out into $SRC/cpython.
exec "$SRC/gcfuzz/scripts/oss-fuzz-build.sh"
