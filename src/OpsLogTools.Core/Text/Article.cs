namespace OpsLogTools.Core.Text;

/// <summary>"a" or "an" before a word in the engine's messages, by how the word is said ("an ApacheCombined line", "a Syslog line", "an nginx line", "a utmp record").</summary>
public static class Article
{
    /// <summary>The article for <paramref name="word"/>.</summary>
    public static string For(string word)
    {
        if (string.IsNullOrEmpty(word)) return "a";
        // Said with a leading vowel although written otherwise (en-gine-x), or the other way round (you-tmp, you-ser).
        if (word.StartsWith("nginx", StringComparison.OrdinalIgnoreCase) || word.StartsWith("html", StringComparison.OrdinalIgnoreCase)) return "an";
        if (word.StartsWith("u", StringComparison.OrdinalIgnoreCase) && !word.StartsWith("un", StringComparison.OrdinalIgnoreCase)) return "a";
        return "aeiouAEIOU".Contains(word[0], StringComparison.Ordinal) ? "an" : "a";
    }

    /// <summary><paramref name="word"/> with its article in front: "an ApacheCombined".</summary>
    public static string With(string word) => $"{For(word)} {word}";
}
