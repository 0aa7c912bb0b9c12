# ImmutaIntegrations@1, the Azure DevOps task, as packaged: the extension (.vsix) that carries it and the module.
#
# The Azure DevOps extension's .vsix as build.ps1 -Task Package makes it (tfx-cli on the assembled out/azure-devops, into a
# temporary folder here), opened as the zip it is: its manifests, the service connection's type, task.json checked against
# the rules of the task schema, the handler, its production dependencies and the module inside, no test files, and its size.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../Support/TestFixture.psm1')
    Start-TestFixture -NoEmulator
    Import-Module (Join-Path $PSScriptRoot '../Support/AzureDevOpsHelpers.psm1') -Force
    Import-Module (Join-Path (Get-TestPath Root) 'build/AzureDevOps.psm1')
    Add-Type -AssemblyName System.IO.Compression.FileSystem
    $script:Version = (Import-PowerShellDataFile (Join-Path (Get-TestPath Module) 'ImmutaIntegrations.psd1')).ModuleVersion
    $script:Vsix = New-AzureDevOpsExtension -ExtensionPath (Get-TestAzureDevOpsExtension) -Destination (New-TestFolder)
    $zip = [System.IO.Compression.ZipFile]::OpenRead($Vsix.FullName)
    try {
        $script:Entries = @($zip.Entries | Where-Object { -not $_.FullName.EndsWith('/') } | ForEach-Object FullName)
        $script:Texts = @{}
        foreach ($entry in $zip.Entries | Where-Object { $_.FullName -match '^(extension\.vs(ix|o)manifest|tasks/[^/]+/task\.json)$' }) {
            $reader = [System.IO.StreamReader]::new($entry.Open())
            try { $Texts[$entry.FullName] = $reader.ReadToEnd() } finally { $reader.Dispose() }
        }
    }
    finally { $zip.Dispose() }
    $script:Contributions = ($Texts['extension.vsomanifest'] | ConvertFrom-Json).contributions
    $script:TaskFolder = ($Contributions | Where-Object type -EQ 'ms.vss-distributed-task.task').properties.name
    $script:Task = $Texts["$TaskFolder/task.json"] | ConvertFrom-Json -AsHashtable

    # The rules of task.json's schema that an agent and Azure DevOps enforce, as a list of what breaks them.
    function Test-TaskDefinition([hashtable] $Definition, [string[]] $Files, [string] $Folder) {
        $guid = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$'
        $types = 'boolean', 'filePath', 'multiLine', 'pickList', 'radio', 'secureFile', 'string', 'int', 'identities', 'querycontrol'
        $categories = 'Build', 'Utility', 'Test', 'Package', 'Deploy', 'Azure Repos', 'Azure Boards', 'Azure Pipelines', 'Azure Test Plans', 'Azure Artifacts'
        foreach ($field in 'id', 'name', 'friendlyName', 'description', 'author', 'category', 'instanceNameFormat', 'version', 'inputs', 'execution') {
            if (-not $Definition.ContainsKey($field)) { "missing $field" }
        }
        if ("$($Definition.id)" -notmatch $guid) { "id is not a GUID: $($Definition.id)" }
        if ("$($Definition.name)" -notmatch '^[A-Za-z0-9\-]+$') { "name has characters a task name cannot: $($Definition.name)" }
        if ($Definition.category -notin $categories) { "category $($Definition.category) is not one of the schema's" }
        foreach ($part in 'Major', 'Minor', 'Patch') { if ($Definition.version[$part] -isnot [long] -and $Definition.version[$part] -isnot [int]) { "version.$part is not an integer" } }
        if ($Definition.ContainsKey('minimumAgentVersion') -and $Definition.minimumAgentVersion -notmatch '^\d+\.\d+\.\d+$') { 'minimumAgentVersion is not a version' }
        $names = @($Definition.inputs | ForEach-Object { $_.name })
        if (@($names | Select-Object -Unique).Count -ne $names.Count) { 'input names are not unique' }
        foreach ($item in $Definition.inputs) {
            foreach ($field in 'name', 'type', 'label') { if (-not ($item[$field] -is [string] -and $item[$field])) { "input $($item.name): $field is not a string" } }
            if ($item.type -notin $types -and $item.type -notmatch '^connectedService:\w+$') { "input $($item.name): type $($item.type) is not one of the schema's" }
            foreach ($field in 'defaultValue', 'helpMarkDown', 'visibleRule') { if ($item.ContainsKey($field) -and $item[$field] -isnot [string]) { "input $($item.name): $field is not a string" } }
            if ($item.ContainsKey('required') -and $item.required -isnot [bool]) { "input $($item.name): required is not a boolean" }
            if (-not $item.helpMarkDown) { "input $($item.name) has no help" }
            if ($item.type -eq 'pickList' -and ($item.options -isnot [hashtable] -or $item.defaultValue -notin $item.options.Keys)) { "input $($item.name): its default is not one of its options" }
            if ($item.type -eq 'boolean' -and $item.defaultValue -notin 'true', 'false') { "input $($item.name): a boolean's default is true or false" }
            if ($item.ContainsKey('visibleRule')) {
                foreach ($clause in $item.visibleRule -split '\s*(?:&&|\|\|)\s*') {
                    $rule = [regex]::Match($clause, '^\s*(?<name>\w+)\s*(?<operator>=|!=|<=|>=|<|>|Contains|NotContains|StartsWith|NotStartsWith|EndsWith|NotEndsWith)\s*(?<value>.+?)\s*$')
                    if (-not $rule.Success) { "input $($item.name): visibleRule clause '$clause' is not a rule"; continue }
                    $target = $Definition.inputs | Where-Object { $_.name -eq $rule.Groups['name'].Value }
                    if (-not $target) { "input $($item.name): visibleRule names no input: $($rule.Groups['name'].Value)"; continue }
                    if ($target.type -eq 'pickList' -and $rule.Groups['value'].Value -notin $target.options.Keys) { "input $($item.name): visibleRule value $($rule.Groups['value'].Value) is no option of $($target.name)" }
                }
            }
        }
        foreach ($output in @($Definition.outputVariables)) { if (-not ($output.name -and $output.description)) { 'an output variable has no name or description' } }
        if ($Definition.execution -isnot [hashtable] -or $Definition.execution.Count -eq 0) { 'execution names no handler' }
        foreach ($handler in @($Definition.execution.Keys)) {
            if ($handler -notin 'Node', 'Node10', 'Node16', 'Node20_1', 'Node24', 'PowerShell3', 'PowerShell') { "execution handler $handler is not one of the schema's" }
            if ("$Folder/$($Definition.execution[$handler].target)" -notin $Files) { "execution target $($Definition.execution[$handler].target) is not in the package" }
        }
    }
}

