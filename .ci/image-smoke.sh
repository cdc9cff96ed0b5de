#!/usr/bin/env bash
# Build the production image (deploy/build-image.sh) and start it: migrate, load the demo, run gunicorn with the
# production settings from the image's own files, and check that it serves the citizen site, the API and health.
#
# This sandbox cannot start namespaced containers (`podman run`: crun and runc fail at setrlimit RLIMIT_NPROC, and
# crun without rlimits refuses the host's hybrid cgroups), so the image is started the closest honest way: its
# filesystem is mounted (`podman image mount`) and the image's CMD runs inside it with chroot, on the host network.
set -euo pipefail
cd "$(dirname "$0")/.."
TAG=portal:ci
# A free port: a server left over from an earlier run (on this same machine) must not answer for this one.
PORT="${IMAGE_SMOKE_PORT:-$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}"
deploy/build-image.sh "$TAG"
root="$(podman image mount "$TAG")"
cleanup() {
  # gunicorn itself, not only the chroot shell that started it (an orphaned master kept the port and the mounts).
  if [ -s "$root/tmp/gunicorn.pid" ]; then
    gpid="$(cat "$root/tmp/gunicorn.pid")"
    kill -TERM "$gpid" 2>/dev/null || true
    for _ in $(seq 30); do kill -0 "$gpid" 2>/dev/null || break; sleep 1; done
    kill -KILL "$gpid" 2>/dev/null || true
  fi
  [ -n "${pid:-}" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true
  umount "$root/proc" "$root/dev" "$root/tmp" 2>/dev/null || true
  podman image unmount "$TAG" >/dev/null 2>&1 || true
}
trap cleanup EXIT
mount -t proc proc "$root/proc"
mount --bind /dev "$root/dev"
mount -t tmpfs tmpfs "$root/tmp"
in_image() {
  chroot --userspec=portal:portal "$root" /usr/bin/env -i PATH=/srv/portal/venv/bin:/usr/bin:/bin HOME=/tmp \
    DJANGO_SETTINGS_MODULE=cms.settings.production PYTHONUNBUFFERED=1 \
    SECRET_KEY="image-smoke-only-$(head -c 32 /dev/urandom | base64 | tr -dc A-Za-z0-9)" \
    ALLOWED_HOSTS=127.0.0.1 SECURE_SSL_REDIRECT=false DATABASE_URL=sqlite:////tmp/portal.sqlite3 \
    STATIC_ROOT=/srv/portal/static MEDIA_ROOT=/tmp/media SUBSCRIBER_ENCRYPTION_KEY="$(python3 -c 'import base64,os;print(base64.urlsafe_b64encode(os.urandom(32)).decode())')" \
    CPR_HASH_KEY="image-smoke-cpr-hash-key-0123456789abcdef" WEB_BIND="127.0.0.1:$PORT" WEB_WORKERS=2 \
    sh -c "cd /srv/portal/app && $*"
}
in_image "python manage.py migrate --noinput --verbosity 0 && python manage.py load_demo >/tmp/load_demo.log"
in_image "gunicorn -c deploy/gunicorn.conf.py --pid /tmp/gunicorn.pid cms.wsgi" >/tmp/image-gunicorn.log 2>&1 &
pid=$!
for _ in $(seq 60); do curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break; sleep 1; done
check() {  # path, text the answer must contain
  body="$(curl -fsS -H 'Accept: text/html,application/json' "http://127.0.0.1:$PORT$1")" \
    || { echo "image-smoke: $1 failed"; tail -20 /tmp/image-gunicorn.log; exit 1; }
  grep -q "$2" <<<"$body" || { echo "image-smoke: $1 lacks '$2'"; exit 1; }
  echo "image-smoke: $1 ok"
}
check /healthz '"ok"'
check / 'Borgerportalen'
check /vejledninger/flytning/ 'Flytning'
check '/graphql/?query=%7Btopics%7Bslug%7D%7D' '"topics"'
static="$(grep -o '/static/vendor/dkfds/css/[^"]*\.css' <<<"$(curl -fsS "http://127.0.0.1:$PORT/")" | head -1)"
curl -fsSI "http://127.0.0.1:$PORT$static" | grep -qi 'cache-control: max-age=31536000' \
  || { echo "image-smoke: $static is not served with far-future caching"; exit 1; }
echo "image-smoke: $static ok (hashed, cached for a year)"
