# The module as shipped: manifest, help for every exported cmdlet (synopsis, every parameter, two examples that
# run on the bundled sample), OutputType and a default view for what each cmdlet writes.
BeforeDiscovery {
    Import-Module OpsLogTools -Force
    $script:commands = @(Get-Command -Module OpsLogTools -CommandType Cmdlet | ForEach-Object { @{ Name = $_.Name } })
}

BeforeAll {
    Import-Module OpsLogTools -Force
    $script:sample = Join-Path (Get-Module OpsLogTools).ModuleBase Sample
    $script:common = [System.Management.Automation.Cmdlet]::CommonParameters + [System.Management.Automation.Cmdlet]::OptionalCommonParameters
}

Describe 'Module manifest' {
    It 'passes Test-ModuleManifest on the published folder' {
        $m = Test-ModuleManifest (Join-Path (Get-Module OpsLogTools).ModuleBase 'OpsLogTools.psd1')
        $m.CompatiblePSEditions | Should -Contain 'Core'
        $m.ExportedCmdlets.Keys | Should -Contain 'Get-LogEntry'
    }

    It 'exports exactly the cmdlets and aliases the manifest names' {
        $manifest = Import-PowerShellDataFile (Join-Path (Get-Module OpsLogTools).ModuleBase 'OpsLogTools.psd1')
        (Get-Command -Module OpsLogTools).Name | Sort-Object | Should -Be (@($manifest.CmdletsToExport) + @($manifest.FunctionsToExport) + @($manifest.AliasesToExport) | Sort-Object)
    }

    It 'ships the sample incident' {
        Join-Path $sample 'ground-truth.json' | Should -Exist
    }

    It 'has an about topic' {
        (Get-Help about_OpsLogTools | Out-String) | Should -Match 'HOW YEARS AND ZONES ARE CHOSEN'
    }
}

Describe 'Help for <Name>' -ForEach $commands {
    BeforeAll {
        $help = Get-Help $Name -Full
        $cmd = Get-Command $Name
    }

    It 'has a synopsis' {
        $help.Synopsis | Should -Not -BeNullOrEmpty
        $help.Synopsis | Should -Not -Match "^\s*$Name\s*$"
    }

    It 'describes every parameter' {
        foreach ($p in $cmd.Parameters.Keys | Where-Object { $_ -notin $common }) {
            $ph = $help.parameters.parameter | Where-Object name -eq $p
            ($ph.description.Text -join '') | Should -Not -BeNullOrEmpty -Because "-$p needs a description"
        }
    }

    It 'shows SYNTAX exactly as Get-Command -Syntax does' {
        $norm = { param($t) (($t -split "`r?`n" | ForEach-Object Trim | Where-Object { $_ }) -join ' ') -replace '\s+', ' ' }
        $fromHelp = (Get-Help $Name | Select-Object -ExpandProperty syntax | Out-String -Width 4000)
        & $norm $fromHelp | Should -BeExactly (& $norm (Get-Command $Name -Syntax | Out-String -Width 4000))
    }

    It 'shows switches as switches, defaults, wildcard support, pipeline input, and -WhatIf/-Confirm where supported' {
        $text = Get-Help $Name -Full | Out-String -Width 4000
        $text | Should -Not -Match '<SwitchParameter>\]? ?\[?-' -Because 'a switch takes no value in SYNTAX'
        foreach ($p in $cmd.Parameters.Values | Where-Object { $_.Name -notin $common }) {
            $ph = $help.parameters.parameter | Where-Object name -eq $p.Name
            $wild = [bool]($p.Attributes | Where-Object { $_ -is [System.Management.Automation.SupportsWildcardsAttribute] })
            $ph.globbing | Should -Be $wild.ToString().ToLower() -Because "-$($p.Name) wildcard support"
            if ($p.ParameterType -eq [switch]) { $ph.defaultValue | Should -Be 'False' }
            else { $ph.defaultValue | Should -Not -BeNullOrEmpty -Because "-$($p.Name) says its default (or None)" }
        }
        $piped = @($cmd.Parameters.Values | Where-Object { $_.Attributes | Where-Object { $_ -is [System.Management.Automation.ParameterAttribute] -and ($_.ValueFromPipeline -or $_.ValueFromPipelineByPropertyName) } })
        if ($piped.Count -gt 0) { @($help.inputTypes.inputType).Count | Should -BeGreaterThan 0; ($help.inputTypes.inputType.type.name -join ' ') | Should -Not -Match '^None$' }
        if ($cmd.Parameters.ContainsKey('WhatIf')) {
            $text | Should -Match '\[-WhatIf\] \[-Confirm\]'
            ($help.parameters.parameter | Where-Object name -eq 'WhatIf').description.Text | Should -Not -BeNullOrEmpty
        }
    }

    It 'has at least two examples and they run on the bundled sample without error' {
        $examples = @($help.examples.example)
        $examples.Count | Should -BeGreaterOrEqual 2
        foreach ($ex in $examples) {
            $code = $ex.code -join "`n"
            # A fresh runspace per example, as a user pasting it would have.
            $ps = [powershell]::Create()
            try {
                $null = $ps.AddScript("Import-Module OpsLogTools; $code | Out-String").Invoke()
                $messages = @($ps.Streams.Error | ForEach-Object { $_.ToString() })
                $messages.Count | Should -Be 0 -Because "example should run cleanly: $code`n$($messages -join "`n")"
            }
            finally { $ps.Dispose() }
        }
    }

    It 'declares OutputType with a default table view for each type' {
        $cmd.OutputType.Count | Should -BeGreaterThan 0
        foreach ($t in $cmd.OutputType.Type | Where-Object { $_ -and $_.Namespace -like 'OpsLogTools*' }) {
            Get-FormatData -TypeName $t.FullName | Should -Not -BeNullOrEmpty -Because "$($t.FullName) needs a view"
        }
    }
}
