using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Text;

namespace OpsLogTools.Infrastructure;

/// <summary>Lets -Encoding take a name ("shift_jis", "euc-jp", "utf8"), a code page number or an Encoding.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
internal sealed class EncodingTransformationAttribute : ArgumentTransformationAttribute
{
    static EncodingTransformationAttribute() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
    {
        object value = inputData is PSObject pso ? pso.BaseObject : inputData;
        try
        {
            return value switch
            {
                Encoding e => e,
                int cp => Encoding.GetEncoding(cp),
                string s when s.Equals("utf8", StringComparison.OrdinalIgnoreCase) || s.Equals("utf8NoBOM", StringComparison.OrdinalIgnoreCase) => new UTF8Encoding(false),
                string s => Encoding.GetEncoding(s),
                _ => throw new ArgumentTransformationMetadataException($"Cannot convert '{Core.Text.ConsoleText.Visible(value?.ToString())}' to an encoding."),
            };
        }
        catch (ArgumentException e)
        {
            throw new ArgumentTransformationMetadataException($"'{Core.Text.ConsoleText.Visible(value?.ToString())}' is not a known encoding. Try utf8, shift_jis, euc-jp, iso-2022-jp, latin1.", e);
        }
    }
}

/// <summary>Tab completion for -Encoding.</summary>
internal sealed class EncodingCompleter : IArgumentCompleter
{
    private static readonly string[] Names = ["utf8", "shift_jis", "euc-jp", "iso-2022-jp", "latin1", "windows-1252", "utf-16", "gb18030", "big5", "euc-kr"];

    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters) =>
        Names.Where(n => n.StartsWith(wordToComplete.Trim('\'', '"'), StringComparison.OrdinalIgnoreCase))
             .Select(n => new CompletionResult(n, n, CompletionResultType.ParameterValue, n));
}
