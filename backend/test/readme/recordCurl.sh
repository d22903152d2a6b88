# Sourced before the README's examples: curl as the examples call it, each call's HTTP status,
# arguments and answer also appended to $CURL_LOG (tab-separated, base64) for the test to check.
curl() {
  local out code
  out=$(command curl -w '\n%{http_code}' "$@")
  code=${out##*$'\n'}
  out=${out%$'\n'*}
  printf '%s\t%s\t%s\n' "$code" "$(printf '%s' "$*" | base64 -w0)" "$(printf '%s' "$out" | base64 -w0)" >> "$CURL_LOG"
  printf '%s' "$out"
}
set -e
