#!/usr/bin/env bash
# Validates docker-compose.yml without a Docker engine: Debian's docker-compose parses, interpolates
# and schema-checks the file offline. The required secrets get placeholders here, only for parsing.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v docker-compose >/dev/null 2>&1; then
  echo "docker-compose is not installed: apt-get install docker-compose (it validates offline, no engine needed)" >&2
  exit 1
fi
POSTGRES_PASSWORD=validation-only VT_OIDC_ISSUER=https://issuer.invalid VT_OIDC_AUDIENCE=validation-only \
VT_OIDC_JWKS_URL=https://issuer.invalid/jwks VT_CHILD_PROTECTION_BOARD_URL=https://board.invalid VT_CODEC_KEYS_PATH=/dev/null \
VT_MATCHING_KEY_PATH=/dev/null VT_SESSION_SECRET_PATH=/dev/null VT_RECEIPT_SECRET=validation-only-0000 \
VT_SMTP_URL=smtp://smtp.invalid:587 VT_SMS_API_KEY=validation-only VT_OIDC_CLIENT_ID=validation-only \
VT_OIDC_CLIENT_SECRET_PATH=/dev/null VT_OIDC_REDIRECT_URL=https://web.invalid/web/oidc/callback \
  VT_PUBLIC_URL=https://web.invalid/ \
  docker-compose -f docker-compose.yml config -q
echo "docker-compose.yml is valid"
