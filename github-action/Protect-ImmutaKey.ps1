<#
.SYNOPSIS
    The GitHub Action's first step: makes the runner mask the API key (IMMUTA_API_KEY) before any other step of the
    action can print it.
.DESCRIPTION
    The key is written only on the add-mask command's own line, which the runner takes as a command and never shows
    (not even with command echo on), straight to standard output, with nothing of PowerShell's formatting in between.
    The command's data is escaped as the runner unescapes it (% as %25, CR as %0D, LF as %0A), so the value masked is
    exactly the key, whatever characters it holds. The runner masks each line of the log on its own, so a key with line
    breaks also has each of its lines masked (trimmed: a mask is found inside a longer line too).

    A key that comes from secrets.* is masked by the runner already, in the step headers too (where it prints each
    step's env); this step covers a key that came from elsewhere, such as another step's output, from here on.
#>
[CmdletBinding()]
param()

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$key = "$env:IMMUTA_API_KEY"
# Validate needs no key; and the runner warns about, and masks nothing for, a blank value.
if (-not $key.Trim()) { return }
$values = @(@($key) + @($key -split '\r\n|\r|\n' | ForEach-Object { $_.Trim() }) | Where-Object { $_.Trim() } | Select-Object -Unique)
foreach ($value in $values) {
    [Console]::Out.WriteLine('::add-mask::' + $value.Replace('%', '%25').Replace("`r", '%0D').Replace("`n", '%0A'))
}
