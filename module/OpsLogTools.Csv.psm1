# Export-Csv and ConvertTo-Csv as the admin types them, with the module's own objects made safe for a spreadsheet.
#
# Log text is untrusted, and CSV is what gets opened in Excel or LibreOffice: a request path, user agent or syslog
# message starting with = + - @ (or a tab or carriage return) would be run there as a formula (=HYPERLINK(...),
# =cmd|...). These two functions stand in front of the built-in cmdlets while the module is loaded. Each input object
# of this module (live, from Select-Object, or read back by Import-Clixml or over remoting) is handed to the built-in
# cmdlet as a copy whose text cells are made visible and formula-defused by [OpsLogTools.Infrastructure.CsvRows]::ForCsv
# (a leading apostrophe, OWASP's rule); every other object passes through untouched, and every parameter is the
# built-in's own (the parameter block is taken from the cmdlet itself when the module loads, so a newer pwsh's new
# parameters come along). The objects are never changed: Where-Object, -like, -match, ConvertTo-Json and
# Export-Clixml see the original text. Microsoft.PowerShell.Utility\Export-Csv writes the raw text when that is wanted.

Set-StrictMode -Version Latest

function New-OpsLogCsvProxy {
    param([Parameter(Mandatory)][string] $Name)
    $builtIn = "Microsoft.PowerShell.Utility\$Name"
    $metadata = [System.Management.Automation.CommandMetadata]::new((Get-Command -Name $builtIn -CommandType Cmdlet))
    $binding = [System.Management.Automation.ProxyCommand]::GetCmdletBindingAttribute($metadata)
    # -Encoding: the built-in turns 'utf8', 'ascii' or a code page into an Encoding with an attribute that a script
    # cannot carry, so the stand-in takes any value and lets the built-in convert it.
    $parameters = [System.Management.Automation.ProxyCommand]::GetParamBlock($metadata) -replace '\[System\.Text\.Encoding\](\s+\$\{Encoding\})',
        "[ArgumentCompletions('ascii', 'ansi', 'bigendianunicode', 'bigendianutf32', 'oem', 'unicode', 'utf7', 'utf8', 'utf8BOM', 'utf8NoBOM', 'utf32')]`n    [object]`$1"
    $body = @"
<#
.ForwardHelpTargetName $builtIn
.ForwardHelpCategory Cmdlet
#>
$binding
param($parameters)
begin {
    if (`$PSBoundParameters.ContainsKey('InputObject')) {
        `$PSBoundParameters['InputObject'] = [OpsLogTools.Infrastructure.CsvRows]::ForCsv(`$InputObject)
    }
    `$command = `$ExecutionContext.InvokeCommand.GetCommand('$builtIn', [System.Management.Automation.CommandTypes]::Cmdlet)
    `$pipeline = { & `$command @PSBoundParameters }.GetSteppablePipeline(`$MyInvocation.CommandOrigin)
    `$pipeline.Begin(`$PSCmdlet)
}
process {
    `$pipeline.Process([OpsLogTools.Infrastructure.CsvRows]::ForCsv(`$_))
}
end {
    `$pipeline.End()
}
clean {
    if (`$null -ne `$pipeline) { `$pipeline.Clean() }
}
"@
    Set-Item -Path "function:script:$Name" -Value ([scriptblock]::Create($body))
}

New-OpsLogCsvProxy -Name Export-Csv
New-OpsLogCsvProxy -Name ConvertTo-Csv
Remove-Item -Path function:script:New-OpsLogCsvProxy
Export-ModuleMember -Function Export-Csv, ConvertTo-Csv
