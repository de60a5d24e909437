#!/usr/bin/env bash
# Builds the psa-policy container image from this checkout, with no registry and no base image:
#
#   src/main/docker/build-image.sh [--tag NAME] [--no-package]
#
# 1. `mvn -B -q package -DskipTests` when target/psa-policy.jar is missing or older than a source
#    (skipped with --no-package: Maven itself calls this script after `package`).
# 2. A minimal JRE jlinked from the local JDK (cached in target/docker/jre while the JDK and the
#    module list stay the same), the shared libraries `ldd` lists for it, the jar, and an
#    /etc/passwd with the non-root user psa (10001) go into target/docker/context.
# 3. `docker build` with the top-level Dockerfile on that context (FROM scratch; a training stage
#    records the AppCDS archive with the image's own JRE). Default tag: psa-policy:dev.
set -euo pipefail
root=$(cd "$(dirname "$0")/../../.." && pwd)
tag=psa-policy:dev
package=auto
while [ $# -gt 0 ]; do
  case "$1" in
    --tag) tag=$2; shift 2 ;;
    --tag=*) tag=${1#--tag=}; shift ;;
    --no-package) package=no; shift ;;
    -h|--help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "build-image.sh: unknown argument '$1' (--tag NAME, --no-package)" >&2; exit 2 ;;
  esac
done
cd "$root"
say() { echo "build-image.sh: $*" >&2; }

if ! docker info >/dev/null 2>&1; then
  say "no container engine answers ('docker info' failed): start one (e.g. dockerd &)," \
    "or run the unit suite alone with: mvn -B verify -DskipITs"
  exit 1
fi

jar=target/psa-policy.jar
if [ "$package" = auto ]; then
  if [ ! -f "$jar" ] || [ -n "$(find pom.xml src/main/java src/main/resources src/kie rules baselines -newer "$jar" -print -quit)" ]; then
    say "packaging ($jar is missing or older than the sources)"
    mvn -B -q package -DskipTests
  fi
fi
[ -f "$jar" ] || { say "$jar not found (run mvn -B package first)"; exit 1; }

# The JDK that runs Maven (JAVA_HOME, else the java on PATH) lends jlink, its jmods and its libs.
java_home=${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}
[ -x "$java_home/bin/jlink" ] && [ -d "$java_home/jmods" ] || {
  say "$java_home has no jlink or jmods: a full JDK 17 is needed (Debian: openjdk-17-jdk-headless)"
  exit 1
}
# jdeps finds most of these; the rest are loaded reflectively or as services: jdk.zipfs (the
# bundled rules and baselines are read through a zip file system), jdk.crypto.ec (TLS key
# exchange, Ed25519), java.compiler (Drools compiles user rules with ECJ through javax.tools),
# java.desktop (java.beans, used by MVEL and Drools; no AWT library is ever loaded).
modules=java.base,java.compiler,java.desktop,java.logging,java.management,java.naming,java.net.http,java.scripting,java.sql,java.xml,jdk.crypto.ec,jdk.httpserver,jdk.unsupported,jdk.zipfs
stamp="$("$java_home/bin/java" -version 2>&1 | tr '\n' ' ') $modules"
jre=target/docker/jre
if [ ! -f "$jre.stamp" ] || [ "$(cat "$jre.stamp")" != "$stamp" ]; then
  say "jlinking a JRE ($modules)"
  rm -rf "$jre" "$jre.stamp"
  mkdir -p target/docker
  "$java_home/bin/jlink" --add-modules "$modules" --strip-debug --no-header-files \
    --no-man-pages --compress=2 --generate-cds-archive --output "$jre" >/dev/null
  # the archive for -XX:-UseCompressedOops (heaps over 32 GB) is never used by a CLI
  rm -f "$jre/lib/server/classes_nocoops.jsa"
  echo "$stamp" > "$jre.stamp"
fi

ctx=target/docker/context
rm -rf "$ctx"
mkdir -p "$ctx/rootfs/opt" "$ctx/rootfs/etc" "$ctx/rootfs/work" "$ctx/rootfs/tmp" "$ctx/app"
cp -a "$jre" "$ctx/rootfs/opt/java"
# Shared libraries of the launcher and of every JRE library, except the AWT, font, sound and
# image libraries of java.desktop, which a headless CLI never loads (their X11, ALSA and
# freetype dependencies would double the image).
libs=$(for f in "$jre/bin/java" $(find "$jre/lib" -name '*.so' | grep -Ev \
    '/lib(awt_xawt|jawt|fontmanager|jsound|splashscreen|lcms|javajpeg|mlib_image)\.so$'); do
  ldd "$f" | awk '$2 == "=>" && $3 ~ /^\// {print $3} $1 ~ /^\// {print $1}'
done | grep -v "^$(readlink -f "$jre")" | sort -u)
for lib in $libs; do
  mkdir -p "$ctx/rootfs$(dirname "$lib")"
  cp -L "$lib" "$ctx/rootfs$lib"
done
[ -f "$ctx/rootfs/lib64/ld-linux-x86-64.so.2" ] || { say "no dynamic loader among: $libs"; exit 1; }
# glibc's C.UTF-8 locale (Debian's libc-bin), so that LANG=C.UTF-8 makes Java write UTF-8
mkdir -p "$ctx/rootfs/usr/lib/locale"
cp -a /usr/lib/locale/C.utf8 "$ctx/rootfs/usr/lib/locale/"
printf 'root:x:0:0:root:/root:/sbin/nologin\npsa:x:10001:10001:psa-policy:/work:/sbin/nologin\n' \
  > "$ctx/rootfs/etc/passwd"
printf 'root:x:0:\npsa:x:10001:\n' > "$ctx/rootfs/etc/group"
chmod 1777 "$ctx/rootfs/tmp"
chmod 755 "$ctx/rootfs/work"
cp "$jar" "$ctx/app/psa-policy.jar"
# the training run's policy: the demo has critical findings, which only an explicit opt-in accepts
mkdir -p "$ctx/train"
printf '# image build only: lets the training run accept the demo'"'"'s critical findings\nacceptCritical: true\n' \
  > "$ctx/train/psa-policy.yaml"
# Fixed times, so that an unchanged JRE gives the same layer (and the cache hits).
find "$ctx" -exec touch -h -d @0 {} +

sha=$(sha256sum "$jar" | cut -d' ' -f1)
version=$("$java_home/bin/java" -jar "$jar" --version | sed -n 's/^psa-policy //p')
say "building $tag (jar sha256 $sha)"
old=$(docker image inspect -f '{{.Id}}' "$tag" 2>/dev/null || true)
start=$(date +%s)
docker build -q -f Dockerfile -t "$tag" \
  --label "org.opencontainers.image.title=psa-policy" \
  --label "org.opencontainers.image.version=${version:-unknown}" \
  --label "dev.psapolicy.jar.sha256=$sha" \
  "$ctx" >/dev/null
# Leave no dangling images behind: the training stage's, and this tag's previous image.
docker image prune -f --filter label=dev.psapolicy.stage=train >/dev/null
if [ -n "$old" ] && [ "$old" != "$(docker image inspect -f '{{.Id}}' "$tag")" ]; then
  docker rmi "$old" >/dev/null 2>&1 || true
fi
say "built $tag in $(( $(date +%s) - start )) s: $(docker image inspect -f '{{.Size}}' "$tag" | awk '{printf "%.0f MB", $1/1e6}')"
