#!/usr/bin/env bash
# Compiles infra/main.bicep to ARM JSON and lints every .bicep file under infra/ with the Bicep CLI from the
# NuGet package Azure.Bicep.CommandLine.linux-x64 (no az, no azd, no network beyond the NuGet feed).
# Fails on any error or warning. Usage: infra/build.sh [output-dir]   (default: a new temporary directory)
set -euo pipefail

infra="$(cd "$(dirname "$0")" && pwd)"
out="${1:-$(mktemp -d)}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"
tools="$infra/tools/BicepCli.csproj"

echo "infra/build.sh: restoring the Bicep CLI from NuGet ($tools)"
dotnet restore "$tools" --verbosity quiet
package="$(dotnet msbuild "$tools" -nologo -getProperty:PkgAzure_Bicep_CommandLine_linux-x64)"
bicep="$package/tools/bicep"
if [ ! -f "$bicep" ]; then
  echo "infra/build.sh: no Bicep CLI at $bicep after restore" >&2
  exit 1
fi
# NuGet does not always keep the executable bit; fall back to a private copy if the cache is read-only.
if [ ! -x "$bicep" ] && ! chmod u+x "$bicep" 2>/dev/null; then
  cp "$bicep" "$out/bicep" && chmod u+x "$out/bicep" && bicep="$out/bicep"
fi
echo "infra/build.sh: $("$bicep" --version) at $bicep"

problems=0
# Runs one Bicep command, shows its diagnostics, and counts the errors and warnings among them.
run() {
  local label="$1"; shift
  local log status found
  log="$(mktemp)"
  status=0
  "$bicep" "$@" >"$log" 2>&1 || status=$?
  found="$(grep -cE '\) : (Error|Warning) ' "$log" || true)"
  if [ "$status" -ne 0 ] || [ "$found" -ne 0 ]; then
    cat "$log"
    echo "infra/build.sh: FAIL $label (exit $status, $found errors or warnings)"
    problems=$((problems + 1))
  else
    [ -s "$log" ] && cat "$log"
    echo "infra/build.sh: ok   $label"
  fi
  rm -f "$log"
}

run "build main.bicep -> $out/main.json" build "$infra/main.bicep" --outfile "$out/main.json"

count=0
while IFS= read -r file; do
  run "lint ${file#"$infra"/}" lint "$file"
  count=$((count + 1))
done < <(find "$infra" -name '*.bicep' -not -path '*/obj/*' -not -path '*/bin/*' | sort)

if [ "$problems" -ne 0 ]; then
  echo "infra/build.sh: $problems of $((count + 1)) Bicep steps failed"
  exit 1
fi
echo "infra/build.sh: built main.json and linted $count Bicep files with no errors or warnings"
