namespace OpsLogTools.Core.Reports;

/// <summary>The kind of file Export-OpsReport writes.</summary>
public enum ReportFormat
{
    /// <summary>One self-contained HTML page with charts (no scripts, no network fetches).</summary>
    Html = 0,
    /// <summary>GitHub-flavoured Markdown tables, no charts: for mail or chat.</summary>
    Markdown,
}
