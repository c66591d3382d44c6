#!/usr/bin/env pwsh
# Builds the pipeline's host when its sources changed, runs it, forwards every argument, returns its exit code.
$ErrorActionPreference = 'Stop'
$root = $PSScriptRoot
$out = Join-Path $root '.build/host'
$stamp = Join-Path $out '.stamp'
$exe = if ($IsWindows -or $env:OS -eq 'Windows_NT') { Join-Path $out 'Build.exe' } else { Join-Path $out 'Build' }

function Test-HostStale {
    if (-not (Test-Path $stamp) -or -not (Test-Path $exe)) { return $true }
    $built = (Get-Item $stamp).LastWriteTimeUtc
    $sources = @('build', 'src/Pipeline.Frosting', 'src/Pipeline.Core') | ForEach-Object {
        Get-ChildItem -Path (Join-Path $root $_) -Recurse -File | Where-Object { $_.FullName -notmatch '[\\/](bin|obj)[\\/]' }
    }
    $sources += @('Directory.Build.props', 'Directory.Packages.props', 'Cake.props', 'global.json') | ForEach-Object { Get-Item (Join-Path $root $_) }
    return [bool]($sources | Where-Object { $_.LastWriteTimeUtc -gt $built } | Select-Object -First 1)
}

if (Test-HostStale) {
    Write-Host 'Building the pipeline host...'
    New-Item -ItemType Directory -Force -Path $out | Out-Null
    $started = Get-Date
    # Ahead-of-time (ReadyToRun) code halves the host's start-up; it is rebuilt only when its sources change.
    $rid = [System.Runtime.InteropServices.RuntimeInformation]::RuntimeIdentifier
    dotnet publish (Join-Path $root 'build/Build.csproj') --configuration Release --runtime $rid --self-contained false `
        -p:PublishReadyToRun=true --output $out --nologo -v:quiet -clp:"NoSummary;ErrorsOnly"
    if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
    New-Item -ItemType File -Force -Path $stamp | Out-Null
    (Get-Item $stamp).LastWriteTimeUtc = $started.ToUniversalTime()
}

Push-Location $root
try {
    & $exe @args
    exit $LASTEXITCODE
}
finally {
    Pop-Location
}
