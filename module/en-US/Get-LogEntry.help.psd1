@{
    Synopsis    = 'Reads log files into typed entries: syslog, Apache and nginx, CloudFront, yum and dnf, the systemd journal, auditd''s audit.log, wtmp/btmp/utmp login records and lastlog.'
    Description = @'
Get-LogEntry turns a directory of logs copied off a server, or single files, into typed objects (LogEntry, AccessLogEntry for web requests, AuditEntry for auditd's audit.log records) that carry where they came from (Path, LineNumber, Format), the stamp as written (StampText) and the stamp as an instant (Timestamp, a DateTimeOffset).

auditd's audit.log (raw or ENRICHED) gives one AuditEntry per record: RecordType (SYSCALL, USER_LOGIN, SERVICE_START, TIME_INJOFFSET, ...), Serial, and Fields (pid, uid, syscall, key, exe, and the op/acct/addr/res inside a user record's msg='...'; ENRICHED's interpreted UID, AUID, SYSCALL keep their upper-case names). Records with the same stamp and serial are one event. Its stamps are the kernel's epoch milliseconds in UTC: a reference clock for the bundle.

The format of each file is detected from its content, not its name; -Format overrides it. Gzip files are read transparently (multi-member too); a rotated set (messages-20220710.gz, messages-20220717, messages) is read oldest first. A directory reads every recognised log under it, recursively; files that are not logs, such as a crontab, are passed over with a verbose line.

Yearless stamps (syslog, yum.log) and zoneless ones (error logs) take their year and zone from -ReferenceDate and -TimeZone when given; else from evidence in the logs: full dates programs print beside matching stamps (ftpd, Go, Java and Python prefixes, the kernel's RTC line, date output), weekdays printed with yearless dates and Feb 29 stamps, the span of the bundle's fully dated files, and the offsets the bundle shows over time (Apache's %z, printed UTC clocks beside local stamps), fitted to the IANA zone whose daylight-saving rules give each one at its moment. Only when nothing in the logs tells are the file's modification time and the local zone used, and the command warns once that they are guesses. A backward jump of months in the middle of a file is kept in the same year, so a wrong clock stays visible to Get-LogAnomaly. TimeBasis on each entry says how its year and zone were chosen; a guessed source ends in (guess). See about_OpsLogTools.

Bad input never stops the read: malformed lines, NUL runs, invalid UTF-8 (kept visible as \xNN), over-long lines and truncated gzip files give a warning or a non-terminating error naming the file and line, and every good line is still read. Files are opened read-only and shared, so a live log can be read.

What is read: only regular files, opened without any lock (a daemon's flock on its own log never fails because of the read). A FIFO, socket or device found in a directory is passed over with a verbose line and never opened; named directly, it is a NotRegularFile error. Symbolic links inside a directory are not followed (a verbose line names each and its target; name the target to read it); a path named directly is followed, as cat does. A directory that cannot be listed is a DirectoryUnreadable error, a file that cannot be reached is FileUnreadable "permission denied". Each file is read once, however it is reached.

Damage: a gzip is read member by member and every line it yields comes out before a checksum, length or data error is reported (CorruptGzip, TruncatedGzip, naming the last line and the cause). A file that holds nothing but NUL bytes is a warning and, for Get-LogAnomaly, a Corruption finding; only its first 4 MiB are decompressed. A file rotated away while the run reads it again is read from its new name, or reported as FileChanged when it was replaced or truncated in place.

The systemd journal: binary journal files (*.journal, and *.journal~ left by a crash, also gzipped as *.journal.gz or *.journal~.gz; recognised by their LPKSHHRH signature) are read natively, without journalctl, one file or a whole journal directory (/var/log/journal with its machine-id folders, system and user journals, archived and online files), merged as journalctl merges them: by sequence number within one sequence-number space, else by monotonic time within one boot, else by realtime. zstd, lz4 and xz objects, compact and keyed-hash files and every header size from systemd 187 on are read; a file with a newer incompatible flag is an error naming it. journalctl -o export streams and journalctl -o json files give the same entries. Each is a JournalEntry (a LogEntry): Timestamp (the entry's realtime in the host's zone as the bundle tells it, or -TimeZone), MonotonicTime (time since boot, which no clock step moves), BootId, SequenceNumber and SequenceNumberId, HostName, Program (SYSLOG_IDENTIFIER, else _COMM), ProcessId, Priority and Level, Unit (_SYSTEMD_UNIT), Message, Fields (every other field by name; a value that is not printable text is kept as bytes and shown as hex), Path, LineNumber (the entry's ordinal in its file) and Offset (its byte offset). Damage in a journal file (an offset outside the file or off the 8-byte grid, an object of the wrong type, a payload that does not decompress or would decompress past 64 MiB, a payload that does not match the hash its data object carries) is a warning naming the file and the byte offset; every entry that can still be reached is read. A gzipped journal is decompressed to a temporary file (owner-only, deleted when read, at most 1 GiB); the input is never written to.

Login records: wtmp, btmp and utmp (glibc's 384-byte struct utmp of x86_64, and aarch64 with 32-bit time compatibility) are read natively, recognised by their structure (no magic exists: the first records must have a defined type, a time and NUL-padded printable text fields; text never matches). Each record is a LoginRecordEntry (a LogEntry): Kind (the ut_type name: BootTime, RunLevel, NewTime, OldTime, InitProcess, LoginProcess, UserProcess, DeadProcess, Accounting, Empty), User, Line, TerminalId, Host, Address (IPv4 or IPv6, empty when zero), ProcessId, Session, TerminationStatus and ExitStatus, Timestamp (the record's absolute UTC time shown in the host's zone as the bundle tells it, or -TimeZone), StepSeconds (on a NewTime record after an OldTime record: the exact clock step date made), Message (a summary as last words it: who logged in on which line from where, a session's end, a boot with its kernel, a run-level change or shutdown, a clock change; in btmp a UserProcess record is a failed login), Path, LineNumber (the record's ordinal) and Offset (its byte offset). Damage is a warning naming the file and the byte offset, counted in the file's report and never dropped silently: a zeroed slot (all bytes zero, or an empty type with no time: what log wipers leave), bytes that are no record, a truncated last record, and in wtmp and btmp a record whose time goes backwards without a NewTime record before it (records removed or inserted). The 400-byte layout with 64-bit times (aarch64 without compatibility, s390x) is not read.

lastlog (one 292-byte struct lastlog per uid: each user's last login) is read natively too: a file named lastlog (or lastlog.1, lastlog-DATE) whose first slots are zeros or records, or any file whose first slot is a record. Each used slot is a LoginRecordEntry of Kind LastLogin with UserId (the uid: lastlog names no user), Line, Host, Address (when the host is an address), Timestamp and Offset (uid × 292). The file is sparse: its holes are skipped (SEEK_DATA), so a uid near 2^32 costs nothing; where holes cannot be skipped at most 256 MiB are read and a warning names where reading stopped. A slot that is no record and a truncated last slot are warnings naming the byte offset.

Line ends: LF and CRLF; a file whose first bytes end lines with CR alone (old Mac style) is read with CR as the line break. The last line of a file without a line feed (a live log's line still being written) is kept when it parses, and left out with a verbose line when it does not.
'@
    Parameters  = @{
        Session       = 'Run on these hosts instead of here: open PowerShell sessions, such as New-PSSession -HostName web1 -UserName admin -KeyFilePath ~/.ssh/id_ed25519 makes over SSH. Each host reads its own paths (-Path names files on the hosts) and the hosts run in parallel; each object that comes back carries PSComputerName, and HostName where its type has none. A host that cannot be reached, has no pwsh or refuses the key is a non-terminating error for that host (FleetHostUnreachable, FleetPwshMissing, FleetPermissionDenied, FleetSessionNotOpen, FleetHostFailed) while the other hosts'' results still come; the hosts'' own errors keep their ids and name the host. Hosts without this build of the module get it copied into the user''s cache there (see -NoModuleCopy).'
        HostName      = 'Run on these hosts over SSH, as [user@]host[:port] ([v6]:port for an IPv6 address with a port): a session is opened per host for the run and closed after it. Needs sshd with the powershell subsystem on each host (see the README). PSComputerName is the host, with the port when it is not 22.'
        UserName      = 'The SSH user for -HostName entries that name none (default: the current user).'
        KeyFilePath   = 'The SSH private key for -HostName. Without it ssh chooses as it always does (ssh-agent, ~/.ssh/id_*); a key with a passphrase belongs in ssh-agent, as nothing can prompt for it.'
        Options       = 'SSH options for -HostName, as New-PSSession -Options takes them, each passed as ssh -o name=value: @{ UserKnownHostsFile = ''~/fleet_known_hosts''; StrictHostKeyChecking = ''yes'' }.'
        ThrottleLimit = 'How many hosts run at once (default 32, as Invoke-Command).'
        NoModuleCopy  = 'Do not copy the module to hosts that lack this build of it (an installed OpsLogTools of the same version whose files hash the same counts). Such a host is a FleetModuleMissing error instead. Without it the module folder (less the sample) is copied for the run into $XDG_CACHE_HOME or ~/.cache/opslogtools/modules/<hash> on the host, once per build; nothing is installed system-wide.'
        Path          = 'Files or directories to read. Wildcards are allowed. A directory reads every recognised log under it, recursively.'
        LiteralPath   = 'Files or directories to read, taken exactly as written (no wildcards). Binds from the PSPath of Get-ChildItem output.'
        Format        = 'Read every file as this format instead of detecting it from content. Tab completion lists the formats.'
        TimeZone      = 'Zone for stamps that carry none (syslog, yum.log, error_log) when the bundle does not tell: an IANA id such as Asia/Tokyo, UTC, Local, or an offset such as +09:00. Overrides the zone found in the bundle.'
        ReferenceDate = 'A moment the logs are known to reach, used to give yearless stamps their year. Overrides what the logs show (printed dates, the bundle''s fully dated files) and the modification time.'
        Encoding      = 'Text encoding of the logs when they are not UTF-8, such as shift_jis or euc-jp. Bytes that are not valid in the encoding stay visible as \xNN.'
        Since         = 'Only entries stamped at or after this moment.'
        Until         = 'Only entries stamped before this moment.'
    }
    Examples    = @(
        @{
            Title   = 'Read the sample bundle and count entries per file'
            Code    = '$sample = Join-Path (Get-Module OpsLogTools).ModuleBase Sample
Get-LogEntry $sample | Group-Object { Split-Path $_.Path -Leaf } | Sort-Object Count -Descending'
            Remarks = 'Reads every recognised log under the bundled sample incident, including the rotated and gzip files, and counts lines per file.'
        }
        @{
            Title   = 'Requests that answered 5xx'
            Code    = '$sample = Join-Path (Get-Module OpsLogTools).ModuleBase Sample
Get-LogEntry (Join-Path $sample httpd/access_log*) | Where-Object Status -ge 500 | Select-Object -First 10'
            Remarks = 'Access entries carry ClientIp, Method, Target, Status, Bytes, Referer and UserAgent as properties.'
        }
        @{
            Title   = 'Pipe files from Get-ChildItem and see how the year was chosen'
            Code    = '$sample = Join-Path (Get-Module OpsLogTools).ModuleBase Sample
Get-ChildItem $sample -Filter "secure*" | Get-LogEntry | Select-Object -First 3 Timestamp, StampText, TimeBasis'
            Remarks = 'Get-ChildItem output binds to -LiteralPath. TimeBasis says where the year and zone of a yearless stamp came from.'
        }
    )
    Links       = @('about_OpsLogTools', 'Get-LogAnomaly')
}
