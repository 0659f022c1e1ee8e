namespace Market.Domain.Packages.Manifests;

/// <summary>
/// Finds template delimiters (<c>{{</c>, <c>}}</c>) outside YAML strings. Inside a quoted scalar or a
/// <c>|</c>/<c>&gt;</c> block scalar they are plain text; anywhere else they make a modern manifest
/// invalid (and a legacy one a template that must be rendered first).
/// </summary>
public static class TemplateSyntax
{
    /// <summary>The first delimiter outside a string as (1-based line, delimiter), or null when there is none.</summary>
    public static (int Line, string Delimiter)? FindOutsideStrings(string text)
    {
        var lines = text.TrimStart('\uFEFF').Split('\n');
        var blockIndent = -1;
        var quote = '\0';
        for (var index = 0; index < lines.Length; index++)
        {
            var line = lines[index].TrimEnd('\r');
            var indent = line.Length - line.TrimStart(' ').Length;
            if (blockIndent >= 0)
            {
                if (line.Trim().Length == 0 || indent > blockIndent)
                {
                    continue;
                }

                blockIndent = -1;
            }

            var found = ScanLine(line, ref quote, out var opensBlock);
            if (found is not null)
            {
                return (index + 1, found);
            }

            if (opensBlock && quote == '\0')
            {
                blockIndent = indent;
            }
        }

        return null;
    }

    /// <summary>True when the text has a delimiter outside strings.</summary>
    public static bool HasTemplateOutsideStrings(string text) => FindOutsideStrings(text) is not null;

    private static string? ScanLine(string line, ref char quote, out bool opensBlock)
    {
        opensBlock = false;
        var tokenStart = true;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quote != '\0')
            {
                if (c == quote)
                {
                    // '' inside single quotes is an escaped quote.
                    if (quote == '\'' && i + 1 < line.Length && line[i + 1] == '\'')
                    {
                        i++;
                        continue;
                    }

                    quote = '\0';
                }
                else if (quote == '"' && c == '\\')
                {
                    i++;
                }

                continue;
            }

            if (c == '#' && (i == 0 || line[i - 1] is ' ' or '\t'))
            {
                break;
            }

            if ((c == '{' || c == '}') && i + 1 < line.Length && line[i + 1] == c)
            {
                return new string(c, 2);
            }

            if ((c == '"' || c == '\'') && tokenStart)
            {
                quote = c;
                continue;
            }

            tokenStart = c is ' ' or '\t' or ':' or '-' or '[' or '{' or ',';
        }

        var trimmed = line.TrimEnd();
        var commentAt = trimmed.IndexOf(" #", StringComparison.Ordinal);
        if (commentAt >= 0 && quote == '\0')
        {
            trimmed = trimmed[..commentAt].TrimEnd();
        }

        opensBlock = IsBlockIndicator(trimmed);
        return null;
    }

    /// <summary>A value of <c>|</c>, <c>&gt;</c> or their forms with chomping/indent indicators ends the line.</summary>
    private static bool IsBlockIndicator(string trimmed)
    {
        var cut = trimmed.Length;
        while (cut > 0 && trimmed[cut - 1] is '-' or '+' or (>= '1' and <= '9'))
        {
            cut--;
        }

        if (cut == 0 || trimmed[cut - 1] is not ('|' or '>'))
        {
            return false;
        }

        var before = trimmed[..(cut - 1)].TrimEnd();
        return before.Length == 0 || before.EndsWith(':') || before.EndsWith('-');
    }
}
