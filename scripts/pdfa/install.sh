#!/usr/bin/env bash
# The veraPDF PDF/A validator for the tests (`make pdfa-tools`): Java and Maven from Debian
# when missing, the veraPDF CLI jars from Maven Central (scripts/pdfa/pom.xml) into
# .tools/verapdf/libs, and the launcher .tools/verapdf/bin/verapdf that the tests run
# (HP_TEST_VERAPDF overrides where they look). Idempotent: nothing happens when the jars of
# this pom are in place.
NAME=verapdf
# shellcheck source-path=SCRIPTDIR
source "$(dirname "$0")/../infra/lib.sh"
HERE=$ROOT/scripts/pdfa
DIR=$TOOLS/verapdf
LIBS=$DIR/libs
LAUNCHER=$DIR/bin/verapdf

stamp=$(sha256sum "$HERE/pom.xml" "$0" | sha256sum | cut -c1-16)
if [[ -f $LIBS/.pom-$stamp && -x $LAUNCHER ]] && command -v java >/dev/null; then
  exit 0
fi
command -v java >/dev/null || apt_install default-jre-headless
command -v mvn >/dev/null || apt_install maven
began=$(now_ms)
say "resolving the veraPDF jars from Maven Central into ${LIBS#"$ROOT/"}"
rm -rf "$LIBS" "$LIBS.tmp"
mvn -B -q -f "$HERE/pom.xml" dependency:copy-dependencies -DincludeScope=runtime \
  -DoutputDirectory="$LIBS.tmp" >>"$LOGFILE" 2>&1 || fail_with_log "mvn could not resolve the jars"
touch "$LIBS.tmp/.pom-$stamp"
mv "$LIBS.tmp" "$LIBS"
mkdir -p "$DIR/bin"
# A short-lived JVM: serial GC and the C1 compiler start fastest for a few files.
cat >"$LAUNCHER.tmp" <<LAUNCH
#!/bin/sh
exec java -Xmx1g -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Djava.awt.headless=true \\
  -cp '$LIBS/*' org.verapdf.apps.GreenfieldCliWrapper "\$@"
LAUNCH
chmod +x "$LAUNCHER.tmp"
mv "$LAUNCHER.tmp" "$LAUNCHER"
"$LAUNCHER" --version >>"$LOGFILE" 2>&1 || fail_with_log "the veraPDF launcher does not start"
say "veraPDF ready in $(took "$began"): ${LAUNCHER#"$ROOT/"}"
