#!/usr/bin/env bash
# Builds the PostgreSQL image HistoryPostgresIT runs (Testcontainers), without a registry: the
# machine's own PostgreSQL (Debian's postgresql package, installed when missing) copied into a
# FROM-scratch image with the shared libraries it needs, and a data folder initialised here with
# Testcontainers' default database, user and password (test/test/test).
#   src/test/docker/postgres/build-postgres-image.sh [TAG]     (default psa-policy-postgres:dev)
set -euo pipefail
tag=${1:-psa-policy-postgres:dev}
if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  apt-get install -y -q postgresql >/dev/null 2>&1 || { apt-get update -q >/dev/null && apt-get install -y -q postgresql >/dev/null; }
fi
# an image this script already made from this PostgreSQL is kept (about 50 s saved per verify)
stamp="$(sha256sum "$0" | cut -c1-16)-$(ls /usr/lib/postgresql/)"
if [ "$(docker image inspect -f '{{index .Config.Labels "dev.psapolicy.postgres.stamp"}}' "$tag" 2>/dev/null)" = "$stamp" ]; then
  echo "$tag"
  exit 0
fi
pg=$(ls -d /usr/lib/postgresql/*/ | sort -V | tail -1)
pg=${pg%/}
ver=$(basename "$pg")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
root=$work/rootfs
mkdir -p "$root/etc" "$root/tmp" "$root/data"
chmod 1777 "$root/tmp"
# copy FILE [cp flags]: FILE at the same path under the image's root
copy() {
  mkdir -p "$root$(dirname "$1")"
  cp -a ${2:-} "$1" "$root$(dirname "$1")/"
}
copy "$pg"
copy "/usr/share/postgresql/$ver"
[ -d /usr/share/zoneinfo ] && copy /usr/share/zoneinfo
for f in "$pg"/bin/* "$pg"/lib/*.so; do
  for lib in $(ldd "$f" 2>/dev/null | awk '/=>/ {print $3} /^[[:space:]]*\// {print $1}'); do
    [ -e "$root$lib" ] || copy "$lib" -L
  done
done
echo "postgres:x:999:999:postgres:/data:/bin/false" >"$root/etc/passwd"
echo "postgres:x:999:" >"$root/etc/group"

# the data folder, initialised by the host's postgres user, then owned by 999 in the image
data=$work/data
mkdir -p "$data"
chown postgres "$data" "$work"
echo test >"$work/pw"
chmod 644 "$work/pw"
chmod 755 "$work"
su postgres -s /bin/sh -c "'$pg/bin/initdb' -D '$data' -U test --auth=md5 --pwfile='$work/pw' --no-locale -E UTF8" >/dev/null
{
  echo "listen_addresses = '*'"
  echo "unix_socket_directories = '/tmp'"
  echo "fsync = off"
} >>"$data/postgresql.conf"
echo "host all all 0.0.0.0/0 md5" >>"$data/pg_hba.conf"
echo "host all all ::/0 md5" >>"$data/pg_hba.conf"
echo "CREATE DATABASE test;" | su postgres -s /bin/sh -c "'$pg/bin/postgres' --single -D '$data' -c unix_socket_directories=/tmp postgres" >/dev/null 2>&1
cp -a "$data/." "$root/data/"
cat >"$work/Dockerfile" <<DOCKER
FROM scratch
LABEL dev.psapolicy.postgres.stamp="$stamp"
COPY --chown=999:999 rootfs/ /
ENV PATH=$pg/bin PGDATA=/data LANG=C.UTF-8
USER 999:999
EXPOSE 5432
CMD ["postgres"]
DOCKER
docker build -q -t "$tag" "$work" >/dev/null 2>&1
echo "$tag"
