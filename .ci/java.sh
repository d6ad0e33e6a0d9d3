#!/usr/bin/env bash
# The Java/JNI binding on the JVM: builds crates/devprobe-jni for this machine, compiles
# bindings/java (sources and tests, warnings are errors) and runs the tests against the library.
# Installs a JDK (Debian default-jdk-headless) when javac is missing. AndroidHost
# (bindings/java/android) needs the Android SDK and is not compiled here.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v javac >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jdk-headless >/dev/null
  else
    echo "javac missing and cannot be installed (not root or no apt-get)" >&2
    exit 1
  fi
fi

cargo build -q -p devprobe-jni
out=target/java
rm -rf "$out" && mkdir -p "$out"
# shellcheck disable=SC2046
javac -Xlint:all -Werror -d "$out" $(find bindings/java/src bindings/java/test -name '*.java')
java -ea -Xcheck:jni -Djava.library.path=target/debug -cp "$out" dev.devprobe.BindingTest bindings/java/test/fixtures