AfterAll { Stop-TestFixture }

Describe 'The Azure DevOps extension (.vsix) of ImmutaIntegrations@1' {
    It 'is named for the extension and the module''s version' {
        $Vsix.Name | Should -Be "immuta-integrations-$Version.vsix"
    }

    It 'has a manifest with its identity at the module''s version, for Azure DevOps' {
        $manifest = [xml]$Texts['extension.vsixmanifest']
        $identity = $manifest.PackageManifest.Metadata.Identity
        $identity.Id | Should -Be 'immuta-integrations'
        $identity.Version | Should -Be $Version
        $identity.Publisher | Should -Not -BeNullOrEmpty
        $manifest.PackageManifest.Installation.InstallationTarget.Id | Should -Contain 'Microsoft.VisualStudio.Services'
        $assets = @($manifest.PackageManifest.Assets.Asset)
        ($assets | Where-Object Type -EQ 'Microsoft.VisualStudio.Services.Manifest').Path | Should -Be 'extension.vsomanifest'
        foreach ($asset in $assets) { $Entries | Should -Contain $asset.Path }
    }

    It 'contributes the Immuta service connection: a URL and a confidential API key sent as the Authorization header, verified on /integrations' {
        $endpoint = $Contributions | Where-Object type -EQ 'ms.vss-endpoint.service-endpoint-type'
        $endpoint.targets | Should -Contain 'ms.vss-endpoint.endpoint-types'
        $endpoint.properties.name | Should -Be 'immuta'
        $endpoint.properties.url.displayName | Should -Not -BeNullOrEmpty
        $scheme = @($endpoint.properties.authenticationSchemes)
        $scheme.Count | Should -Be 1
        $scheme[0].type | Should -Be 'ms.vss-endpoint.endpoint-auth-scheme-token'
        $scheme[0].inputDescriptors.id | Should -Be 'apitoken'
        $scheme[0].inputDescriptors.isConfidential | Should -BeTrue
        # The raw key as the whole header, as the Integrations API and Connect-Immuta send it.
        $scheme[0].headers | Where-Object name -EQ 'Authorization' | ForEach-Object value | Should -Be '{{{endpoint.apitoken}}}'
        $test = $endpoint.properties.dataSources | Where-Object name -EQ 'TestConnection'
        $test.endpointUrl | Should -Be '{{{endpoint.url}}}/integrations'
    }

    It 'contributes the task ImmutaIntegrations@1, its folder in the package, with the agreed inputs and outputs' {
        $TaskFolder | Should -Be 'tasks/ImmutaIntegrationsV1'
        $Task.name | Should -Be 'ImmutaIntegrations'
        $Task.version.Major | Should -Be 1
        "$($Task.version.Minor).$($Task.version.Patch)" | Should -Be ('{0}.{1}' -f ([version]$Version).Minor, ([version]$Version).Build)
        @($Task.inputs.name) | Sort-Object | Should -Be @('allowReplace', 'command', 'connection', 'onFailure', 'path', 'planFile', 'prune', 'rotateSecret', 'throttleLimit', 'types')
        ($Task.inputs | Where-Object name -EQ 'connection').type | Should -Be 'connectedService:immuta'
        ($Task.inputs | Where-Object name -EQ 'command').options.Keys | Sort-Object | Should -Be @('apply', 'drift', 'health', 'plan', 'validate')
        @($Task.outputVariables.name) | Sort-Object | Should -Be @('changesDone', 'changesFailed', 'changesPresent', 'planFile')
        @($Task.execution.Keys) | Should -Be @('Node20_1')
    }

    It 'has a task.json valid against the rules of the task schema' {
        Test-TaskDefinition $Task $Entries $TaskFolder | Should -BeNullOrEmpty
    }

    It 'finds what breaks the rules of the task schema (the check itself)' {
        $broken = $Texts["$TaskFolder/task.json"] | ConvertFrom-Json -AsHashtable
        $broken.id = 'not-a-guid'
        $broken.inputs[0].type = 'dropdown'
        $broken.inputs[1].visibleRule = 'nothing = plan'
        $broken.execution = @{ Node20_1 = @{ target = 'missing.js' } }
        $problems = @(Test-TaskDefinition $broken $Entries $TaskFolder)
        $problems | Should -Contain 'id is not a GUID: not-a-guid'
        $problems | Should -Contain "input $($broken.inputs[0].name): type dropdown is not one of the schema's"
        $problems | Should -Contain "input $($broken.inputs[1].name): visibleRule names no input: nothing"
        $problems | Should -Contain 'execution target missing.js is not in the package'
    }

    It 'holds the handler, its production dependencies, the script and the module at its version' {
        foreach ($file in 'index.js', 'tenant.js', 'step.js', 'powershell.js', 'result.js', 'icon.png', 'pipelines/Invoke-ImmutaCommand.ps1',
            'node_modules/azure-pipelines-task-lib/task.js', 'module/ImmutaIntegrations/ImmutaIntegrations.psd1', 'module/ImmutaIntegrations/ImmutaIntegrations.dll',
            'module/ImmutaIntegrations/Dependencies/ImmutaIntegrations.Core.dll') {
            $Entries | Should -Contain "$TaskFolder/$file"
        }
        $module = Get-ChildItem -LiteralPath (Get-TestPath Module) -File -Recurse | ForEach-Object { [System.IO.Path]::GetRelativePath((Get-TestPath Module), $_.FullName).Replace('\', '/') }
        foreach ($file in $module) { $Entries | Should -Contain "$TaskFolder/module/ImmutaIntegrations/$file" }
        # Only what the handler needs at run time: no compiler, no packaging tool, no type declarations of Node.
        $Entries | Where-Object { $_ -match "^$TaskFolder/node_modules/(typescript|tfx-cli|@types)/" } | Should -BeNullOrEmpty
    }

    It 'holds no test files and no sources' {
        $Entries | Where-Object { $_ -match '(^|/)(tests?|__tests__)/' -or $_ -match '\.Tests\.ps1$' -or $_ -match '\.map$' -or ($_ -match '\.ts$' -and $_ -notmatch '\.d\.ts$') } |
            Should -BeNullOrEmpty
        # Of the extension's own files, only what runs: no TypeScript sources, no build settings.
        $Entries | Where-Object { $_ -notmatch '/node_modules/' -and ($_ -match '(^|/)(src|extensions)/' -or $_ -match '(tsconfig|package(-lock)?)\.json$') } |
            Should -BeNullOrEmpty
    }

    It 'is smaller than 5 MB' {
        # The module (2.3 MB as files) and task-lib's dependencies (about 4 MB) pack to under 2 MB; 5 MB leaves room to grow,
        # and a package that passes it has taken in something it should not have.
        $Vsix.Length | Should -BeLessThan 5MB
    }
}
