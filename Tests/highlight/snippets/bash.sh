#!/usr/bin/env bash
set -euo pipefail
# deploy
export PORT=8080
for svc in orders payments; do
  if [ -n "$svc" ]; then
    echo "starting ${svc} on $PORT" 'literal' $(date +%s) `whoami`
  fi
done
docker compose up -d orders --scale=2 && curl -fsS http://localhost:8080/health || exit 1
cat <<EOF2
here $HOME
EOF2
