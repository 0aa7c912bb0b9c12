# Install-PSResource as the GitHub Action calls it, from a folder instead of the PowerShell Gallery: TEST_GALLERY holds
# <name>/<version>/ (the module's files), and each call is a line "<name> <version> <scope>" of TEST_GALLERY_LOG. A version the
# folder does not hold is the error the Gallery gives, written as Install-PSResource writes it (not terminating).

function Install-PSResource {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory, Position = 0)] [string[]] $Name,
        [string] $Version,
        [ValidateSet('CurrentUser', 'AllUsers')] [string] $Scope = 'CurrentUser',
        [switch] $TrustRepository,
        [switch] $Quiet
    )
    foreach ($package in $Name) {
        Add-Content -LiteralPath $env:TEST_GALLERY_LOG -Value "$package $Version $Scope"
        $source = Join-Path $env:TEST_GALLERY "$package/$Version"
        if (-not (Test-Path -LiteralPath $source)) {
            $exception = [System.InvalidOperationException]::new("Package with name '$package' and version '$Version' could not be found in repository 'PSGallery'.")
            $PSCmdlet.WriteError([System.Management.Automation.ErrorRecord]::new($exception, 'InstallPackageFailure', 'ObjectNotFound', $package))
            continue
        }
        # Where PowerShell 7 keeps the current user's modules on Linux and macOS.
        $destination = Join-Path $HOME ".local/share/powershell/Modules/$package/$Version"
        New-Item -ItemType Directory -Path $destination -Force | Out-Null
        Copy-Item -Recurse -Path (Join-Path $source '*') -Destination $destination
    }
}
