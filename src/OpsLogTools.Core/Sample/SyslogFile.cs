namespace OpsLogTools.Core.Sample;

/// <summary>The rsyslog files of the sample host.</summary>
internal enum SyslogFile
{
    Messages,
    Cron,
    Secure,
}
