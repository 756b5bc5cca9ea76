@{
    RootModule           = 'OpsLogTools.dll'
    ModuleVersion        = '0.1.0'
    GUID                 = '5d1f2c8e-7b3a-4e8f-9c61-2a4b0e7d9f13'
    Author               = 'OpsLogTools contributors'
    CompanyName          = 'OpsLogTools'
    Copyright            = '(c) OpsLogTools contributors. MIT licence.'
    Description          = 'Explain a Linux server incident from its own logs: typed log entries, displaced and missing stretches with a tamper verdict, bots behind a CDN with safe block rules, update windows, and a nightly report.'
    PowerShellVersion    = '7.4'
    CompatiblePSEditions = @('Core')
    FormatsToProcess     = @('OpsLogTools.Format.ps1xml', 'OpsLogTools.Timeline.Format.ps1xml')
    # Serialization depth and rehydration of times and enums for Import-Clixml and remoting (see the file).
    TypesToProcess       = @('OpsLogTools.Types.ps1xml')
    # Loaded before TypesToProcess, which names the module's types and its converter.
    RequiredAssemblies   = @('OpsLogTools.Core.dll', 'OpsLogTools.dll')
    # Export-Csv and ConvertTo-Csv stand-ins that formula-defuse the module's objects (see OpsLogTools.Csv.psm1).
    NestedModules        = @('OpsLogTools.Csv.psm1')
    CmdletsToExport      = @(
        'Get-LogEntry'
        'New-OpsLogSample'
        'Find-BotRequest'
        'Find-LoginActivity'
        'ConvertTo-BlockRule'
        'Get-LogAnomaly'
        'Test-YumUpdateWindow'
        'Compare-LogTimeline'
        'Get-LogTimeline'
        'Export-OpsReport'
    )
    FunctionsToExport    = @('Export-Csv', 'ConvertTo-Csv')
    VariablesToExport    = @()
    AliasesToExport      = @('Test-PackageUpdateWindow')
    PrivateData          = @{
        PSData = @{
            Tags       = @('log', 'syslog', 'apache', 'cloudfront', 'incident', 'forensics', 'Linux')
            LicenseUri = 'https://opensource.org/licenses/MIT'
        }
    }
}
